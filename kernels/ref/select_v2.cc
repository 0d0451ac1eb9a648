// SPDX-License-Identifier: Apache-2.0
// SELECT_V2: out = condition ? x : y, element by element, with numpy-style
// broadcasting of all three inputs up to rank 6 (TFLite's
// CalculateShapeForBroadcast of condition, x and y; BroadcastSelect5DSlow).
// When condition, x, y and the output each hold one element, the model's
// output shape is kept whatever the ranks (as TFLite does).
// Types: condition bool; x, y and output float32, int8, int16, int32, int64,
// uint8 or bool, all one type; values are copied unchanged (no
// requantization, as in TFLite).
#include "kernels/select_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  return PrepareSelect(ctx, [](const OpContext& ctx, const TensorView& cond, const TensorView& x,
                               const TensorView& y, Broadcast3* bc, int32_t* dims, int* rank) {
    const TensorView* const in[3] = {&cond, &x, &y};
    return PrepareBroadcast3(ctx, in, bc, dims, rank);
  });
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalSelect(ctx);
}

}  // namespace

// Up to version 2, TFLite's highest for SELECT_V2 (the type checks above
// decide what runs).
CIRCLET_KERNEL(SELECT_V2, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
