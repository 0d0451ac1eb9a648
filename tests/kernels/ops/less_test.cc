// SPDX-License-Identifier: Apache-2.0
// LESS: NaN, int8 rescaling, int16 raw, int32 scalar broadcast, zero-size
// dimensions.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;
using V = std::vector<uint8_t>;

TEST(LessOp, FloatNaNAndInfinity) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  OpTest t(opcode::LESS);
  t.Input<float>({4}, {nan, 0, -inf, 1});
  t.Input<float>({4}, {1, nan, 0, 1});
  t.Output<bool>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 0, 1, 0}));
}

TEST(LessOp, Int8OtherScales) {
  // in1 scale 0.25 zp 10: {15, 14, 4} -> {1.25, 1.0, -1.5};
  // in2 scale 0.5 zp 0: {3, 2, 4} -> {1.5, 1.0, 2.0}.
  OpTest t(opcode::LESS);
  t.Input<int8_t>({3}, {15, 14, 4}, writer::PerTensor(0.25f, 10));
  t.Input<int8_t>({3}, {3, 2, 4}, writer::PerTensor(0.5f, 0));
  t.Output<bool>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 1}));
}

TEST(LessOp, Int32ScalarSecondInput) {
  OpTest t(opcode::LESS);
  t.Input<int32_t>({2, 2}, {-5, 3, 4, 100});
  t.Input<int32_t>({}, {4});
  t.Output<bool>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 1, 0, 0}));
}

TEST(LessOp, Int16RawWithBroadcast) {
  // TFLite's LESS compares int16 values as they are.
  OpTest t(opcode::LESS);
  t.Input<int16_t>({2, 2}, {-32768, 0, 5, 32767}, writer::PerTensor(0.001f, 0));
  t.Input<int16_t>({1}, {5}, writer::PerTensor(0.5f, 0));
  t.Output<bool>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 1, 0, 0}));
}

TEST(LessOp, ZeroSizeDimension) {
  OpTest t(opcode::LESS);
  t.Input<float>({0, 3}, {});
  t.Input<float>({3}, {1, 2, 3});
  t.Output<bool>({0, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<uint8_t>(0).empty());
}

}  // namespace
}  // namespace circlet
