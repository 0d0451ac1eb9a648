// SPDX-License-Identifier: Apache-2.0
// CEIL: float32 ceil; -0.5 rounds up to -0; NaN and infinities pass through.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(CeilOp, RoundsUpIncludingNegativesAndSpecials) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::CEIL);
  t.Input<float>({2, 4}, {-1.5f, -0.5f, 0.0f, 0.2f, 1.0f, 2.7f, inf, std::nanf("")});
  t.Output<float>({2, 4});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(std::vector<float>(y.begin(), y.begin() + 7),
            (std::vector<float>{-1.0f, 0.0f, 0.0f, 1.0f, 1.0f, 3.0f, inf}));
  EXPECT_TRUE(std::signbit(y[1]));  // ceil(-0.5) = -0
  EXPECT_TRUE(std::isnan(y[7]));
}

TEST(CeilOp, EmptyTensor) {
  OpTest t(opcode::CEIL);
  t.Input<float>({2, 0, 3}, {});
  t.Output<float>({2, 0, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<float>(0).empty());
}

TEST(CeilOp, RefusesInt8AndAnotherOutputShape) {
  OpTest a(opcode::CEIL);
  a.Input<int8_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  a.Output<int8_t>({2}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(a.Run(), "op 0 CEIL: input 0 (tensor 0) is int8: not a type CEIL takes");
  OpTest b(opcode::CEIL);
  b.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  b.Output<float>({3, 2});
  EXPECT_EQ(b.Run(), "op 0 CEIL: output 0 (tensor 1) has shape [3x2], the op computes [2x3]");
}

}  // namespace
}  // namespace circlet
