// SPDX-License-Identifier: Apache-2.0
// SPACE_TO_BATCH_ND: input [N, H, W, C] (or [N, H, C]), constant block
// shape [bh, bw] and paddings [[top, bottom], [left, right]]; the padded
// image (H + top + bottom divisible by bh, likewise W) is cut into bh x bw
// phases, each a new batch: output [N * bh * bw, (H + top + bottom) / bh,
// (W + left + right) / bw, C] with (TFLite's reference space_to_batch_nd.h)
//   out[ob][y][x] = in[ob % N][y * bh + s_h - top][x * bw + s_w - left],
//   s_w = (ob / N) % bw, s_h = (ob / N) / bw,
// or padding where that position falls outside the input. Padding is raw 0
// (0.0f, int8 0), as TFLite Micro writes (SpaceToBatchParams.output_offset,
// never set), whatever the zero point. Types float32 and int8 (TFLM).
#include <cinttypes>

#include "kernels/space_batch_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  BlockParams p{};
  CIRCLET_RETURN_IF_ERROR(PrepareBlockParams(ctx, "paddings", &p));
  const TensorView in = ctx.input(0);
  const Dims4 d = Dims4Of(in);
  const int64_t ph = static_cast<int64_t>(d.h) + p.before_h + p.after_h;
  const int64_t pw = static_cast<int64_t>(d.w) + p.before_w + p.after_w;
  if (ph % p.block_h != 0 || pw % p.block_w != 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "padded input %lldx%lld is not a multiple of block_shape %" PRId32 "x%" PRId32,
                     static_cast<long long>(ph), static_cast<long long>(pw), p.block_h, p.block_w);
  }
  const int64_t dims[4] = {static_cast<int64_t>(d.n) * p.block_h * p.block_w, ph / p.block_h,
                           pw / p.block_w, d.c};
  return FinishSpaceBatch(ctx, in.rank, dims, p);
}

}  // namespace

// Versions (TFLite's registration: 1..4): 1 float, 2 int8, 3 rank-3
// input; 4 (int16) is refused by type.
CIRCLET_KERNEL(SPACE_TO_BATCH_ND, Prepare, EvalSpaceBatch<true>)

}  // namespace kernels
}  // namespace circlet
