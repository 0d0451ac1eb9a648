// SPDX-License-Identifier: Apache-2.0
// REDUCE_PROD: out = product of x over the reduced axes
// (kernels/reduce_util.h: axes, keep_dims, output shape, order). float32.
//
// TFLite's reference ReduceGeneric (TFLite Micro has no REDUCE_PROD):
// out = 1, then out = x * out in input order, in float; a zero-size
// reduced dimension gives 1. int8 (TFLite's QuantizedReduceProd, which
// rescales after every multiplication with a count-dependent multiplier) is
// not implemented: the operator table refuses every type but float32.
#include "kernels/reduce_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const ReduceGeometry& g = *ctx.op_data<ReduceGeometry>();
  ReduceGeneric(g, ctx.input(0).as<const float>(), ctx.output(0).as<float>(), 1.0f,
                [](float acc, float x) { return x * acc; });
  return Status::Ok();
}

}  // namespace

// v1 float32 (v2 adds int8, refused).
CIRCLET_KERNEL(REDUCE_PROD, PrepareReduceGeometry, Eval)

}  // namespace kernels
}  // namespace circlet
