// SPDX-License-Identifier: Apache-2.0
// RELU_N1_TO_1: min(max(x, -1), 1); float32 and int8 (TFLite's reference
// kernels: int8 rescaled to the output, int16 refused).
#include <gtest/gtest.h>

#include <cmath>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(ReluN1To1Op, Float) {
  OpTest t(opcode::RELU_N1_TO_1);
  t.Input<float>({5}, {-2.0f, -0.5f, 0.5f, 2.0f, std::nanf("")});
  t.Output<float>({5});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], -1.0f);
  EXPECT_EQ(y[1], -0.5f);
  EXPECT_EQ(y[2], 0.5f);
  EXPECT_EQ(y[3], 1.0f);
  EXPECT_TRUE(std::isnan(y[4]));
}

TEST(ReluN1To1Op, Int8SameScale) {
  // scale 1/64: [-1, 1] is [-64, 64].
  OpTest t(opcode::RELU_N1_TO_1);
  t.Input<int8_t>({7}, {-128, -64, -1, 0, 63, 64, 127}, writer::PerTensor(1.0f / 64, 0));
  t.Output<int8_t>({7}, writer::PerTensor(1.0f / 64, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-64, -64, -1, 0, 63, 64, 64}));
}

TEST(ReluN1To1Op, Int8Rescaled) {
  // out = q / 2 + 10 (half-LSB ties: +0.5 -> 1, -0.5 -> 0, as TFLite's
  // doubling high multiply rounds), clamped to [10 - 32, 10 + 32].
  OpTest t(opcode::RELU_N1_TO_1);
  t.Input<int8_t>({6}, {-128, -1, 1, 3, 32, 127}, writer::PerTensor(1.0f / 64, 0));
  t.Output<int8_t>({6}, writer::PerTensor(1.0f / 32, 10));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-22, 10, 11, 12, 26, 42}));
}

TEST(ReluN1To1Op, Int16IsRefused) {
  OpTest t(opcode::RELU_N1_TO_1);
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(),
            "op 0 RELU_N1_TO_1: input 0 (tensor 0) is int16: not a type RELU_N1_TO_1 takes");
}

}  // namespace
}  // namespace circlet
