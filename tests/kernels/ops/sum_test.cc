// SPDX-License-Identifier: Apache-2.0
// SUM: float32 / int8 / int16 / int32, axes and keep_dims. Expected values
// by hand.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"
#include "tests/kernels/ops/reduce_test_util.h"

namespace circlet {
namespace {

using test::OpTest;
using test::Reducer;

TEST(SumOp, MiddleAxisKeepDims) {
  OpTest t(opcode::SUM, Reducer(true));
  t.Input<float>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  t.Const<int32_t>({1}, {-2});
  t.Output<float>({2, 1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{4, 6, 12, 14}));
}

TEST(SumOp, OuterAndInnerAxesNoKeepDims) {
  OpTest t(opcode::SUM, Reducer(false));
  t.Input<float>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  t.Const<int32_t>({3}, {0, 2, 0});
  t.Output<float>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{14, 22}));
}

TEST(SumOp, Int8Requantizes) {
  // Real x = 0.1 * (q + 2): rows sum to 0.6 and -0.2; output scale 0.2, zp 1
  // -> 3 + 1 = 4 and -1 + 1 = 0.
  OpTest t(opcode::SUM, Reducer(false));
  t.Input<int8_t>({2, 3}, {0, 0, 0, -2, -2, -4}, writer::PerTensor(0.1f, -2));
  t.Const<int32_t>({1}, {1});
  t.Output<int8_t>({2}, writer::PerTensor(0.2f, 1));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{4, 0}));
}

TEST(SumOp, Int16Saturates) {
  OpTest t(opcode::SUM, Reducer(false));
  t.Input<int16_t>({3}, {30000, 30000, -100}, writer::PerTensor(1.0f, 0));
  t.Const<int32_t>({1}, {0});
  t.Output<int16_t>({}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{32767}));
}

TEST(SumOp, Int32) {
  OpTest t(opcode::SUM, Reducer(false));
  t.Input<int32_t>({2, 2}, {1, -5, 100000, 7});
  t.Const<int32_t>({1}, {0});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{100001, 2}));
}

TEST(SumOp, OutputTypeMustMatch) {
  OpTest t(opcode::SUM, Reducer(false));
  t.Input<float>({2}, {1, 2});
  t.Const<int32_t>({1}, {0});
  t.Output<int32_t>({});
  EXPECT_NE(t.Run(), "");
}

}  // namespace
}  // namespace circlet
