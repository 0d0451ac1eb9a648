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

union TanhData {
  SigmoidInt8Params i8;
  SigmoidInt16Params i16;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  UnaryQuant q;
  CIRCLET_RETURN_IF_ERROR(PrepareActivation(ctx, &q));
  const DType type = ctx.input(0).type;
  if (type == DType::kFloat32) return Status::Ok();
  auto* d = ctx.AllocateOpData<TanhData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  if (type == DType::kInt16) return PrepareSigmoidInt16(ctx, q, 1, &d->i16);
  return PrepareSigmoidInt8(ctx, q, &d->i8);
}

Status Eval(OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const int64_t n = in.num_elements();
  switch (in.type) {
    case DType::kFloat32:
      MapUnary(in.as<const float>(), out.as<float>(), n, [](float x) { return std::tanh(x); });
      break;
    case DType::kInt8: {
      const SigmoidInt8Params& p = ctx.op_data<TanhData>()->i8;
      MapUnary(in.as<const int8_t>(), out.as<int8_t>(), n, [&p](int8_t x) {
        int saturate = 0;
        const int32_t v = SigmoidInt8Input(p, x, &saturate);
        if (saturate != 0) return static_cast<int8_t>(saturate < 0 ? -128 : 127);
        return quant::Clamp<int8_t>(quant::RoundingDivideByPOT(quant::TanhQ4(v), 24), -128, 127);
      });
      break;
    }
    default: {
      const SigmoidInt16Params& p = ctx.op_data<TanhData>()->i16;
      MapUnary(in.as<const int16_t>(), out.as<int16_t>(), n, [&p](int16_t x) {
        return quant::TanhInt16(quant::SigmoidInt16Input(x, p.multiplier, p.round, p.shift));
      });
      break;
    }
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(TANH, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
