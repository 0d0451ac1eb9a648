// SPDX-License-Identifier: Apache-2.0
// L2_POOL_2D: out[n][y][x][c] = act(sqrt(sum of squares / count)) over the
// input cells of the filter window that lie inside the input, NHWC; geometry
// (SAME/VALID, strides, filter, padding, clipped window) from
// kernels/pool_util.h as for AVERAGE_POOL_2D. float32 only (TFLite Micro
// refuses int8 and int16).
//
// TFLite's reference L2Pool: the squares x*x summed in float in window
// order (rows, then columns), count = in-bounds cells, sqrt(sum / count),
// then clamped to the fused activation's range.
#include <cmath>

#include "kernels/pool_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  PoolData* d = nullptr;
  return PreparePool(ctx, &d);
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const PoolData& d = *ctx.op_data<PoolData>();
  const float* x = ctx.input(0).as<const float>();
  float* y = ctx.output(0).as<float>();
  ForEachPoolWindow(
      d, [&](int32_t o, int64_t base, int32_t fy0, int32_t fy1, int32_t fx0, int32_t fx1) {
        float sum = 0.0f;
        int32_t count = 0;
        for (int32_t fy = fy0; fy < fy1; ++fy) {
          for (int32_t fx = fx0; fx < fx1; ++fx) {
            const float v = x[base + (static_cast<int64_t>(fy) * d.in_w + fx) * d.channels];
            sum += v * v;
            ++count;
          }
        }
        y[o] = ActivationClamp(std::sqrt(sum / static_cast<float>(count)), d.f_min, d.f_max);
      });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(L2_POOL_2D, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
