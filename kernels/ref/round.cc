// SPDX-License-Identifier: Apache-2.0
// ROUND: out = x rounded to the nearest integer, ties to even (TFLite's
// reference RoundToNearest, not std::round's ties away from zero):
//   f = floor(x), d = x - f
//   out = f       if d < 0.5, or d == 0.5 and f is even
//   out = f + 1   otherwise
// so 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> +0 (-1 + 1), -1.5 -> -2. NaN gives NaN and
// +-inf give +-inf (d is NaN there, so the f + 1 branch runs, as in TFLite).
// float32 only (TFLite Micro refuses int8/int16). Same shape, in place allowed.
#include <cmath>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

inline float RoundHalfToEven(float x) {
  const float f = std::floor(x);
  const float d = x - f;
  // d == 0.5 only when |x| < 2^23, where f fits an int32.
  if (d < 0.5f || (d == 0.5f && static_cast<int32_t>(f) % 2 == 0)) return f;
  return f + 1.0f;
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  EvalUnary<float>(ctx, RoundHalfToEven);
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(ROUND, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
