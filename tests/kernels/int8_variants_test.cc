// SPDX-License-Identifier: Apache-2.0
// Int8-only kernel variants (CIRCLET_INT8_KERNELS in circlet/op_resolver.h):
// AVERAGE_POOL_2D_INT8, CONV_2D_INT8, DEPTHWISE_CONV_2D_INT8,
// FULLY_CONNECTED_INT8 and SOFTMAX_INT8 give values
// worked out by hand here, the same bytes as the full kernels on random
// int8 data, and refuse other types in prepare with a message naming the
// full kernel.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;

#define VARIANT_OPS(X)    \
  X(AVERAGE_POOL_2D_INT8) \
  X(CONV_2D_INT8) X(DEPTHWISE_CONV_2D_INT8) X(FULLY_CONNECTED_INT8) X(SOFTMAX_INT8)
CIRCLET_DEFINE_OP_RESOLVER(int8_resolver, VARIANT_OPS)

test::RunResult RunInt8(const std::vector<uint8_t>& model,
                        const std::vector<std::vector<uint8_t>>& inputs) {
  return test::RunModel(model, inputs, 1 << 20, &int8_resolver);
}

std::vector<uint8_t> PoolModel(DType type, int h, int w, int c, int filter) {
  ModelWriter mw;
  const writer::Quant q = type == DType::kFloat32 ? writer::Quant() : writer::PerTensor(0.5f, 3);
  int in = mw.AddTensor("x", type, {1, h, w, c}, q);
  int out = mw.AddTensor("y", type, {1, h / filter, w / filter, c}, q);
  mw.AddOperator(opcode::AVERAGE_POOL_2D, {in}, {out},
                 writer::Pool2DOptions(fb::Padding_VALID, filter, filter, filter, filter, 0), 2);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

// Weights [[1, 1], [2, -1]], bias [0, 10], every scale 1 and zero point 0:
// the multiplier is exactly 1, so out = acc = [x0 + x1, 2 x0 - x1 + 10].
std::vector<uint8_t> FcModel(DType type) {
  ModelWriter mw;
  const bool q8 = type == DType::kInt8;
  const writer::Quant q = q8 ? writer::PerTensor(1.0f, 0) : writer::Quant();
  int x = mw.AddTensor("x", type, {1, 2}, q);
  int w = q8 ? mw.AddConstant<int8_t>("w", type, {2, 2}, std::vector<int8_t>{1, 1, 2, -1}, q)
             : mw.AddConstant<float>("w", type, {2, 2}, std::vector<float>{1, 1, 2, -1});
  int b = q8 ? mw.AddConstant<int32_t>("b", DType::kInt32, {2}, std::vector<int32_t>{0, 10},
                                       writer::PerTensor(1.0f, 0))
             : mw.AddConstant<float>("b", type, {2}, std::vector<float>{0, 10});
  int y = mw.AddTensor("y", type, {1, 2}, q);
  mw.AddOperator(opcode::FULLY_CONNECTED, {x, w, b}, {y}, writer::FullyConnectedOptions(0),
                 q8 ? 4 : 1);
  mw.SetInputs({x});
  mw.SetOutputs({y});
  return mw.Finish();
}

// [batches, depth] x [units, depth] with random weights and bias, per-unit
// weight scales when per_unit, ReLU.
std::vector<uint8_t> FcRandomModel(int batches, int depth, int units, bool per_unit,
                                   uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> wdist(-127, 127), bdist(-5000, 5000);
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, {batches, depth}, writer::PerTensor(0.02f, 5));
  std::vector<int8_t> wv(static_cast<size_t>(units) * depth);
  for (auto& v : wv) v = static_cast<int8_t>(wdist(rng));
  std::vector<int32_t> bv(units);
  for (auto& v : bv) v = bdist(rng);
  writer::Quant wq;
  for (int u = 0; u < (per_unit ? units : 1); ++u) {
    wq.scales.push_back(0.004f + 0.001f * u);
    wq.zero_points.push_back(0);
  }
  int w = mw.AddConstant<int8_t>("w", DType::kInt8, {units, depth}, wv, wq);
  int b = mw.AddConstant<int32_t>("b", DType::kInt32, {units}, bv);
  int y = mw.AddTensor("y", DType::kInt8, {batches, units}, writer::PerTensor(0.05f, -20));
  mw.AddOperator(opcode::FULLY_CONNECTED, {x, w, b}, {y}, writer::FullyConnectedOptions(1), 4);
  mw.SetInputs({x});
  mw.SetOutputs({y});
  return mw.Finish();
}

std::vector<uint8_t> SoftmaxModel(DType in_type, DType out_type, int rows, int depth,
                                  float in_scale = 0.1f) {
  ModelWriter mw;
  const bool q = in_type == DType::kInt8;
  int in = mw.AddTensor("x", in_type, {rows, depth},
                        q ? writer::PerTensor(in_scale, 0) : writer::Quant());
  writer::Quant out_q;
  if (out_type == DType::kInt8) out_q = writer::PerTensor(1.0f / 256, -128);
  if (out_type == DType::kInt16) out_q = writer::PerTensor(1.0f / 65536, -32768);
  int out = mw.AddTensor("y", out_type, {rows, depth}, out_q);
  mw.AddOperator(opcode::SOFTMAX, {in}, {out}, writer::SoftmaxOptions(1.0f), q ? 2 : 1);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

// CONV_2D (depthwise false) or DEPTHWISE_CONV_2D (multiplier 1) over an
// [1, h, w, c] input, 3x3 filter (1x1 when k == 1), SAME padding, with
// per-channel filter scales and a bias; weights and bias from `seed`.
std::vector<uint8_t> ConvModel(bool depthwise, DType type, int h, int w, int c, int out_c, int k,
                               int stride, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> wdist(-127, 127), bdist(-2000, 2000);
  const bool q8 = type == DType::kInt8;
  ModelWriter mw;
  int in =
      mw.AddTensor("x", type, {1, h, w, c}, q8 ? writer::PerTensor(0.05f, -3) : writer::Quant());
  const std::vector<int32_t> wshape =
      depthwise ? std::vector<int32_t>{1, k, k, out_c} : std::vector<int32_t>{out_c, k, k, c};
  const size_t wn = static_cast<size_t>(k) * k * out_c * (depthwise ? 1 : c);
  writer::Quant wq;
  for (int o = 0; o < out_c; ++o) {
    wq.scales.push_back(0.01f + 0.003f * o);
    wq.zero_points.push_back(0);
  }
  wq.quantized_dimension = depthwise ? 3 : 0;
  int wt, bt;
  if (q8) {
    std::vector<int8_t> wv(wn);
    for (auto& x : wv) x = static_cast<int8_t>(wdist(rng));
    std::vector<int32_t> bv(out_c);
    for (auto& x : bv) x = bdist(rng);
    wt = mw.AddConstant<int8_t>("w", type, wshape, wv, wq);
    bt = mw.AddConstant<int32_t>("b", DType::kInt32, {out_c}, bv);
  } else {
    wt = mw.AddConstant<float>("w", type, wshape, std::vector<float>(wn, 0.5f));
    bt = mw.AddConstant<float>("b", type, {out_c}, std::vector<float>(out_c, 1.0f));
  }
  const int oh = (h + stride - 1) / stride, ow = (w + stride - 1) / stride;
  int out = mw.AddTensor("y", type, {1, oh, ow, out_c},
                         q8 ? writer::PerTensor(0.1f, 2) : writer::Quant());
  if (depthwise) {
    mw.AddOperator(opcode::DEPTHWISE_CONV_2D, {in, wt, bt}, {out},
                   writer::DepthwiseConv2DOptions(fb::Padding_SAME, stride, stride, 1, 0),
                   q8 ? 3 : 1);
  } else {
    mw.AddOperator(opcode::CONV_2D, {in, wt, bt}, {out},
                   writer::Conv2DOptions(fb::Padding_SAME, stride, stride, 0), q8 ? 3 : 1);
  }
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

// One pixel pair through a 1x1 filter, every scale 1 and zero point 0 (the
// multiplier is exactly 1): CONV_2D with one channel and weight 2 doubles,
// DEPTHWISE_CONV_2D with weights [2, 3] scales each channel.
std::vector<uint8_t> Conv1x1Model(bool depthwise) {
  ModelWriter mw;
  const writer::Quant one = writer::PerTensor(1.0f, 0);
  const int c = depthwise ? 2 : 1;
  int in = mw.AddTensor("x", DType::kInt8, {1, 1, 2, c}, one);
  int wt =
      depthwise
          ? mw.AddConstant<int8_t>("w", DType::kInt8, {1, 1, 1, 2}, std::vector<int8_t>{2, 3}, one)
          : mw.AddConstant<int8_t>("w", DType::kInt8, {1, 1, 1, 1}, std::vector<int8_t>{2}, one);
  int out = mw.AddTensor("y", DType::kInt8, {1, 1, 2, c}, one);
  if (depthwise) {
    mw.AddOperator(opcode::DEPTHWISE_CONV_2D, {in, wt, -1}, {out},
                   writer::DepthwiseConv2DOptions(fb::Padding_VALID, 1, 1, 1, 0), 3);
  } else {
    mw.AddOperator(opcode::CONV_2D, {in, wt, -1}, {out},
                   writer::Conv2DOptions(fb::Padding_VALID, 1, 1, 0), 3);
  }
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

std::vector<uint8_t> RandomInt8(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(-128, 127);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(static_cast<int8_t>(dist(rng)));
  return v;
}

// 2x2 window over [1, 2, 3, 4] (zero point 3: real values -2..1, same
// scale in and out): sum 10 over 4 cells, 2.5 rounded half away from zero.
TEST(Int8Variants, AveragePoolByHand) {
  auto r =
      RunInt8(PoolModel(DType::kInt8, 2, 2, 1, 2), {test::Bytes(std::vector<int8_t>{1, 2, 3, 4})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{3}));
  r = RunInt8(PoolModel(DType::kInt8, 2, 2, 1, 2),
              {test::Bytes(std::vector<int8_t>{-1, -2, -3, -4})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{-3}));
}

TEST(Int8Variants, ConvAndDepthwiseByHand) {
  auto r = RunInt8(Conv1x1Model(false), {test::Bytes(std::vector<int8_t>{3, -4})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{6, -8}));
  r = RunInt8(Conv1x1Model(true), {test::Bytes(std::vector<int8_t>{3, -4, 10, 7})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{6, -12, 20, 21}));
}

TEST(Int8Variants, FullyConnectedByHand) {
  auto r = RunInt8(FcModel(DType::kInt8), {test::Bytes(std::vector<int8_t>{7, -5})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{2, 29}));
}

// A row of 4 equal values gives 1/4 each: 64 / 256 -> 64 - 128 = -64
// (softmax_test.cc derives it from the fixed-point steps).
TEST(Int8Variants, SoftmaxByHand) {
  auto r = RunInt8(SoftmaxModel(DType::kInt8, DType::kInt8, 1, 4),
                   {test::Bytes(std::vector<int8_t>{9, 9, 9, 9})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{-64, -64, -64, -64}));
}

TEST(Int8Variants, SameBytesAsTheFullKernels) {
  struct Case {
    std::vector<uint8_t> model;
    size_t input_bytes;
  };
  const std::vector<Case> cases = {
      {PoolModel(DType::kInt8, 6, 6, 5, 3), 6 * 6 * 5},
      {ConvModel(false, DType::kInt8, 7, 6, 3, 8, 3, 1, 11), 7 * 6 * 3},
      {ConvModel(false, DType::kInt8, 8, 8, 16, 12, 1, 1, 12), 8 * 8 * 16},
      {ConvModel(false, DType::kInt8, 9, 7, 5, 4, 3, 2, 13), 9 * 7 * 5},
      {ConvModel(true, DType::kInt8, 8, 8, 8, 8, 3, 1, 14), 8 * 8 * 8},
      {ConvModel(true, DType::kInt8, 9, 6, 12, 12, 3, 2, 15), 9 * 6 * 12},
      {PoolModel(DType::kInt8, 8, 4, 16, 2), 8 * 4 * 16},
      {FcModel(DType::kInt8), 2},
      {FcRandomModel(3, 300, 5, false, 21), 3 * 300},
      {FcRandomModel(2, 77, 9, true, 22), 2 * 77},
      {SoftmaxModel(DType::kInt8, DType::kInt8, 3, 10), 30},
      {SoftmaxModel(DType::kInt8, DType::kInt8, 2, 1), 2},
      // beta * input scale from 2^-26 (left shift 1) to far beyond 2^5
      // (capped: left shift 30): SOFTMAX_INT8 has no reference loop.
      {SoftmaxModel(DType::kInt8, DType::kInt8, 4, 9, 1.6e-8f), 36},
      {SoftmaxModel(DType::kInt8, DType::kInt8, 4, 9, 1000.0f), 36},
  };
  uint32_t seed = 1;
  for (const Case& c : cases) {
    for (int trial = 0; trial < 4; ++trial) {
      const std::vector<uint8_t> in = RandomInt8(c.input_bytes, seed++);
      const auto full = test::RunModel(c.model, {in});
      const auto variant = RunInt8(c.model, {in});
      ASSERT_TRUE(full.status.ok()) << full.status.message();
      ASSERT_TRUE(variant.status.ok()) << variant.status.message();
      EXPECT_EQ(variant.outputs, full.outputs) << "seed " << seed - 1;
    }
  }
}

TEST(Int8Variants, OtherTypesRejectedNamingTheFullKernel) {
  auto r = RunInt8(PoolModel(DType::kFloat32, 2, 2, 1, 2), {test::Bytes(std::vector<float>(4))});
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status.message(),
               "op 0 AVERAGE_POOL_2D: input (tensor 0) float32, output (tensor 1) float32: "
               "AVERAGE_POOL_2D_INT8 takes int8 only");
  r = RunInt8(FcModel(DType::kFloat32), {test::Bytes(std::vector<float>(2))});
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status.message(),
               "op 0 FULLY_CONNECTED: input (tensor 0) float32, output (tensor 3) float32: "
               "FULLY_CONNECTED_INT8 takes int8 only");
  r = RunInt8(ConvModel(false, DType::kFloat32, 4, 4, 2, 3, 3, 1, 1),
              {test::Bytes(std::vector<float>(32))});
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status.message(),
               "op 0 CONV_2D: input (tensor 0) float32, output (tensor 3) float32: CONV_2D_INT8 "
               "takes int8 only");
  r = RunInt8(ConvModel(true, DType::kFloat32, 4, 4, 2, 2, 3, 1, 1),
              {test::Bytes(std::vector<float>(32))});
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status.message(),
               "op 0 DEPTHWISE_CONV_2D: input (tensor 0) float32, output (tensor 3) float32: "
               "DEPTHWISE_CONV_2D_INT8 takes int8 only");
  // int8 input, int16 output: a type the full SOFTMAX has.
  r = RunInt8(SoftmaxModel(DType::kInt8, DType::kInt16, 1, 4),
              {test::Bytes(std::vector<int8_t>(4))});
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status.message(),
               "op 0 SOFTMAX: input (tensor 0) int8, output (tensor 1) int16: SOFTMAX_INT8 "
               "takes int8 only");
  EXPECT_TRUE(test::RunModel(SoftmaxModel(DType::kInt8, DType::kInt16, 1, 4),
                             {test::Bytes(std::vector<int8_t>(4))})
                  .status.ok());
}

}  // namespace
}  // namespace circlet

namespace circlet {
namespace {

#define FLOAT_VARIANT_OPS(X) X(FULLY_CONNECTED_FLOAT)
CIRCLET_DEFINE_OP_RESOLVER(float_resolver, FLOAT_VARIANT_OPS)

TEST(FloatVariants, FullyConnectedByHandAndOtherTypesRefused) {
  // FULLY_CONNECTED_FLOAT: x = [3, 5] -> [3 + 5, 6 - 5 + 10] = [8, 11].
  auto r = test::RunModel(FcModel(DType::kFloat32), {test::Bytes(std::vector<float>{3, 5})},
                          1 << 20, &float_resolver);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{8, 11}));
  r = test::RunModel(FcModel(DType::kInt8), {test::Bytes(std::vector<int8_t>{3, 5})}, 1 << 20,
                     &float_resolver);
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status.message(),
               "op 0 FULLY_CONNECTED: input (tensor 0) int8, output (tensor 3) int8: "
               "FULLY_CONNECTED_FLOAT takes float32 only");
}

}  // namespace
}  // namespace circlet
