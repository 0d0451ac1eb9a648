// SPDX-License-Identifier: Apache-2.0
// SQRT: out = sqrt(x), float32 only (TFLite Micro refuses int8/int16).
// std::sqrt (IEEE, correctly rounded): sqrt(-0) = -0, sqrt(x < 0) = NaN,
// sqrt(+inf) = +inf.
// Shape: the output has the input's shape and type (any rank, empty tensors
// included); input and output may share memory.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, [](float x) { return std::sqrt(x); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(SQRT, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
