// SPDX-License-Identifier: Apache-2.0
// Fixed-point transcendental helpers for the integer softmax, reproducing
// gemmlowp's fixedpoint.h (used by TFLite's reference kernels) bit for bit.
//
// Values are raw int32 numbers in a Qm.n format: m integer bits, n = 31 - m
// fractional bits, real value = raw / 2^n. Q0.31 ("F0") holds [-1, 1); its
// "one" is INT32_MAX. Products of a Qa and a Qb value are Q(a+b) values
// computed with SaturatingRoundingDoublingHighMul (quant/fixed_point.h).
//
//   ExpOnNegativeValues<m>(a)    exp(a) for a Qm.(31-m) value a <= 0, as Q0.31.
//       a = (a mod 1/4) - 1/4  +  -(sum of bits of the remainder)
//       exp(a mod 1/4 - 1/4) by a 4th-order Taylor expansion around -1/8,
//       then one multiply by exp(-2^k) per set bit k of the remainder
//       (k = -2..4: the "barrel shifter"); exp(0) = INT32_MAX exactly.
//       Accuracy: within 3e-7 of std::exp (the Taylor remainder, x^5 / 120
//       at |x| = 1/8, dominates; about 600 LSB of Q0.31).
//   OneOverOnePlusXForXIn0To1(x) 1 / (1 + x) for x in [0, 1), as Q0.31:
//       three Newton-Raphson steps from 48/17 - 32/17 * d, d = (1 + x) / 2,
//       in Q2.29. Accuracy: within 5e-9 of 1 / (1 + x).
//   GetReciprocal(x, m, &k)      1 / x for a positive Qm.(31-m) x, returned
//       as a Q0.31 value r and a shift k with 1 / x = r * 2^-k (relative
//       error within 1e-8).
//   GetInvSqrtQuantizedMultiplierExp(x, reverse_shift, &m, &s)
//                                1 / sqrt(x) for an int32 x > 1 as a Q0.31
//       multiplier m and shift s (TFLite's common.h, used per element by
//       the quantized RSQRT and by L2 normalization): x is normalized to
//       [2^27, 2^29) by pairs of bits, then five Newton-Raphson steps
//       x <- 3/2 x - (input/2) x^3 in Q3.28 from x = 1, times sqrt(2)/2;
//       a negative shift is folded into m (wrapping), and the shift is
//       multiplied by reverse_shift (-1: a left-shift exponent). x <= 1
//       (0 and negative values included) gives (INT32_MAX, 0).
//
// Prepare-time helpers for softmax (TFLite quantization_util.cc):
//   PreprocessSoftmaxScaling     beta * input_scale * 2^(31 - m) as a
//       multiplier > 1 (QuantizeMultiplierGreaterThanOne), capped at 2^31 - 1.
//   CalculateInputRadius         floor((2^m - 1) * 2^(31 - m) / 2^left_shift):
//       the largest |input difference| whose rescaled value still fits.
#ifndef CIRCLET_QUANT_FIXED_POINT_MATH_H_
#define CIRCLET_QUANT_FIXED_POINT_MATH_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "quant/fixed_point.h"
#include "quant/quantize.h"

namespace circlet {
namespace quant {

// x * 2^exponent: rounding (ties away from zero) for exponent < 0; for
// exponent > 0 saturating to INT32_MIN/INT32_MAX when |x| exceeds
// 2^(31 - exponent) - 1 (gemmlowp's threshold: note -2^(31-e) saturates too).
inline int32_t SaturatingRoundingMultiplyByPOT(int32_t x, int exponent) {
  if (exponent < 0) return RoundingDivideByPOT(x, -exponent);
  if (exponent == 0) return x;
  const int32_t threshold = static_cast<int32_t>((1LL << (31 - exponent)) - 1);
  if (x > threshold) return std::numeric_limits<int32_t>::max();
  if (x < -threshold) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

// (a + b) / 2 rounded half away from zero, without overflow.
inline int32_t RoundingHalfSum(int32_t a, int32_t b) {
  const int64_t sum = static_cast<int64_t>(a) + static_cast<int64_t>(b);
  const int64_t sign = sum >= 0 ? 1 : -1;
  return static_cast<int32_t>((sum + sign) / 2);
}

// Number of leading zero bits of x; 32 for x == 0.
inline int CountLeadingZeros(uint32_t x) {
  if (x == 0) return 32;
#if defined(__GNUC__)
  return __builtin_clz(x);
#else
  int n = 0;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
#endif
}

// Number of redundant leading sign bits of x (TFLite's CountLeadingSignBits,
// GCC's __builtin_clrsb): 31 for 0 and -1, 0 for INT32_MIN.
inline int CountLeadingSignBits(int32_t x) {
  const uint32_t u = static_cast<uint32_t>(x);
  return CountLeadingZeros(x < 0 ? ~u : u) - 1;
}

// gemmlowp's RoundingDivideByPOT(x, exponent) as TFLite's reference kernels
// compute it on x86-64 for exponent in [0, 62], including the exponents past
// 31 its (disabled) assertion excludes: the mask (2^exponent - 1) keeps its
// low 32 bits (all ones past 31) and the arithmetic shift uses the
// exponent's low 5 bits, as the x86 SAR instruction does. Used by the int8
// DIV, whose shift can pass 31 for small dividends.
inline int32_t RoundingDivideByPOTX86(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>(static_cast<uint32_t>((1ULL << exponent) - 1));
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> (exponent & 31)) + (remainder > threshold ? 1 : 0);
}

// exp(a) for a in [-1/4, 0), a and result in Q0.31.
inline int32_t ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(int32_t a) {
  const int32_t kExpMinusOneEighth = 1895147668;  // exp(-1/8)
  const int32_t kOneThird = 715827883;            // 1/3
  const int32_t x = WrapAdd(a, 1 << 28);          // a + 1/8
  const int32_t x2 = SaturatingRoundingDoublingHighMul(x, x);
  const int32_t x3 = SaturatingRoundingDoublingHighMul(x2, x);
  const int32_t x4 = SaturatingRoundingDoublingHighMul(x2, x2);
  const int32_t x4_over_4 = RoundingDivideByPOT(x4, 2);
  // x^4/24 + x^3/6 + x^2/2 = ((x^4/4 + x^3) / 3 + x^2) / 2
  const int32_t poly = RoundingDivideByPOT(
      WrapAdd(SaturatingRoundingDoublingHighMul(WrapAdd(x4_over_4, x3), kOneThird), x2), 1);
  return WrapAdd(kExpMinusOneEighth,
                 SaturatingRoundingDoublingHighMul(kExpMinusOneEighth, WrapAdd(x, poly)));
}

// exp(a) for a <= 0 given in Q(kIntegerBits).(31 - kIntegerBits); Q0.31 result.
template <int kIntegerBits>
inline int32_t ExpOnNegativeValues(int32_t a) {
  static_assert(kIntegerBits >= 0 && kIntegerBits <= 29, "integer bits out of range");
  constexpr int kFractionalBits = 31 - kIntegerBits;
  constexpr int32_t kOneQuarter = static_cast<int32_t>(1) << (kFractionalBits - 2);
  const int32_t a_mod_quarter_minus_one_quarter = WrapSub(a & (kOneQuarter - 1), kOneQuarter);
  int32_t result = ExpOnIntervalBetweenNegativeOneQuarterAnd0Excl(
      SaturatingRoundingMultiplyByPOT(a_mod_quarter_minus_one_quarter, kIntegerBits));
  const int32_t remainder = WrapSub(a_mod_quarter_minus_one_quarter, a);
  // exp(-2^k) in Q0.31 for k = -2..4, applied for each set bit of -remainder.
  constexpr int32_t kExpMinusPow2[7] = {1672461947, 1302514674, 790015084, 290630308,
                                        39332535,   720401,     242};
  for (int k = -2; k <= 4; ++k) {
    if (kIntegerBits > k) {
      const int bit = kFractionalBits + k;
      if (bit >= 0 && bit < 31 && (remainder & (static_cast<int32_t>(1) << bit)) != 0) {
        result = SaturatingRoundingDoublingHighMul(result, kExpMinusPow2[k + 2]);
      }
    }
  }
  if (kIntegerBits > 5) {
    // Below -32, exp() is zero in Q0.31.
    const int32_t clamp = -(static_cast<int32_t>(1) << (kFractionalBits + 5));
    if (a < clamp) result = 0;
  }
  if (a == 0) result = std::numeric_limits<int32_t>::max();
  return result;
}

// 1 / (1 + x) for x in [0, 1), x and result in Q0.31.
inline int32_t OneOverOnePlusXForXIn0To1(int32_t x) {
  const int32_t half_denominator = RoundingHalfSum(x, std::numeric_limits<int32_t>::max());
  const int32_t k48Over17 = 1515870810;      // Q2.29
  const int32_t kNeg32Over17 = -1010580540;  // Q2.29
  const int32_t kOneQ2 = 1 << 29;            // 1.0 in Q2.29
  int32_t r = WrapAdd(k48Over17, SaturatingRoundingDoublingHighMul(half_denominator, kNeg32Over17));
  for (int i = 0; i < 3; ++i) {
    const int32_t d_times_r = SaturatingRoundingDoublingHighMul(half_denominator, r);  // Q2.29
    const int32_t one_minus = WrapSub(kOneQ2, d_times_r);                              // Q2.29
    // r * one_minus is Q4.27; back to Q2.29 with a saturating shift by 2.
    r = WrapAdd(
        r, SaturatingRoundingMultiplyByPOT(SaturatingRoundingDoublingHighMul(r, one_minus), 2));
  }
  // r approximates 1 / d = 2 / (1 + x); read as Q1.30 it is 1 / (1 + x),
  // converted to Q0.31 with a saturating shift by 1.
  return SaturatingRoundingMultiplyByPOT(r, 1);
}

// 1 / x for x > 0 in Q(x_integer_bits).(31 - x_integer_bits): returns r in
// Q0.31 and *num_bits_over_unit = k such that 1 / x = r * 2^-k.
inline int32_t GetReciprocal(int32_t x, int x_integer_bits, int* num_bits_over_unit) {
  const int headroom_plus_one = CountLeadingZeros(static_cast<uint32_t>(x));
  *num_bits_over_unit = x_integer_bits - headroom_plus_one;
  // x normalized to [1, 2), minus 1, in Q0.31.
  const int32_t shifted_minus_one = static_cast<int32_t>(
      (static_cast<uint32_t>(x) << (headroom_plus_one & 31)) - (static_cast<uint32_t>(1) << 31));
  return OneOverOnePlusXForXIn0To1(shifted_minus_one);
}

// Softmax input scaling: multiplier > 1 for beta * input_scale * 2^(31 - m),
// capped at 2^31 - 1. Returns false when that real multiplier is not > 1
// (TFLite aborts there: beta * input_scale < 2^(m - 31)).
inline bool PreprocessSoftmaxScaling(double beta, double input_scale, int input_integer_bits,
                                     int32_t* multiplier, int* left_shift) {
  const double max_real = static_cast<double>((1LL << 31) - 1);
  const double real = std::min(
      beta * input_scale * static_cast<double>(1LL << (31 - input_integer_bits)), max_real);
  if (!(real > 1.0)) return false;
  QuantizeMultiplierGreaterThanOne(real, multiplier, left_shift);
  return true;
}

inline int CalculateInputRadius(int input_integer_bits, int input_left_shift,
                                int total_signed_bits = 31) {
  const double max_input_rescaled =
      1.0 * ((1 << input_integer_bits) - 1) *
      static_cast<double>(1LL << (total_signed_bits - input_integer_bits)) /
      static_cast<double>(1LL << input_left_shift);
  return static_cast<int>(std::floor(max_input_rescaled));
}

// TFLite's GetInvSqrtQuantizedMultiplierExp (quantization_util / common.h)
// for L2 normalization: 1 / sqrt(x) of an int32 x >= 0 as a multiplier and
// shift for MultiplyByQuantizedMultiplier, times 2^reverse_shift-signed
// shift. x <= 1 gives (INT32_MAX, 0). Else, with shift = 11: x /= 4 (shift
// + 1) while x >= 2^29; then x is shifted left by 2p bits (p = (clz(x) - 1)
// / 2 - 1, shift -= p) into [2^27, 2^29); five Newton-Raphson steps
// y = 3/2 y - x/2 * y^3 in Q3.28 (from y = 1; products by
// SaturatingRoundingDoublingHighMul, the Q9 and Q6 results brought back to
// Q3 by saturating left shifts of 6 and 3, the difference wrapping), the
// input taken as (x >> 1) in Q3.28 and halved with rounding; then
// y * sqrt(2)/2 (1518500250 in Q0.31). A negative shift is folded into the
// multiplier (left shift). The shift is returned times reverse_shift.
inline void GetInvSqrtQuantizedMultiplierExp(int32_t input, int reverse_shift,
                                             int32_t* output_inv_sqrt, int* output_shift) {
  if (input <= 1) {
    *output_inv_sqrt = std::numeric_limits<int32_t>::max();
    *output_shift = 0;
    return;
  }
  int shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++shift;
  }
  const int max_left_shift_bits = CountLeadingZeros(static_cast<uint32_t>(input)) - 1;
  const int left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
  shift -= left_shift_bit_pairs;
  input = static_cast<int32_t>(static_cast<uint32_t>(input) << (2 * left_shift_bit_pairs));
  // Q3.28 values: input / 2, 3 / 2 and the iterate (starting at one).
  const int32_t half_input = RoundingDivideByPOT(input >> 1, 1);
  const int32_t half_three = (1 << 28) + (1 << 27);
  int32_t x = 1 << 28;
  for (int i = 0; i < 5; ++i) {
    // x^3: Q9.22, rescaled to Q3.28; the products below are Q6.25.
    const int32_t x3 = SaturatingRoundingMultiplyByPOT(
        SaturatingRoundingDoublingHighMul(SaturatingRoundingDoublingHighMul(x, x), x), 6);
    const int32_t next = WrapSub(SaturatingRoundingDoublingHighMul(half_three, x),
                                 SaturatingRoundingDoublingHighMul(half_input, x3));
    x = SaturatingRoundingMultiplyByPOT(next, 3);
  }
  const int32_t kHalfSqrt2 = 1518500250;  // sqrt(2) / 2 in Q0.31
  x = SaturatingRoundingDoublingHighMul(x, kHalfSqrt2);
  if (shift < 0) {
    x = static_cast<int32_t>(static_cast<uint32_t>(x) << -shift);
    shift = 0;
  }
  *output_inv_sqrt = x;
  *output_shift = shift * reverse_shift;
}

}  // namespace quant
}  // namespace circlet

#endif  // CIRCLET_QUANT_FIXED_POINT_MATH_H_
