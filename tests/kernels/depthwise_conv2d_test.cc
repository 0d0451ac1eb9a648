// SPDX-License-Identifier: Apache-2.0
// DEPTHWISE_CONV_2D: float cases against the nested-loop double reference
// in conv_test_util.h, hand-computed channel order for a depth multiplier,
// int8 cases whose expected values are the real-valued result rounded to
// nearest (each asserted to be away from a rounding tie), channel counts that
// cross the kernel's accumulator blocks, and prepare errors with their exact
// messages.
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

constexpr bool kDepthwise = true;

ConvShape Dw(int n, int h, int w, int c, int kh, int kw, int mult, bool same, int sh, int sw,
             int dh, int dw) {
  ConvShape s{n, h, w, c, kh, kw, c * mult, same, sh, sw, dh, dw};
  s.multiplier = mult;
  return s;
}

TEST(DepthwiseConv2D, FloatDepthMultiplierChannelOrderHandComputed) {
  // Output channel c * 2 + m reads input channel c with filter channel c * 2 + m.
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 1, 1, 2});
  int f = mw.AddConstant<float>("f", DType::kFloat32, {1, 1, 1, 4},
                                std::vector<float>{1, 10, 100, 1000});
  int b = mw.AddConstant<float>("b", DType::kFloat32, {4}, std::vector<float>{0.5f, 0, 0, -1});
  int y = mw.AddTensor("y", DType::kFloat32, {1, 1, 1, 4});
  mw.AddOperator(4, {x, f, b}, {y}, writer::DepthwiseConv2DOptions(fb::Padding_VALID, 1, 1, 2, 0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(std::vector<float>{2, 3})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{2.5f, 20, 300, 2999}));
}

TEST(DepthwiseConv2D, FloatSameOddAndEvenPaddingBatch2Bias) {
  // h: out 5, total padding 2 (even); w: out 6, total 1 (odd).
  CheckFloatConv(kDepthwise, {Dw(2, 5, 6, 3, 3, 2, 1, true, 1, 1, 1, 1), 0, true, -1, 1, 11});
}

TEST(DepthwiseConv2D, FloatMultiplier2SameStride2x1ReluNoBias) {
  auto clamped =
      CheckFloatConv(kDepthwise, {Dw(1, 8, 7, 2, 3, 3, 2, true, 2, 1, 1, 1), 1, false, -1, 1, 22});
  EXPECT_GT(clamped.first, 0);
}

TEST(DepthwiseConv2D, FloatMultiplier2ValidStride1x2Relu6) {
  auto clamped =
      CheckFloatConv(kDepthwise, {Dw(1, 9, 10, 3, 3, 3, 2, false, 1, 2, 1, 1), 3, true, -6, 6, 33});
  EXPECT_GT(clamped.first, 0);
  EXPECT_GT(clamped.second, 0);
}

TEST(DepthwiseConv2D, FloatDilation2SameReluN1To1) {
  auto clamped =
      CheckFloatConv(kDepthwise, {Dw(1, 7, 8, 2, 3, 3, 1, true, 1, 1, 2, 2), 2, true, -1, 1, 44});
  EXPECT_GT(clamped.first, 0);
  EXPECT_GT(clamped.second, 0);
}

TEST(DepthwiseConv2D, FloatManyChannelsAcrossBlocks) {
  // 40 channels (multiplier 1) and 20 x 3 = 60 channels: blocks of
  // accumulators that start inside an input channel's group.
  CheckFloatConv(kDepthwise, {Dw(1, 4, 5, 40, 3, 3, 1, true, 1, 1, 1, 1), 0, true, -1, 1, 55});
  CheckFloatConv(kDepthwise, {Dw(2, 5, 4, 20, 2, 3, 3, true, 2, 2, 1, 2), 0, true, -1, 1, 66});
}

TEST(DepthwiseConv2D, Int8PerChannelMultiplier2SameNonZeroInputZeroPointSaturates) {
  // Filter scales from 2^-20 to 2^2; biases put the small-scale channels
  // mid-range, the large-scale ones saturate at both ends.
  Int8ConvCase c;
  c.s = Dw(1, 6, 5, 3, 3, 3, 2, true, 1, 1, 1, 1);
  c.act = 0;
  c.bias = true;
  c.in_scale = 0.047f;
  c.in_zp = -11;
  c.filter_scales = {std::ldexp(1.05f, 2),  std::ldexp(0.7f, 1),   std::ldexp(1.3f, -8),
                     std::ldexp(0.9f, -12), std::ldexp(1.1f, -16), std::ldexp(1.37f, -20)};
  c.out_scale = 0.11f;
  c.out_zp = 6;
  c.bias_target = {0, 10, -90, 30, -20, 70};
  c.w_max = 127;
  c.x_spread = 110;
  c.seed = 5;
  auto st = CheckInt8Conv(kDepthwise, c);
  EXPECT_GT(st.low, 0);
  EXPECT_GT(st.high, 0);
  EXPECT_GT(st.inside, 80);
}

TEST(DepthwiseConv2D, Int8PerTensorStride2Dilation2ReluBatch2ManyChannels) {
  Int8ConvCase c;
  c.s = Dw(2, 7, 8, 35, 3, 3, 1, true, 2, 2, 2, 2);
  c.act = 1;
  c.bias = true;
  c.in_scale = 0.2371f;
  c.in_zp = 5;
  c.filter_scales = {0.2113f};
  c.out_scale = 0.0817f;
  c.out_zp = -30;
  c.bias_target.assign(35, 0.0);
  for (int o = 0; o < 35; ++o) c.bias_target[o] = (o % 7) * 35.0 - 40.0;
  c.w_max = 4;
  c.x_spread = 8;
  c.seed = 77;
  auto st = CheckInt8Conv(kDepthwise, c);
  EXPECT_GT(st.low, 0);
  EXPECT_GT(st.high, 0);
  EXPECT_GT(st.inside, 200);
}

TEST(DepthwiseConv2D, Int8PerChannelMultiplier3ValidRelu6NoBias) {
  Int8ConvCase c;
  c.s = Dw(1, 5, 6, 12, 2, 3, 3, false, 1, 2, 1, 1);
  c.act = 3;
  c.bias = false;
  c.in_scale = 0.0973f;
  c.in_zp = 0;
  for (int o = 0; o < 36; ++o) c.filter_scales.push_back(0.31f + 0.0137f * o);
  c.out_scale = 0.0601f;
  c.out_zp = -100;  // RELU6 range [-100, 0]
  c.w_max = 6;
  c.x_spread = 20;
  c.seed = 4321;
  auto st = CheckInt8Conv(kDepthwise, c);
  EXPECT_GT(st.low, 0);
  EXPECT_GT(st.high, 0);
  EXPECT_GT(st.inside, 50);
}

// A one-op int8 DEPTHWISE_CONV_2D model for the error cases.
std::string PrepareError(const std::vector<int32_t>& in_shape, const std::vector<int32_t>& f_shape,
                         const writer::Quant& fq, const std::vector<int32_t>& out_shape, int mult) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, in_shape, writer::PerTensor(0.5f, 0));
  size_t n = 1;
  for (int d : f_shape) n *= d;
  int f = mw.AddConstant<int8_t>("f", DType::kInt8, f_shape, std::vector<int8_t>(n, 1), fq);
  int y = mw.AddTensor("y", DType::kInt8, out_shape, writer::PerTensor(0.5f, 0));
  mw.AddOperator(4, {x, f}, {y}, writer::DepthwiseConv2DOptions(fb::Padding_VALID, 1, 1, mult, 0),
                 3);
  mw.SetInputs({x});
  mw.SetOutputs({y});
  size_t in_bytes = 1;
  for (int d : in_shape) in_bytes *= d;
  auto r = test::RunModel(mw.Finish(), {std::vector<uint8_t>(in_bytes)});
  return r.status.ok() ? "ok" : r.status.message();
}

TEST(DepthwiseConv2D, WrongFilterChannelsIsReported) {
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {1, 3, 3, 6}, writer::PerTensor(0.1f, 0), {1, 2, 2, 6}, 1),
            "op 0 DEPTHWISE_CONV_2D: filter (tensor 1) has 6 output channels, input (tensor 0) "
            "has 4 channels and depth multiplier 1");
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {2, 3, 3, 4}, writer::PerTensor(0.1f, 0), {1, 2, 2, 4}, 1),
            "op 0 DEPTHWISE_CONV_2D: filter (tensor 1) has dimension 0 of 2, expected 1");
  // The sane case passes, with the multiplier given or derived from the filter.
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {1, 3, 3, 8}, writer::PerTensor(0.1f, 0), {1, 2, 2, 8}, 2),
            "ok");
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {1, 3, 3, 8}, writer::PerTensor(0.1f, 0), {1, 2, 2, 8}, 0),
            "ok");
}

TEST(DepthwiseConv2D, WrongPerChannelScaleCountIsReported) {
  // 3 scales along dimension 1 (consistent for the model), 4 output channels.
  writer::Quant q{{0.1f, 0.2f, 0.3f}, {0, 0, 0}, 1};
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {1, 3, 3, 4}, q, {1, 2, 2, 4}, 1),
            "op 0 DEPTHWISE_CONV_2D: filter (tensor 1) has 3 scales, expected 1 or 4 (one per "
            "output channel)");
}

TEST(DepthwiseConv2D, NonZeroWeightZeroPointIsReported) {
  writer::Quant q{{0.1f, 0.2f, 0.3f, 0.4f}, {0, 0, -2, 0}, 3};
  EXPECT_EQ(PrepareError({1, 4, 4, 4}, {1, 3, 3, 4}, q, {1, 2, 2, 4}, 1),
            "op 0 DEPTHWISE_CONV_2D: filter (tensor 1) zero point -2, int8 weights must be "
            "symmetric (0)");
}

}  // namespace
}  // namespace circlet
