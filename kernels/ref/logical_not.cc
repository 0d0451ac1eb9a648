// SPDX-License-Identifier: Apache-2.0
// LOGICAL_NOT: out = !x for bool tensors (one byte per element). A byte is
// read as true when non-zero and the output is always 0 or 1. Same shape,
// in place allowed.
#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<uint8_t>(ctx, [](uint8_t x) { return static_cast<uint8_t>(x == 0 ? 1 : 0); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(LOGICAL_NOT, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
