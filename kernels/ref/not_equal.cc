// SPDX-License-Identifier: Apache-2.0
// NOT_EQUAL: out = (in1 != in2), bool output, numpy-style broadcasting up to
// rank 6. Types: float32, int8 (rescaled), int32, int64, bool.
// int8 inputs are first brought to a common scale as TFLite Micro does
// (kernels/comparison_util.h: (q - zp) * 2^8 times each input's own scale
// as a fixed-point multiplier); float32 with NaN gives true.
#include "kernels/comparison_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalComparison<NotEqual, true>(ctx);
}

}  // namespace

// Versions up to 3, TFLite's highest for NOT_EQUAL: v1 float32/int32/int64/bool,
// v2 int8; v3 (string) is refused by type.
CIRCLET_KERNEL(NOT_EQUAL, PrepareComparison<>, Eval)

}  // namespace kernels
}  // namespace circlet
