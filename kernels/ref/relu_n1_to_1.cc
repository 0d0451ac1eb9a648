// SPDX-License-Identifier: Apache-2.0
// RELU_N1_TO_1: out = min(max(x, -1), 1). float32 and int8, as TFLite's
// reference kernels (activations.cc Relu1Eval; TFLite Micro has no kernel).
//
// float32: x > 1 ? 1 : (x < -1 ? -1 : x) (NaN passes through).
// int8 (TFLite's ReluPrepare + QuantizedReluX(-1, 1)): the input is
// rescaled to the output's quantization,
//   out = clamp(zp_out + MultiplyByQuantizedMultiplier(q - zp_in, M, s),
//               max(-128, zp_out + (int)roundf(-1 / out_scale)),
//               min(127, zp_out + (int)roundf(1 / out_scale)))
// with M = in_scale / out_scale divided in float (as TFLite does), then
// QuantizeMultiplier. TFLite's Relu1Eval refuses int16, so does circlet.
#include "kernels/activation_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  return PrepareReluX</*kInt16=*/false>(ctx, -1.0f, 1.0f);
}

Status Eval(OpContext& ctx) {
  EvalReluX</*kInt16=*/false>(ctx,
                              [](float x) { return x > 1.0f ? 1.0f : (x < -1.0f ? -1.0f : x); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(RELU_N1_TO_1, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
