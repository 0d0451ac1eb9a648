// SPDX-License-Identifier: Apache-2.0
// L2_NORMALIZATION: out = x / ||x||_2 along the last axis (each row of
// `depth` elements); output shape = input shape, rank >= 1. float32, int8.
// Fused activation must be NONE (as TFLite and TFLite Micro require).
//
// float32 (TFLite's reference, epsilon 1e-6 as TFLite Micro passes it):
//   s = sum of x*x in float in row order, n = max(sqrt(s), 1e-6f),
//   out = x / n (so an all-zero row gives zeros).
// int8 (TFLite's reference_integer_ops::L2Normalization): no epsilon;
//   acc = sum of (x - zp_in)^2 in int32, (M, s) =
//   GetInvSqrtQuantizedMultiplierExp(acc, -1) (quant/fixed_point_math.h;
//   acc <= 1 gives INT32_MAX, 0), out = clamp(MultiplyByQuantizedMultiplier(
//   x - zp_in, M, s + 7), -128, 127): the output is in scale 1/128, zero
//   point 0, which the output tensor must declare (TFLite's Prepare rule;
//   TFLite Micro ignores the output's quantization).
#include <cinttypes>
#include <cmath>

#include "kernels/kernel_util.h"
#include "quant/fixed_point_math.h"

namespace circlet {
namespace kernels {
namespace {

struct L2NormData {
  int32_t rows, depth;
  int32_t in_zp;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  const auto* opt = ctx.options<fb::L2NormOptions>();
  if (opt != nullptr && opt->fused_activation_function() != fb::ActivationFunctionType_NONE) {
    return ctx.Error(StatusCode::kUnsupported, "fused activation %s is not supported (NONE only)",
                     quant::ActivationName(opt->fused_activation_function()));
  }
  if (in.rank < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "input (tensor %d) must have rank 1 or more",
                     in.index);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, in.rank));
  auto* d = ctx.AllocateOpData<L2NormData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->depth = in.dim(in.rank - 1);
  d->rows = d->depth > 0 ? static_cast<int32_t>(in.num_elements() / d->depth) : 0;
  if (in.type == DType::kFloat32) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  d->in_zp = in.quant.zero_point();
  if (d->in_zp < -128 || d->in_zp > 127) {
    return ctx.Error(StatusCode::kInvalidModel, "input (tensor %d) zero point %d is not an int8",
                     in.index, static_cast<int>(d->in_zp));
  }
  if (out.quant.scale() != 1.0f / 128.0f || out.quant.zero_point() != 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "output (tensor %d) must have scale 1/128 and zero point 0", out.index);
  }
  if (d->depth > 32768) {
    return ctx.Error(StatusCode::kUnsupported,
                     "rows of %" PRId32
                     " elements could overflow the int32 sum of squares (at most 32768)",
                     d->depth);
  }
  return Status::Ok();
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const L2NormData& d = *ctx.op_data<L2NormData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.type == DType::kFloat32) {
    const float* x = in.as<const float>();
    float* y = out.as<float>();
    for (int32_t r = 0; r < d.rows; ++r) {
      const float* row = x + static_cast<int64_t>(r) * d.depth;
      float* dst = y + static_cast<int64_t>(r) * d.depth;
      float sum = 0.0f;
      for (int32_t c = 0; c < d.depth; ++c) sum += row[c] * row[c];
      float norm = std::sqrt(sum);
      norm = norm > 1e-6f ? norm : 1e-6f;
      for (int32_t c = 0; c < d.depth; ++c) dst[c] = row[c] / norm;
    }
    return Status::Ok();
  }
  const int8_t* x = in.as<const int8_t>();
  int8_t* y = out.as<int8_t>();
  for (int32_t r = 0; r < d.rows; ++r) {
    const int8_t* row = x + static_cast<int64_t>(r) * d.depth;
    int8_t* dst = y + static_cast<int64_t>(r) * d.depth;
    int32_t acc = 0;
    for (int32_t c = 0; c < d.depth; ++c) {
      const int32_t v = row[c] - d.in_zp;
      acc += v * v;
    }
    int32_t multiplier;
    int shift;
    quant::GetInvSqrtQuantizedMultiplierExp(acc, -1, &multiplier, &shift);
    for (int32_t c = 0; c < d.depth; ++c) {
      const int32_t v =
          quant::MultiplyByQuantizedMultiplier(row[c] - d.in_zp, multiplier, shift + 7);
      dst[c] = quant::Clamp<int8_t>(v, -128, 127);
    }
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8.
CIRCLET_KERNEL(L2_NORMALIZATION, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
