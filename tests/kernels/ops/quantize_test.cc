// SPDX-License-Identifier: Apache-2.0
// QUANTIZE to int32 (from int8 and int16) and from int32 (to int8 and
// int16), TFLite Micro's Requantize: (q - zp_in) times s_in/s_out as a
// fixed-point multiplier, plus zp_out, clamped to the output type.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(QuantizeOp, Int8ToInt32) {
  // s_in / s_out = 0.5 / (1/128) = 64: (q + 26) * 64 + 5.
  OpTest t(opcode::QUANTIZE);
  t.Input<int8_t>({4}, {-128, -26, 0, 127}, writer::PerTensor(0.5f, -26));
  t.Output<int32_t>({4}, writer::PerTensor(1.0f / 128, 5));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{-102 * 64 + 5, 5, 26 * 64 + 5, 153 * 64 + 5}));
}

TEST(QuantizeOp, Int16ToInt32RoundsTwiceAsTflite) {
  // s_in / s_out = 0.25 / 1 (multiplier 2^30, shift -1): first
  // SaturatingRoundingDoublingHighMul halves with ties toward +infinity,
  // then RoundingDivideByPOT halves again with ties away from zero.
  //   2 -> 1 -> 1;  -2 -> -1 -> -1;  1 -> 1 (0.5 up) -> 1 (0.5 away);
  //   -1 -> 0 (-0.5 up) -> 0;  6 -> 3 -> 2;  -6 -> -3 -> -2;
  //   32767 -> 16384 -> 8192.
  OpTest t(opcode::QUANTIZE);
  t.Input<int16_t>({7}, {2, -2, 1, -1, 6, -6, 32767}, writer::PerTensor(0.25f, 0));
  t.Output<int32_t>({7}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{1, -1, 1, 0, 2, -2, 8192}));
}

TEST(QuantizeOp, Int32ToInt16SaturatesAndRoundsAsTflite) {
  // s_in / s_out = 0.125 / 0.5 = 0.25 (multiplier 2^30, shift -1), the two
  // roundings of the test above: 6 -> 3 -> 2 (1.5 away from zero), 2 -> 1
  // -> 1, -2 -> -1 -> -1; +-10^6 -> +-250000, saturated to int16.
  OpTest t(opcode::QUANTIZE);
  t.Input<int32_t>({7}, {4, -4, 2, -2, 1000000, -1000000, 6}, writer::PerTensor(0.125f, 0));
  t.Output<int16_t>({7}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{1, -1, 1, -1, 32767, -32768, 2}));
}

TEST(QuantizeOp, Int32ToInt8WithZeroPoints) {
  // (x - 10) / 4 - 5: 0 -> -5, 4 -> 1 - 5, 8 -> 2 - 5; 990 -> 247.5 -> 248
  // (away from zero) -> 243, saturated to 127; -1010 -> -253 -> -258 -> -128.
  OpTest t(opcode::QUANTIZE);
  t.Input<int32_t>({5}, {10, 14, 18, 1000, -1000}, writer::PerTensor(1.0f, 10));
  t.Output<int8_t>({5}, writer::PerTensor(4.0f, -5));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-5, -4, -3, 127, -128}));
}

TEST(QuantizeOp, Int32ToInt32IsRefused) {
  OpTest t(opcode::QUANTIZE);
  t.Input<int32_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  t.Output<int32_t>({2}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(), "op 0 QUANTIZE: output (tensor 1) is int32, expected int8 or int16");
}

TEST(QuantizeOp, FloatToInt32IsRefused) {
  OpTest t(opcode::QUANTIZE);
  t.Input<float>({2}, {1, 2});
  t.Output<int32_t>({2}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(), "op 0 QUANTIZE: output (tensor 1) is int32, expected int8 or int16");
}

}  // namespace
}  // namespace circlet
