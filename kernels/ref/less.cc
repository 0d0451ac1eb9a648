// SPDX-License-Identifier: Apache-2.0
// LESS: out = (in1 < in2), bool output, numpy-style broadcasting up to
// rank 6. Types: float32, int8 (rescaled), int16 (raw
// values, as TFLite's kernel: no TFLite Micro kernel has it), int32, int64.
// int8 inputs are first brought to a common scale as TFLite Micro does
// (kernels/comparison_util.h: (q - zp) * 2^8 times each input's own scale
// as a fixed-point multiplier); float32 with NaN gives false.
#include "kernels/comparison_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalComparison<Less, false, Int16::kRaw>(ctx);
}

}  // namespace

// Versions up to 3, TFLite's highest for LESS: v1 float32/int32/int64,
// v2 int8, v3 int16.
CIRCLET_KERNEL(LESS, PrepareComparison<>, Eval)

}  // namespace kernels
}  // namespace circlet
