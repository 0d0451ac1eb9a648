// SPDX-License-Identifier: Apache-2.0
// Prepare shared by RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR: input 0 is
// an NHWC tensor, input 1 the constant int32 size tensor [new_height,
// new_width]; the output is [N, new_height, new_width, C] with the input's
// type and quantization (kernels/spatial_util.h). TFLite Micro has no
// dynamic shapes: a computed size tensor is refused, as TFLM does.
#ifndef CIRCLET_KERNELS_RESIZE_UTIL_H_
#define CIRCLET_KERNELS_RESIZE_UTIL_H_

#include <cinttypes>

#include "kernels/spatial_util.h"

namespace circlet {
namespace kernels {

// Checks arity, ranks, the size tensor and the output; *out_h, *out_w: the
// new size.
CIRCLET_COLD inline Status PrepareResize(const OpContext& ctx, int32_t* out_h, int32_t* out_w) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), size = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, in, 4, "input"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(size, DType::kInt32, "size"));
  if (size.rank != 1 || size.dim(0) != 2) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "size (tensor %d) must be a 1-D tensor of 2 elements [height, width]",
                     size.index);
  }
  if (!size.is_constant) {
    return ctx.Error(StatusCode::kUnsupported,
                     "size (tensor %d) is computed: only a constant size is supported", size.index);
  }
  const int32_t* s = size.as<const int32_t>();
  if (s[0] < 1 || s[1] < 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "size (tensor %d) is %" PRId32 "x%" PRId32 ", must be positive", size.index,
                     s[0], s[1]);
  }
  if (in.dim(1) < 1 || in.dim(2) < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "input (tensor %d) is empty (%dx%d)", in.index,
                     in.dim(1), in.dim(2));
  }
  CIRCLET_RETURN_IF_ERROR(CheckSameTypeAndQuant(ctx, in, out));
  const int32_t dims[4] = {in.dim(0), s[0], s[1], in.dim(3)};
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, 4));
  *out_h = s[0];
  *out_w = s[1];
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_RESIZE_UTIL_H_
