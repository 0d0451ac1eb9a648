// REDUCE_ALL: out = logical AND of x over the reduced axes
// (kernels/reduce_util.h: axes, keep_dims, output shape). bool (one byte,
// 0 or 1).
//
// TFLite's ReduceGeneric<bool>: out = true, then out = x && out; a
// zero-size reduced dimension gives true.
#include "kernels/reduce_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const ReduceGeometry& g = *ctx.op_data<ReduceGeometry>();
  ReduceGeneric(g, ctx.input(0).as<const bool>(), ctx.output(0).as<bool>(), true,
                [](bool acc, bool x) { return x && acc; });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(REDUCE_ALL, PrepareReduceGeometry, Eval)

}  // namespace kernels
}  // namespace circlet
