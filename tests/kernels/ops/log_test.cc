// SPDX-License-Identifier: Apache-2.0
// LOG: float32 natural log; log(0) = -inf, log(x < 0) = NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(LogOp, ValuesZeroAndNegative) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::LOG);
  t.Input<float>({5}, {1.0f, 2.71828183f, 0.0f, -1.0f, 0.001f});
  t.Output<float>({5});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_NEAR(y[1], 1.0f, 2e-7f);
  EXPECT_EQ(y[2], -inf);
  EXPECT_TRUE(std::isnan(y[3]));
  EXPECT_NEAR(y[4], -6.90775528f, 2e-6f);
}

TEST(LogOp, RefusesAnotherOutputShape) {
  OpTest t(opcode::LOG);
  t.Input<float>({4}, {1, 2, 3, 4});
  t.Output<float>({2, 2});
  EXPECT_EQ(t.Run(), "op 0 LOG: output 0 (tensor 1) has shape [2x2], the op computes [4]");
}

}  // namespace
}  // namespace circlet
