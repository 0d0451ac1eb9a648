// SPDX-License-Identifier: Apache-2.0
// log(x) in fixed point, as TFLite's log_x_for_x_greater_than_or_equal_to_1
// (kernels/internal/common.h; LOG_SOFTMAX's int8 kernel), bit for bit.
//
// x > 0 is a Q(in_bits).(31 - in_bits) value; the result is
// Q(out_bits).(31 - out_bits), accumulated in Q(out_bits + 1):
//   x is normalised twice, z_a = x * 2^(clz(x) - 1) and, for x * sqrt(1/2),
//   z_b = x * 2^(clz(x * sqrt(1/2)) - 1), keeping the smaller mantissa
//   r (in [sqrt(1/2), 1) * sqrt(sqrt(1/2))-ish) and the larger power of two
//   (in_bits - headroom +- 1/4); then log(r) around sqrt(sqrt(1/2)) by a
//   rational approximation:
//     q = 2 (r - s), s = sqrt(sqrt(1/2)), p = (r + s) / 2,
//     log(r) - ... = (q r + q^3 a_n) / (1 + p (a_i + q + a_d q^2) + a_f q)
//   and log(x) = pow2 * log(2) + that, rescaled to Q(out_bits).
// Products are SaturatingRoundingDoublingHighMul, sums wrap (gemmlowp's
// FixedPoint + and -), except the two saturating power-of-two adjustments.
#ifndef CIRCLET_QUANT_FIXED_POINT_LOG_H_
#define CIRCLET_QUANT_FIXED_POINT_LOG_H_

#include <cstdint>
#include <limits>

#include "quant/fixed_point.h"
#include "quant/fixed_point_math.h"

namespace circlet {
namespace quant {

// Saturating int32 add/subtract (TFLite's SaturatingAddNonGemmlowp and
// SaturatingSub).
inline int32_t SaturatingAdd32(int32_t a, int32_t b) {
  const int64_t s = static_cast<int64_t>(a) + static_cast<int64_t>(b);
  return static_cast<int32_t>(s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : s));
}
inline int32_t SaturatingSub32(int32_t a, int32_t b) {
  const int64_t s = static_cast<int64_t>(a) - static_cast<int64_t>(b);
  return static_cast<int32_t>(s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : s));
}

template <int kOutputIntegerBits, int kInputIntegerBits>
inline int32_t LogXForXGreaterThanOrEqualTo1(int32_t x) {
  static_assert(kOutputIntegerBits >= 1 && kOutputIntegerBits <= 29, "output bits");
  constexpr int kAccumIntegerBits = kOutputIntegerBits + 1;
  constexpr int32_t kLog2 = 1488522236;          // log(2), Q0.31
  constexpr int32_t kSqrtSqrtHalf = 1805811301;  // sqrt(sqrt(1/2))
  constexpr int32_t kSqrtHalf = 1518500250;      // sqrt(1/2)
  constexpr int32_t kOneQuarter = 536870912;     // 1/4
  constexpr int32_t kAlphaN = 117049297;         // 11/240 * 2^(1/4)
  constexpr int32_t kAlphaD = 127690142;         // 1/20 * 2^(1/4)
  constexpr int32_t kAlphaI = 1057819769;        // 2 / 2^(1/4) - 2^(1/4)
  constexpr int32_t kAlphaF = 638450708;         // 1/4 * 2^(1/4)
  const int32_t shifted_quarter = RoundingDivideByPOT(kOneQuarter, kAccumIntegerBits);

  const int za_headroom_plus_1 = CountLeadingZeros(static_cast<uint32_t>(x));
  const int32_t ra_tmp = SaturatingRoundingMultiplyByPOT(x, za_headroom_plus_1 - 1);
  const int32_t ra =
      SaturatingRoundingMultiplyByPOT(SaturatingRoundingDoublingHighMul(ra_tmp, kSqrtHalf), 1);
  const int32_t za_pow2_adj =
      SaturatingAdd32(SaturatingRoundingMultiplyByPOT(kInputIntegerBits - za_headroom_plus_1,
                                                      31 - kAccumIntegerBits),
                      shifted_quarter);

  const int32_t zb = SaturatingRoundingDoublingHighMul(x, kSqrtHalf);
  const int zb_headroom = CountLeadingZeros(static_cast<uint32_t>(zb)) - 1;
  const int32_t rb = SaturatingRoundingMultiplyByPOT(x, zb_headroom);
  const int32_t zb_pow2_adj = SaturatingSub32(
      SaturatingRoundingMultiplyByPOT(kInputIntegerBits - zb_headroom, 31 - kAccumIntegerBits),
      shifted_quarter);

  const int32_t r = ra < rb ? ra : rb;
  const int32_t pow2_adj = za_pow2_adj > zb_pow2_adj ? za_pow2_adj : zb_pow2_adj;

  const int32_t p = RoundingHalfSum(r, kSqrtSqrtHalf);
  int32_t q = WrapSub(r, kSqrtSqrtHalf);
  q = WrapAdd(q, q);
  const int32_t common_sq = SaturatingRoundingDoublingHighMul(q, q);
  const int32_t num = WrapAdd(
      SaturatingRoundingDoublingHighMul(q, r),
      SaturatingRoundingDoublingHighMul(SaturatingRoundingDoublingHighMul(q, common_sq), kAlphaN));
  const int32_t inner =
      WrapAdd(WrapAdd(kAlphaI, q), SaturatingRoundingDoublingHighMul(kAlphaD, common_sq));
  const int32_t denom_minus_one = WrapAdd(SaturatingRoundingDoublingHighMul(p, inner),
                                          SaturatingRoundingDoublingHighMul(kAlphaF, q));
  const int32_t recip_denom = OneOverOnePlusXForXIn0To1(denom_minus_one);

  const int32_t num_scaled = RoundingDivideByPOT(num, kAccumIntegerBits);  // Q0 -> Q(accum)
  const int32_t sum = WrapAdd(SaturatingRoundingDoublingHighMul(pow2_adj, kLog2),
                              SaturatingRoundingDoublingHighMul(num_scaled, recip_denom));
  return SaturatingRoundingMultiplyByPOT(sum, kAccumIntegerBits - kOutputIntegerBits);
}

}  // namespace quant
}  // namespace circlet

#endif  // CIRCLET_QUANT_FIXED_POINT_LOG_H_
