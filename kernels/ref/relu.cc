// SPDX-License-Identifier: Apache-2.0
// RELU: out = max(x, 0). float32, int8, int16 (TFLite Micro's activations.cc).
//
// float32: x < 0 ? 0 : x (NaN passes through, as TFLite Micro's ReluFloat).
// int8/int16 (TFLite Micro's CalculateReluOpData + ReluQuantized): the
// input is rescaled to the output's quantization,
//   out = clamp(zp_out + MultiplyByQuantizedMultiplier(q - zp_in, M, s),
//               max(type_min, zp_out), type_max)
// with M = in_scale / out_scale divided in float (the TFLite Micro of the
// goldens does so: for 0.0117647 / 0.0078431 the float quotient is exactly
// 1.5, the double one just below) through QuantizeMultiplier
// (kernels/activation_util.h). int16 needs zero points 0 (TFLM checks it).
#include "kernels/activation_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  return PrepareReluX</*kInt16=*/true>(ctx, 0.0f, std::numeric_limits<float>::infinity());
}

Status Eval(OpContext& ctx) {
  EvalReluX</*kInt16=*/true>(ctx, [](float x) { return x < 0.0f ? 0.0f : x; });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(RELU, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
