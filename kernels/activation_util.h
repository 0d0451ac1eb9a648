// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the activation kernels (RELU, RELU_N1_TO_1, ELU, GELU,
// ...): their prepare and eval scaffolding (PrepareActivationData,
// EvalActivation), the quantized rescale-and-clamp of TFLite's ReluX, the
// int8 lookup table of TFLite's LUTPopulate and LOGISTIC's and TANH's
// shared prepare and eval. Unary scaffolding (PrepareUnary, MapUnary) is in
// kernels/elementwise_util.h.
#ifndef CIRCLET_KERNELS_ACTIVATION_UTIL_H_
#define CIRCLET_KERNELS_ACTIVATION_UTIL_H_

#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/elementwise_util.h"
#include "quant/fixed_point_math.h"
#include "quant/sigmoid.h"

namespace circlet {
namespace kernels {

// float32 logistic as TFLite's reference_ops::Logistic: x > 16.619047164916992
// -> 1, x < -9 -> exp(x), else 1 / (1 + exp(-x)) (NaN stays NaN). LOGISTIC
// and the LSTM gates.
inline float LogisticFloat(float x) {
  if (x > 16.619047164916992188f) return 1.0f;
  if (x < -9.0f) return std::exp(x);
  return 1.0f / (1.0f + std::exp(-x));
}

// The activations' prepare: PrepareUnary with the output of the input's
// type. (The model loader has checked that every scale is positive and
// finite and every zero point inside its type's range.)
CIRCLET_COLD inline Status PrepareActivation(OpContext& ctx, UnaryQuant* q) {
  return PrepareUnary(ctx, UnaryTypes::kSame, q);
}

// PrepareActivation, then, unless the input is float32, op data of type D
// in *d (float32 leaves *d null: the float kernels keep none).
template <typename D>
CIRCLET_COLD inline Status PrepareActivationData(OpContext& ctx, UnaryQuant* q, D** d) {
  *d = nullptr;
  CIRCLET_RETURN_IF_ERROR(PrepareActivation(ctx, q));
  if (ctx.input(0).type == DType::kFloat32) return Status::Ok();
  *d = ctx.AllocateOpData<D>();
  if (*d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  return Status::Ok();
}

// Eval of an activation: out = f(x) elementwise on float32, else
// quantized(in, out, n) on int8 and, when kInt16, int16 (any other input is
// int16 then; without kInt16 it is int8 and no int16 code is instantiated).
template <bool kInt16, typename FloatF, typename QuantF>
inline void EvalActivation(OpContext& ctx, FloatF&& f, QuantF&& quantized) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const int64_t n = in.num_elements();
  if (in.type == DType::kFloat32) {
    MapUnary(in.as<const float>(), out.as<float>(), n, f);
    return;
  }
  if constexpr (kInt16) {
    if (in.type != DType::kInt8) {
      quantized(in.as<const int16_t>(), out.as<int16_t>(), n);
      return;
    }
  }
  quantized(in.as<const int8_t>(), out.as<int8_t>(), n);
}

// Fails unless both zero points are 0 (TFLite's int16 activations).
CIRCLET_COLD inline Status CheckInt16ZeroPoints(const OpContext& ctx, const UnaryQuant& q) {
  if (q.in_zero_point == 0 && q.out_zero_point == 0) return Status::Ok();
  return ctx.Error(StatusCode::kUnsupported,
                   "int16 input (tensor %d) and output (tensor %d) need zero point 0, have "
                   "%" PRId32 " and %" PRId32,
                   ctx.input(0).index, ctx.output(0).index, q.in_zero_point, q.out_zero_point);
}

// float/double -> int32 as x86-64's cvttss2si/cvttsd2si (the TFLite Micro
// goldens' machine): truncation toward zero, and INT32_MIN for NaN and
// out-of-range values (a C++ cast would be undefined there). A float
// argument converts to double exactly.
inline int32_t TruncateToInt32(double x) {
  if (!(x >= -2147483648.0 && x < 2147483648.0)) return std::numeric_limits<int32_t>::min();
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

// Prepare of TFLite's quantized ReluX activations (RELU, RELU_N1_TO_1):
// RescaleClamp op data for int8 and, when kInt16, int16 (zero points 0),
// with M = in_scale / out_scale divided in float (as TFLite and the
// goldens' TFLite Micro do) and the float bounds [lo, hi].
template <bool kInt16>
CIRCLET_COLD inline Status PrepareReluX(OpContext& ctx, float lo, float hi) {
  UnaryQuant q;
  RescaleClamp* d = nullptr;
  CIRCLET_RETURN_IF_ERROR(PrepareActivationData(ctx, &q, &d));
  if (d == nullptr) return Status::Ok();
  const double m = static_cast<double>(q.in_scale / q.out_scale);
  if constexpr (kInt16) {
    if (ctx.input(0).type != DType::kInt8) {
      CIRCLET_RETURN_IF_ERROR(CheckInt16ZeroPoints(ctx, q));
      PrepareRescaleClamp<int16_t>(q, m, lo, hi, d);
      return Status::Ok();
    }
  }
  PrepareRescaleClamp<int8_t>(q, m, lo, hi, d);
  return Status::Ok();
}

// Eval of the ReluX activations: f on float32, EvalRescaleClamp on int8
// and, when kInt16, int16.
template <bool kInt16, typename FloatF>
inline void EvalReluX(OpContext& ctx, FloatF&& f) {
  EvalActivation<kInt16>(ctx, f, [&ctx](const auto* x, auto* y, int64_t n) {
    EvalRescaleClamp(*ctx.op_data<RescaleClamp>(), x, y, n);
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

// LOGISTIC and TANH int8 (TFLite Micro's prepare): the input difference
// q - zp_in is brought to Q4.27 by MultiplyByQuantizedMultiplier with
// frexp(in_scale * 2^27) = m * 2^shift, multiplier = round(m * 2^31) (for a
// float scale m * 2^31 is an integer below 2^31: no carry); differences at
// or beyond +-radius = floor(15 * 2^27 / 2^shift) (CalculateInputRadius)
// saturate. A scale below 2^-28 (negative shift) would overflow the radius
// in TFLite: refused. shift >= 31 leaves radius 0: every value saturates.
struct SigmoidInt8Params {
  int32_t zero_point, radius, multiplier, shift;
};

CIRCLET_COLD inline Status PrepareSigmoidInt8(const OpContext& ctx, const UnaryQuant& q,
                                              SigmoidInt8Params* p) {
  int shift = 0;
  const double m =
      std::frexp(static_cast<double>(q.in_scale) * static_cast<double>(1 << 27), &shift);
  if (shift < 0) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input (tensor %d) scale is below 2^-28: the int8 input radius overflows",
                     ctx.input(0).index);
  }
  p->zero_point = q.in_zero_point;
  p->multiplier = static_cast<int32_t>(std::round(m * 2147483648.0));
  p->shift = shift;
  p->radius = shift >= 31 ? 0 : quant::CalculateInputRadius(4, shift, 31);
  return Status::Ok();
}

// q - zp_in in Q4.27, or `*saturate` = -1 / +1 outside the radius.
inline int32_t SigmoidInt8Input(const SigmoidInt8Params& p, int8_t x, int* saturate) {
  const int32_t d = static_cast<int32_t>(x) - p.zero_point;
  *saturate = d <= -p.radius ? -1 : (d >= p.radius ? 1 : 0);
  if (*saturate != 0) return 0;
  return quant::MultiplyByQuantizedMultiplier(d, p.multiplier, p.shift);
}

// TFLite's CheckedLog2: log2(x) computed as log(x) * (1 / log(2)) in float,
// rounded half away from zero; true when the rounding moved it by < 1e-3.
CIRCLET_COLD inline bool CheckedLog2(float x, int* log2_result) {
  const float l = std::log(x) * (1.0f / std::log(2.0f));
  const float r = std::round(l);
  *log2_result = static_cast<int>(r);
  return std::fabs(l - r) < 1e-3f;
}

// LOGISTIC and TANH int16 (TFLite Micro's prepare): zero points 0, output
// scale 2^-15 (CheckedLog2). A power-of-two input scale with
// shift = 12 + log2(in_scale) in [0, max_pot_shift] (LOGISTIC 0, TANH 0 or
// 1) gives multiplier 3 << shift and shift 0 (TFLite's eval does that
// swap); any other scale: m = in_scale * 4096 * 3 doubled (shift + 1) while
// m <= 32767 / 2 and shift <= 30, multiplier = (int)m, which must be <= 32767
// (TFLite only DCHECKs it: in_scale above 32767 / 12288 is refused).
// Eval: v = (x * multiplier + round) >> shift, round = 2^(shift - 1) or 0.
struct SigmoidInt16Params {
  int32_t multiplier, round, shift;
};

CIRCLET_COLD inline Status PrepareSigmoidInt16(const OpContext& ctx, const UnaryQuant& q,
                                               int max_pot_shift, SigmoidInt16Params* p) {
  CIRCLET_RETURN_IF_ERROR(CheckInt16ZeroPoints(ctx, q));
  int log2 = 0;
  int shift = 0;
  const bool pot = CheckedLog2(q.in_scale, &log2);
  shift = 12 + log2;
  if (pot && shift >= 0 && shift <= max_pot_shift) {
    p->multiplier = 3 << shift;
    shift = 0;
  } else {
    double m = static_cast<double>(q.in_scale) * 4096.0 * 3.0;
    shift = 0;
    while (m <= 32767.0 / 2.0 && shift <= 30) {
      ++shift;
      m *= 2.0;
    }
    if (m > 32767.0) {
      return ctx.Error(StatusCode::kUnsupported,
                       "input (tensor %d) scale is too large for the int16 lookup (at most "
                       "32767 / 12288)",
                       ctx.input(0).index);
    }
    p->multiplier = static_cast<int32_t>(m);
  }
  p->shift = shift;
  p->round = shift > 0 ? static_cast<int32_t>(1) << (shift - 1) : 0;
  int out_log2 = 0;
  if (!CheckedLog2(q.out_scale, &out_log2) || out_log2 != -15) {
    return ctx.Error(StatusCode::kUnsupported, "int16 output (tensor %d) scale must be 2^-15",
                     ctx.output(0).index);
  }
  return Status::Ok();
}

// LOGISTIC's and TANH's op data: the int8 or the int16 parameters.
union SigmoidData {
  SigmoidInt8Params i8;
  SigmoidInt16Params i16;
};

// Prepare of LOGISTIC and TANH: PrepareActivation; float32 keeps nothing;
// int16 PrepareSigmoidInt16 with max_pot_shift; int8 the operator's own
// check_int8(q) (a Status), then PrepareSigmoidInt8.
template <typename CheckInt8>
CIRCLET_COLD inline Status PrepareSigmoid(OpContext& ctx, int max_pot_shift,
                                          CheckInt8&& check_int8) {
  UnaryQuant q;
  SigmoidData* d = nullptr;
  CIRCLET_RETURN_IF_ERROR(PrepareActivationData(ctx, &q, &d));
  if (d == nullptr) return Status::Ok();
  if (ctx.input(0).type == DType::kInt16)
    return PrepareSigmoidInt16(ctx, q, max_pot_shift, &d->i16);
  CIRCLET_RETURN_IF_ERROR(check_int8(q));
  return PrepareSigmoidInt8(ctx, q, &d->i8);
}

// Eval of LOGISTIC and TANH: float32 f(x); int8 -128 / 127 where the input
// saturates (SigmoidInt8Input), else from_q4(v) of the Q4.27 input v; int16
// from_int16(v) of SigmoidInt16Input's rescaled input v.
template <typename FloatF, typename Int8F, typename Int16F>
inline void EvalSigmoid(OpContext& ctx, FloatF&& f, Int8F&& from_q4, Int16F&& from_int16) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const int64_t n = in.num_elements();
  switch (in.type) {
    case DType::kFloat32: MapUnary(in.as<const float>(), out.as<float>(), n, f); break;
    case DType::kInt8: {
      const SigmoidInt8Params& p = ctx.op_data<SigmoidData>()->i8;
      MapUnary(in.as<const int8_t>(), out.as<int8_t>(), n, [&p, &from_q4](int8_t x) {
        int saturate = 0;
        const int32_t v = SigmoidInt8Input(p, x, &saturate);
        if (saturate != 0) return static_cast<int8_t>(saturate < 0 ? -128 : 127);
        return static_cast<int8_t>(from_q4(v));
      });
      break;
    }
    default: {
      const SigmoidInt16Params& p = ctx.op_data<SigmoidData>()->i16;
      MapUnary(in.as<const int16_t>(), out.as<int16_t>(), n, [&p, &from_int16](int16_t x) {
        return from_int16(quant::SigmoidInt16Input(x, p.multiplier, p.round, p.shift));
      });
      break;
    }
  }
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ACTIVATION_UTIL_H_
