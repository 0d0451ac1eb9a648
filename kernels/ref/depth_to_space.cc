// SPDX-License-Identifier: Apache-2.0
// DEPTH_TO_SPACE: input [N, H, W, C], block size bs with bs * bs dividing
// C, output [N, H * bs, W * bs, C / (bs * bs)]:
//   out[b][y][x][c] = in[b][y / bs][x / bs][((y % bs) * bs + x % bs) * C' + c]
// with C' = C / (bs * bs) (TFLite's reference depth_to_space.h, DCR order).
// Types float32 and int8, as TFLite Micro (int16 refused); values are
// copied, so the output quantization must equal the input's.
#include "kernels/space_depth_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  int bs = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareSpaceDepth<fb::DepthToSpaceOptions>(ctx, &bs));
  const TensorView in = ctx.input(0);
  const int64_t area = static_cast<int64_t>(bs) * bs;
  if (in.dim(3) % area != 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input (tensor %d) depth %d is not a multiple of block_size^2 = %lld",
                     in.index, in.dim(3), static_cast<long long>(area));
  }
  const int64_t h = static_cast<int64_t>(in.dim(1)) * bs, w = static_cast<int64_t>(in.dim(2)) * bs;
  if (h > 0x7FFFFFFF || w > 0x7FFFFFFF) {
    return ctx.Error(StatusCode::kInvalidModel, "output size is too large");
  }
  const int32_t dims[4] = {in.dim(0), static_cast<int32_t>(h), static_cast<int32_t>(w),
                           static_cast<int32_t>(in.dim(3) / area)};
  return FinishSpaceDepth(ctx, dims, bs);
}

}  // namespace

// Versions (TFLite's registration: 1..2): 1 float, 2 int8.
CIRCLET_KERNEL(DEPTH_TO_SPACE, Prepare, EvalSpaceDepth<false>)

}  // namespace kernels
}  // namespace circlet
