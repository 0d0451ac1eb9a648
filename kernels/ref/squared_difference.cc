// SPDX-License-Identifier: Apache-2.0
// SQUARED_DIFFERENCE: out = (in1 - in2)^2, numpy-style broadcasting up to
// rank 6 (kernels/broadcast_util.h). float32, int8, int16, int32.
//
// float32: d = in1 - in2; d * d (no clamp). int32: wrapping difference and
// product (TFLite's reference computes them in int32 arithmetic).
// int8/int16, as TFLite Micro's squared_difference.cc:
//   left_shift = 7 (int8) or 0 (int16; all zero points must be 0)
//   twice_max = 2 * (double)max(s1, s2)
//   M1 = s1 / twice_max, M2 = s2 / twice_max   (QuantizeMultiplierSmallerThanOneExp)
//   Mo = twice_max^2 / (double)((float)2^(2*left_shift) * s_out)   (QuantizeMultiplier)
// Per element:
//   y_i = RoundingDivideByPOT(SRDHM((q_i - zp_i) * 2^left_shift, M_i), -shift_i)
//   out = MultiplyByQuantizedMultiplier((y_1 - y_2)^2, Mo) + zp_out, clamped to
//   the output type's range (no fused activation).
// Rounding: SRDHM to nearest (ties toward +infinity), RoundingDivideByPOT
// ties away from zero.
#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

using SquaredDifferenceData = RescaledBinaryData;

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  auto* d = ctx.AllocateOpData<SquaredDifferenceData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  CIRCLET_RETURN_IF_ERROR(PrepareElementwise(ctx, 0, d));
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  if (in1.type != DType::kInt8 && in1.type != DType::kInt16) return Status::Ok();
  if (in1.type == DType::kInt16 &&
      (d->in1_offset != 0 || d->in2_offset != 0 || d->out_offset != 0)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "int16 inputs and output must have zero point 0 (tensors %d, %d, %d)",
                     in1.index, in2.index, out.index);
  }
  const int left_shift = in1.type == DType::kInt16 ? 0 : 7;
  const float s1 = in1.quant.scale(), s2 = in2.quant.scale();
  const double twice_max = 2.0 * static_cast<double>(s1 > s2 ? s1 : s2);
  const double m1 = static_cast<double>(s1) / twice_max;
  const double m2 = static_cast<double>(s2) / twice_max;
  const double mo =
      (twice_max * twice_max) /
      static_cast<double>(static_cast<float>(1 << (2 * left_shift)) * out.quant.scale());
  PrepareInputRescale(left_shift, m1, m2, &d->rescale);
  int shift = 0;
  quant::QuantizeMultiplier(mo, &d->out_multiplier, &shift);
  d->out_shift = shift;
  return Status::Ok();
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const SquaredDifferenceData& d = *ctx.op_data<SquaredDifferenceData>();
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  switch (out.type) {
    case DType::kFloat32:
      BinaryBroadcast(d.bc, in1.as<const float>(), in2.as<const float>(), out.as<float>(),
                      [](float x1, float x2) {
                        const float diff = x1 - x2;
                        return diff * diff;
                      });
      break;
    case DType::kInt8:
    case DType::kInt16:
      RescaledBinaryBroadcastInt8Int16(d, in1, in2, out, [&](int32_t y1, int32_t y2) {
        // |y1 - y2| <= 2^15 (each |y_i| <= 2^14 after M_i <= 1/2): the square fits.
        const int32_t diff = y1 - y2;
        return quant::Requantize(diff * diff, d.out_multiplier, d.out_shift, d.out_offset,
                                 d.act_min, d.act_max);
      });
      break;
    default:
      BinaryBroadcast(d.bc, in1.as<const int32_t>(), in2.as<const int32_t>(), out.as<int32_t>(),
                      [](int32_t x1, int32_t x2) {
                        const int32_t diff = quant::WrapSubT(x1, x2);
                        return quant::WrapMulT(diff, diff);
                      });
      break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8 (int16 and int32 as TFLite Micro).
CIRCLET_KERNEL(SQUARED_DIFFERENCE, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
