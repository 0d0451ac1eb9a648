// SPDX-License-Identifier: Apache-2.0
// FLOOR_DIV: floor of the quotient for every sign combination, float and
// int32, broadcasting, division by zero, INT32_MIN / -1, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(FloorDivOp, FloatSignsAndBroadcast) {
  OpTest t(opcode::FLOOR_DIV);
  t.Input<float>({2, 1, 1, 1, 2, 2}, {7, -7, 7.5f, -0.5f, 0, 1, 2, 3});
  t.Input<float>({2}, {2, -2});
  t.Output<float>({2, 1, 1, 1, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{3, 3, 3, 0, 0, -1, 1, -2}));
}

TEST(FloorDivOp, FloatRunTimeZeroDivisor) {
  OpTest t(opcode::FLOOR_DIV);
  t.Input<float>({3}, {1, -1, 0});
  t.Input<float>({3}, {0, 0, 0});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], INFINITY);
  EXPECT_EQ(y[1], -INFINITY);
  EXPECT_TRUE(std::isnan(y[2]));
}

TEST(FloorDivOp, FloatQuotientBeyondFloatRangeIsInfinity) {
  OpTest t(opcode::FLOOR_DIV);
  t.Input<float>({3}, {3e38f, -3e38f, 3e38f});
  t.Input<float>({3}, {1e-3f, 1e-3f, 1.0f});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{INFINITY, -INFINITY, 3e38f}));
}

TEST(FloorDivOp, Int32) {
  const int32_t kMin = std::numeric_limits<int32_t>::min();
  OpTest t(opcode::FLOOR_DIV);
  t.Input<int32_t>({7}, {7, -7, 7, -7, kMin, 6, 5});
  t.Input<int32_t>({7}, {2, 2, -2, -2, -1, 3, 0});
  t.Output<int32_t>({7});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{3, -4, -4, 3, kMin, 2, 0}));
}

TEST(FloorDivOp, ConstantZeroDivisorIsRefused) {
  OpTest t(opcode::FLOOR_DIV);
  t.Input<float>({2}, {1, 2});
  t.Const<float>({2}, {0, 1});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(),
            "op 0 FLOOR_DIV: division by 0: constant input 2 (tensor 1) holds 0 at element 0");
}

TEST(FloorDivOp, Int8IsRefusedAsTfliteMicroDoes) {
  OpTest t(opcode::FLOOR_DIV);
  t.Input<int8_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Input<int8_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int8_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 FLOOR_DIV: input 0 (tensor 0) is int8: not a type FLOOR_DIV takes");
}

TEST(FloorDivOp, EmptyTensor) {
  OpTest t(opcode::FLOOR_DIV);
  t.Input<int32_t>({0}, {});
  t.Input<int32_t>({1}, {2});
  t.Output<int32_t>({0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<int32_t>(0).empty());
}

}  // namespace
}  // namespace circlet
