// SPDX-License-Identifier: Apache-2.0
// ROUND: ties to even (TFLite's RoundToNearest), not std::round's ties away.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(RoundOp, HalvesGoToTheEvenNeighbour) {
  OpTest t(opcode::ROUND);
  t.Input<float>({2, 5},
                 {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.49999997f, 2.6f, -2.6f, 8388609.0f});
  t.Output<float>({2, 5});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(
      y, (std::vector<float>{0.0f, 2.0f, 2.0f, 0.0f, -2.0f, -2.0f, 0.0f, 3.0f, -3.0f, 8388609.0f}));
  EXPECT_FALSE(std::signbit(y[3]));  // -0.5 -> floor -1 (odd) + 1 = +0, as TFLite
}

TEST(RoundOp, InfinitiesAndNaN) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::ROUND);
  t.Input<float>({3}, {inf, -inf, std::nanf("")});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], inf);
  EXPECT_EQ(y[1], -inf);
  EXPECT_TRUE(std::isnan(y[2]));
}

TEST(RoundOp, RefusesInt16) {
  OpTest t(opcode::ROUND);
  t.Input<int16_t>({1}, {3}, writer::PerTensor(0.5f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(), "op 0 ROUND: input 0 (tensor 0) is int16: not a type ROUND takes");
}

}  // namespace
}  // namespace circlet
