// SPDX-License-Identifier: Apache-2.0
// LOGICAL_AND: out = in1 and in2 on bool tensors, numpy-style broadcasting up
// to rank 6 (TFLite's BroadcastBinaryFunction over bool). Types: bool inputs
// (both), bool output. A byte other than 0 reads as true.
#include "kernels/comparison_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalLogical(ctx, [](uint8_t a, uint8_t b) { return a != 0 && b != 0; });
}

}  // namespace

// v1 bool. Prepare is PrepareComparison: the operator table admits bool
// input 1 only; input 2 and the output are checked to be bool.
CIRCLET_KERNEL(LOGICAL_AND, PrepareComparison<>, Eval)

}  // namespace kernels
}  // namespace circlet
