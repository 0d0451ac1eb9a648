// SPDX-License-Identifier: Apache-2.0
// SQUARE: out = x * x (one float32 multiply, as TFLite), float32 only
// (TFLite Micro refuses int8/int16). Overflows to +inf; NaN stays NaN.
// Shape: the output has the input's shape and type (any rank, empty tensors
// included); input and output may share memory.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, [](float x) { return x * x; });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(SQUARE, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
