// SPDX-License-Identifier: Apache-2.0
// SQUARED_DIFFERENCE: float with broadcasting and inf/NaN, int32 wrapping,
// int8/int16 within 1 LSB of the float square, errors.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(SquaredDifferenceOp, FloatBroadcastRank5) {
  const std::vector<int32_t> sa = {2, 1, 1, 2, 1}, sb = {3};
  const std::vector<float> a = {1, -2, 0.5f, 4}, b = {1, 2, -3};
  OpTest t(opcode::SQUARED_DIFFERENCE);
  t.Input<float>(sa, a);
  t.Input<float>(sb, b);
  t.Output<float>({2, 1, 1, 2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0),
            test::BroadcastRef(a, sa, b, sb, [](float x, float y) { return (x - y) * (x - y); }));
  EXPECT_EQ(t.Out<float>(0)[5], 1.0f);  // (-2 - -3)^2
}

TEST(SquaredDifferenceOp, FloatInfinityAndNan) {
  OpTest t(opcode::SQUARED_DIFFERENCE);
  t.Input<float>({3}, {INFINITY, INFINITY, NAN});
  t.Input<float>({3}, {1, INFINITY, 0});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], INFINITY);  // no clamp
  EXPECT_TRUE(std::isnan(y[1]));
  EXPECT_TRUE(std::isnan(y[2]));
}

TEST(SquaredDifferenceOp, Int32Wraps) {
  OpTest t(opcode::SQUARED_DIFFERENCE);
  t.Input<int32_t>({3}, {65536, 3, -4});
  t.Input<int32_t>({3}, {0, 5, 4});
  t.Output<int32_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 4, 64}));  // 2^32 wraps to 0
}

TEST(SquaredDifferenceOp, Int8WithinOneLsbOfFloat) {
  const std::vector<int32_t> sa = {3, 4}, sb = {4};
  const std::vector<int8_t> a = test::Pattern<int8_t>(12, -128, 127);
  const std::vector<int8_t> b = test::Pattern<int8_t>(4, -128, 127, 5);
  OpTest t(opcode::SQUARED_DIFFERENCE);
  t.Input<int8_t>(sa, a, writer::PerTensor(0.02f, -5));
  t.Input<int8_t>(sb, b, writer::PerTensor(0.03f, 7));
  t.Output<int8_t>({3, 4}, writer::PerTensor(0.1f, -128));
  ASSERT_EQ(t.Run(), "");
  std::vector<int32_t> want;
  for (const auto& p : test::BroadcastIndices(sa, sb)) {
    const double diff = 0.02 * (a[p.first] + 5) - 0.03 * (b[p.second] - 7);
    want.push_back(test::QuantizeRef(diff * diff, 0.1, -128, -128, 127));
  }
  EXPECT_TRUE(test::WithinLsb(t.Out<int8_t>(0), want, 1));
}

TEST(SquaredDifferenceOp, Int16WithinOneLsbOfFloat) {
  const std::vector<int16_t> a = test::Pattern<int16_t>(10, -32768, 32767);
  const std::vector<int16_t> b = test::Pattern<int16_t>(10, -32768, 32767, 3);
  OpTest t(opcode::SQUARED_DIFFERENCE);
  t.Input<int16_t>({10}, a, writer::PerTensor(1.0f / 32768, 0));
  t.Input<int16_t>({10}, b, writer::PerTensor(1.5f / 32768, 0));
  t.Output<int16_t>({10}, writer::PerTensor(8.0f / 32768, 0));
  ASSERT_EQ(t.Run(), "");
  std::vector<int32_t> want;
  for (size_t i = 0; i < a.size(); ++i) {
    const double diff = a[i] / 32768.0 - 1.5 * b[i] / 32768.0;
    want.push_back(test::QuantizeRef(diff * diff, 8.0 / 32768, 0, -32768, 32767));
  }
  EXPECT_TRUE(test::WithinLsb(t.Out<int16_t>(0), want, 1));
}

TEST(SquaredDifferenceOp, Int16NeedsZeroPointZero) {
  OpTest t(opcode::SQUARED_DIFFERENCE);
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 1));
  t.Input<int16_t>({1}, {1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(),
            "op 0 SQUARED_DIFFERENCE: int16 inputs and output must have zero point 0 (tensors 0, "
            "1, 2)");
}

TEST(SquaredDifferenceOp, EmptyTensor) {
  OpTest t(opcode::SQUARED_DIFFERENCE);
  t.Input<float>({1, 0}, {});
  t.Input<float>({1, 1}, {2});
  t.Output<float>({1, 0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<float>(0).empty());
}

}  // namespace
}  // namespace circlet
