// SPDX-License-Identifier: Apache-2.0
// PRELU: x >= 0 ? x : alpha * x with alpha broadcast against x; int8 and
// int16 inputs take an int8 alpha.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(PreluOp, FloatChannelAlphaBroadcast) {
  OpTest t(opcode::PRELU);
  t.Input<float>({1, 2, 3}, {-1.0f, -2.0f, -3.0f, 4.0f, 0.0f, -6.0f});
  t.Const<float>({3}, {0.5f, 0.25f, -1.0f});
  t.Output<float>({1, 2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{-0.5f, -0.5f, 3.0f, 4.0f, 0.0f, 6.0f}));
}

TEST(PreluOp, FloatAlphaBroadcastsTheOutputShape) {
  // x [2, 1] against alpha [1, 3]: output [2, 3].
  OpTest t(opcode::PRELU);
  t.Input<float>({2, 1}, {-2.0f, 3.0f});
  t.Const<float>({1, 3}, {0.0f, 0.5f, 2.0f});
  t.Output<float>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0.0f, -1.0f, -4.0f, 3.0f, 3.0f, 3.0f}));
}

TEST(PreluOp, Int8) {
  // x real = (q + 1) / 2, alpha real = (a - 10) / 64, out real = (o - 5) / 2.
  // Alpha per channel: (42 - 10) / 64 = 0.5, (74 - 10) / 64 = 1.0.
  OpTest t(opcode::PRELU);
  t.Input<int8_t>({2, 2}, {-9, -9, 127, -128}, writer::PerTensor(0.5f, -1));
  t.Const<int8_t>({2}, {42, 74}, writer::PerTensor(1.0f / 64, 10));
  t.Output<int8_t>({2, 2}, writer::PerTensor(0.5f, 5));
  ASSERT_EQ(t.Run(), "");
  // -4 * 0.5 = -2 -> -4 + 5 = 1; -4 * 1 -> -8 + 5 = -3; 64 -> 128 + 5
  // saturates to 127; -63.5 -> -127 + 5 = -122.
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, -3, 127, -122}));
}

TEST(PreluOp, Int16WithInt8Alpha) {
  OpTest t(opcode::PRELU);
  t.Input<int16_t>({3}, {-32768, -100, 300}, writer::PerTensor(1.0f, 0));
  t.Const<int8_t>({1}, {64}, writer::PerTensor(1.0f / 128, 0));
  t.Output<int16_t>({3}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{-16384, -50, 300}));
}

TEST(PreluOp, Int16NeedsInt8Alpha) {
  OpTest t(opcode::PRELU);
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Const<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_NE(t.Run(), "");
}

TEST(PreluOp, ShapesThatDoNotBroadcastAreRefused) {
  OpTest t(opcode::PRELU);
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<float>({2}, {1, 2});
  t.Output<float>({2, 3});
  EXPECT_EQ(t.Run(),
            "op 0 PRELU: input shapes do not broadcast: tensor 0 has 3 and tensor 1 has 2 at axis "
            "1 from the end");
}

}  // namespace
}  // namespace circlet
