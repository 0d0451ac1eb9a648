// SPDX-License-Identifier: Apache-2.0
// quant/: multiplier quantization, gemmlowp rounding primitives at their edge
// cases, activation ranges, and the fixed-point exp / reciprocal helpers of
// the integer softmax against std::exp and 1/x. Expected values are worked
// out by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "quant/fixed_point.h"
#include "quant/fixed_point_math.h"
#include "quant/quantize.h"

namespace circlet {
namespace quant {
namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
constexpr double kTwo31 = 2147483648.0;

TEST(QuantizeMultiplier, ExactPowersAndFractions) {
  int32_t m = -1;
  int s = -1;
  QuantizeMultiplier(0.5, &m, &s);  // 0.5 * 2^0
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 0);
  QuantizeMultiplier(0.75, &m, &s);  // 0.75 * 2^31 = 1610612736
  EXPECT_EQ(m, 1610612736);
  EXPECT_EQ(s, 0);
  QuantizeMultiplier(3.0, &m, &s);  // 0.75 * 2^2
  EXPECT_EQ(m, 1610612736);
  EXPECT_EQ(s, 2);
  QuantizeMultiplier(0.0, &m, &s);
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
}

TEST(QuantizeMultiplier, SignificandRoundingUpTo2Pow31BumpsTheShift) {
  // frexp(0.99999999999) = 0.99999999999 * 2^0; * 2^31 = 2147483647.98,
  // which rounds to 2^31: halved to 2^30 with shift 0 + 1.
  int32_t m = 0;
  int s = 0;
  QuantizeMultiplier(0.99999999999, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 1);
  // Just below the rounding point: 1 - 2^-31 * 0.6 -> 2147483647.4 -> 2^31 - 1.
  QuantizeMultiplier(1.0 - 0.6 / kTwo31, &m, &s);
  EXPECT_EQ(m, kMax);
  EXPECT_EQ(s, 0);
}

TEST(QuantizeMultiplier, ShiftLimitsFlushAndSaturate) {
  int32_t m = 0;
  int s = 0;
  QuantizeMultiplier(std::ldexp(1.0, -32), &m, &s);  // 0.5 * 2^-31: smallest kept
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, -31);
  QuantizeMultiplier(std::ldexp(0.75, -31), &m, &s);
  EXPECT_EQ(m, 1610612736);
  EXPECT_EQ(s, -31);
  QuantizeMultiplier(std::ldexp(1.0, -33), &m, &s);  // shift -32: flushed to zero
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
  QuantizeMultiplier(std::ldexp(1.0, 29), &m, &s);  // 0.5 * 2^30: largest kept
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 30);
  QuantizeMultiplier(std::ldexp(1.0, 30), &m, &s);  // shift 31: saturated
  EXPECT_EQ(m, kMax);
  EXPECT_EQ(s, 30);
}

TEST(FixedPoint, SaturatingRoundingDoublingHighMulEdges) {
  // The one overflow case: (-1) * (-1) in Q0.31 is +1, not representable.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, kMin), kMax);
  // -2^31 * (2^31 - 1) / 2^31 = -(2^31 - 1) exactly.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, kMax), -kMax);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMax, kMax), kMax - 1);  // (2^31-1)^2/2^31
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, 1 << 30), -(1 << 30));
  // Ties: x * 2^30 / 2^31 = x / 2. +0.5 -> 1 and +1.5 -> 2, but -0.5 -> 0
  // and -1.5 -> -1: gemmlowp's nudge rounds ties toward +infinity.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(1, 1 << 30), 1);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(3, 1 << 30), 2);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-1, 1 << 30), 0);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-3, 1 << 30), -1);
  // Non-ties round to nearest: 5 * 0.75 = 3.75 -> 4, -3.75 -> -4.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(5, 1610612736), 4);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-5, 1610612736), -4);
}

TEST(FixedPoint, RoundingDivideByPOTTiesAwayFromZero) {
  EXPECT_EQ(RoundingDivideByPOT(5, 1), 3);    // 2.5
  EXPECT_EQ(RoundingDivideByPOT(-5, 1), -3);  // -2.5
  EXPECT_EQ(RoundingDivideByPOT(6, 2), 2);    // 1.5
  EXPECT_EQ(RoundingDivideByPOT(-6, 2), -2);  // -1.5
  EXPECT_EQ(RoundingDivideByPOT(5, 2), 1);    // 1.25
  EXPECT_EQ(RoundingDivideByPOT(-5, 2), -1);
  EXPECT_EQ(RoundingDivideByPOT(7, 2), 2);  // 1.75
  EXPECT_EQ(RoundingDivideByPOT(-7, 2), -2);
  EXPECT_EQ(RoundingDivideByPOT(-123, 0), -123);
  EXPECT_EQ(RoundingDivideByPOT(kMin, 31), -1);        // exactly -1
  EXPECT_EQ(RoundingDivideByPOT(kMax, 31), 1);         // 0.99999...
  EXPECT_EQ(RoundingDivideByPOT(1 << 30, 31), 1);      // 0.5
  EXPECT_EQ(RoundingDivideByPOT(-(1 << 30), 31), -1);  // -0.5
  EXPECT_EQ(RoundingDivideByPOT((1 << 30) - 1, 31), 0);
}

TEST(FixedPoint, MultiplyByQuantizedMultiplierEdges) {
  // INT32_MIN * 0.5 = -2^30 exactly; then further right shifts.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(kMin, 1 << 30, 0), -(1 << 30));
  EXPECT_EQ(MultiplyByQuantizedMultiplier(kMin, 1 << 30, -1), -(1 << 29));
  // -2^30 / 2^31 = -0.5 -> -1 (away from zero).
  EXPECT_EQ(MultiplyByQuantizedMultiplier(kMin, 1 << 30, -31), -1);
  // INT32_MIN * (2^31 - 1) / 2^31 = -(2^31 - 1).
  EXPECT_EQ(MultiplyByQuantizedMultiplier(kMin, kMax, 0), -kMax);
  // Positive shift: 3 * 4 * 0.5 = 6; 1000 * 0.75 * 2^-3 = 93.75 -> 94.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(3, 1 << 30, 2), 6);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(1000, 1610612736, -3), 94);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-1000, 1610612736, -3), -94);
  // Tie in the final shift: 12 * 0.5 / 4 = 1.5 -> 2, -1.5 -> -2.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(12, 1 << 30, -2), 2);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-12, 1 << 30, -2), -2);
}

TEST(FixedPoint, SaturatingRoundingMultiplyByPOT) {
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(1 << 29, 1), 1 << 30);
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT((1 << 30) - 1, 1), kMax - 1);
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(1 << 30, 1), kMax);  // above 2^30 - 1
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(-((1 << 30) - 1), 1), -(kMax - 1));
  // gemmlowp saturates below -(2^30 - 1), so -2^30 gives INT32_MIN (= -2^31 anyway).
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(-(1 << 30), 1), kMin);
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(-(1 << 29) - 1, 2), kMin);
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(5, -1), 3);  // 2.5 -> 3
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(-5, -1), -3);
  EXPECT_EQ(SaturatingRoundingMultiplyByPOT(-77, 0), -77);
}

TEST(FixedPoint, RoundingHalfSumAndClz) {
  EXPECT_EQ(RoundingHalfSum(1, 2), 2);  // 1.5 -> 2
  EXPECT_EQ(RoundingHalfSum(-1, -2), -2);
  EXPECT_EQ(RoundingHalfSum(kMax, kMax), kMax);
  EXPECT_EQ(RoundingHalfSum(kMin, kMin), kMin);
  EXPECT_EQ(RoundingHalfSum(kMin, kMax), -1);  // -0.5 -> -1
  EXPECT_EQ(CountLeadingZeros(0), 32);
  EXPECT_EQ(CountLeadingZeros(1), 31);
  EXPECT_EQ(CountLeadingZeros(1u << 19), 12);
  EXPECT_EQ(CountLeadingZeros(0x80000000u), 0);
}

TEST(ActivationRange, Int8EachActivation) {
  // scale 0.1, zero point -10: 0 -> -10, 6 / 0.1 = 60 -> 50, +-1 -> +-10 -> -20 / 0.
  int32_t lo = 0, hi = 0;
  ActivationRangeQuantized(0, 0.1f, -10, DType::kInt8, &lo, &hi);
  EXPECT_EQ(lo, -128);
  EXPECT_EQ(hi, 127);
  ActivationRangeQuantized(1, 0.1f, -10, DType::kInt8, &lo, &hi);
  EXPECT_EQ(lo, -10);
  EXPECT_EQ(hi, 127);
  ActivationRangeQuantized(2, 0.1f, -10, DType::kInt8, &lo, &hi);
  EXPECT_EQ(lo, -20);
  EXPECT_EQ(hi, 0);
  ActivationRangeQuantized(3, 0.1f, -10, DType::kInt8, &lo, &hi);
  EXPECT_EQ(lo, -10);
  EXPECT_EQ(hi, 50);
  // scale 0.01, zero point 0: RELU6 upper 600 and RELU_N1_TO_1 +-100 clamp to int8.
  ActivationRangeQuantized(3, 0.01f, 0, DType::kInt8, &lo, &hi);
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 127);
  ActivationRangeQuantized(2, 0.01f, 0, DType::kInt8, &lo, &hi);
  EXPECT_EQ(lo, -100);
  EXPECT_EQ(hi, 100);
  ActivationRangeQuantized(2, 0.001f, 0, DType::kInt8, &lo, &hi);  // +-1000
  EXPECT_EQ(lo, -128);
  EXPECT_EQ(hi, 127);
}

TEST(ActivationRange, Int16AndFloat) {
  int32_t lo = 0, hi = 0;
  ActivationRangeQuantized(0, 0.001f, 0, DType::kInt16, &lo, &hi);
  EXPECT_EQ(lo, -32768);
  EXPECT_EQ(hi, 32767);
  ActivationRangeQuantized(1, 0.001f, 0, DType::kInt16, &lo, &hi);
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 32767);
  ActivationRangeQuantized(2, 0.001f, 0, DType::kInt16, &lo, &hi);
  EXPECT_EQ(lo, -1000);
  EXPECT_EQ(hi, 1000);
  ActivationRangeQuantized(3, 0.001f, 0, DType::kInt16, &lo, &hi);
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 6000);
  float flo = 0, fhi = 0;
  ActivationRangeFloat(3, &flo, &fhi);
  EXPECT_EQ(flo, 0.0f);
  EXPECT_EQ(fhi, 6.0f);
  ActivationRangeFloat(2, &flo, &fhi);
  EXPECT_EQ(flo, -1.0f);
  EXPECT_EQ(fhi, 1.0f);
}

// exp on Q5.26 inputs over the whole range [-32, 0]: within the documented
// 3e-7 of std::exp (the 4th-order Taylor remainder (1/8)^5 / 120 = 2.5e-7).
TEST(FixedPointMath, ExpOnNegativeValuesQ5_26) {
  EXPECT_EQ(ExpOnNegativeValues<5>(0), kMax);
  double worst = 0;
  for (int64_t a = 0; a >= -(32LL << 26); a -= 4099) {
    const double got = ExpOnNegativeValues<5>(static_cast<int32_t>(a)) / kTwo31;
    const double err = std::fabs(got - std::exp(a / 67108864.0));
    worst = std::max(worst, err);
    ASSERT_LE(err, 3e-7) << "a = " << a / 67108864.0;
  }
  EXPECT_GT(worst, 1e-8);  // the sweep really exercised the approximation
  // exp(-1): the quarter remainder path (-1/4 on the interval, then
  // exp(-1/4) and exp(-1/2) from the barrel shifter).
  EXPECT_NEAR(ExpOnNegativeValues<5>(-(1 << 26)), std::exp(-1.0) * kTwo31, 3e-7 * kTwo31);
  // Most negative input: exp(-32) is 0 in Q0.31.
  EXPECT_EQ(ExpOnNegativeValues<5>(kMin), 0);
}

TEST(FixedPointMath, ExpOnNegativeValuesOtherFormats) {
  for (int64_t a = 0; a >= -(1LL << 31); a -= 1000003) {  // Q0.31: [-1, 0]
    const double got = ExpOnNegativeValues<0>(static_cast<int32_t>(a)) / kTwo31;
    ASSERT_NEAR(got, std::exp(a / kTwo31), 3e-7) << a;
  }
  // Q6.25: -20 is still computed, below -32 it is clamped to 0.
  EXPECT_NEAR(ExpOnNegativeValues<6>(-(20 << 25)) / kTwo31, std::exp(-20.0), 3e-7);
  EXPECT_EQ(ExpOnNegativeValues<6>(-(33 << 25)), 0);
  EXPECT_EQ(ExpOnNegativeValues<6>(0), kMax);
}

TEST(FixedPointMath, OneOverOnePlusX) {
  for (int64_t x = 0; x < (1LL << 31); x += 999983) {
    const double got = OneOverOnePlusXForXIn0To1(static_cast<int32_t>(x)) / kTwo31;
    ASSERT_NEAR(got, 1.0 / (1.0 + x / kTwo31), 5e-9) << x;
  }
  EXPECT_NEAR(OneOverOnePlusXForXIn0To1(1 << 30) / kTwo31, 2.0 / 3.0, 5e-9);  // x = 1/2
}

TEST(FixedPointMath, GetReciprocal) {
  int k = -1;
  // 1.0 in Q12.19: 1/1 = r * 2^0 with r ~ 1.
  EXPECT_NEAR(GetReciprocal(1 << 19, 12, &k) / kTwo31, 1.0, 1e-8);
  EXPECT_EQ(k, 0);
  // 4.0: 1/4 = 1 * 2^-2.
  EXPECT_NEAR(GetReciprocal(1 << 21, 12, &k) / kTwo31, 1.0, 1e-8);
  EXPECT_EQ(k, 2);
  // 3.0 = 1.5 * 2^1: 1/3 = (2/3) * 2^-1.
  EXPECT_NEAR(GetReciprocal(3 << 19, 12, &k) / kTwo31, 2.0 / 3.0, 1e-8);
  EXPECT_EQ(k, 1);
  for (int64_t s = 1 << 12; s < (1LL << 31); s += 7777777) {  // [2^-7, 4096) in Q12.19
    const double r = GetReciprocal(static_cast<int32_t>(s), 12, &k) / kTwo31;
    ASSERT_NEAR(r * std::ldexp(1.0, -k) * (s / 524288.0), 1.0, 1e-8) << s;
  }
}

TEST(SoftmaxScaling, PreprocessAndRadius) {
  int32_t m = 0;
  int shift = 0;
  // beta 1, scale 1/256: 2^-8 * 2^26 = 2^18 = 0.5 * 2^19.
  ASSERT_TRUE(PreprocessSoftmaxScaling(1.0, 1.0 / 256, 5, &m, &shift));
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(shift, 19);
  // floor(31 * 2^26 / 2^19) = 31 * 128.
  EXPECT_EQ(CalculateInputRadius(5, 19), 3968);
  // beta 1, scale 3/32: 3 * 2^21 = 0.75 * 2^23.
  ASSERT_TRUE(PreprocessSoftmaxScaling(1.0, 3.0 / 32, 5, &m, &shift));
  EXPECT_EQ(m, 1610612736);
  EXPECT_EQ(shift, 23);
  EXPECT_EQ(CalculateInputRadius(5, 23), 248);
  // beta 2, scale 0.1: 0.2 * 2^26 = 13421772.8 = 0.8 * 2^24; 0.8 * 2^31 = 1717986918.4.
  ASSERT_TRUE(PreprocessSoftmaxScaling(2.0, 0.1, 5, &m, &shift));
  EXPECT_EQ(m, 1717986918);
  EXPECT_EQ(shift, 24);
  EXPECT_EQ(CalculateInputRadius(5, 24), 124);  // floor(31 * 4) = 124
  EXPECT_EQ(CalculateInputRadius(5, 20), 1984);
  // Too small to be a multiplier > 1: beta * scale * 2^26 = 0.67.
  EXPECT_FALSE(PreprocessSoftmaxScaling(1.0, 1e-8, 5, &m, &shift));
}

}  // namespace
}  // namespace quant
}  // namespace circlet
