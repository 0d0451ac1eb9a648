// SPDX-License-Identifier: Apache-2.0
// Shared by SPACE_TO_DEPTH and DEPTH_TO_SPACE (TFLite's reference
// space_to_depth.h / depth_to_space.h): with block size bs, a "space"
// tensor [N, H * bs, W * bs, C] and a "depth" tensor [N, H, W, C * bs * bs]
// hold the same values, pixel (b, y, x) of the space tensor being the C
// channels at depth offset ((y % bs) * bs + x % bs) * C of depth pixel
// (b, y / bs, x / bs). Both operators copy those C-element runs, one way or
// the other; any element type (bytes are copied).
#ifndef CIRCLET_KERNELS_SPACE_DEPTH_UTIL_H_
#define CIRCLET_KERNELS_SPACE_DEPTH_UTIL_H_

#include <cstring>

#include "kernels/spatial_util.h"

namespace circlet {
namespace kernels {

// The block size from the options table of type Options (SpaceToDepthOptions
// or DepthToSpaceOptions, each with block_size), checked positive; the
// input rank 4 and the output's type and quantization.
template <typename Options>
CIRCLET_COLD Status PrepareSpaceDepth(const OpContext& ctx, int* block) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, in, 4, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckSameTypeAndQuant(ctx, in, out));
  const auto* opt = ctx.options<Options>();
  *block = opt != nullptr ? opt->block_size() : 0;
  if (*block < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "block_size is %d, must be positive", *block);
  }
  return Status::Ok();
}

// The op data of both: the block size.
struct SpaceDepthData {
  int block;
};

// After the kernel's own checks: the output shape against the model's and
// the op data.
CIRCLET_COLD inline Status FinishSpaceDepth(OpContext& ctx, const int32_t* dims, int block) {
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, 4));
  auto* d = ctx.AllocateOpData<SpaceDepthData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->block = block;
  return Status::Ok();
}

// Copies between the space tensor (dims of the space side) and the depth
// tensor: to_depth true reads space and writes depth.
inline void SpaceDepthCopy(const TensorView& space, int32_t block, bool to_depth, uint8_t* space_p,
                           uint8_t* depth_p) {
  const int32_t batches = space.dim(0), h = space.dim(1), w = space.dim(2);
  const size_t run = static_cast<size_t>(space.dim(3)) * DTypeSize(space.type);
  const int32_t depth_w = w / block;
  const size_t depth_pixel = run * block * block;
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t y = 0; y < h; ++y) {
      for (int32_t x = 0; x < w; ++x) {
        const size_t di = (static_cast<size_t>(b) * (h / block) + y / block) * depth_w + x / block;
        uint8_t* dp =
            depth_p + di * depth_pixel + static_cast<size_t>((y % block) * block + x % block) * run;
        if (to_depth) {
          std::memcpy(dp, space_p, run);
        } else {
          std::memcpy(space_p, dp, run);
        }
        space_p += run;
      }
    }
  }
}

// Eval of both: kToDepth true (SPACE_TO_DEPTH) reads the space tensor
// (input) and writes the depth tensor (output); false the other way.
template <bool kToDepth>
Status EvalSpaceDepth(OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const TensorView& space = kToDepth ? in : out;
  const TensorView& depth = kToDepth ? out : in;
  SpaceDepthCopy(space, ctx.op_data<SpaceDepthData>()->block, kToDepth,
                 static_cast<uint8_t*>(space.data), static_cast<uint8_t*>(depth.data));
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_SPACE_DEPTH_UTIL_H_
