// Helpers shared by the activation kernels (RELU, RELU_N1_TO_1, ELU, GELU,
// ...): the quantized rescale-and-clamp of TFLite's ReluX and the int8
// lookup table of TFLite's LUTPopulate. Unary scaffolding (PrepareUnary,
// MapUnary) is in kernels/elementwise_util.h.
#ifndef CIRCLET_KERNELS_ACTIVATION_UTIL_H_
#define CIRCLET_KERNELS_ACTIVATION_UTIL_H_

#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {

// The activations' prepare: PrepareUnary with the output of the input's
// type. (The model loader has checked that every scale is positive and
// finite and every zero point inside its type's range.)
CIRCLET_COLD inline Status PrepareActivation(OpContext& ctx, UnaryQuant* q) {
  return PrepareUnary(ctx, UnaryTypes::kSame, q);
}

// Fails unless both zero points are 0 (TFLite's int16 activations).
CIRCLET_COLD inline Status CheckInt16ZeroPoints(const OpContext& ctx, const UnaryQuant& q) {
  if (q.in_zero_point == 0 && q.out_zero_point == 0) return Status::Ok();
  return ctx.Error(StatusCode::kUnsupported,
                   "int16 input (tensor %d) and output (tensor %d) need zero point 0, have %d "
                   "and %d",
                   ctx.input(0).index, ctx.output(0).index, q.in_zero_point, q.out_zero_point);
}

// float -> int32 as x86-64's cvttss2si (the TFLite Micro goldens' machine):
// truncation toward zero, and INT32_MIN for NaN and out-of-range values
// (a C++ cast would be undefined there).
inline int32_t TruncateToInt32(float x) {
  if (!(x >= -2147483648.0f && x < 2147483648.0f)) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(x);
}

// TFLite's quantized ReluX: out = clamp(zp_out + MBQM(q - zp_in, M, s),
// act_min, act_max), M = in_scale / out_scale quantized with
// QuantizeMultiplier; act_min/act_max are the float bounds in the output's
// quantization: max(type_min, zp_out + (int)roundf(lo / out_scale)), and the
// same with min() for hi (type_max for an unbounded hi).
struct RescaleClamp {
  int32_t in_zero_point, out_zero_point;
  int32_t multiplier, shift;
  int32_t act_min, act_max;
};

// `real_multiplier` is computed by the caller (TFLite Micro divides the
// scales in double, TFLite in float). `hi` may be +infinity.
template <typename T>
CIRCLET_COLD inline void PrepareRescaleClamp(const UnaryQuant& q, double real_multiplier, float lo,
                                             float hi, RescaleClamp* r) {
  int shift = 0;
  quant::QuantizeMultiplier(real_multiplier, &r->multiplier, &shift);
  r->shift = shift;
  r->in_zero_point = q.in_zero_point;
  r->out_zero_point = q.out_zero_point;
  const int32_t tmin = std::numeric_limits<T>::min(), tmax = std::numeric_limits<T>::max();
  const int32_t qlo =
      quant::WrapAdd(q.out_zero_point, TruncateToInt32(std::round(lo / q.out_scale)));
  r->act_min = qlo > tmin ? qlo : tmin;
  if (std::isinf(hi)) {
    r->act_max = tmax;
  } else {
    const int32_t qhi =
        quant::WrapAdd(q.out_zero_point, TruncateToInt32(std::round(hi / q.out_scale)));
    r->act_max = qhi < tmax ? qhi : tmax;
  }
}

template <typename T>
inline void EvalRescaleClamp(const RescaleClamp& r, const T* in, T* out, int64_t n) {
  MapUnary(in, out, n, [&r](T x) {
    const int32_t v = quant::WrapAdd(
        r.out_zero_point, quant::MultiplyByQuantizedMultiplier(
                              static_cast<int32_t>(x) - r.in_zero_point, r.multiplier, r.shift));
    int32_t c = v > r.act_min ? v : r.act_min;
    c = c < r.act_max ? c : r.act_max;
    return static_cast<T>(c);
  });
}

// TFLite's int8 LUTPopulate (also TFLite Micro's ELU table): for every
// int8 q, x = in_scale * (q - zp_in) (float), y = f(x) (float),
// out = clamp((int)(round(y * (1 / out_scale)) + zp_out), -128, 127),
// the reciprocal taken in float and round() half away from zero.
// table[(uint8_t)q] holds the result.
template <typename F>
CIRCLET_COLD inline void PopulateInt8Table(const UnaryQuant& q, F&& f, int8_t* table) {
  const float inverse_scale = 1.0f / q.out_scale;
  for (int32_t v = -128; v <= 127; ++v) {
    const float x = q.in_scale * static_cast<float>(v - q.in_zero_point);
    const float y = f(x);
    const float rescaled = std::round(y * inverse_scale);
    const int32_t quantized = TruncateToInt32(rescaled + static_cast<float>(q.out_zero_point));
    const int32_t c = quantized < -128 ? -128 : (quantized > 127 ? 127 : quantized);
    table[static_cast<uint8_t>(static_cast<int8_t>(v))] = static_cast<int8_t>(c);
  }
}

inline void EvalInt8Table(const int8_t* table, const int8_t* in, int8_t* out, int64_t n) {
  MapUnary(in, out, n, [table](int8_t x) { return table[static_cast<uint8_t>(x)]; });
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ACTIVATION_UTIL_H_
