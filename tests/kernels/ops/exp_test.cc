// SPDX-License-Identifier: Apache-2.0
// EXP: float32 exp; exp(-inf) = 0, overflow to +inf.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(ExpOp, ValuesAndLimits) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::EXP);
  t.Input<float>({1, 6}, {0.0f, 1.0f, -1.0f, 2.5f, -inf, 100.0f});
  t.Output<float>({1, 6});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 1.0f);
  EXPECT_NEAR(y[1], 2.71828183f, 3e-7f);
  EXPECT_NEAR(y[2], 0.36787944f, 1e-7f);
  EXPECT_NEAR(y[3], 12.18249396f, 2e-6f);
  EXPECT_EQ(y[4], 0.0f);
  EXPECT_EQ(y[5], inf);
}

TEST(ExpOp, RefusesInt8) {
  OpTest t(opcode::EXP);
  t.Input<int8_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int8_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 EXP: input 0 (tensor 0) is int8: not a type EXP takes");
}

}  // namespace
}  // namespace circlet
