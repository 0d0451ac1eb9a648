// SPDX-License-Identifier: Apache-2.0
// FLOOR_MOD: the remainder takes the divisor's sign; float and int32,
// broadcasting, zero divisors, INT32_MIN % -1, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(FloorModOp, FloatSigns) {
  OpTest t(opcode::FLOOR_MOD);
  t.Input<float>({2, 3}, {7, -7, 5.5f, 7, -7, -5.5f});
  t.Input<float>({2, 1}, {3, -3});
  t.Output<float>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 2.5f, -2, -1, -2.5f}));
}

TEST(FloorModOp, FloatZeroDivisorAndInfinity) {
  OpTest t(opcode::FLOOR_MOD);
  t.Const<float>({3}, {1, INFINITY, 5});
  t.Input<float>({3}, {0, 2, INFINITY});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_TRUE(std::isnan(y[0]));  // fmod(1, 0)
  EXPECT_TRUE(std::isnan(y[1]));  // fmod(inf, 2)
  EXPECT_EQ(y[2], 5.0f);          // fmod(5, inf) = 5, same signs
}

TEST(FloorModOp, Int32Rank6Broadcast) {
  const int32_t kMin = std::numeric_limits<int32_t>::min();
  OpTest t(opcode::FLOOR_MOD);
  t.Input<int32_t>({1, 1, 1, 1, 2, 3}, {7, -7, kMin, kMin, 9, 0});
  t.Input<int32_t>({3}, {3, -3, -1});
  t.Output<int32_t>({1, 1, 1, 1, 2, 3});
  ASSERT_EQ(t.Run(), "");
  // -2147483648 % 3 is -2 -> 1; INT32_MIN % -1 is 0.
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{1, -1, 0, 1, 0, 0}));
}

TEST(FloorModOp, Int32RunTimeZeroDivisorGivesZero) {
  OpTest t(opcode::FLOOR_MOD);
  t.Input<int32_t>({2}, {5, -5});
  t.Input<int32_t>({2}, {0, 0});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 0}));
}

TEST(FloorModOp, Int32ConstantZeroDivisorIsRefused) {
  OpTest t(opcode::FLOOR_MOD);
  t.Input<int32_t>({2}, {1, 2});
  t.Const<int32_t>({1}, {0});
  t.Output<int32_t>({2});
  EXPECT_EQ(t.Run(),
            "op 0 FLOOR_MOD: division by 0: constant input 2 (tensor 1) holds 0 at element 0");
}

}  // namespace
}  // namespace circlet
