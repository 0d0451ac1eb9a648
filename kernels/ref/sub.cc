// SPDX-License-Identifier: Apache-2.0
// SUB: out = act(in1 - in2), numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32, int8, int16, int32, int64.
//
// float32: in1 - in2 clamped to the fused activation's float range (NONE
// clamps to +-FLT_MAX, as TFLite's ActivationFunctionWithMinMax; NaN stays).
// int32/int64 (not quantized): wrapping difference clamped to TFLite's
// integer activation range.
// int8/int16 (TFLite Micro's sub_common.cc: the general-scales path for both
// types; pot_scale_int16 is ignored as TFLite Micro does):
//   left_shift = 20 (int8) or 15 (int16)
//   twice_max  = 2 * (double)max(s1, s2)         (TFLite Micro's is a double)
//   M1 = s1 / twice_max, M2 = s2 / twice_max      (double division)
//   Mo = twice_max / ((1 << left_shift) * s_out) (double; the float product
//                                                 (1 << left_shift) * s_out is exact)
//   each quantized with QuantizeMultiplierSmallerThanOneExp (Mo must be < 1).
// Per element:
//   x_i = (q_i - zp_i) * 2^left_shift
//   y_i = RoundingDivideByPOT(SRDHM(x_i, M_i), -shift_i)
//   out = RoundingDivideByPOT(SRDHM(y_1 - y_2, Mo), -shift_o) + zp_out,
//   clamped to the fused activation's quantized range.
// Rounding: SaturatingRoundingDoublingHighMul to nearest (ties toward
// +infinity), RoundingDivideByPOT ties away from zero.
#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

using SubData = RescaledBinaryData;

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const auto* opt = ctx.options<fb::SubOptions>();
  auto* d = ctx.AllocateOpData<SubData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  CIRCLET_RETURN_IF_ERROR(
      PrepareElementwise(ctx, opt != nullptr ? opt->fused_activation_function() : 0, d));
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  if (in1.type != DType::kInt8 && in1.type != DType::kInt16) return Status::Ok();
  const float s1 = in1.quant.scale(), s2 = in2.quant.scale(), so = out.quant.scale();
  const int left_shift = in1.type == DType::kInt16 ? 15 : 20;
  const double twice_max = 2 * static_cast<double>(s1 > s2 ? s1 : s2);
  const double m1 = static_cast<double>(s1) / twice_max;
  const double m2 = static_cast<double>(s2) / twice_max;
  const double mo = twice_max / ((1 << left_shift) * static_cast<double>(so));
  if (!(mo < 1.0)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output (tensor %d) scale is too small for the input scales: output "
                     "multiplier 2*max(s1,s2)/(2^%d*s_out) must be < 1",
                     out.index, left_shift);
  }
  PrepareInputRescale(left_shift, m1, m2, &d->rescale);
  int shift = 0;
  quant::QuantizeMultiplierSmallerThanOneExp(mo, &d->out_multiplier, &shift);
  d->out_shift = shift;
  return Status::Ok();
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const SubData& d = *ctx.op_data<SubData>();
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  switch (out.type) {
    case DType::kFloat32:
      BinaryBroadcast(
          d.bc, in1.as<const float>(), in2.as<const float>(), out.as<float>(),
          [&](float x1, float x2) { return ActivationClamp(x1 - x2, d.f_min, d.f_max); });
      break;
    case DType::kInt8:
    case DType::kInt16:
      RescaledBinaryBroadcastInt8Int16(d, in1, in2, out, [&](int32_t y1, int32_t y2) {
        const int32_t v = quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(
                              y1 - y2, d.out_multiplier, d.out_shift) +
                          d.out_offset;
        return quant::Clamp<int32_t>(v, d.act_min, d.act_max);
      });
      break;
    case DType::kInt32:
      BinaryBroadcastIntClamped(d, in1.as<const int32_t>(), in2.as<const int32_t>(),
                                out.as<int32_t>(), quant::WrapSubT<int32_t>);
      break;
    default:
      BinaryBroadcastIntClamped(d, in1.as<const int64_t>(), in2.as<const int64_t>(),
                                out.as<int64_t>(), quant::WrapSubT<int64_t>);
      break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int16, v4 int64, v5 int16 general scales; int32.
CIRCLET_KERNEL(SUB, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
