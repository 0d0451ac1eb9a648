// SPDX-License-Identifier: Apache-2.0
// BATCH_TO_SPACE_ND: input [N, H, W, C] (or [N, H, C]), constant block
// shape [bh, bw] (bh * bw dividing N) and crops [[top, bottom], [left,
// right]]; the inverse of SPACE_TO_BATCH_ND: output [N / (bh * bw),
// H * bh - top - bottom, W * bw - left - right, C] with (TFLite's reference
// batch_to_space_nd.h), for every input batch ib, on = N / (bh * bw):
//   out[ib % on][iy * bh + s / bw - top][ix * bw + s % bw - left] = in[ib][iy][ix],
//   s = ib / on, skipping positions the crops remove.
// Types float32 and int8 (TFLite Micro); values are copied, so the output
// quantization must equal the input's.
#include <cinttypes>

#include "kernels/space_batch_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  BlockParams p{};
  CIRCLET_RETURN_IF_ERROR(PrepareBlockParams(ctx, "crops", &p));
  const TensorView in = ctx.input(0);
  const Dims4 d = Dims4Of(in);
  const int64_t blocks = static_cast<int64_t>(p.block_h) * p.block_w;
  if (d.n % blocks != 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input (tensor %d) has %" PRId32
                     " batches, not a multiple of block_shape %" PRId32 "x%" PRId32,
                     in.index, d.n, p.block_h, p.block_w);
  }
  const int64_t oh = static_cast<int64_t>(d.h) * p.block_h - p.before_h - p.after_h;
  const int64_t ow = static_cast<int64_t>(d.w) * p.block_w - p.before_w - p.after_w;
  if (oh < 0 || ow < 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "crops (tensor %d) remove more than the %lldx%lld "
                     "image",
                     ctx.input(2).index,
                     static_cast<long long>(static_cast<int64_t>(d.h) * p.block_h),
                     static_cast<long long>(static_cast<int64_t>(d.w) * p.block_w));
  }
  const int64_t dims[4] = {d.n / blocks, oh, ow, d.c};
  return FinishSpaceBatch(ctx, in.rank, dims, p);
}

}  // namespace

// Versions (TFLite's registration: 1..4): 1 float, 2 int8, 3 rank-3
// input; 4 (int16) is refused by type.
CIRCLET_KERNEL(BATCH_TO_SPACE_ND, Prepare, EvalSpaceBatch<false>)

}  // namespace kernels
}  // namespace circlet
