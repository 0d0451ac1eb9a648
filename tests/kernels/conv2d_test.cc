// SPDX-License-Identifier: Apache-2.0
// CONV_2D: float cases against the nested-loop double reference in
// conv_test_util.h (TensorFlow's SAME/VALID definition), one hand-computed
// padding case, int8 cases whose expected values are the real-valued result
// rounded to nearest (each asserted to be away from a rounding tie), and the
// prepare errors with their exact messages.
#include <gtest/gtest.h>

#include "tests/kernels/conv_test_util.h"

namespace circlet {
namespace {

using test::CheckFloatConv;
using test::CheckInt8Conv;
using test::ConvShape;
using test::FloatConvCase;
using test::Int8ConvCase;
using writer::ModelWriter;

constexpr bool kConv = false;  // not depthwise

TEST(Conv2D, FloatSamePaddingSplitHandComputed) {
  // 3x3 input 1..9, 2x2 filter of ones, SAME, stride 1: total padding 1 in
  // each direction, all of it after the input (bottom, right).
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 3, 3, 1});
  int f = mw.AddConstant<float>("f", DType::kFloat32, {1, 2, 2, 1}, std::vector<float>(4, 1.0f));
  int y = mw.AddTensor("y", DType::kFloat32, {1, 3, 3, 1});
  mw.AddOperator(3, {x, f}, {y}, writer::Conv2DOptions(fb::Padding_SAME, 1, 1, 0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  auto r =
      test::RunModel(mw.Finish(), {test::Bytes(std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  // [1+2+4+5, 2+3+5+6, 3+6], [4+5+7+8, 5+6+8+9, 6+9], [7+8, 8+9, 9]
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{12, 16, 9, 24, 28, 15, 15, 17, 9}));
}

TEST(Conv2D, FloatSameOddAndEvenPaddingBatch2Bias) {
  // h: out 5, total padding 2 (even); w: out 6, total 1 (odd).
  CheckFloatConv(kConv, {{2, 5, 6, 3, 3, 2, 4, true, 1, 1, 1, 1}, 0, true, -1, 1, 11});
}

TEST(Conv2D, FloatSameStride2x1ReluNoBias) {
  // h: out 4, total 3*2+3-8 = 1 (odd); w: out 7, total 2.
  auto clamped =
      CheckFloatConv(kConv, {{1, 8, 7, 2, 3, 3, 3, true, 2, 1, 1, 1}, 1, false, -1, 1, 22});
  EXPECT_GT(clamped.first, 0);
}

TEST(Conv2D, FloatValidStride1x2Relu6) {
  auto clamped =
      CheckFloatConv(kConv, {{1, 9, 10, 3, 2, 3, 2, false, 1, 2, 1, 1}, 3, true, -4, 4, 33});
  EXPECT_GT(clamped.first, 0);
  EXPECT_GT(clamped.second, 0);
}

TEST(Conv2D, FloatDilation2SameReluN1To1) {
  auto clamped =
      CheckFloatConv(kConv, {{1, 7, 8, 2, 3, 3, 2, true, 1, 1, 2, 2}, 2, true, -1, 1, 44});
  EXPECT_GT(clamped.first, 0);
  EXPECT_GT(clamped.second, 0);
}

TEST(Conv2D, FloatDilation2x1ValidStride2) {
  CheckFloatConv(kConv, {{2, 9, 9, 2, 2, 3, 3, false, 2, 2, 2, 1}, 0, false, -1, 1, 55});
}

TEST(Conv2D, Int8PerChannelSameNonZeroInputZeroPointSaturates) {
  // Filter scales from 2^-20 to 2^2: effective multipliers from ~5.6e-7
  // (right shift 20) to ~1.8 (left shift 1). Biases put the small-scale
  // channels mid-range; the large-scale ones saturate at both ends.
  Int8ConvCase c;
  c.s = {1, 5, 5, 3, 3, 3, 6, true, 1, 1, 1, 1};
  c.act = 0;
  c.bias = true;
  c.in_scale = 0.047f;
  c.in_zp = 9;
  c.filter_scales = {std::ldexp(1.05f, 2),  std::ldexp(0.7f, 1),   std::ldexp(1.3f, -8),
                     std::ldexp(0.9f, -12), std::ldexp(1.1f, -16), std::ldexp(1.37f, -20)};
  c.out_scale = 0.11f;
  c.out_zp = -5;
  c.bias_target = {0, 10, -60, 30, -20, 70};
  c.w_max = 127;
  c.x_spread = 100;
  c.seed = 7;
  auto st = CheckInt8Conv(kConv, c);
  EXPECT_GT(st.low, 0);
  EXPECT_GT(st.high, 0);
  EXPECT_GT(st.inside, 60);
}

TEST(Conv2D, Int8PerTensorStride2x1Dilation1x2Relu6Batch2) {
  Int8ConvCase c;
  c.s = {2, 7, 6, 2, 3, 2, 3, true, 2, 1, 1, 2};
  c.act = 3;
  c.bias = true;
  c.in_scale = 0.2371f;
  c.in_zp = -3;
  c.filter_scales = {0.2113f};
  c.out_scale = 0.0817f;
  c.out_zp = -20;  // RELU6 range [-20, 53]
  c.bias_target = {5, 30, 60};
  c.w_max = 3;
  c.x_spread = 6;
  c.seed = 99;
  auto st = CheckInt8Conv(kConv, c);
  EXPECT_GT(st.low, 0);
  EXPECT_GT(st.high, 0);
  EXPECT_GT(st.inside, 20);
}

TEST(Conv2D, Int8PerChannelValidStride1x2NoBiasReluN1To1) {
  Int8ConvCase c;
  c.s = {1, 6, 7, 2, 2, 2, 3, false, 1, 2, 1, 1};
  c.act = 2;
  c.bias = false;
  c.in_scale = 0.0973f;
  c.in_zp = 4;
  c.filter_scales = {0.1171f, 0.2293f, 0.5137f};
  c.out_scale = 0.0201f;
  c.out_zp = 3;  // RELU_N1_TO_1 range [-47, 53]
  c.w_max = 3;
  c.x_spread = 8;
  c.seed = 1234;
  auto st = CheckInt8Conv(kConv, c);
  EXPECT_GT(st.low, 0);
  EXPECT_GT(st.high, 0);
  EXPECT_GT(st.inside, 10);
}

// A one-op int8 CONV_2D model for the error cases.
std::string PrepareError(const std::vector<int32_t>& in_shape, const std::vector<int32_t>& f_shape,
                         const writer::Quant& fq, const std::vector<int32_t>& out_shape,
                         int bias_elems = 0) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, in_shape, writer::PerTensor(0.5f, 0));
  size_t n = 1;
  for (int d : f_shape) n *= d;
  int f = mw.AddConstant<int8_t>("f", DType::kInt8, f_shape, std::vector<int8_t>(n, 1), fq);
  int b = bias_elems > 0 ? mw.AddConstant<int32_t>("b", DType::kInt32, {bias_elems},
                                                   std::vector<int32_t>(bias_elems, 0))
                         : -1;
  int y = mw.AddTensor("y", DType::kInt8, out_shape, writer::PerTensor(0.5f, 0));
  mw.AddOperator(3, {x, f, b}, {y}, writer::Conv2DOptions(fb::Padding_VALID, 1, 1, 0), 3);
  mw.SetInputs({x});
  mw.SetOutputs({y});
  size_t in_bytes = 1;
  for (int d : in_shape) in_bytes *= d;
  auto r = test::RunModel(mw.Finish(), {std::vector<uint8_t>(in_bytes)});
  return r.status.ok() ? "ok" : r.status.message();
}

TEST(Conv2D, WrongFilterChannelsIsReported) {
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {2, 3, 3, 3}, writer::PerTensor(0.1f, 0), {1, 2, 2, 2}),
            "op 0 CONV_2D: filter (tensor 1) has 3 input channels, input (tensor 0) has 4");
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {2, 3, 3, 2}, writer::PerTensor(0.1f, 0), {1, 2, 2, 2}),
            "op 0 CONV_2D: grouped convolution (input (tensor 0) has 4 channels, filter "
            "(tensor 1) has 2) is not supported");
}

TEST(Conv2D, WrongPerChannelScaleCountIsReported) {
  // 4 scales along dimension 3 (the model is consistent), but CONV_2D needs
  // one per output channel (2).
  writer::Quant q{{0.1f, 0.2f, 0.3f, 0.4f}, {0, 0, 0, 0}, 3};
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {2, 3, 3, 4}, q, {1, 2, 2, 2}),
            "op 0 CONV_2D: filter (tensor 1) has 4 scales, expected 1 or 2 (one per output "
            "channel)");
  // One scale per output channel, but along the wrong dimension.
  writer::Quant q3{{0.1f, 0.2f, 0.3f}, {0, 0, 0}, 1};
  EXPECT_EQ(PrepareError({1, 4, 4, 3}, {3, 3, 3, 3}, q3, {1, 2, 2, 3}),
            "op 0 CONV_2D: filter (tensor 1) is quantized along dimension 1, expected 0");
}

TEST(Conv2D, NonZeroWeightZeroPointIsReported) {
  writer::Quant q{{0.1f, 0.2f}, {0, 5}, 0};
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {2, 3, 3, 4}, q, {1, 2, 2, 2}),
            "op 0 CONV_2D: filter (tensor 1) zero point 5, int8 weights must be symmetric (0)");
}

TEST(Conv2D, WrongBiasAndOutputShapeAreReported) {
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {2, 3, 3, 4}, writer::PerTensor(0.1f, 0), {1, 2, 2, 2}, 3),
            "op 0 CONV_2D: bias (tensor 2) has 3 elements, expected 2");
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {2, 3, 3, 4}, writer::PerTensor(0.1f, 0), {1, 4, 4, 2}),
            "op 0 CONV_2D: output 0 (tensor 2) has shape [1x4x4x2], the op computes [1x2x2x2]");
}

}  // namespace
}  // namespace circlet
