// SPDX-License-Identifier: Apache-2.0
// DYNAMIC_UPDATE_SLICE: in-range, clamped (out-of-range) and computed start
// indices, int8, a full-size update, and the shape checks.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

// operand[r][c] = 4 r + c, shape [3, 4]; update [2, 2] = 100..103.
const std::vector<float> kOperand = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
const std::vector<float> kUpdate = {100, 101, 102, 103};

TEST(DynamicUpdateSliceOp, InRange) {
  OpTest t(opcode::DYNAMIC_UPDATE_SLICE);
  t.Input<float>({3, 4}, kOperand);
  t.Input<float>({2, 2}, kUpdate);
  t.Const<int32_t>({2}, {1, 1});
  t.Output<float>({3, 4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0, 1, 2, 3, 4, 100, 101, 7, 8, 102, 103, 11}));
}

TEST(DynamicUpdateSliceOp, OutOfRangeStartsAreClamped) {
  // Row 5 -> 3 - 2 = 1; column -3 -> 0.
  OpTest t(opcode::DYNAMIC_UPDATE_SLICE);
  t.Input<float>({3, 4}, kOperand);
  t.Input<float>({2, 2}, kUpdate);
  t.Const<int32_t>({2}, {5, -3});
  t.Output<float>({3, 4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0, 1, 2, 3, 100, 101, 6, 7, 102, 103, 10, 11}));
}

TEST(DynamicUpdateSliceOp, ComputedInt64StartsAreClampedAtEval) {
  // Row -1 -> 0; column 10 -> 4 - 2 = 2.
  OpTest t(opcode::DYNAMIC_UPDATE_SLICE);
  t.Input<float>({3, 4}, kOperand);
  t.Input<float>({2, 2}, kUpdate);
  t.Input<int64_t>({2}, {-1, 10});
  t.Output<float>({3, 4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0, 1, 100, 101, 4, 5, 102, 103, 8, 9, 10, 11}));
}

TEST(DynamicUpdateSliceOp, Int8) {
  OpTest t(opcode::DYNAMIC_UPDATE_SLICE);
  t.Input<int8_t>({1, 4}, {1, 2, 3, 4}, writer::PerTensor(0.5f, 2));
  t.Input<int8_t>({1, 1}, {-9}, writer::PerTensor(0.5f, 2));
  t.Const<int32_t>({2}, {0, 3});
  t.Output<int8_t>({1, 4}, writer::PerTensor(0.5f, 2));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 2, 3, -9}));
}

TEST(DynamicUpdateSliceOp, FullSizeUpdateReplacesTheOperand) {
  OpTest t(opcode::DYNAMIC_UPDATE_SLICE);
  t.Input<int16_t>({2}, {1, 2});
  t.Input<int16_t>({2}, {7, 8});
  t.Const<int32_t>({1}, {1});
  t.Output<int16_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{7, 8}));
}

TEST(DynamicUpdateSliceOp, UpdateLargerThanTheOperandIsRefused) {
  OpTest t(opcode::DYNAMIC_UPDATE_SLICE);
  t.Input<float>({3, 4}, kOperand);
  t.Input<float>({1, 5}, {1, 2, 3, 4, 5});
  t.Const<int32_t>({2}, {0, 0});
  t.Output<float>({3, 4});
  EXPECT_EQ(t.Run(),
            "op 0 DYNAMIC_UPDATE_SLICE: update (tensor 1) has 5 at axis 1, more than the "
            "operand's 4");
}

TEST(DynamicUpdateSliceOp, StartIndicesMustHaveOneEntryPerAxis) {
  OpTest t(opcode::DYNAMIC_UPDATE_SLICE);
  t.Input<float>({3, 4}, kOperand);
  t.Input<float>({2, 2}, kUpdate);
  t.Const<int32_t>({1}, {0});
  t.Output<float>({3, 4});
  EXPECT_EQ(t.Run(), "op 0 DYNAMIC_UPDATE_SLICE: start indices (tensor 2) must have shape [2]");
}

}  // namespace
}  // namespace circlet
