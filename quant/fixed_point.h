// SPDX-License-Identifier: Apache-2.0
// Fixed-point arithmetic shared by every int8/int16 kernel, reproducing
// TFLite's reference integer math bit for bit (gemmlowp rounding semantics).
//
// A real multiplier M > 0 is represented as M = q * 2^shift with q an int32
// in [2^30, 2^31) read as a Q0.31 fraction in [0.5, 1). Applying it to an
// int32 accumulator x:
//   MultiplyByQuantizedMultiplier(x, q, shift)
//     = RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x * 2^max(shift,0), q),
//                           max(-shift, 0))
// SaturatingRoundingDoublingHighMul(a, b) = round(a * b / 2^31), ties
// toward +infinity (-1.5 -> -1, as gemmlowp/TFLite), saturating the single
// overflow case INT32_MIN * INT32_MIN.
// RoundingDivideByPOT(x, e) = round(x / 2^e), ties away from zero.
#ifndef CIRCLET_QUANT_FIXED_POINT_H_
#define CIRCLET_QUANT_FIXED_POINT_H_

#include <cstdint>
#include <limits>
#include <type_traits>

namespace circlet {
namespace quant {

inline int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  const bool overflow = a == b && a == std::numeric_limits<int32_t>::min();
  const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  const int32_t high = static_cast<int32_t>((ab + nudge) / (1LL << 31));
  return overflow ? std::numeric_limits<int32_t>::max() : high;
}

inline int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// shift > 0: left shift before the multiply; shift <= 0: rounding right shift after.
inline int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return RoundingDivideByPOT(
      SaturatingRoundingDoublingHighMul(static_cast<int32_t>(static_cast<uint32_t>(x) << left),
                                        multiplier),
      right);
}

// For multipliers < 1 (left_shift <= 0), as TFLite's ...SmallerThanOneExp.
inline int32_t MultiplyByQuantizedMultiplierSmallerThanOneExp(int32_t x, int32_t multiplier,
                                                              int left_shift) {
  return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, multiplier), -left_shift);
}

// For multipliers > 1 (left_shift >= 0), as TFLite's ...GreaterThanOne.
inline int32_t MultiplyByQuantizedMultiplierGreaterThanOne(int32_t x, int32_t multiplier,
                                                           int left_shift) {
  return SaturatingRoundingDoublingHighMul(
      static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift), multiplier);
}

// Two's-complement wrapping add/multiply-add for int32 accumulators: the
// result TFLite's kernels produce on real hardware, but defined behaviour
// when a hostile model makes a sum overflow (signed overflow is undefined).
inline int32_t WrapAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t WrapSub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}
// The same for any integer type (int32/int64 elementwise ADD, SUB, MUL).
template <typename T>
inline T WrapAddT(T a, T b) {
  using U = typename std::make_unsigned<T>::type;
  return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
}
template <typename T>
inline T WrapSubT(T a, T b) {
  using U = typename std::make_unsigned<T>::type;
  return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
}
template <typename T>
inline T WrapMulT(T a, T b) {
  using U = typename std::make_unsigned<T>::type;
  return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
}

// Requantizes an accumulator: MultiplyByQuantizedMultiplier, plus the output
// zero point (wrapping), clamped to [act_min, act_max].
inline int32_t Requantize(int32_t acc, int32_t multiplier, int shift, int32_t output_offset,
                          int32_t act_min, int32_t act_max) {
  int32_t v = WrapAdd(MultiplyByQuantizedMultiplier(acc, multiplier, shift), output_offset);
  return v < act_min ? act_min : (v > act_max ? act_max : v);
}

// TFLite's MultiplyByQuantizedMultiplier for an int64 accumulator (16x8
// kernels, common.h without TFLITE_SINGLE_ROUNDING): the multiplier reduced
// to 16 bits, round((q + 2^15) >> 16), saturating at 0x7FFF for q >=
// 0x7FFF0000; then (x * reduced + 2^(14 - shift)) >> (15 - shift)
// (arithmetic shift: ties toward +infinity), the low 32 bits kept. Callers
// keep shift <= 14 (TFLite asserts shift < 8) and TFLite assumes |x| <
// 2^47; beyond that (a hostile model's int64 bias) the multiply and add wrap
// instead of being undefined.
inline int32_t MultiplyByQuantizedMultiplierInt64(int64_t x, int32_t multiplier, int shift) {
  const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int total_shift = 15 - shift;
  const int64_t round = static_cast<int64_t>(1) << (total_shift - 1);
  return static_cast<int32_t>(WrapAddT<int64_t>(WrapMulT<int64_t>(x, reduced), round) >>
                              total_shift);
}

template <typename T>
inline T Clamp(int32_t v, int32_t lo, int32_t hi) {
  return static_cast<T>(v < lo ? lo : (v > hi ? hi : v));
}

}  // namespace quant
}  // namespace circlet

#endif  // CIRCLET_QUANT_FIXED_POINT_H_
