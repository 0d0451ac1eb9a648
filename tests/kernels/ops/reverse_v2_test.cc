// SPDX-License-Identifier: Apache-2.0
// REVERSE_V2: one, several, negative and non-adjacent axes, every type
// size, empty tensors, and the axis checks.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(ReverseV2Op, OneAxis) {
  OpTest t(opcode::REVERSE_V2);
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int32_t>({1}, {0});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{3, 2, 1}));
}

TEST(ReverseV2Op, NegativeAxisInt8) {
  OpTest t(opcode::REVERSE_V2);
  t.Input<int8_t>({2, 3}, {1, 2, 3, 4, 5, 6}, writer::PerTensor(0.5f, 3));
  t.Const<int32_t>({1}, {-1});
  t.Output<int8_t>({2, 3}, writer::PerTensor(0.5f, 3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{3, 2, 1, 6, 5, 4}));
}

TEST(ReverseV2Op, TwoAxes) {
  OpTest t(opcode::REVERSE_V2);
  t.Input<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({2}, {1, 0});
  t.Output<int32_t>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{6, 5, 4, 3, 2, 1}));
}

TEST(ReverseV2Op, NonAdjacentAxesInt16) {
  // in[a][b][c] = 4a + 2b + c; axes 0 and -1: out[a][b][c] = in[1-a][b][1-c].
  OpTest t(opcode::REVERSE_V2);
  t.Input<int16_t>({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7});
  t.Const<int64_t>({2}, {0, -1});
  t.Output<int16_t>({2, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{5, 4, 7, 6, 1, 0, 3, 2}));
}

TEST(ReverseV2Op, Int64AndBool) {
  {
    OpTest t(opcode::REVERSE_V2);
    t.Input<int64_t>({2}, {int64_t{1} << 40, -1});
    t.Const<int32_t>({1}, {0});
    t.Output<int64_t>({2});
    ASSERT_EQ(t.Run(), "");
    EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{-1, int64_t{1} << 40}));
  }
  {
    OpTest t(opcode::REVERSE_V2);
    t.Input<bool>({3}, {true, false, false});
    t.Const<int32_t>({1}, {0});
    t.Output<bool>({3});
    ASSERT_EQ(t.Run(), "");
    EXPECT_EQ(t.Out<uint8_t>(0), (std::vector<uint8_t>{0, 0, 1}));
  }
}

TEST(ReverseV2Op, SizeOneAxisIsUnchanged) {
  // Axis 0 has size 1; axis -1 reverses each row.
  OpTest t(opcode::REVERSE_V2);
  t.Input<float>({1, 2, 2}, {1, 2, 3, 4});
  t.Const<int32_t>({2}, {0, 2});
  t.Output<float>({1, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{2, 1, 4, 3}));
}

TEST(ReverseV2Op, EmptyTensor) {
  OpTest t(opcode::REVERSE_V2);
  t.Input<float>({0, 3}, {});
  t.Const<int32_t>({1}, {0});
  t.Output<float>({0, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<float>(0).empty());
}

TEST(ReverseV2Op, RepeatedAxisIsRefused) {
  OpTest t(opcode::REVERSE_V2);
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Const<int32_t>({2}, {1, -1});
  t.Output<float>({2, 2});
  EXPECT_EQ(t.Run(), "op 0 REVERSE_V2: axis (tensor 1) entry 1 is -1: outside rank 2 or repeated");
}

TEST(ReverseV2Op, AxisOutsideTheRankIsRefused) {
  OpTest t(opcode::REVERSE_V2);
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Const<int32_t>({1}, {2});
  t.Output<float>({2, 2});
  EXPECT_EQ(t.Run(), "op 0 REVERSE_V2: axis (tensor 1) entry 0 is 2: outside rank 2 or repeated");
}

}  // namespace
}  // namespace circlet
