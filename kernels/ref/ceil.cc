// SPDX-License-Identifier: Apache-2.0
// CEIL: out = ceil(x), float32 only (as TFLite Micro, which refuses int8/int16).
// std::ceil: exact for every float; NaN and +-inf pass through, -0.5 -> -0.
// Shape: the output has the input's shape and type (any rank, empty tensors
// included); input and output may share memory.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, [](float x) { return std::ceil(x); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(CEIL, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
