// SPDX-License-Identifier: Apache-2.0
// ABS: float32; int8/int16 quantized |q - zp_in| rescaled to the output
// (TFLite Micro's AbsEvalQuantized), saturating; int16 unquantized plain |x|.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(AbsOp, Float) {
  OpTest t(opcode::ABS);
  t.Input<float>({1, 2, 2}, {-1.5f, -0.0f, 2.0f, -INFINITY});
  t.Output<float>({1, 2, 2});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y, (std::vector<float>{1.5f, 0.0f, 2.0f, INFINITY}));
  EXPECT_FALSE(std::signbit(y[1]));
}

TEST(AbsOp, Int8SameScaleSaturates) {
  // zp 10: |q - 10| + 10; q = -128 gives 138 + 10 = 148 -> 127.
  OpTest t(opcode::ABS);
  t.Input<int8_t>({5}, {-128, 0, 10, 20, 127}, writer::PerTensor(0.5f, 10));
  t.Output<int8_t>({5}, writer::PerTensor(0.5f, 10));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{127, 20, 10, 20, 127}));
}

TEST(AbsOp, Int8Rescaled) {
  // real = 0.5 q; out = |real| / 0.25 - 128 (multiplier 2 exactly).
  OpTest t(opcode::ABS);
  t.Input<int8_t>({5}, {-10, 0, 3, 127, -128}, writer::PerTensor(0.5f, 0));
  t.Output<int8_t>({5}, writer::PerTensor(0.25f, -128));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-108, -128, -122, 126, 127}));
}

TEST(AbsOp, Int16RescaledWithinOneLsb) {
  // real = q / 1000, out scale 1/3000: out = round(3 |q|), multiplier 3.
  OpTest t(opcode::ABS);
  const std::vector<int16_t> x = {-5, 7, -10000, 10922, -10923, 0};
  t.Input<int16_t>({6}, x, writer::PerTensor(0.001f, 0));
  t.Output<int16_t>({6}, writer::PerTensor(0.001f / 3.0f, 0));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int16_t> y = t.Out<int16_t>(0);
  for (size_t i = 0; i < x.size(); ++i) {
    const double want = std::min(32767.0, 3.0 * std::abs(static_cast<double>(x[i])));
    EXPECT_NEAR(y[i], want, 1.0) << i;
  }
  EXPECT_EQ(y[4], 32767);  // 32769 saturates
}

TEST(AbsOp, Int16UnquantizedIsThePlainAbsolute) {
  OpTest t(opcode::ABS);
  t.Input<int16_t>({3}, {-32768, -5, 7});
  t.Output<int16_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{-32768, 5, 7}));
}

TEST(AbsOp, RefusesInt16ZeroPointsAndInt32) {
  OpTest a(opcode::ABS);
  a.Input<int16_t>({1}, {1}, writer::PerTensor(0.5f, 3));
  a.Output<int16_t>({1}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(a.Run(),
            "op 0 ABS: int16 input (tensor 0) and output (tensor 1) need zero point 0, have 3 "
            "and 0");
  OpTest b(opcode::ABS);
  b.Input<int32_t>({1}, {-1});
  b.Output<int32_t>({1});
  EXPECT_EQ(b.Run(), "op 0 ABS: input 0 (tensor 0) is int32: not a type ABS takes");
}

}  // namespace
}  // namespace circlet
