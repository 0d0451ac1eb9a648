// SPDX-License-Identifier: Apache-2.0
// MUL: out = act(in1 * in2), numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32, int8 and int16; int32 and int64 (not
// quantized: the wrapping product clamped to TFLite's integer activation
// range, ActivationRangeInt).
//
// Quantized (TFLite's reference MulElementwise, as TFLite Micro runs it):
//   M = (double)s1 * (double)s2 / (double)s_out, any magnitude, quantized
//   with QuantizeMultiplier (multiplier in [2^30, 2^31), shift in [-31, 30])
//   acc = (q1 - zp1) * (q2 - zp2)
//   out = MultiplyByQuantizedMultiplier(acc, M) + zp_out, clamped to the
//   fused activation's range; int16 needs all zero points 0 (as TFLite).
// Rounding: SaturatingRoundingDoublingHighMul to nearest (ties toward
// +infinity), then RoundingDivideByPOT (ties away from zero).
#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

struct MulData : ElementwiseData {
  int32_t multiplier, shift;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const auto* opt = ctx.options<fb::MulOptions>();
  auto* d = ctx.AllocateOpData<MulData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  CIRCLET_RETURN_IF_ERROR(
      PrepareElementwise(ctx, opt != nullptr ? opt->fused_activation_function() : 0, d));
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  if (in1.type == DType::kFloat32 || in1.type == DType::kInt32 || in1.type == DType::kInt64) {
    return Status::Ok();
  }
  if (in1.type == DType::kInt16 &&
      (d->in1_offset != 0 || d->in2_offset != 0 || d->out_offset != 0)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "int16 inputs and output must have zero point 0 (tensors %d, %d, %d)",
                     in1.index, in2.index, out.index);
  }
  const double m = static_cast<double>(in1.quant.scale()) * static_cast<double>(in2.quant.scale()) /
                   static_cast<double>(out.quant.scale());
  int shift = 0;
  quant::QuantizeMultiplier(m, &d->multiplier, &shift);
  d->shift = shift;
  return Status::Ok();
}

template <typename T>
void EvalQuantized(const MulData& d, const T* a, const T* b, T* y) {
  ForEachBroadcast(d.bc, [&](int32_t i, int32_t j, int32_t o) {
    const int32_t acc = (d.in1_offset + a[i]) * (d.in2_offset + b[j]);
    y[o] = static_cast<T>(
        quant::Requantize(acc, d.multiplier, d.shift, d.out_offset, d.act_min, d.act_max));
  });
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const MulData& d = *ctx.op_data<MulData>();
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  switch (out.type) {
    case DType::kFloat32: {
      const float* a = in1.as<const float>();
      const float* b = in2.as<const float>();
      float* y = out.as<float>();
      ForEachBroadcast(d.bc, [&](int32_t i, int32_t j, int32_t o) {
        y[o] = ActivationClamp(a[i] * b[j], d.f_min, d.f_max);
      });
      break;
    }
    case DType::kInt8:
      EvalQuantized(d, in1.as<const int8_t>(), in2.as<const int8_t>(), out.as<int8_t>());
      break;
    case DType::kInt32:
      BinaryBroadcastIntClamped(d, in1.as<const int32_t>(), in2.as<const int32_t>(),
                                out.as<int32_t>(), quant::WrapMulT<int32_t>);
      break;
    case DType::kInt64:
      BinaryBroadcastIntClamped(d, in1.as<const int64_t>(), in2.as<const int64_t>(),
                                out.as<int64_t>(), quant::WrapMulT<int64_t>);
      break;
    default:
      EvalQuantized(d, in1.as<const int16_t>(), in2.as<const int16_t>(), out.as<int16_t>());
      break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int8 with a multiplier >= 1, v4 int16; int32 and
// int64 up to TFLite's highest MUL version (7).
CIRCLET_KERNEL(MUL, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
