// SPDX-License-Identifier: Apache-2.0
// FLOOR: out = floor(x), float32 only (TFLite Micro refuses int8/int16).
// std::floor: exact for every float; NaN and +-inf pass through, -0 stays -0.
// Shape: the output has the input's shape and type (any rank, empty tensors
// included); input and output may share memory.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, [](float x) { return std::floor(x); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(FLOOR, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
