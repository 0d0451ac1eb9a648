// SPDX-License-Identifier: Apache-2.0
// CUMSUM: inclusive/exclusive, reverse, negative axis, int8 (TFLite Micro's
// accumulator start), int32, errors. Expected values by hand.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options Cumsum(bool exclusive, bool reverse) {
  return Opt(fb::BuiltinOptions_CumsumOptions, [exclusive, reverse](auto& b) {
    return fb::CreateCumsumOptions(b, exclusive, reverse).Union();
  });
}

TEST(CumsumOp, InclusiveLastAxis) {
  OpTest t(opcode::CUMSUM, Cumsum(false, false));
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({1}, {-1});
  t.Output<float>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 3, 6, 4, 9, 15}));
}

TEST(CumsumOp, ExclusiveReverseFirstAxis) {
  OpTest t(opcode::CUMSUM, Cumsum(true, true));
  t.Input<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({}, {0});
  t.Output<float>({3, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{8, 10, 5, 6, 0, 0}));
}

TEST(CumsumOp, ExclusiveForward) {
  OpTest t(opcode::CUMSUM, Cumsum(true, false));
  t.Input<int32_t>({4}, {1, -2, 3, 10});
  t.Const<int32_t>({1}, {0});
  t.Output<int32_t>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 1, -1, 2}));
}

TEST(CumsumOp, Int8SaturatesZeroPointZero) {
  // Equal scales, zero points 0: plain running sums, clamped to 127.
  OpTest t(opcode::CUMSUM, Cumsum(false, false));
  t.Input<int8_t>({5}, {1, 2, 3, 100, 50}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1}, {0});
  t.Output<int8_t>({5}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 3, 6, 106, 127}));
}

TEST(CumsumOp, Int8AccumulatorStartsAtMinusZeroPoint) {
  // TFLite Micro starts the accumulator at the rescaled -zp_in (not 0):
  // out = sum(q - zp_in) - zp_in (equal scales, output zp 0). With zp_in 1:
  // q {2, 3} (real 0.5, 1.0) -> {1 - 1, 3 - 1} = {0, 2}; reverse exclusive
  // -> {2 - 1, 0 - 1} = {1, -1}.
  OpTest t(opcode::CUMSUM, Cumsum(false, false));
  t.Input<int8_t>({2}, {2, 3}, writer::PerTensor(0.5f, 1));
  t.Const<int32_t>({1}, {0});
  t.Output<int8_t>({2}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{0, 2}));

  OpTest r(opcode::CUMSUM, Cumsum(true, true));
  r.Input<int8_t>({2}, {2, 3}, writer::PerTensor(0.5f, 1));
  r.Const<int32_t>({1}, {0});
  r.Output<int8_t>({2}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(r.Run(), "");
  EXPECT_EQ(r.Out<int8_t>(0), (std::vector<int8_t>{1, -1}));
}

TEST(CumsumOp, AxisOutOfRangeIsRefused) {
  OpTest t(opcode::CUMSUM, Cumsum(false, false));
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({1}, {-3});
  t.Output<float>({2, 3});
  EXPECT_EQ(t.Run(), "op 0 CUMSUM: axis (tensor 1) is -3, expected a value in [-2, 2)");
}

TEST(CumsumOp, Int16IsRefused) {
  OpTest t(opcode::CUMSUM, Cumsum(false, false));
  t.Input<int16_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1}, {0});
  t.Output<int16_t>({2}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(), "op 0 CUMSUM: input 0 (tensor 0) is int16: not a type CUMSUM takes");
}

}  // namespace
}  // namespace circlet
