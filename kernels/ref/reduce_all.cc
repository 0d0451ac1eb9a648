// SPDX-License-Identifier: Apache-2.0
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
  // bool bytes read as uint8: any byte other than 0 is true (an input
  // byte outside 0/1 is not undefined behaviour); the output is 0 or 1.
  ReduceGeneric(g, ctx.input(0).as<const uint8_t>(), ctx.output(0).as<uint8_t>(), uint8_t{1},
                [](uint8_t acc, uint8_t x) { return static_cast<uint8_t>(x != 0 && acc != 0); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(REDUCE_ALL, PrepareReduceGeometry, Eval)

}  // namespace kernels
}  // namespace circlet
