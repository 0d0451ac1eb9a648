// SPDX-License-Identifier: Apache-2.0
// TANH: out = tanh(x). float32, int8, int16 (TFLite Micro's tanh.cc with
// TFLite's reference kernels).
//
// float32: std::tanh (reference_ops::Tanh).
// int8 (reference_integer_ops::Tanh): the output quantization is taken as
// scale 1/128, zero point 0 (TFLite Micro checks neither); d = q - zp_in;
// d <= -radius -> -128, d >= radius -> 127, else
//   out = clamp(RoundingDivideByPOT(TanhQ4(MBQM(d, M, s)), 24), -128, 127)
// with M, s, radius of kernels/activation_util.h (PrepareSigmoidInt8) and
// gemmlowp's fixed-point tanh (quant/sigmoid.h).
// int16: tanh(x) = 2 sigmoid(2x) - 1 from the 256-entry sigmoid table with
// interpolation (quant/sigmoid.h) on the input rescaled by
// PrepareSigmoidInt16 (power-of-two scales with shift 0 or 1); zero points
// 0, output scale 2^-15.
#include <cmath>

#include "kernels/activation_util.h"
#include "quant/sigmoid.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  return PrepareSigmoid(ctx, /*max_pot_shift=*/1, [](const UnaryQuant&) { return Status::Ok(); });
}

Status Eval(OpContext& ctx) {
  EvalSigmoid(
      ctx, [](float x) { return std::tanh(x); },
      [](int32_t v) {
        return quant::Clamp<int8_t>(quant::RoundingDivideByPOT(quant::TanhQ4(v), 24), -128, 127);
      },
      [](int32_t v) { return quant::TanhInt16(v); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(TANH, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
