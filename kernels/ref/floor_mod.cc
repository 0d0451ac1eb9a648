// SPDX-License-Identifier: Apache-2.0
// FLOOR_MOD: out = in1 - floor(in1 / in2) * in2 (the remainder with the
// divisor's sign), numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32 (TFLite Micro) and int32 (TFLite).
//
// As TFLite's reference FloorMod: t = fmod(in1, in2) (float) or in1 % in2
// (int32); out = t + in2 when t != 0 and t and in2 differ in sign, else t.
// float32: in2 == 0 gives NaN (fmod), as TFLite Micro. int32: TFLite fails
// the invoke on a 0 divisor; circlet refuses a constant input 2 holding a 0
// in prepare and gives 0 for a run-time 0. INT32_MIN % -1 gives 0 (the
// mathematical remainder; the C++ expression is undefined).
#include <cmath>

#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(PrepareBroadcastOnly(ctx));
  if (ctx.input(0).type == DType::kFloat32) return Status::Ok();
  return CheckConstantDivisor(ctx, ctx.input(1));
}

inline int32_t FloorModInt(int32_t a, int32_t b) {
  if (b == 0 || b == -1) return 0;
  const int32_t t = a % b;
  return (t != 0 && ((b < 0) != (t < 0))) ? t + b : t;
}

inline float FloorModFloat(float a, float b) {
  const float t = std::fmod(a, b);
  return (t != 0 && ((b < 0) != (t < 0))) ? t + b : t;
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalBroadcastOnlyFloatInt32(ctx, FloorModFloat, FloorModInt);
}

}  // namespace

// v1 float32/int32 (TFLite: v2 int16 and int8, refused by TFLite Micro and
// not admitted by circlet's table).
CIRCLET_KERNEL(FLOOR_MOD, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
