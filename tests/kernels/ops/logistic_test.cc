// SPDX-License-Identifier: Apache-2.0
// LOGISTIC: 1 / (1 + exp(-x)); int8 through gemmlowp's fixed-point logistic
// (output 1/256, zero point -128), int16 through the sigmoid table (zero
// points 0, output 2^-15). Quantized results are checked within 1 LSB of
// the float function, exactly where the value is exact.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

double Sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

TEST(LogisticOp, Float) {
  OpTest t(opcode::LOGISTIC);
  const std::vector<float> x = {0.0f, 1.0f, -1.0f, 5.0f, 20.0f, -20.0f};
  t.Input<float>({6}, x);
  t.Output<float>({6});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], Sigmoid(x[i]), 1e-6) << x[i];
  EXPECT_EQ(y[4], 1.0f);  // above the upper cutoff
}

TEST(LogisticOp, FloatNaN) {
  OpTest t(opcode::LOGISTIC);
  t.Input<float>({1}, {std::nanf("")});
  t.Output<float>({1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(std::isnan(t.Out<float>(0)[0]));
}

TEST(LogisticOp, Int8) {
  // x = (q - 3) / 16; y = o / 256 + 0.5.
  OpTest t(opcode::LOGISTIC);
  const std::vector<int8_t> q = {-128, -13, 0, 3, 4, 19, 60, 127};
  t.Input<int8_t>({8}, q, writer::PerTensor(0.0625f, 3));
  t.Output<int8_t>({8}, writer::PerTensor(1.0f / 256, -128));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int8_t> y = t.Out<int8_t>(0);
  for (size_t i = 0; i < q.size(); ++i) {
    const double want = std::min(127.0, Sigmoid((q[i] - 3) / 16.0) * 256 - 128);
    EXPECT_LE(std::abs(y[i] - want), 1.0) << int(q[i]);
  }
  EXPECT_EQ(y[3], 0);     // x = 0: exactly one half
  EXPECT_EQ(y[0], -128);  // far below: saturated
  EXPECT_EQ(y[7], 127);   // far above: saturated
}

TEST(LogisticOp, Int8NeedsOutputZeroPointMinus128) {
  OpTest t(opcode::LOGISTIC);
  t.Input<int8_t>({1}, {0}, writer::PerTensor(0.0625f, 0));
  t.Output<int8_t>({1}, writer::PerTensor(1.0f / 256, 0));
  EXPECT_EQ(t.Run(), "op 0 LOGISTIC: int8 output (tensor 1) zero point is 0, not -128");
}

TEST(LogisticOp, Int16) {
  // Power-of-two input scale 2^-12 (x in [-8, 8)) and a general one.
  for (float scale : {1.0f / 4096, 3.0f / 32767}) {
    OpTest t(opcode::LOGISTIC);
    const std::vector<int16_t> q = {-32768, -4096, -100, 0, 1, 100, 4096, 20000, 32767};
    t.Input<int16_t>({9}, q, writer::PerTensor(scale, 0));
    t.Output<int16_t>({9}, writer::PerTensor(1.0f / 32768, 0));
    ASSERT_EQ(t.Run(), "");
    const std::vector<int16_t> y = t.Out<int16_t>(0);
    for (size_t i = 0; i < q.size(); ++i) {
      const double want = std::min(32767.0, Sigmoid(q[i] * static_cast<double>(scale)) * 32768);
      EXPECT_LE(std::abs(y[i] - want), 1.0) << q[i] << " scale " << scale;
    }
    EXPECT_EQ(y[3], 16384);
  }
}

TEST(LogisticOp, Int16OutputScaleMustBe2PowMinus15) {
  OpTest t(opcode::LOGISTIC);
  t.Input<int16_t>({1}, {0}, writer::PerTensor(1.0f / 4096, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f / 20000, 0));
  EXPECT_EQ(t.Run(), "op 0 LOGISTIC: int16 output (tensor 1) scale must be 2^-15");
}

}  // namespace
}  // namespace circlet
