// SPDX-License-Identifier: Apache-2.0
// SPACE_TO_DEPTH: input [N, H, W, C], block size bs dividing H and W,
// output [N, H / bs, W / bs, C * bs * bs]:
//   out[b][i][j][(dy * bs + dx) * C + c] = in[b][i * bs + dy][j * bs + dx][c]
// (TFLite's reference space_to_depth.h). Types float32 and int8, as TFLite
// Micro (int16 refused); values are copied, so the output quantization must
// equal the input's.
#include "kernels/space_depth_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  int bs = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareSpaceDepth<fb::SpaceToDepthOptions>(ctx, &bs));
  const TensorView in = ctx.input(0);
  if (in.dim(1) % bs != 0 || in.dim(2) % bs != 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input (tensor %d) is %dx%d, not a multiple of block_size %d", in.index,
                     in.dim(1), in.dim(2), bs);
  }
  const int64_t depth = static_cast<int64_t>(in.dim(3)) * bs * bs;
  if (depth > 0x7FFFFFFF) {
    return ctx.Error(StatusCode::kInvalidModel, "output depth %lld is too large",
                     static_cast<long long>(depth));
  }
  const int32_t dims[4] = {in.dim(0), in.dim(1) / bs, in.dim(2) / bs, static_cast<int32_t>(depth)};
  return FinishSpaceDepth(ctx, dims, bs);
}

}  // namespace

// Versions (TFLite's registration: 1..2): 1 float, 2 int8.
CIRCLET_KERNEL(SPACE_TO_DEPTH, Prepare, EvalSpaceDepth<true>)

}  // namespace kernels
}  // namespace circlet
