// SPDX-License-Identifier: Apache-2.0
// EXP: out = exp(x), float32 only (TFLite Micro's reference Exp is std::exp;
// it refuses int8/int16). exp(-inf) = 0, exp(+inf) = +inf, large x -> +inf.
// Shape: the output has the input's shape and type (any rank, empty tensors
// included); input and output may share memory.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, [](float x) { return std::exp(x); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(EXP, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
