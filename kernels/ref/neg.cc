// SPDX-License-Identifier: Apache-2.0
// NEG: out = -x. float32 (sign flip: -0, -NaN, -inf as TFLite), int32 and
// int64 as TFLite's reference Negate (two's complement: -INT_MIN wraps to
// INT_MIN). int8/int16 are refused (TFLite Micro refuses them: a quantized
// negation would need a zero-point-aware kernel TFLite does not have).
// Same shape and type, in place allowed.
#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  switch (ctx.input(0).type) {
    case DType::kFloat32: EvalUnary<float>(ctx, [](float x) { return -x; }); break;
    case DType::kInt32:
      EvalUnary<int32_t>(
          ctx, [](int32_t x) { return static_cast<int32_t>(0u - static_cast<uint32_t>(x)); });
      break;
    default:
      EvalUnary<int64_t>(ctx, [](int64_t x) {
        return static_cast<int64_t>(uint64_t{0} - static_cast<uint64_t>(x));
      });
      break;
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(NEG, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
