// SPDX-License-Identifier: Apache-2.0
// AVERAGE_POOL_2D: out[n][y][x][c] = act(mean of the input cells of the
// filter window that lie inside the input), NHWC; geometry, padding and the
// clipped window in kernels/pool_util.h (SAME/VALID as TFLite). Padded cells
// are not counted: count = number of in-bounds cells of the window.
//
// float32: sum in window order (rows, then columns) in float, / count, clamp.
// int8/int16 (TFLite reference_integer_ops::AveragePool): integer sum s,
//   avg = s > 0 ? (s + count / 2) / count : (s - count / 2) / count
//   with C's truncating division, i.e. round half away from zero (for odd
//   counts, count / 2 floors, which is still exact rounding), then clamped to
//   the fused activation's range. Input and output share scale and zero point.
#include "kernels/optimized.h"
#include "kernels/pool_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  PoolData* d = nullptr;
  return PreparePool(ctx, &d);
}

// Sum and count of the window's cells inside the input (Acc: int32_t for
// the integer types, float for float32).
template <typename T, typename Acc>
inline void WindowSum(const PoolData& d, const T* in, int64_t base, int32_t fy0, int32_t fy1,
                      int32_t fx0, int32_t fx1, Acc* sum, Acc* count) {
  for (int32_t fy = fy0; fy < fy1; ++fy) {
    for (int32_t fx = fx0; fx < fx1; ++fx) {
      *sum += in[base + (static_cast<int64_t>(fy) * d.in_w + fx) * d.channels];
      *count += 1;
    }
  }
}

template <typename T>
void EvalQuantized(const PoolData& d, const T* in, T* out) {
  ForEachPoolWindow(
      d, [&](int32_t o, int64_t base, int32_t fy0, int32_t fy1, int32_t fx0, int32_t fx1) {
        int32_t sum = 0;
        int32_t count = 0;
        WindowSum(d, in, base, fy0, fy1, fx0, fx1, &sum, &count);
        if (count == 0) count = 1;  // unreachable for validated geometry
        sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
        out[o] = quant::Clamp<T>(sum, d.act_min, d.act_max);
      });
}

// kAllTypes false: AVERAGE_POOL_2D_INT8, whose prepare admitted int8 only.
template <bool kAllTypes>
CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const PoolData& d = *ctx.op_data<PoolData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (!kAllTypes || in.type == DType::kInt8) {
    if (opt::OptimizedKernels()) {
      opt::AveragePoolInt8(PoolShapeOf(d), in.as<const int8_t>(), out.as<int8_t>());
    } else {
      EvalQuantized(d, in.as<const int8_t>(), out.as<int8_t>());
    }
  } else if (in.type == DType::kFloat32) {
    const float* x = in.as<const float>();
    float* y = out.as<float>();
    ForEachPoolWindow(
        d, [&](int32_t o, int64_t base, int32_t fy0, int32_t fy1, int32_t fx0, int32_t fx1) {
          float sum = 0.0f;
          float count = 0.0f;
          WindowSum(d, x, base, fy0, fy1, fx0, fx1, &sum, &count);
          y[o] = ActivationClamp(sum / count, d.f_min, d.f_max);
        });
  } else {
    EvalQuantized(d, in.as<const int16_t>(), out.as<int16_t>());
  }
  return Status::Ok();
}

// The full prepare first: it checks the inputs and outputs exist.
CIRCLET_COLD Status PrepareInt8(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(Prepare(ctx));
  return CheckInt8Variant(ctx);
}

}  // namespace

// v1 float32, v2 int8, v3 int16; AVERAGE_POOL_2D_INT8: int8 only
// (circlet/op_resolver.h).
CIRCLET_KERNEL(AVERAGE_POOL_2D, Prepare, Eval<true>)
CIRCLET_KERNEL_INT8(AVERAGE_POOL_2D, PrepareInt8, Eval<false>)

}  // namespace kernels
}  // namespace circlet
