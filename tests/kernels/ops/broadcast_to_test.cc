// SPDX-License-Identifier: Apache-2.0
// BROADCAST_TO: size-1 dimensions and new leading dimensions up to rank 6,
// every element size (bool, int16, float, int64), int64 shape tensors,
// empty outputs, errors.
#include <gtest/gtest.h>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(BroadcastToOp, FloatToRank6) {
  const std::vector<float> x = {1, 2, 3, 4, 5, 6};
  OpTest t(opcode::BROADCAST_TO);
  t.Input<float>({2, 1, 3}, x);
  t.Const<int32_t>({6}, {2, 1, 1, 2, 2, 3});
  t.Output<float>({2, 1, 1, 2, 2, 3});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> zeros(24, 0.0f);
  EXPECT_EQ(t.Out<float>(0), test::BroadcastRef(x, {2, 1, 3}, zeros, {2, 1, 1, 2, 2, 3},
                                                [](float a, float) { return a; }));
  EXPECT_EQ(t.Out<float>(0)[3], 1.0f);  // second row of the size-1 axis repeats the first
}

TEST(BroadcastToOp, BoolAndInt16WithInt64Shape) {
  OpTest t(opcode::BROADCAST_TO);
  t.Input<bool>({2, 1}, {true, false});
  t.Const<int64_t>({2}, {2, 3});
  t.Output<bool>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (std::vector<uint8_t>{1, 1, 1, 0, 0, 0}));  // bool bytes

  OpTest u(opcode::BROADCAST_TO);
  u.Input<int16_t>({3}, {-7, 8, 9}, writer::PerTensor(0.5f, 0));
  u.Const<int32_t>({2}, {2, 3});
  u.Output<int16_t>({2, 3}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(u.Run(), "");
  EXPECT_EQ(u.Out<int16_t>(0), (std::vector<int16_t>{-7, 8, 9, -7, 8, 9}));
}

TEST(BroadcastToOp, Int64Scalar) {
  OpTest t(opcode::BROADCAST_TO);
  t.Input<int64_t>({}, {1LL << 40});
  t.Const<int32_t>({1}, {3});
  t.Output<int64_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{1LL << 40, 1LL << 40, 1LL << 40}));
}

TEST(BroadcastToOp, EmptyOutput) {
  OpTest t(opcode::BROADCAST_TO);
  t.Input<int8_t>({1, 2}, {1, 2}, writer::PerTensor(1.0f, 0));
  t.Const<int32_t>({2}, {0, 2});
  t.Output<int8_t>({0, 2}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<int8_t>(0).empty());
}

TEST(BroadcastToOp, DimensionThatIsNotOneIsRefused) {
  OpTest t(opcode::BROADCAST_TO);
  t.Input<float>({2}, {1, 2});
  t.Const<int32_t>({2}, {2, 3});
  t.Output<float>({2, 3});
  EXPECT_EQ(t.Run(), "op 0 BROADCAST_TO: input (tensor 0) dimension 0 is 2: cannot broadcast to 3");
}

TEST(BroadcastToOp, ShapeMustBeConstant) {
  OpTest t(opcode::BROADCAST_TO);
  t.Input<float>({1}, {1});
  t.Input<int32_t>({1}, {3});
  t.Output<float>({3});
  EXPECT_EQ(t.Run(), "op 0 BROADCAST_TO: shape (tensor 1) must be a constant");
}

}  // namespace
}  // namespace circlet
