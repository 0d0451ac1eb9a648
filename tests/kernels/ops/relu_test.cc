// SPDX-License-Identifier: Apache-2.0
// RELU: max(x, 0); int8/int16 rescaled to the output quantization with the
// clamp at the output's zero point.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(ReluOp, Float) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::RELU);
  t.Input<float>({2, 3}, {-1.0f, 0.0f, 2.5f, std::nanf(""), -inf, inf});
  t.Output<float>({2, 3});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], 0.0f);
  EXPECT_EQ(y[2], 2.5f);
  EXPECT_TRUE(std::isnan(y[3]));  // TFLite Micro: NaN < 0 is false, NaN stays
  EXPECT_EQ(y[4], 0.0f);
  EXPECT_EQ(y[5], inf);
}

TEST(ReluOp, Int8RescalesAndSaturates) {
  // real = 0.5 * (q + 10); out = 4 * real - 128 = 2 * (q + 10) - 128.
  OpTest t(opcode::RELU);
  t.Input<int8_t>({6}, {-128, -20, -10, -9, 0, 127}, writer::PerTensor(0.5f, -10));
  t.Output<int8_t>({6}, writer::PerTensor(0.25f, -128));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-128, -128, -128, -126, -108, 127}));
}

TEST(ReluOp, Int16) {
  OpTest t(opcode::RELU);
  t.Input<int16_t>({5}, {-32768, -5, 0, 100, 20000}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({5}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{0, 0, 0, 200, 32767}));
}

TEST(ReluOp, EmptyTensor) {
  OpTest t(opcode::RELU);
  t.Input<float>({2, 0}, {});
  t.Output<float>({2, 0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<float>(0).empty());
}

TEST(ReluOp, Int16NeedsZeroPointZero) {
  OpTest t(opcode::RELU);
  t.Input<int16_t>({2}, {1, 2}, writer::PerTensor(1.0f, 3));
  t.Output<int16_t>({2}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(),
            "op 0 RELU: int16 input (tensor 0) and output (tensor 1) need zero point 0, have 3 "
            "and 0");
}

TEST(ReluOp, OutputShapeMustMatch) {
  OpTest t(opcode::RELU);
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Output<float>({3, 2});
  EXPECT_NE(t.Run(), "");
}

}  // namespace
}  // namespace circlet
