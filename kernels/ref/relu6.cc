// SPDX-License-Identifier: Apache-2.0
// RELU6: out = min(max(x, 0), 6). float32, int8, int16 (TFLite Micro's
// activations.cc).
//
// float32: x > 6 ? 6 : (x < 0 ? 0 : x) (NaN passes through).
// int8/int16 (TFLite Micro's Relu6Prepare + Relu6Quantized): no rescale; the
// value is clamped in the *input's* quantization (the output's scale and
// zero point are not read) to [zp_in, six] with
//   six = clamp((int)(round(6.0f / in_scale) + zp_in), type_min, type_max)
// (FloatToQuantizedType; the division in float, round half away from zero,
// the sum in double).
#include "kernels/activation_util.h"

namespace circlet {
namespace kernels {
namespace {

struct Relu6Data {
  int32_t zero, six;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  UnaryQuant q;
  Relu6Data* d = nullptr;
  CIRCLET_RETURN_IF_ERROR(PrepareActivationData(ctx, &q, &d));
  if (d == nullptr) return Status::Ok();
  const DType type = ctx.input(0).type;
  const int32_t tmin = type == DType::kInt8 ? -128 : -32768;
  const int32_t tmax = type == DType::kInt8 ? 127 : 32767;
  // round() of the float quotient and the zero point added in double, then
  // converted (TFLite Micro's round(value / scale) + zero_point).
  const int32_t six = TruncateToInt32(std::round(static_cast<double>(6.0f / q.in_scale)) +
                                      static_cast<double>(q.in_zero_point));
  d->zero = q.in_zero_point;
  d->six = six < tmin ? tmin : (six > tmax ? tmax : six);
  return Status::Ok();
}

template <typename T>
void EvalQuantized(const Relu6Data& d, const T* in, T* out, int64_t n) {
  const T lower = static_cast<T>(d.zero), upper = static_cast<T>(d.six);
  MapUnary(in, out, n, [lower, upper](T x) { return x > upper ? upper : (x < lower ? lower : x); });
}

Status Eval(OpContext& ctx) {
  EvalActivation</*kInt16=*/true>(
      ctx, [](float x) { return x > 6.0f ? 6.0f : (x < 0.0f ? 0.0f : x); },
      [&ctx](const auto* x, auto* y, int64_t n) {
        EvalQuantized(*ctx.op_data<Relu6Data>(), x, y, n);
      });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(RELU6, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
