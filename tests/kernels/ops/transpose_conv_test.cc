// SPDX-License-Identifier: Apache-2.0
// TRANSPOSE_CONV: the scatter of every input pixel through the filter;
// expected values worked out by hand.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options TransposeConvOptions(
    fb::Padding padding, int stride_w, int stride_h,
    fb::ActivationFunctionType act = fb::ActivationFunctionType_NONE) {
  return Opt(fb::BuiltinOptions_TransposeConvOptions, [=](auto& b) {
    fb::TransposeConvOptionsBuilder o(b);
    o.add_padding(padding);
    o.add_stride_w(stride_w);
    o.add_stride_h(stride_h);
    o.add_fused_activation_function(act);
    return o.Finish().Union();
  });
}

TEST(TransposeConvOp, Stride1ValidWithBias) {
  OpTest t(opcode::TRANSPOSE_CONV, TransposeConvOptions(fb::Padding_VALID, 1, 1));
  t.Const<int32_t>({4}, {1, 3, 3, 1});
  t.Const<float>({1, 2, 2, 1}, {1, 1, 1, 1});
  t.Input<float>({1, 2, 2, 1}, {1, 2, 3, 4});
  t.Const<float>({1}, {0.5f});
  t.Output<float>({1, 3, 3, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0),
            (std::vector<float>{1.5f, 3.5f, 2.5f, 4.5f, 10.5f, 6.5f, 3.5f, 7.5f, 4.5f}));
}

TEST(TransposeConvOp, Stride2SameNoBias) {
  // SAME, output 4, filter 3, stride 2: 2 input positions, padding 0.
  OpTest t(opcode::TRANSPOSE_CONV, TransposeConvOptions(fb::Padding_SAME, 2, 2));
  t.Const<int32_t>({4}, {1, 4, 4, 1});
  t.Const<float>({1, 3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  t.Input<float>({1, 2, 2, 1}, {1, 2, 3, 4});
  t.Output<float>({1, 4, 4, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0),
            (std::vector<float>{1, 2, 5, 4, 4, 5, 14, 10, 10, 14, 36, 24, 12, 15, 34, 20}));
}

TEST(TransposeConvOp, Stride2ValidLargerOutput) {
  // VALID, output 5, filter 3, stride 2: [1, 2, 3 + 2, 4, 6].
  OpTest t(opcode::TRANSPOSE_CONV, TransposeConvOptions(fb::Padding_VALID, 2, 1));
  t.Const<int32_t>({4}, {1, 1, 5, 1});
  t.Const<float>({1, 1, 3, 1}, {1, 2, 3});
  t.Input<float>({1, 1, 2, 1}, {1, 2});
  t.Output<float>({1, 1, 5, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 5, 4, 6}));
}

TEST(TransposeConvOp, Stride2SamePaddingBiasAndRelu) {
  // SAME, output 4, filter 4, stride 2: padding 1. Input 0 lands on
  // outputs 0..2 (taps 1..3), input 1 on outputs 1..3 (taps 0..2):
  // [2, -3 - 2, 4 + 4, -6] + bias 1, then RELU.
  OpTest t(opcode::TRANSPOSE_CONV,
           TransposeConvOptions(fb::Padding_SAME, 2, 1, fb::ActivationFunctionType_RELU));
  t.Const<int32_t>({4}, {1, 1, 4, 1});
  t.Const<float>({1, 1, 4, 1}, {-1, 2, -3, 4});
  t.Input<float>({1, 1, 2, 1}, {1, 2});
  t.Const<float>({1}, {1});
  t.Output<float>({1, 1, 4, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{3, 0, 9, 0}));
}

TEST(TransposeConvOp, Int8PerChannel) {
  // Input real [1, 2]; both channels' filters real [1, 2]; M = 1 and 0.5.
  OpTest t(opcode::TRANSPOSE_CONV, TransposeConvOptions(fb::Padding_VALID, 1, 1));
  t.Const<int32_t>({4}, {1, 1, 3, 2});
  t.Const<int8_t>({2, 1, 2, 1}, {2, 4, 4, 8}, writer::Quant{{0.5f, 0.25f}, {0, 0}, 0});
  t.Input<int8_t>({1, 1, 2, 1}, {3, 5}, writer::PerTensor(0.5f, 1));
  t.Const<int32_t>({2}, {1, 3});
  t.Output<int8_t>({1, 1, 3, 2}, writer::PerTensor(0.25f, -2));
  ASSERT_EQ(t.Run(), "");
  // channel 0: acc 4, 16, 16 + 1 -> 5, 17, 17, minus 2;
  // channel 1: acc 8, 32, 32 + 3 -> 11, 35, 35 times 0.5 (ties up) -> 6, 18, 18, minus 2.
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{3, 4, 15, 16, 15, 16}));
}

// 16x8: int16 input [3, -5] (scale 0.5), int8 filters per channel [2, 4]
// (scale 0.5) and [4, 8] (0.25), int64 bias [1, 3] stored at a 4-byte
// offset, output scale 0.25. Accumulators (VALID, stride 1, width 3):
// channel 0: 6, 12 - 10, -20, + 1 = 7, 3, -19, times M = 1;
// channel 1: 12, 24 - 20, -40, + 3 = 15, 7, -37, times M = 0.5 with
// TFLite's int64 rounding (ties toward +infinity): 8, 4, -18.
void Int16Case(OpTest& t, bool shape_is_input) {
  if (shape_is_input) {
    t.Input<int32_t>({4}, {1, 1, 3, 2});
  } else {
    t.Const<int32_t>({4}, {1, 1, 3, 2});
  }
  t.Const<int8_t>({2, 1, 2, 1}, {2, 4, 4, 8}, writer::Quant{{0.5f, 0.25f}, {0, 0}, 0});
  t.Input<int16_t>({1, 1, 2, 1}, {3, -5}, writer::PerTensor(0.5f, 0));
  t.AtFourByteOffset(t.Const<int64_t>({2}, {1, 3}, writer::Quant{{0.25f, 0.125f}, {0, 0}, 0}));
  t.Output<int16_t>({1, 1, 3, 2}, writer::PerTensor(0.25f, 0));
}

TEST(TransposeConvOp, Int16PerChannelInt64BiasAtFourByteOffset) {
  OpTest t(opcode::TRANSPOSE_CONV, TransposeConvOptions(fb::Padding_VALID, 1, 1), 3);
  Int16Case(t, false);
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{7, 8, 3, 4, -19, -18}));
}

TEST(TransposeConvOp, Int16OutputShapeFromTheGraphIsNotRead) {
  // As TFLite Micro: a computed output_shape (here a graph input) is not
  // read; the output tensor's shape stands for it.
  OpTest t(opcode::TRANSPOSE_CONV, TransposeConvOptions(fb::Padding_VALID, 1, 1), 3);
  Int16Case(t, true);
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{7, 8, 3, 4, -19, -18}));
}

TEST(TransposeConvOp, Int16ReluAndSaturation) {
  // Per-tensor filter scale 1, M = 2 * 1 / 1 = 2: [300, -20000] * 100 =
  // 30000 * 2 -> 32767 (saturates), -2000000 * 2 -> clamped to 0 by RELU.
  OpTest t(opcode::TRANSPOSE_CONV,
           TransposeConvOptions(fb::Padding_VALID, 1, 1, fb::ActivationFunctionType_RELU), 3);
  t.Const<int32_t>({4}, {1, 1, 2, 1});
  t.Const<int8_t>({1, 1, 1, 1}, {100}, writer::PerTensor(1.0f, 0));
  t.Input<int16_t>({1, 1, 2, 1}, {300, -20000}, writer::PerTensor(2.0f, 0));
  t.Output<int16_t>({1, 1, 2, 1}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{32767, 0}));
}

TEST(TransposeConvOp, Int16RefusesAnInt32Bias) {
  OpTest t(opcode::TRANSPOSE_CONV, TransposeConvOptions(fb::Padding_VALID, 1, 1), 3);
  t.Const<int32_t>({4}, {1, 1, 3, 1});
  t.Const<int8_t>({1, 1, 2, 1}, {1, 1}, writer::PerTensor(0.5f, 0));
  t.Input<int16_t>({1, 1, 2, 1}, std::vector<int16_t>(2, 1), writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1}, {0});
  t.Output<int16_t>({1, 1, 3, 1}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(), "op 0 TRANSPOSE_CONV: bias (tensor 3) is int32, expected int64");
}

TEST(TransposeConvOp, RefusesAnOutputShapeOtherThanTheModels) {
  OpTest t(opcode::TRANSPOSE_CONV, TransposeConvOptions(fb::Padding_VALID, 1, 1));
  t.Const<int32_t>({4}, {1, 1, 3, 2});
  t.Const<float>({1, 1, 2, 1}, {1, 1});
  t.Input<float>({1, 1, 2, 1}, {1, 2});
  t.Output<float>({1, 1, 3, 1});
  EXPECT_EQ(t.Run(),
            "op 0 TRANSPOSE_CONV: output_shape (tensor 0) is [1, 1, 3, 2], expected [1, >0, >0, "
            "1] (input batches, filter output channels)");
}

}  // namespace
}  // namespace circlet
