// SPDX-License-Identifier: Apache-2.0
// GREATER: out = (in1 > in2), bool output, numpy-style broadcasting up to
// rank 6. Types: float32, int8 and int16 (rescaled; int16 as TFLite Micro),
// int32, int64.
// int8 inputs are first brought to a common scale as TFLite Micro does
// (kernels/comparison_util.h: (q - zp) * 2^8 times each input's own scale
// as a fixed-point multiplier); float32 with NaN gives false.
#include "kernels/comparison_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalComparison<Greater, false, Int16::kScaled>(ctx);
}

}  // namespace

// Versions up to 2, TFLite's highest for GREATER: v1 float32/int32/int64,
// v2 int8 (int16 has no version of its own: TFLite Micro takes it at v2).
CIRCLET_KERNEL(GREATER, PrepareComparison<Int16::kScaled>, Eval)

}  // namespace kernels
}  // namespace circlet
