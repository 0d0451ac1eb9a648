// SPDX-License-Identifier: Apache-2.0
// RSQRT: float32 1/sqrt(x); int8/int16 with TFLite Micro's fixed-point
// inverse square root, checked against the float formula within 1 LSB and
// exactly where the result is a power of two; v == 0 gives the maximum.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(RsqrtOp, Float) {
  OpTest t(opcode::RSQRT);
  t.Input<float>({4}, {4.0f, 0.25f, 0.0f, -1.0f});
  t.Output<float>({4});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 0.5f);
  EXPECT_EQ(y[1], 2.0f);
  EXPECT_EQ(y[2], INFINITY);
  EXPECT_TRUE(std::isnan(y[3]));
}

TEST(RsqrtOp, Int8) {
  // real x = (q + 128) / 16, out = 64 / sqrt(x) - 128.
  OpTest t(opcode::RSQRT);
  const std::vector<int8_t> q = {-64, -112, -127, -128, -28, 127, -100};
  t.Input<int8_t>({7}, q, writer::PerTensor(0.0625f, -128));
  t.Output<int8_t>({7}, writer::PerTensor(0.015625f, -128));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int8_t> y = t.Out<int8_t>(0);
  EXPECT_EQ(y[0], -96);  // x = 4: 0.5
  EXPECT_EQ(y[1], -64);  // x = 1: 1
  EXPECT_EQ(y[2], 127);  // x = 1/16: 4 -> 128 saturates
  EXPECT_EQ(y[3], 127);  // x = 0: the maximum
  for (size_t i = 4; i < q.size(); ++i) {
    const double x = (q[i] + 128) / 16.0;
    EXPECT_NEAR(y[i], 64.0 / std::sqrt(x) - 128.0, 1.0) << i;
  }
}

TEST(RsqrtOp, Int16) {
  // scale 1/1024 on both sides: out = 1024 / sqrt(q / 1024).
  OpTest t(opcode::RSQRT);
  const std::vector<int16_t> q = {1024, 4096, 0, 1, 256, 3000, 32767};
  t.Input<int16_t>({7}, q, writer::PerTensor(1.0f / 1024, 0));
  t.Output<int16_t>({7}, writer::PerTensor(1.0f / 1024, 0));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int16_t> y = t.Out<int16_t>(0);
  EXPECT_EQ(y[0], 1024);
  EXPECT_EQ(y[1], 512);
  EXPECT_EQ(y[2], 32767);
  EXPECT_EQ(y[3], 32767);  // 32768 saturates
  EXPECT_EQ(y[4], 2048);
  for (size_t i = 5; i < q.size(); ++i) {
    EXPECT_NEAR(y[i], 1024.0 / std::sqrt(q[i] / 1024.0), 1.0) << i;
  }
}

TEST(RsqrtOp, RefusesInt16ZeroPointAndUnquantizedInt8) {
  OpTest a(opcode::RSQRT);
  a.Input<int16_t>({1}, {1}, writer::PerTensor(0.5f, 3));
  a.Output<int16_t>({1}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(a.Run(),
            "op 0 RSQRT: int16 input (tensor 0) and output (tensor 1) need zero point 0, have 3 "
            "and 0");
  OpTest b(opcode::RSQRT);
  b.Input<int8_t>({1}, {1});
  b.Output<int8_t>({1});
  EXPECT_EQ(b.Run(), "op 0 RSQRT: input (tensor 0) needs one scale and zero point, has 0");
}

}  // namespace
}  // namespace circlet
