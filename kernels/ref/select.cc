// SPDX-License-Identifier: Apache-2.0
// SELECT (TFLite's first version of the rules): out = condition ? x : y.
// x, y and the output have one shape; the condition has that shape too
// (element by element), or is a scalar (one choice for everything), or is
// rank 1 with x's first dimension (TFLite's RankOneSelect: condition[i]
// picks the whole slice i of x or y). No other broadcasting. When all four
// tensors hold one element the model's output shape is kept (as TFLite).
// Types: condition bool; x, y and output float32, int8, int16, int32, int64,
// uint8 or bool, all one type; values are copied unchanged.
#include <cinttypes>

#include "kernels/select_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD bool SameShape(const TensorView& a, const TensorView& b) {
  if (a.rank != b.rank) return false;
  for (int i = 0; i < a.rank; ++i) {
    if (a.dims[i] != b.dims[i]) return false;
  }
  return true;
}

// SELECT's broadcast rule (the header comment): x and y of one shape, the
// condition x's shape, a scalar or rank 1 along x's first dimension.
CIRCLET_COLD Status SelectBroadcast(const OpContext& ctx, const TensorView& cond,
                                    const TensorView& x, const TensorView& y, Broadcast3* bc,
                                    int32_t* dims, int* rank) {
  if (!SameShape(x, y)) {
    return ctx.Error(StatusCode::kInvalidModel, "x (tensor %d) and y (tensor %d) differ in shape",
                     x.index, y.index);
  }
  const bool rank_one = cond.rank == 1 && x.rank >= 1 && cond.dims[0] == x.dims[0];
  if (!SameShape(cond, x) && cond.rank != 0 && !rank_one) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "condition (tensor %d) must have x's shape, be a scalar or be rank 1 with "
                     "x's first dimension (%" PRId32 ")",
                     cond.index, x.rank >= 1 ? x.dims[0] : 1);
  }
  const TensorView* const in[3] = {&x, &x, &y};
  CIRCLET_RETURN_IF_ERROR(PrepareBroadcast3(ctx, in, bc, dims, rank));
  // The condition's strides: x's when it has x's shape; else only along x's
  // first dimension (rank 1; stride 0 if that dimension is 1) or nowhere.
  if (SameShape(cond, x)) {
    PaddedStrides(x, bc->stride[0]);
  } else {
    for (int i = 0; i < kMaxRank; ++i) bc->stride[0][i] = 0;
    if (cond.rank == 1 && cond.dims[0] != 1) bc->stride[0][kMaxRank - x.rank] = 1;
  }
  return Status::Ok();
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  return PrepareSelect(ctx, SelectBroadcast);
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalSelect(ctx);
}

}  // namespace

// Up to version 4, TFLite's highest for SELECT (its later versions add
// element types; the type checks above decide what runs).
CIRCLET_KERNEL(SELECT, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
