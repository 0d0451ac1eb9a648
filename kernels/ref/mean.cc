// SPDX-License-Identifier: Apache-2.0
// MEAN: out = sum(x over the reduced axes) / count, count = the number of
// input elements per output (kernels/reduce_util.h: axes, keep_dims,
// output shape, order). float32, int8, int16, int32.
//
// float32 (TFLite's reference Mean): the sum in float in input order from
// 0, then sum / (float)count. TFLite Micro's special case (4-D, keep_dims,
// axes {1, 2}) sums in the same order and divides by the same count, so it
// gives the same bits. count 0 (a zero-size reduced dimension): 0.
// int8/int16 (TFLite Micro's reduce_common.cc, QuantizedMeanOrSum, also
//   when input and output share scale and zero point, as the goldens'
//   TFLite Micro does): raw values summed in int32 (wrapping), then
//   out = clamp(MultiplyByQuantizedMultiplier(sum - zp_in * count, M, s)
//   + zp_out) where (M, s) = QuantizeMultiplier(s_in / s_out) with 1 / count
//   folded in (PrepareQuantizedMeanOrSum in reduce_util.h; rounding: SRDHM
//   ties up, then RoundingDivideByPOT ties away from zero); count 0 writes 0.
// int32 (TFLite's reference Mean<int32_t, int64_t>): the sum in int64,
//   divided by count truncating toward zero.
// TFLite Micro keeps room for two distinct axes only; circlet reduces any
// number, as TFLite does.
#include "kernels/reduce_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  return PrepareMeanOrSum(ctx, /*mean=*/true);
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const QuantizedReduceData& d = *ctx.op_data<QuantizedReduceData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  switch (in.type) {
    case DType::kFloat32: {
      const float* x = in.as<const float>();
      float* y = out.as<float>();
      const float n = static_cast<float>(d.g.count);
      ForEachOutput(d.g, [&](int32_t o, int64_t base) {
        float sum = 0.0f;
        ForEachReduced(d.g, base, [&](int64_t i) { sum += x[i]; });
        y[o] = d.g.count > 0 ? sum / n : 0.0f;
      });
      break;
    }
    case DType::kInt32: {
      const int32_t* x = in.as<const int32_t>();
      int32_t* y = out.as<int32_t>();
      ForEachOutput(d.g, [&](int32_t o, int64_t base) {
        int64_t sum = 0;
        ForEachReduced(d.g, base, [&](int64_t i) { sum += x[i]; });
        y[o] = d.g.count > 0 ? static_cast<int32_t>(sum / d.g.count) : 0;
      });
      break;
    }
    default: EvalQuantizedMeanOrSum(d, in, out); break;  // int8, int16
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int16.
CIRCLET_KERNEL(MEAN, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
