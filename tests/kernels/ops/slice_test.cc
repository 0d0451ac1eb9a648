// SPDX-License-Identifier: Apache-2.0
// SLICE: begin/size, size -1, int64 indices, empty slices, and the checks.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(SliceOp, Float2D) {
  // in[r][c] = 10r + c, shape [3, 4]; rows 1..2, columns 1..3.
  OpTest t(opcode::SLICE);
  t.Input<float>({3, 4}, {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23});
  t.Const<int32_t>({2}, {1, 1});
  t.Const<int32_t>({2}, {2, 3});
  t.Output<float>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{11, 12, 13, 21, 22, 23}));
}

TEST(SliceOp, SizeMinusOneGoesToTheEnd) {
  OpTest t(opcode::SLICE);
  t.Input<int8_t>({2, 3}, {1, 2, 3, 4, 5, 6}, writer::PerTensor(0.5f, 2));
  t.Const<int64_t>({2}, {1, 1});
  t.Const<int64_t>({2}, {-1, -1});
  t.Output<int8_t>({1, 2}, writer::PerTensor(0.5f, 2));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{5, 6}));
}

TEST(SliceOp, EmptySliceAtTheEnd) {
  OpTest t(opcode::SLICE);
  t.Input<int16_t>({3}, {1, 2, 3});
  t.Const<int32_t>({1}, {3});
  t.Const<int32_t>({1}, {-1});
  t.Output<int16_t>({0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<int16_t>(0).empty());
}

TEST(SliceOp, Rank4Int32) {
  // [1, 2, 2, 2], in = 0..7; begin {0, 1, 0, 1}, size {1, 1, 2, 1}: 5, 7.
  OpTest t(opcode::SLICE);
  t.Input<int32_t>({1, 2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7});
  t.Const<int32_t>({4}, {0, 1, 0, 1});
  t.Const<int32_t>({4}, {1, 1, 2, 1});
  t.Output<int32_t>({1, 1, 2, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{5, 7}));
}

TEST(SliceOp, BeginPlusSizePastTheEndIsRefused) {
  OpTest t(opcode::SLICE);
  t.Input<float>({4}, {1, 2, 3, 4});
  t.Const<int32_t>({1}, {2});
  t.Const<int32_t>({1}, {3});
  t.Output<float>({3});
  EXPECT_EQ(t.Run(), "op 0 SLICE: begin 2 and size 3 at axis 0 do not fit the input's 4");
}

TEST(SliceOp, SizeBelowMinusOneIsRefused) {
  OpTest t(opcode::SLICE);
  t.Input<float>({4}, {1, 2, 3, 4});
  t.Const<int32_t>({1}, {0});
  t.Const<int32_t>({1}, {-2});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(), "op 0 SLICE: begin 0 and size -2 at axis 0 do not fit the input's 4");
}

TEST(SliceOp, NegativeBeginIsRefused) {
  OpTest t(opcode::SLICE);
  t.Input<float>({4}, {1, 2, 3, 4});
  t.Const<int32_t>({1}, {-1});
  t.Const<int32_t>({1}, {1});
  t.Output<float>({1});
  EXPECT_EQ(t.Run(), "op 0 SLICE: begin -1 and size 1 at axis 0 do not fit the input's 4");
}

}  // namespace
}  // namespace circlet
