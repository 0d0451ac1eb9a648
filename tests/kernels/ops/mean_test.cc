// SPDX-License-Identifier: Apache-2.0
// MEAN: axes (negative, repeated, empty, all), keep_dims, size-0 dims,
// float32 / int8 / int16 / int32, errors. Expected values by hand.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"
#include "tests/kernels/ops/reduce_test_util.h"

namespace circlet {
namespace {

using test::OpTest;
using test::Reducer;

TEST(MeanOp, NegativeAndRepeatedAxesKeepDims) {
  OpTest t(opcode::MEAN, Reducer(true));
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({2}, {-1, 1});  // the same axis twice
  t.Output<float>({2, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{2, 5}));
}

TEST(MeanOp, FirstAxisNoKeepDimsInt64Axes) {
  OpTest t(opcode::MEAN, Reducer(false));
  t.Input<float>({2, 1, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int64_t>({1}, {0});
  t.Output<float>({1, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{2.5f, 3.5f, 4.5f}));
}

TEST(MeanOp, EveryAxisGivesAScalar) {
  OpTest t(opcode::MEAN, Reducer(false));
  t.Input<float>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  t.Const<int32_t>({3}, {0, 1, 2});
  t.Output<float>({});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{4.5f}));
}

TEST(MeanOp, ZeroSizeReducedAxisGivesZero) {
  OpTest t(opcode::MEAN, Reducer(false));
  t.Input<float>({2, 0}, {});
  t.Const<int32_t>({1}, {1});
  t.Output<float>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0, 0}));
}

TEST(MeanOp, Int8DifferentScales) {
  // Real inputs 0.5 * (q - 1): rows {1, 2, 3} -> mean 2 -> q_out = 2 / 0.25 - 3 = 5,
  // {-1, 0, 4} -> 1 -> 1, {0.5, 0.5, 1} -> 2/3 -> round(-0.33) = 0.
  OpTest t(opcode::MEAN, Reducer(false));
  t.Input<int8_t>({3, 3}, {3, 5, 7, -1, 1, 9, 2, 2, 3}, writer::PerTensor(0.5f, 1));
  t.Const<int32_t>({1}, {1});
  t.Output<int8_t>({3}, writer::PerTensor(0.25f, -3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{5, 1, 0}));
}

TEST(MeanOp, Int8SameQuantizationRoundsTiesUp) {
  // Same scale and zero point, still requantized: multiplier 1/2 with shift
  // 0, so the single rounding is SaturatingRoundingDoublingHighMul's (ties
  // toward +infinity): {0, 1} -> 0.5 -> 1 ; {-1, -2} -> -1.5 -> -1.
  OpTest t(opcode::MEAN, Reducer(true));
  t.Input<int8_t>({2, 2}, {0, 1, -1, -2}, writer::PerTensor(0.1f, 0));
  t.Const<int32_t>({1}, {1});
  t.Output<int8_t>({2, 1}, writer::PerTensor(0.1f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, -1}));
}

TEST(MeanOp, Int8Saturates) {
  OpTest t(opcode::MEAN, Reducer(false));
  t.Input<int8_t>({1, 2}, {127, 127}, writer::PerTensor(1.0f, 0));
  t.Const<int32_t>({1}, {1});
  t.Output<int8_t>({1}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{127}));
}

TEST(MeanOp, Int16) {
  // 4-D mean over H and W with keep_dims; scale 2x coarser on the output.
  OpTest t(opcode::MEAN, Reducer(true));
  t.Input<int16_t>({1, 2, 2, 2}, {100, -100, 200, -200, 300, -300, 401, -401},
                   writer::PerTensor(1.0f, 0));
  t.Const<int32_t>({2}, {1, 2});
  t.Output<int16_t>({1, 1, 1, 2}, writer::PerTensor(2.0f, 0));
  ASSERT_EQ(t.Run(), "");
  // means 250.25 and -250.25 -> /2 = 125.125 -> 125, -125.
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{125, -125}));
}

TEST(MeanOp, Int32TruncatesTowardZero) {
  OpTest t(opcode::MEAN, Reducer(false));
  t.Input<int32_t>({2, 2}, {1, 2, -1, -2});
  t.Const<int32_t>({1}, {1});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{1, -1}));
}

TEST(MeanOp, AxisOutOfRangeIsRefused) {
  OpTest t(opcode::MEAN, Reducer(false));
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({1}, {2});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(), "op 0 MEAN: axes (tensor 1) holds 2, expected a value in [-2, 2)");
}

TEST(MeanOp, WrongOutputShapeIsRefused) {
  OpTest t(opcode::MEAN, Reducer(true));
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({1}, {1});
  t.Output<float>({2});
  EXPECT_NE(t.Run(), "");
}

TEST(MeanOp, FloatAxesAreRefused) {
  OpTest t(opcode::MEAN, Reducer(true));
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<float>({1}, {1});
  t.Output<float>({2, 1});
  EXPECT_EQ(t.Run(), "op 0 MEAN: axes (tensor 1) is float32, expected int32 or int64");
}

}  // namespace
}  // namespace circlet
