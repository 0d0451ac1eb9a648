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
  UnaryQuant q;
  CIRCLET_RETURN_IF_ERROR(PrepareActivation(ctx, &q));
  const DType type = ctx.input(0).type;
  if (type == DType::kFloat32) return Status::Ok();
  auto* d = ctx.AllocateOpData<RescaleClamp>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  const double m = static_cast<double>(q.in_scale / q.out_scale);
  const float inf = std::numeric_limits<float>::infinity();
  if (type == DType::kInt8) {
    PrepareRescaleClamp<int8_t>(q, m, 0.0f, inf, d);
  } else {
    CIRCLET_RETURN_IF_ERROR(CheckInt16ZeroPoints(ctx, q));
    PrepareRescaleClamp<int16_t>(q, m, 0.0f, inf, d);
  }
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const int64_t n = in.num_elements();
  switch (in.type) {
    case DType::kFloat32:
      MapUnary(in.as<const float>(), out.as<float>(), n,
               [](float x) { return x < 0.0f ? 0.0f : x; });
      break;
    case DType::kInt8:
      EvalRescaleClamp(*ctx.op_data<RescaleClamp>(), in.as<const int8_t>(), out.as<int8_t>(), n);
      break;
    default:
      EvalRescaleClamp(*ctx.op_data<RescaleClamp>(), in.as<const int16_t>(), out.as<int16_t>(), n);
      break;
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(RELU, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
