// SPDX-License-Identifier: Apache-2.0
// GREATER: float broadcasting with NaN, int8 with other scales, int64,
// int16 refused (TFLite Micro has no rescaling for it), shape errors.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;
using V = std::vector<uint8_t>;

TEST(GreaterOp, FloatBroadcastAndNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpTest t(opcode::GREATER);
  t.Input<float>({1}, {1.0f});
  t.Input<float>({2, 2}, {0.5f, 1.0f, nan, -3});
  t.Output<bool>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 0, 1}));
}

TEST(GreaterOp, Int8OtherScales) {
  // in1 scale 0.5 zp 0: {3, 2, 4} -> {1.5, 1.0, 2.0};
  // in2 scale 0.25 zp 10: {15, 14, 4} -> {1.25, 1.0, -1.5}.
  // Raw values would say {false, false, false}.
  OpTest t(opcode::GREATER);
  t.Input<int8_t>({3}, {3, 2, 4}, writer::PerTensor(0.5f, 0));
  t.Input<int8_t>({3}, {15, 14, 4}, writer::PerTensor(0.25f, 10));
  t.Output<bool>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 1}));
}

TEST(GreaterOp, Int64) {
  OpTest t(opcode::GREATER);
  t.Input<int64_t>({3}, {int64_t{1} << 40, -1, 0});
  t.Input<int64_t>({3}, {(int64_t{1} << 40) - 1, 0, 0});
  t.Output<bool>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 0}));
}

TEST(GreaterOp, Int16AndBoolAreRefused) {
  OpTest a(opcode::GREATER);
  a.Input<int16_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  a.Input<int16_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  a.Output<bool>({2});
  EXPECT_EQ(a.Run(), "op 0 GREATER: input 0 (tensor 0) is int16: not a type GREATER takes");
  OpTest b(opcode::GREATER);
  b.Input<bool>({2}, {true, false});
  b.Input<bool>({2}, {true, false});
  b.Output<bool>({2});
  EXPECT_EQ(b.Run(), "op 0 GREATER: input 0 (tensor 0) is bool: not a type GREATER takes");
}

TEST(GreaterOp, ShapesMustBroadcast) {
  OpTest t(opcode::GREATER);
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Input<float>({2}, {1, 2});
  t.Output<bool>({2, 3});
  EXPECT_EQ(t.Run(),
            "op 0 GREATER: input shapes do not broadcast: tensor 0 has 3 and tensor 1 has 2 at "
            "axis 1 from the end");
}

TEST(GreaterOp, OutputShapeMustMatchTheBroadcast) {
  OpTest t(opcode::GREATER);
  t.Input<float>({2, 1}, {1, 2});
  t.Input<float>({3}, {1, 2, 3});
  t.Output<bool>({2, 1});
  EXPECT_NE(t.Run(), "");
}

}  // namespace
}  // namespace circlet
