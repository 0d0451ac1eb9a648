// SPDX-License-Identifier: Apache-2.0
// DIV: float IEEE division with the activation clamp, int32 truncation and
// its division-by-zero rules, int8 as TFLite (within 1 LSB of float for
// large dividends, TFLite's x86 shifts for small ones), errors.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options DivOpt(fb::ActivationFunctionType act) {
  return test::Opt(fb::BuiltinOptions_DivOptions,
                   [act](auto& b) { return fb::CreateDivOptions(b, act).Union(); });
}

TEST(DivOp, FloatBroadcastRank5) {
  const std::vector<int32_t> sa = {1, 2, 1, 1, 3}, sb = {2, 1};
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {2, -4};
  OpTest t(opcode::DIV);
  t.Input<float>(sa, a);
  t.Input<float>(sb, b);
  t.Output<float>({1, 2, 1, 2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0),
            test::BroadcastRef(a, sa, b, sb, [](float x, float y) { return x / y; }));
  EXPECT_EQ(t.Out<float>(0)[3], -0.25f);  // 1 / -4
}

TEST(DivOp, FloatByZeroIsClampedInfinityAndNan) {
  OpTest t(opcode::DIV);
  t.Input<float>({4}, {1, -1, 0, NAN});
  t.Input<float>({4}, {0, 0, 0, 1});
  t.Output<float>({4});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], FLT_MAX);
  EXPECT_EQ(y[1], -FLT_MAX);
  EXPECT_TRUE(std::isnan(y[2]));
  EXPECT_TRUE(std::isnan(y[3]));
}

TEST(DivOp, FloatReluN1To1) {
  OpTest t(opcode::DIV, DivOpt(fb::ActivationFunctionType_RELU_N1_TO_1));
  t.Input<float>({3}, {10, -10, 0.5f});
  t.Input<float>({1}, {2});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, -1, 0.25f}));
}

TEST(DivOp, Int32TruncatesTowardZero) {
  const int32_t kMin = std::numeric_limits<int32_t>::min();
  OpTest t(opcode::DIV);
  t.Input<int32_t>({6}, {7, -7, 7, -7, kMin, 5});
  t.Input<int32_t>({6}, {2, 2, -2, -2, -1, 0});
  t.Output<int32_t>({6});
  ASSERT_EQ(t.Run(), "");
  // INT32_MIN / -1 wraps; a run-time 0 divisor gives 0 (documented).
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{3, -3, -3, 3, kMin, 0}));
}

TEST(DivOp, Int32Relu6) {
  OpTest t(opcode::DIV, DivOpt(fb::ActivationFunctionType_RELU6));
  t.Input<int32_t>({3}, {100, -100, 9});
  t.Input<int32_t>({1}, {3});
  t.Output<int32_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{6, 0, 3}));
}

TEST(DivOp, Int32ConstantZeroDivisorIsRefused) {
  OpTest t(opcode::DIV);
  t.Input<int32_t>({3}, {1, 2, 3});
  t.Const<int32_t>({3}, {1, 0, 2});
  t.Output<int32_t>({3});
  EXPECT_EQ(t.Run(), "op 0 DIV: division by 0: constant input 2 (tensor 1) holds 0 at element 1");
}

TEST(DivOp, Int8WithinOneLsbOfFloatForLargeDividends) {
  // |q1 - zp1| >= 64: the rescaling stays within TFLite's 31-bit shifts.
  std::vector<int8_t> a = test::Pattern<int8_t>(16, 64, 127);
  for (size_t i = 0; i < a.size(); i += 2) a[i] = static_cast<int8_t>(-a[i]);
  const std::vector<int8_t> b = {50, -70, 100, -128};
  OpTest t(opcode::DIV);
  t.Input<int8_t>({4, 4}, a, writer::PerTensor(0.05f, 0));
  t.Input<int8_t>({4}, b, writer::PerTensor(0.02f, 0));
  t.Output<int8_t>({4, 4}, writer::PerTensor(0.03f, 0));
  ASSERT_EQ(t.Run(), "");
  std::vector<int32_t> want;
  for (size_t i = 0; i < a.size(); ++i) {
    const double real = (0.05 * a[i]) / (0.02 * b[i % 4]);
    want.push_back(test::QuantizeRef(real, 0.03, 0, -128, 127));
  }
  EXPECT_TRUE(test::WithinLsb(t.Out<int8_t>(0), want, 1));
}

TEST(DivOp, Int8SmallDividendsFollowTfliteShifts) {
  // All scales 1: M = 1 (2^30, shift 1). 100 / 100 = 1 exactly. For +-1 /
  // 100 TFLite's RoundingDivideByPOT gets exponent 30 + 6 - 1 = 35 (or 36):
  // on x86 its shift uses 35 & 31 = 3 (4) bits and a full mask, so the
  // quotient stays about 2^27 in magnitude and clamps: TFLite Micro's
  // goldens (div_int8) show these values, not round(0.01) = 0.
  OpTest t(opcode::DIV);
  t.Input<int8_t>({3}, {100, 1, -1}, writer::PerTensor(1.0f, 0));
  t.Input<int8_t>({1}, {100}, writer::PerTensor(1.0f, 0));
  t.Output<int8_t>({3}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 127, -128}));
}

TEST(DivOp, Int16IsNotATypeDivTakes) {
  OpTest t(opcode::DIV);
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 DIV: input 0 (tensor 0) is int16: not a type DIV takes");
}

TEST(DivOp, EmptyTensor) {
  OpTest t(opcode::DIV);
  t.Input<int32_t>({2, 0}, {});
  t.Input<int32_t>({1}, {3});
  t.Output<int32_t>({2, 0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<int32_t>(0).empty());
}

}  // namespace
}  // namespace circlet
