// SPDX-License-Identifier: Apache-2.0
// EXPAND_DIMS: a view with a size-1 axis inserted; the axis is a constant
// int32 or int64 tensor, negative counting from the end of the output.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(ExpandDimsOp, Int32AxisInTheMiddle) {
  OpTest t(opcode::EXPAND_DIMS);
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({1}, {1});
  t.Output<float>({2, 1, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(t.result().report.activation_bytes, 24u);  // 24 bytes shared, no copy
}

TEST(ExpandDimsOp, NegativeInt64AxisAppends) {
  OpTest t(opcode::EXPAND_DIMS);
  t.Input<int16_t>({2}, {-5, 9});
  t.Const<int64_t>({}, {-1});
  t.Output<int16_t>({2, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{-5, 9}));
}

TEST(ExpandDimsOp, MostNegativeAxisPrepends) {
  OpTest t(opcode::EXPAND_DIMS);
  t.Input<bool>({0, 2}, {});
  t.Const<int32_t>({1}, {-3});
  t.Output<bool>({1, 0, 2});
  ASSERT_EQ(t.Run(), "");
}

TEST(ExpandDimsOp, AxisOutOfRangeIsRefused) {
  OpTest t(opcode::EXPAND_DIMS);
  t.Input<float>({2}, {1, 2});
  t.Const<int32_t>({1}, {2});
  t.Output<float>({2, 1});
  EXPECT_EQ(t.Run(), "op 0 EXPAND_DIMS: axis 2 is outside [-2, 1]");
}

TEST(ExpandDimsOp, NonConstantAxisIsRefused) {
  OpTest t(opcode::EXPAND_DIMS);
  t.Input<float>({2}, {1, 2});
  t.Input<int32_t>({1}, {0});
  t.Output<float>({1, 2});
  EXPECT_EQ(t.Run(),
            "op 0 EXPAND_DIMS: axis (tensor 1) must be a constant int32 or int64 tensor of one "
            "element");
}

}  // namespace
}  // namespace circlet
