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
  SelectData* d = nullptr;
  CIRCLET_RETURN_IF_ERROR(PrepareSelectCommon(ctx, &d));
  if (SelectAllSingle(ctx)) {
    SingleElementBroadcast3(&d->bc);
    return Status::Ok();
  }
  const TensorView cond = ctx.input(0), x = ctx.input(1), y = ctx.input(2);
  const TensorView* const in[3] = {&cond, &x, &y};
  int32_t dims[kMaxRank];
  int rank = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareBroadcast3(ctx, in, &d->bc, dims, &rank));
  return ctx.CheckOutputShape(0, dims, rank);
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
