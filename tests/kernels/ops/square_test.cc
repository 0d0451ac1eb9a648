// SPDX-License-Identifier: Apache-2.0
// SQUARE: float32 x * x, overflowing to +inf.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(SquareOp, ValuesAndOverflow) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::SQUARE);
  t.Input<float>({5}, {-3.0f, 0.5f, 1e20f, -inf, std::nanf("")});
  t.Output<float>({5});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(std::vector<float>(y.begin(), y.begin() + 4),
            (std::vector<float>{9.0f, 0.25f, inf, inf}));
  EXPECT_TRUE(std::isnan(y[4]));
}

TEST(SquareOp, RefusesAnotherOutputType) {
  OpTest t(opcode::SQUARE);
  t.Input<float>({1}, {2.0f});
  t.Output<int8_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 SQUARE: output (tensor 1) is int8, expected float32");
}

}  // namespace
}  // namespace circlet
