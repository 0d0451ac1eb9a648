// SPDX-License-Identifier: Apache-2.0
// L2_POOL_2D: sqrt(mean of squares) over clipped SAME windows, RELU6 clamp,
// int8 refused. Expected values by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(L2Pool2DOp, SameClippedWindows) {
  // 3x3 input 1..9, 2x2 filter, stride 2, SAME: pad 0 in front, windows
  // {1,2,4,5}, {3,6}, {7,8}, {9}.
  OpTest t(opcode::L2_POOL_2D, writer::Pool2DOptions(fb::Padding_SAME, 2, 2, 2, 2, 0));
  t.Input<float>({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  t.Output<float>({1, 2, 2, 1});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_FLOAT_EQ(y[0], std::sqrt(46.0f / 4));
  EXPECT_FLOAT_EQ(y[1], std::sqrt(45.0f / 2));
  EXPECT_FLOAT_EQ(y[2], std::sqrt(113.0f / 2));
  EXPECT_FLOAT_EQ(y[3], 9.0f);
}

TEST(L2Pool2DOp, ValidTwoChannelsRelu6) {
  OpTest t(opcode::L2_POOL_2D, writer::Pool2DOptions(fb::Padding_VALID, 1, 1, 2, 1, 3));
  t.Input<float>({1, 1, 2, 2}, {3, 10, -4, 0});
  t.Output<float>({1, 1, 1, 2});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_FLOAT_EQ(y[0], std::sqrt(25.0f / 2));
  EXPECT_FLOAT_EQ(y[1], 6.0f);  // sqrt(50) clamped by RELU6
}

TEST(L2Pool2DOp, Int8IsRefused) {
  OpTest t(opcode::L2_POOL_2D, writer::Pool2DOptions(fb::Padding_VALID, 1, 1, 1, 1, 0));
  t.Input<int8_t>({1, 1, 1, 1}, {1}, writer::PerTensor(0.5f, 0));
  t.Output<int8_t>({1, 1, 1, 1}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(), "op 0 L2_POOL_2D: input 0 (tensor 0) is int8: not a type L2_POOL_2D takes");
}

}  // namespace
}  // namespace circlet
