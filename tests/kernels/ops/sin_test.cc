// SPDX-License-Identifier: Apache-2.0
// SIN: float32 sine; sin(inf) is NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(SinOp, Values) {
  OpTest t(opcode::SIN);
  t.Input<float>({2, 2}, {0.0f, 1.57079633f, -0.52359878f, std::numeric_limits<float>::infinity()});
  t.Output<float>({2, 2});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_NEAR(y[1], 1.0f, 1e-7f);
  EXPECT_NEAR(y[2], -0.5f, 1e-7f);
  EXPECT_TRUE(std::isnan(y[3]));
}

TEST(SinOp, RefusesInt16) {
  OpTest t(opcode::SIN);
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 SIN: input 0 (tensor 0) is int16: not a type SIN takes");
}

}  // namespace
}  // namespace circlet
