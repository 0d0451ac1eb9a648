// SPDX-License-Identifier: Apache-2.0
// FLOOR_DIV: out = floor(in1 / in2), numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32 (TFLite Micro) and int32 (TFLite).
//
// float32, as TFLite's reference FloorDiv: floor((double)in1 / (double)in2)
// rounded to float. int32: the exact floor of the quotient (what the double
// computation gives for every int32 pair), computed in integers.
// Division by zero: TFLite fails the invoke ("Division by 0") when input 2
// holds a 0. circlet refuses a constant input 2 holding a 0 in prepare; for
// a run-time 0 it gives float32 floor(x / 0) (+-inf, NaN for 0 / 0) and
// int32 0. INT32_MIN / -1 gives INT32_MIN (2^31 wrapped, as TFLite's
// double-to-int32 conversion does on x86 and Arm).
#include <cmath>
#include <limits>

#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(PrepareBroadcastOnly(ctx));
  return CheckConstantDivisor(ctx, ctx.input(1));
}

// (float)q with IEEE rounding, written so that no out-of-range conversion
// (undefined in C++) happens: |q| >= 2^128 - 2^103 rounds to infinity.
inline float DoubleToFloat(double q) {
  const double kOverflow = 3.4028235677973366e38;  // 2^128 - 2^103
  if (q >= kOverflow) return std::numeric_limits<float>::infinity();
  if (q <= -kOverflow) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(q);
}

inline float FloorDivFloat(float a, float b) {
  return DoubleToFloat(std::floor(static_cast<double>(a) / static_cast<double>(b)));
}

inline int32_t FloorDivInt(int32_t a, int32_t b) {
  if (b == 0) return 0;
  if (b == -1) return quant::WrapSubT<int32_t>(0, a);
  const int32_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalBroadcastOnlyFloatInt32(
      ctx,
      FloorDivFloat, FloorDivInt);
}

}  // namespace

// v1 float32/int32 (TFLite: v2 float32, v3 int16 and int8, which TFLite
// Micro refuses and circlet's table does not admit).
CIRCLET_KERNEL(FLOOR_DIV, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
