// SPDX-License-Identifier: Apache-2.0
// GREATER: float broadcasting with NaN, int8 and int16 with other scales,
// int64, bool refused, shape errors.
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

TEST(GreaterOp, Int16IsRescaledAsTfliteMicroDoes) {
  // in1 scale 2^-10 zp 0: {1000, 2048, -512, 30000} -> {0.9765625, 2, -0.5, 29.296875};
  // in2 scale 2^-8 zp 0: {250, 512, -129, 7500} -> {0.9765625, 2, -0.50390625, 29.296875}.
  // Equal reals are not greater; raw values would say {true, true, true, true}.
  OpTest t(opcode::GREATER);
  t.Input<int16_t>({4}, {1000, 2048, -512, 30000}, writer::PerTensor(1.0f / 1024, 0));
  t.Input<int16_t>({4}, {250, 512, -129, 7500}, writer::PerTensor(1.0f / 256, 0));
  t.Output<bool>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 0, 1, 0}));
}

TEST(GreaterOp, Int16ExtremesDoNotOverflow) {
  // (q - zp) * 2^8 stays within int32 for every int16 value: 32767 > -32768.
  OpTest t(opcode::GREATER);
  t.Input<int16_t>({2}, {32767, -32768}, writer::PerTensor(0.5f, 0));
  t.Input<int16_t>({2}, {-32768, 32767}, writer::PerTensor(0.5f, 0));
  t.Output<bool>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0}));
}

TEST(GreaterOp, BoolIsRefused) {
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
