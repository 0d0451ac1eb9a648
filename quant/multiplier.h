// SPDX-License-Identifier: Apache-2.0
// Invoke-time requantization multipliers: the exact result of
// quant::QuantizeMultiplier (quantize.h) without frexp or round, cheap
// enough to recompute every per-channel multiplier at the start of an op
// instead of keeping it in RAM.
//
// A finite double m > 0 is M * 2^(E - 1075) with the 53-bit significand
// M = 2^52 | fraction and the biased exponent E (1..2046). frexp(m) gives
// q = M / 2^53 in [0.5, 1) and exponent e = E - 1022, so
//   round(q * 2^31) = round(M / 2^22) = (M + 2^21) >> 22
// (halves rounded away from zero as std::round does: M is positive).
// Then, exactly as QuantizeMultiplier: a result of 2^31 becomes 2^30 with
// e + 1; e < -31 flushes to (0, 0); e > 30 saturates to (2^31 - 1, 30).
// Subnormals and zero give (0, 0) (their exponent is far below -31);
// +inf (exponent field 2047) saturates.
#ifndef CIRCLET_QUANT_MULTIPLIER_H_
#define CIRCLET_QUANT_MULTIPLIER_H_

#include <cmath>
#include <cstdint>
#include <cstring>

namespace circlet {
namespace quant {

// QuantizeMultiplier(m) for m >= 0, +inf included (the largest
// multiplier); negative m and NaN give (0, 0). Callers reject such scales in
// prepare anyway.
inline void QuantizeMultiplierBits(double m, int32_t* multiplier, int* shift) {
  if (!(m > 0.0)) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  uint64_t bits;
  std::memcpy(&bits, &m, sizeof(bits));
  const int biased = static_cast<int>((bits >> 52) & 0x7FF);
  int e = biased - 1022;
  if (biased == 0 || e < -32) {  // subnormal, or flushed below
    *multiplier = 0;
    *shift = 0;
    return;
  }
  const uint64_t significand = (bits & ((uint64_t{1} << 52) - 1)) | (uint64_t{1} << 52);
  uint64_t q = (significand + (uint64_t{1} << 21)) >> 22;
  if (q == (uint64_t{1} << 31)) {
    q >>= 1;
    ++e;
  }
  if (e < -31) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  if (e > 30) {
    *multiplier = 0x7FFFFFFF;
    *shift = 30;
    return;
  }
  *multiplier = static_cast<int32_t>(q);
  *shift = e;
}

// The per-channel convolution multiplier of TFLite's
// PopulateConvolutionQuantizationParams: QuantizeMultiplier(double(in_scale)
// * double(w_scale) / double(out_scale)). The product of two floats is exact
// in double; the quotient is the one rounding, as in TFLite.
inline void ChannelMultiplier(float in_scale, float w_scale, float out_scale, int32_t* multiplier,
                              int* shift) {
  const double m =
      static_cast<double>(in_scale) * static_cast<double>(w_scale) / static_cast<double>(out_scale);
  QuantizeMultiplierBits(m, multiplier, shift);
}

// TFLite's QuantizeMultiplier for a multiplier of either sign (LEAKY_RELU's
// alpha may be negative): frexp(m) = q * 2^shift with |q| in [0.5, 1),
// multiplier = round(q * 2^31) (half away from zero); only +2^31 is halved
// (shift + 1), so a negative q that rounds to -1 keeps -2^31; shift < -31
// flushes to (0, 0), shift > 30 saturates to (+-(2^31 - 1), 30). NaN and 0
// give (0, 0), +-inf saturates.
inline void QuantizeSignedMultiplier(double m, int32_t* multiplier, int* shift) {
  *multiplier = 0;
  *shift = 0;
  if (!(m == m) || m == 0.0) return;
  const bool negative = m < 0.0;
  if (m - m != 0.0) {  // +-inf
    *multiplier = negative ? -0x7FFFFFFF : 0x7FFFFFFF;
    *shift = 30;
    return;
  }
  int e = 0;
  const double q = std::frexp(m, &e);
  int64_t fixed = static_cast<int64_t>(std::round(q * 2147483648.0));
  if (fixed == (int64_t{1} << 31)) {
    fixed /= 2;
    ++e;
  }
  if (e < -31) return;
  if (e > 30) {
    *multiplier = negative ? -0x7FFFFFFF : 0x7FFFFFFF;
    *shift = 30;
    return;
  }
  *multiplier = static_cast<int32_t>(fixed);
  *shift = e;
}

}  // namespace quant
}  // namespace circlet

#endif  // CIRCLET_QUANT_MULTIPLIER_H_
