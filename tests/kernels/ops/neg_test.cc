// SPDX-License-Identifier: Apache-2.0
// NEG: float32 sign flip; int32/int64 two's complement (INT_MIN stays).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(NegOp, Float) {
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::NEG);
  t.Input<float>({2, 2}, {1.5f, 0.0f, inf, -2.0f});
  t.Output<float>({2, 2});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y, (std::vector<float>{-1.5f, -0.0f, -inf, 2.0f}));
  EXPECT_TRUE(std::signbit(y[1]));
}

TEST(NegOp, Int32AndInt64WrapAtTheMinimum) {
  OpTest a(opcode::NEG);
  a.Input<int32_t>({3}, {std::numeric_limits<int32_t>::min(), 5, -7});
  a.Output<int32_t>({3});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<int32_t>(0), (std::vector<int32_t>{std::numeric_limits<int32_t>::min(), -5, 7}));
  OpTest b(opcode::NEG);
  b.Input<int64_t>({2}, {std::numeric_limits<int64_t>::min(), 3000000000LL});
  b.Output<int64_t>({2});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<int64_t>(0),
            (std::vector<int64_t>{std::numeric_limits<int64_t>::min(), -3000000000LL}));
}

TEST(NegOp, RefusesInt8AsTfliteMicro) {
  OpTest t(opcode::NEG);
  t.Input<int8_t>({1}, {3}, writer::PerTensor(0.5f, 1));
  t.Output<int8_t>({1}, writer::PerTensor(0.5f, 1));
  EXPECT_EQ(t.Run(), "op 0 NEG: input 0 (tensor 0) is int8: not a type NEG takes");
}

}  // namespace
}  // namespace circlet
