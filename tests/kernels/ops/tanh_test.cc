// SPDX-License-Identifier: Apache-2.0
// TANH: int8 through gemmlowp's fixed-point tanh (output 1/128, zero point
// 0), int16 through the sigmoid table (zero points 0, output 2^-15).
// Quantized results are checked within 1 LSB of std::tanh, exactly where the
// value is exact.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(TanhOp, Float) {
  OpTest t(opcode::TANH);
  const std::vector<float> x = {0.0f, 0.5f, -3.0f, 20.0f, -20.0f};
  t.Input<float>({5}, x);
  t.Output<float>({5});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], std::tanh(x[i]), 1e-6) << x[i];
}

TEST(TanhOp, Int8) {
  // x = (q + 5) / 32; y = o / 128.
  OpTest t(opcode::TANH);
  const std::vector<int8_t> q = {-128, -37, -5, -4, 11, 30, 127};
  t.Input<int8_t>({7}, q, writer::PerTensor(1.0f / 32, -5));
  t.Output<int8_t>({7}, writer::PerTensor(1.0f / 128, 0));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int8_t> y = t.Out<int8_t>(0);
  for (size_t i = 0; i < q.size(); ++i) {
    const double want = std::min(127.0, std::tanh((q[i] + 5) / 32.0) * 128);
    EXPECT_LE(std::abs(y[i] - want), 1.0) << int(q[i]);
  }
  EXPECT_EQ(y[2], 0);     // x = 0
  EXPECT_EQ(y[0], -128);  // -3.84: -127.9 rounds to -128 (radius 240 not reached)
}

TEST(TanhOp, Int16) {
  // Power-of-two scales 2^-12 (shift 0), 2^-11 (shift 1) and a general one.
  for (float scale : {1.0f / 4096, 1.0f / 2048, 3.0f / 32767}) {
    OpTest t(opcode::TANH);
    const std::vector<int16_t> q = {-32768, -4096, -200, 0, 1, 200, 4096, 32767};
    t.Input<int16_t>({8}, q, writer::PerTensor(scale, 0));
    t.Output<int16_t>({8}, writer::PerTensor(1.0f / 32768, 0));
    ASSERT_EQ(t.Run(), "");
    const std::vector<int16_t> y = t.Out<int16_t>(0);
    for (size_t i = 0; i < q.size(); ++i) {
      const double want = std::min(32767.0, std::tanh(q[i] * static_cast<double>(scale)) * 32768);
      EXPECT_LE(std::abs(y[i] - want), 1.0) << q[i] << " scale " << scale;
    }
    EXPECT_EQ(y[3], 0);
  }
}

TEST(TanhOp, Int16NeedsZeroPointZero) {
  OpTest t(opcode::TANH);
  t.Input<int16_t>({1}, {0}, writer::PerTensor(1.0f / 4096, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f / 32768, 1));
  EXPECT_EQ(t.Run(),
            "op 0 TANH: int16 input (tensor 0) and output (tensor 1) need zero point 0, have 0 "
            "and 1");
}

}  // namespace
}  // namespace circlet
