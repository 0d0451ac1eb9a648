// SPDX-License-Identifier: Apache-2.0
// SUM: out = sum(x over the reduced axes) (kernels/reduce_util.h: axes,
// keep_dims, output shape, order). float32, int8, int16, int32.
//
// float32 (TFLite's ReduceGeneric, init 0): out = out + x in input order.
// int32 (TFLite's reference ReduceGeneric<int32_t>): the same, wrapping.
// int8/int16 (TFLite Micro's reduce_common.cc, QuantizedMeanOrSum with
//   compute_sum): raw values summed in int32 (wrapping), then
//   out = clamp(MultiplyByQuantizedMultiplier(sum - zp_in * count, M, s)
//   + zp_out, T's range), (M, s) = QuantizeMultiplier(s_in / s_out)
//   (double of the float scales). MultiplyByQuantizedMultiplier rounds
//   twice: SaturatingRoundingDoublingHighMul (ties up) then
//   RoundingDivideByPOT (ties away from zero). A zero-size reduced
//   dimension: float/int32 0, int8/int16 raw 0 (not the zero point).
#include "kernels/reduce_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  return PrepareMeanOrSum(ctx, /*mean=*/false);
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const QuantizedReduceData& d = *ctx.op_data<QuantizedReduceData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  switch (in.type) {
    case DType::kFloat32:
      ReduceGeneric(d.g, in.as<const float>(), out.as<float>(), 0.0f,
                    [](float acc, float x) { return x + acc; });
      break;
    case DType::kInt32:
      ReduceGeneric(d.g, in.as<const int32_t>(), out.as<int32_t>(), int32_t{0},
                    [](int32_t acc, int32_t x) { return quant::WrapAdd(acc, x); });
      break;
    default: EvalQuantizedMeanOrSum(d, in, out); break;  // int8, int16
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8/int16.
CIRCLET_KERNEL(SUM, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
