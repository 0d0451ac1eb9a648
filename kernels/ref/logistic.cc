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
#include <cmath>

#include "kernels/activation_util.h"
#include "quant/sigmoid.h"

namespace circlet {
namespace kernels {
namespace {

union LogisticData {
  SigmoidInt8Params i8;
  SigmoidInt16Params i16;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  UnaryQuant q;
  CIRCLET_RETURN_IF_ERROR(PrepareActivation(ctx, &q));
  const DType type = ctx.input(0).type;
  if (type == DType::kFloat32) return Status::Ok();
  auto* d = ctx.AllocateOpData<LogisticData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  if (type == DType::kInt16) return PrepareSigmoidInt16(ctx, q, 0, &d->i16);
  if (q.out_zero_point != -128) {
    return ctx.Error(StatusCode::kUnsupported, "int8 output (tensor %d) zero point is %d, not -128",
                     ctx.output(0).index, q.out_zero_point);
  }
  return PrepareSigmoidInt8(ctx, q, &d->i8);
}

float LogisticFloat(float x) {
  if (x > 16.619047164916992188f) return 1.0f;
  if (x < -9.0f) return std::exp(x);
  return 1.0f / (1.0f + std::exp(-x));
}

Status Eval(OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const int64_t n = in.num_elements();
  switch (in.type) {
    case DType::kFloat32: MapUnary(in.as<const float>(), out.as<float>(), n, LogisticFloat); break;
    case DType::kInt8: {
      const SigmoidInt8Params& p = ctx.op_data<LogisticData>()->i8;
      MapUnary(in.as<const int8_t>(), out.as<int8_t>(), n, [&p](int8_t x) {
        int saturate = 0;
        const int32_t v = SigmoidInt8Input(p, x, &saturate);
        if (saturate != 0) return static_cast<int8_t>(saturate < 0 ? -128 : 127);
        const int32_t r = quant::RoundingDivideByPOT(quant::LogisticQ4(v), 23) - 128;
        return quant::Clamp<int8_t>(r, -128, 127);
      });
      break;
    }
    default: {
      const SigmoidInt16Params& p = ctx.op_data<LogisticData>()->i16;
      MapUnary(in.as<const int16_t>(), out.as<int16_t>(), n, [&p](int16_t x) {
        return quant::LogisticInt16(quant::SigmoidInt16Input(x, p.multiplier, p.round, p.shift));
      });
      break;
    }
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(LOGISTIC, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
