// SPDX-License-Identifier: Apache-2.0
// COS: out = cos(x), float32 only (std::cos, as TFLite Micro; int8/int16
// refused). cos(+-inf) = NaN.
// Shape: the output has the input's shape and type (any rank, empty tensors
// included); input and output may share memory.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, [](float x) { return std::cos(x); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(COS, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
