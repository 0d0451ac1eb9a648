// SPDX-License-Identifier: Apache-2.0
// SQRT: float32; sqrt(-1) is NaN, sqrt(-0) is -0.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(SqrtOp, ValuesAndSpecials) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::SQRT);
  t.Input<float>({2, 3}, {0.0f, 4.0f, 2.0f, 0.25f, inf, -1.0f});
  t.Output<float>({2, 3});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], 2.0f);
  EXPECT_NEAR(y[2], 1.41421356f, 1e-7f);
  EXPECT_EQ(y[3], 0.5f);
  EXPECT_EQ(y[4], inf);
  EXPECT_TRUE(std::isnan(y[5]));
}

TEST(SqrtOp, RefusesInt8) {
  OpTest t(opcode::SQRT);
  t.Input<int8_t>({1}, {4}, writer::PerTensor(1.0f, 0));
  t.Output<int8_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 SQRT: input 0 (tensor 0) is int8: not a type SQRT takes");
}

}  // namespace
}  // namespace circlet
