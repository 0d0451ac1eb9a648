// SPDX-License-Identifier: Apache-2.0
// LEAKY_RELU: out = x > 0 ? x : alpha * x. float32, int8, int16 (TFLite
// Micro's leaky_relu_common.cc, TFLite's reference QuantizeLeakyRelu).
//
// float32: x > 0 ? x : x * alpha (alpha may be > 1 or < 0; NaN * alpha).
// int8/int16: d = q - zp_in;
//   out = clamp(zp_out + MultiplyByQuantizedMultiplier(d, M_id, s_id))  if d >= 0
//   out = clamp(zp_out + MultiplyByQuantizedMultiplier(d, M_a, s_a))    else
// clamped to the type's range, with the real multipliers computed in float
// as TFLite Micro does: M_a = (float)(in_scale * alpha / out_scale),
// M_id = (float)(in_scale / out_scale), then QuantizeMultiplier (for M_a
// of either sign: a negative alpha gives a negative multiplier, as TFLite's
// frexp-based QuantizeMultiplier does; quant/multiplier.h).
// alpha comes from LeakyReluOptions (schema default 0).
#include "kernels/activation_util.h"
#include "quant/multiplier.h"

namespace circlet {
namespace kernels {
namespace {

struct LeakyReluData {
  float alpha;
  int32_t in_zero_point, out_zero_point;
  int32_t mult_identity, shift_identity;
  int32_t mult_alpha, shift_alpha;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  UnaryQuant q;
  CIRCLET_RETURN_IF_ERROR(PrepareActivation(ctx, &q));
  auto* d = ctx.AllocateOpData<LeakyReluData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  const auto* opt = ctx.options<fb::LeakyReluOptions>();
  d->alpha = opt != nullptr ? opt->alpha() : 0.0f;
  if (ctx.input(0).type == DType::kFloat32) return Status::Ok();
  d->in_zero_point = q.in_zero_point;
  d->out_zero_point = q.out_zero_point;
  int shift = 0;
  quant::QuantizeSignedMultiplier(static_cast<double>(q.in_scale * d->alpha / q.out_scale),
                                  &d->mult_alpha, &shift);
  d->shift_alpha = shift;
  quant::QuantizeMultiplier(static_cast<double>(q.in_scale / q.out_scale), &d->mult_identity,
                            &shift);
  d->shift_identity = shift;
  return Status::Ok();
}

template <typename T>
void EvalQuantized(const LeakyReluData& d, const T* in, T* out, int64_t n) {
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  MapUnary(in, out, n, [&d](T x) {
    const int32_t v = static_cast<int32_t>(x) - d.in_zero_point;
    const int32_t r =
        v >= 0 ? quant::MultiplyByQuantizedMultiplier(v, d.mult_identity, d.shift_identity)
               : quant::MultiplyByQuantizedMultiplier(v, d.mult_alpha, d.shift_alpha);
    return quant::Clamp<T>(quant::WrapAdd(d.out_zero_point, r), kMin, kMax);
  });
}

Status Eval(OpContext& ctx) {
  const LeakyReluData& d = *ctx.op_data<LeakyReluData>();
  const float alpha = d.alpha;
  EvalActivation</*kInt16=*/true>(
      ctx, [alpha](float x) { return x > 0.0f ? x : x * alpha; },
      [&d](const auto* x, auto* y, int64_t n) { EvalQuantized(d, x, y, n); });
  return Status::Ok();
}

}  // namespace

// v1 float32/uint8/int8, v2 int16.
CIRCLET_KERNEL(LEAKY_RELU, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
