// SPDX-License-Identifier: Apache-2.0
// FLOOR: float32 floor toward -infinity; -0 stays -0.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(FloorOp, RoundsDownIncludingNegatives) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::FLOOR);
  t.Input<float>({1, 7}, {-1.5f, -0.0f, 1.9f, 3.0f, -0.1f, -inf, 8388607.5f});
  t.Output<float>({1, 7});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y, (std::vector<float>{-2.0f, 0.0f, 1.0f, 3.0f, -1.0f, -inf, 8388607.0f}));
  EXPECT_TRUE(std::signbit(y[1]));
}

TEST(FloorOp, RefusesAnotherOutputType) {
  OpTest t(opcode::FLOOR);
  t.Input<float>({2}, {1.5f, 2.5f});
  t.Output<int32_t>({2});
  EXPECT_EQ(t.Run(), "op 0 FLOOR: output (tensor 1) is int32, expected float32");
}

}  // namespace
}  // namespace circlet
