// SPDX-License-Identifier: Apache-2.0
// SIN: out = sin(x), float32 only (std::sin, as TFLite Micro; int8/int16
// refused). sin(+-inf) = NaN.
// Shape: the output has the input's shape and type (any rank, empty tensors
// included); input and output may share memory.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, [](float x) { return std::sin(x); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(SIN, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
