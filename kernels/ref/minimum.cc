// SPDX-License-Identifier: Apache-2.0
// MINIMUM: out = in1 < in2 ? in1 : in2, numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32, int8, int16, int32, int64.
//
// As TFLite's reference MaximumMinimumBroadcastSlow with its
// "el1 < el2 ? el1 : el2": the raw values are compared and copied, no
// requantization (the output keeps the inputs' quantization, as converters
// emit it; TFLite does not check it either). Float NaN: the comparison is
// false, so a NaN in input 1 gives input 2's value and a NaN in input 2
// gives NaN. +-0: input 2's zero unless input 1 is strictly smaller.
#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalBroadcastOnlyAnyType(ctx, [](auto a, auto b) { return a < b ? a : b; });
}

}  // namespace

// v1 float32, v2 int8, v3 int16, v4 int64 (and int32).
CIRCLET_KERNEL(MINIMUM, PrepareBroadcastOnly, Eval)

}  // namespace kernels
}  // namespace circlet
