// SPDX-License-Identifier: Apache-2.0
// MAX_POOL_2D: out[n][y][x][c] = act(max of the input cells of the filter
// window that lie inside the input), NHWC; geometry, padding and the clipped
// window in kernels/pool_util.h (SAME/VALID as TFLite). Padded cells never
// take part (they are not zeros).
//
// float32: max starting from the lowest float, then the activation clamp.
// int8/int16 (TFLite reference_integer_ops::MaxPool): max starting from the
// type's minimum, clamped to the fused activation's range. Input and output
// share scale and zero point, so no rescaling.
#include <limits>

#include "kernels/optimized.h"
#include "kernels/pool_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  PoolData* d = nullptr;
  return PreparePool(ctx, &d);
}

template <typename T>
void EvalQuantized(const PoolData& d, const T* in, T* out) {
  ForEachPoolWindow(
      d, [&](int32_t o, int64_t base, int32_t fy0, int32_t fy1, int32_t fx0, int32_t fx1) {
        int32_t m = std::numeric_limits<T>::lowest();
        for (int32_t fy = fy0; fy < fy1; ++fy) {
          for (int32_t fx = fx0; fx < fx1; ++fx) {
            const int32_t v = in[base + (static_cast<int64_t>(fy) * d.in_w + fx) * d.channels];
            if (v > m) m = v;
          }
        }
        out[o] = quant::Clamp<T>(m, d.act_min, d.act_max);
      });
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const PoolData& d = *ctx.op_data<PoolData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  switch (in.type) {
    case DType::kFloat32: {
      const float* x = in.as<const float>();
      float* y = out.as<float>();
      ForEachPoolWindow(
          d, [&](int32_t o, int64_t base, int32_t fy0, int32_t fy1, int32_t fx0, int32_t fx1) {
            float m = std::numeric_limits<float>::lowest();
            for (int32_t fy = fy0; fy < fy1; ++fy) {
              for (int32_t fx = fx0; fx < fx1; ++fx) {
                m = std::max(m, x[base + (static_cast<int64_t>(fy) * d.in_w + fx) * d.channels]);
              }
            }
            y[o] = ActivationClamp(m, d.f_min, d.f_max);
          });
      break;
    }
    case DType::kInt8:
      if (opt::OptimizedKernels()) {
        opt::MaxPoolInt8(PoolShapeOf(d), in.as<const int8_t>(), out.as<int8_t>());
      } else {
        EvalQuantized(d, in.as<const int8_t>(), out.as<int8_t>());
      }
      break;
    default: EvalQuantized(d, in.as<const int16_t>(), out.as<int16_t>()); break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int16.
CIRCLET_KERNEL(MAX_POOL_2D, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
