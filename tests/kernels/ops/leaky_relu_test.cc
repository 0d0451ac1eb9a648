// SPDX-License-Identifier: Apache-2.0
// LEAKY_RELU: x > 0 ? x : alpha * x; int8/int16 with the identity and alpha
// multipliers of TFLite (alpha may be negative or > 1).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options Alpha(float alpha) {
  return Opt(fb::BuiltinOptions_LeakyReluOptions,
             [alpha](auto& b) { return fb::CreateLeakyReluOptions(b, alpha).Union(); });
}

TEST(LeakyReluOp, Float) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::LEAKY_RELU, Alpha(0.2f));
  t.Input<float>({5}, {-5.0f, 0.0f, 3.0f, -inf, std::nanf("")});
  t.Output<float>({5});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_FLOAT_EQ(y[0], -1.0f);
  EXPECT_EQ(y[1], 0.0f);
  EXPECT_EQ(y[2], 3.0f);
  EXPECT_EQ(y[3], -inf);
  EXPECT_TRUE(std::isnan(y[4]));
}

TEST(LeakyReluOp, MissingOptionsMeanAlphaZero) {
  OpTest t(opcode::LEAKY_RELU);
  t.Input<float>({2}, {-5.0f, 2.0f});
  t.Output<float>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{-0.0f, 2.0f}));
}

TEST(LeakyReluOp, Int8) {
  // alpha 0.25, same scales: -2 -> -0.5 -> -1 (half away from zero in the
  // final shift), -1 -> -0.25 -> 0.
  OpTest t(opcode::LEAKY_RELU, Alpha(0.25f));
  t.Input<int8_t>({5}, {-128, -2, -1, 0, 127}, writer::PerTensor(0.5f, 0));
  t.Output<int8_t>({5}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-32, -1, 0, 0, 127}));
}

TEST(LeakyReluOp, Int8ZeroPointsAndSaturation) {
  // real = (q - 10) / 8; out = 4 * real - 100 (identity M = 0.5, alpha M = 1).
  OpTest t(opcode::LEAKY_RELU, Alpha(2.0f));
  t.Input<int8_t>({5}, {-128, 8, 10, 12, 127}, writer::PerTensor(0.125f, 10));
  t.Output<int8_t>({5}, writer::PerTensor(0.25f, -100));
  ASSERT_EQ(t.Run(), "");
  // -138 -> -238 clamps; -2 -> -102; 0 -> -100; 2 -> -99; 117 -> 58.5 -> -41.
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-128, -102, -100, -99, -41}));
}

TEST(LeakyReluOp, Int8NegativeAlpha) {
  OpTest t(opcode::LEAKY_RELU, Alpha(-1.0f));
  t.Input<int8_t>({4}, {-128, -5, 0, 5}, writer::PerTensor(1.0f, 0));
  t.Output<int8_t>({4}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{127, 5, 0, 5}));
}

TEST(LeakyReluOp, Int16) {
  OpTest t(opcode::LEAKY_RELU, Alpha(0.5f));
  const std::vector<int16_t> x = {-32768, -3, 5, 32767};
  t.Input<int16_t>({4}, x, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({4}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  // -1.5 -> -1: the doubling high multiply rounds the tie toward +infinity.
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{-16384, -1, 5, 32767}));
}

TEST(LeakyReluOp, OutputTypeMustMatch) {
  OpTest t(opcode::LEAKY_RELU, Alpha(0.5f));
  t.Input<int8_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_NE(t.Run(), "");
}

}  // namespace
}  // namespace circlet
