// SPDX-License-Identifier: Apache-2.0
// LOG: out = log(x), float32 only (TFLite Micro refuses int8/int16).
// std::log: log(0) = -inf, log(x < 0) = NaN, log(+inf) = +inf.
// Shape: the output has the input's shape and type (any rank, empty tensors
// included); input and output may share memory.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, [](float x) { return std::log(x); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(LOG, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
