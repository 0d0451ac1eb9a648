// SPDX-License-Identifier: Apache-2.0
// LOGISTIC: out = 1 / (1 + exp(-x)). float32, int8, int16 (TFLite Micro's
// logistic.cc with TFLite's reference kernels).
//
// float32 (reference_ops::Logistic): x > 16.619047164916992 -> 1,
// x < -9 -> exp(x), else 1 / (1 + exp(-x)) (NaN stays NaN).
// int8 (reference_integer_ops::Logistic): output zero point must be -128
// (the output scale is taken as 1/256, TFLite Micro checks only the zero
// point); d = q - zp_in; d <= -radius -> -128, d >= radius -> 127, else
//   out = clamp(RoundingDivideByPOT(LogisticQ4(MBQM(d, M, s)), 23) - 128)
// with M, s, radius of kernels/activation_util.h (PrepareSigmoidInt8) and
// gemmlowp's fixed-point logistic (quant/sigmoid.h).
// int16: the 256-entry sigmoid table with interpolation (quant/sigmoid.h)
// on the input rescaled by PrepareSigmoidInt16 (power-of-two scales only
// with shift 0); zero points 0, output scale 2^-15.
#include <cinttypes>
#include <cmath>

#include "kernels/activation_util.h"
#include "quant/sigmoid.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  return PrepareSigmoid(ctx, /*max_pot_shift=*/0, [&ctx](const UnaryQuant& q) {
    if (q.out_zero_point == -128) return Status::Ok();
    return ctx.Error(StatusCode::kUnsupported,
                     "int8 output (tensor %d) zero point is %" PRId32 ", not -128",
                     ctx.output(0).index, q.out_zero_point);
  });
}

Status Eval(OpContext& ctx) {
  EvalSigmoid(
      ctx, LogisticFloat,
      [](int32_t v) {
        const int32_t r = quant::RoundingDivideByPOT(quant::LogisticQ4(v), 23) - 128;
        return quant::Clamp<int8_t>(r, -128, 127);
      },
      [](int32_t v) { return quant::LogisticInt16(v); });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(LOGISTIC, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
