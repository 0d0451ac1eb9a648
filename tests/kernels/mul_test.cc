// SPDX-License-Identifier: Apache-2.0
// MUL: float broadcasting against a nested-loop reference written here;
// int8 with hand-worked multipliers (exact products, saturation, and the
// gemmlowp tie rule), int16; prepare errors with their exact messages.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;
constexpr int kMul = 18;

TEST(Mul, FloatBroadcastAgainstNestedLoops) {
  // [2, 1, 3] * [4, 1] -> [2, 4, 3], RELU_N1_TO_1.
  std::vector<float> a(6), b(4);
  for (int i = 0; i < 6; ++i) a[i] = -1.25f + 0.5f * i;
  for (int i = 0; i < 4; ++i) b[i] = 0.75f - 0.5f * i;
  ModelWriter mw;
  int ta = mw.AddTensor("a", DType::kFloat32, {2, 1, 3});
  int tb = mw.AddTensor("b", DType::kFloat32, {4, 1});
  int y = mw.AddTensor("y", DType::kFloat32, {2, 4, 3});
  mw.AddOperator(kMul, {ta, tb}, {y}, writer::MulOptions(2));
  mw.SetInputs({ta, tb});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(a), test::Bytes(b)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const auto got = test::As<float>(r.outputs[0]);
  ASSERT_EQ(got.size(), 24u);
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 4; ++j) {
      for (int k = 0; k < 3; ++k) {
        const float want = std::min(1.0f, std::max(-1.0f, a[i * 3 + k] * b[j]));
        EXPECT_EQ(got[(i * 4 + j) * 3 + k], want) << i << "," << j << "," << k;
      }
    }
  }
}

std::vector<uint8_t> QuantMulModel(DType t, std::vector<int32_t> s1, std::vector<int32_t> s2,
                                   std::vector<int32_t> so, float sc1, int zp1, float sc2, int zp2,
                                   float sco, int zpo, int act = 0) {
  ModelWriter mw;
  int a = mw.AddTensor("a", t, s1, writer::PerTensor(sc1, zp1));
  int b = mw.AddTensor("b", t, s2, writer::PerTensor(sc2, zp2));
  int y = mw.AddTensor("y", t, so, writer::PerTensor(sco, zpo));
  mw.AddOperator(kMul, {a, b}, {y}, writer::MulOptions(act), 2);
  mw.SetInputs({a, b});
  mw.SetOutputs({y});
  return mw.Finish();
}

// 0.5 * 0.25 / 0.125 = 1 = (2^30, shift 1): out = (q1 - 1) * (q2 + 2) + 3 exactly.
TEST(Mul, Int8MultiplierOneExactAndSaturating) {
  const std::vector<int8_t> a = {5, 1, -7, 127, -128, 3};
  const std::vector<int8_t> b = {6, 100, 4, 127, 127, -2};
  // (4 * 8) + 3 = 35; 0 + 3; (-8 * 6) + 3 = -45; 126 * 129 -> 127; -129 * 129 -> -128; 0 + 3
  const std::vector<int8_t> want = {35, 3, -45, 127, -128, 3};
  auto r = test::RunModel(QuantMulModel(DType::kInt8, {6}, {6}, {6}, 0.5f, 1, 0.25f, -2, 0.125f, 3),
                          {test::Bytes(a), test::Bytes(b)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), want);
}

// 0.5 * 0.25 / 0.25 = 0.5 = (2^30, shift 0): out = SRDHM(acc, 2^30) + 3, i.e.
// acc / 2 rounded with ties toward +infinity (TFLite's rounding: +1.5 -> 2,
// but -1.5 -> -1, not -2).
TEST(Mul, Int8HalfMultiplierTieRule) {
  const std::vector<int8_t> a = {2, 0, 3, -1, 1, 2, 0};
  const std::vector<int8_t> b = {1, 1, 3, -1, 7, 3, 3};
  // acc = (q1 - 1) * (q2 + 2): 3, -3, 10, -2, 0, 5, -5
  //   / 2 -> 1.5 -> 2, -1.5 -> -1, 5, -1, 0, 2.5 -> 3, -2.5 -> -2; then + 3
  const std::vector<int8_t> want = {5, 2, 8, 2, 3, 6, 1};
  auto r = test::RunModel(QuantMulModel(DType::kInt8, {7}, {7}, {7}, 0.5f, 1, 0.25f, -2, 0.25f, 3),
                          {test::Bytes(a), test::Bytes(b)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), want);
}

TEST(Mul, Int8ScalarBroadcastMatchesRoundedRealWithRelu) {
  const float s1 = 0.05f, s2 = 0.03f, so = 0.07f;
  const int zp1 = 4, zp2 = -9, zpo = -20;
  const std::vector<int8_t> a = {-128, -60, -3, 0, 4, 17, 55, 127};
  const std::vector<int8_t> b = {77};  // one element, broadcast over [2, 4]
  auto r =
      test::RunModel(QuantMulModel(DType::kInt8, {2, 4}, {1}, {2, 4}, s1, zp1, s2, zp2, so, zpo, 1),
                     {test::Bytes(a), test::Bytes(b)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const auto got = test::As<int8_t>(r.outputs[0]);
  for (int i = 0; i < 8; ++i) {
    const double real = (a[i] - zp1) * static_cast<double>(s1) * (b[0] - zp2) * s2 / so;
    ASSERT_GT(std::fabs(real - std::floor(real) - 0.5), 1e-3) << "test case near a tie";
    const double q = std::min(127.0, std::max<double>(zpo, std::round(real) + zpo));  // RELU
    EXPECT_EQ(got[i], static_cast<int8_t>(q)) << i;
  }
}

// int16, zero points 0: 1/64 * 1/64 / (1/256) = 1/16 = (2^30, -3);
// out = round(q1 * q2 / 16): 100 * 33 / 16 = 206.25 -> 206; -100 * 33 / 16 -> -206;
// 300 * 300 / 16 = 5625; 32767 * 32767 / 16 saturates.
TEST(Mul, Int16) {
  const std::vector<int16_t> a = {100, -100, 300, 32767};
  const std::vector<int16_t> b = {33, 33, 300, 32767};
  auto r = test::RunModel(
      QuantMulModel(DType::kInt16, {4}, {4}, {4}, 1.0f / 64, 0, 1.0f / 64, 0, 1.0f / 256, 0),
      {test::Bytes(a), test::Bytes(b)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int16_t>(r.outputs[0]), (std::vector<int16_t>{206, -206, 5625, 32767}));
}

TEST(Mul, Int16NonZeroZeroPointRejected) {
  auto r =
      test::RunModel(QuantMulModel(DType::kInt16, {4}, {4}, {4}, 0.1f, 0, 0.1f, 5, 0.1f, 0), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 MUL: int16 inputs and output must have zero point 0 (tensors 0, 1, 2)");
}

TEST(Mul, ShapesThatDoNotBroadcast) {
  auto r = test::RunModel(
      QuantMulModel(DType::kInt8, {3, 2}, {3}, {3, 2}, 0.1f, 0, 0.1f, 0, 0.1f, 0), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 MUL: input shapes do not broadcast: tensor 0 has 2 and tensor 1 has 3 at "
               "axis 1 from the end");
}

}  // namespace
}  // namespace circlet
