// SPDX-License-Identifier: Apache-2.0
// ADD_N: float sums in input order (0 + -0 = +0), int32 wrapping, int8 within
// 1 LSB of the float sum, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(AddNOp, FloatThreeInputs) {
  OpTest t(opcode::ADD_N);
  t.Input<float>({2, 2}, {1, 2, 3, -0.0f});
  t.Const<float>({2, 2}, {10, 20, 30, -0.0f});
  t.Input<float>({2, 2}, {0.5f, INFINITY, NAN, -0.0f});
  t.Output<float>({2, 2});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 11.5f);
  EXPECT_EQ(y[1], INFINITY);
  EXPECT_TRUE(std::isnan(y[2]));
  EXPECT_EQ(y[3], 0.0f);
  EXPECT_FALSE(std::signbit(y[3]));  // the sum starts from +0
}

TEST(AddNOp, Int32Wraps) {
  OpTest t(opcode::ADD_N);
  t.Input<int32_t>({2}, {std::numeric_limits<int32_t>::max(), -4});
  t.Input<int32_t>({2}, {1, 5});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{std::numeric_limits<int32_t>::min(), 1}));
}

TEST(AddNOp, Int8WithinOneLsbOfFloat) {
  const std::vector<int8_t> a = test::Pattern<int8_t>(8, -128, 127, 1);
  const std::vector<int8_t> b = test::Pattern<int8_t>(8, -128, 127, 2);
  const std::vector<int8_t> c = test::Pattern<int8_t>(8, -128, 127, 3);
  const writer::Quant q = writer::PerTensor(0.02f, -4);
  OpTest t(opcode::ADD_N);
  t.Input<int8_t>({2, 4}, a, q);
  t.Input<int8_t>({2, 4}, b, q);
  t.Input<int8_t>({2, 4}, c, q);
  t.Output<int8_t>({2, 4}, writer::PerTensor(0.05f, 6));
  ASSERT_EQ(t.Run(), "");
  std::vector<int32_t> want;
  for (size_t i = 0; i < a.size(); ++i) {
    const double real = 0.02 * (a[i] + 4) + 0.02 * (b[i] + 4) + 0.02 * (c[i] + 4);
    want.push_back(test::QuantizeRef(real, 0.05, 6, -128, 127));
  }
  // TFLite Micro's accumulator also holds R(-zp) (0.02 * 4 here, 1.6 LSB of
  // the output): within 1 LSB of the float sum plus that term.
  std::vector<int32_t> want_tflm;
  for (size_t i = 0; i < a.size(); ++i) {
    const double real = 0.02 * (a[i] + 4) + 0.02 * (b[i] + 4) + 0.02 * (c[i] + 4) + 0.02 * 4;
    want_tflm.push_back(test::QuantizeRef(real, 0.05, 6, -128, 127));
  }
  EXPECT_TRUE(test::WithinLsb(t.Out<int8_t>(0), want_tflm, 1));
  EXPECT_FALSE(test::WithinLsb(t.Out<int8_t>(0), want, 0));
}

TEST(AddNOp, InputsOfAnotherShapeAreRefused) {
  OpTest t(opcode::ADD_N);
  t.Input<float>({2}, {1, 2});
  t.Input<float>({1, 2}, {1, 2});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(), "op 0 ADD_N: input 1 (tensor 1) has another shape than input 0 (tensor 0)");
}

TEST(AddNOp, Int8InputsNeedOneScale) {
  OpTest t(opcode::ADD_N);
  t.Input<int8_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  t.Input<int8_t>({2}, {1, 2}, writer::PerTensor(0.25f, 0));
  t.Output<int8_t>({2}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(),
            "op 0 ADD_N: input 1 (tensor 1) has another scale or zero point than input 0 (tensor "
            "0)");
}

TEST(AddNOp, Int16IsRefusedAsTfliteMicroDoes) {
  OpTest t(opcode::ADD_N);
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 ADD_N: input 0 (tensor 0) is int16: not a type ADD_N takes");
}

TEST(AddNOp, EmptyTensor) {
  OpTest t(opcode::ADD_N);
  t.Input<float>({0, 2}, {});
  t.Input<float>({0, 2}, {});
  t.Output<float>({0, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<float>(0).empty());
}

}  // namespace
}  // namespace circlet
