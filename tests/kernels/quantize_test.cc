// SPDX-License-Identifier: Apache-2.0
// QUANTIZE: float -> int8/int16 and requantization int8/int16/uint8 -> int8,
// against values worked out by hand (including rounding ties and
// saturation); prepare errors.
#include <gtest/gtest.h>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;
constexpr int kQuantize = 114;

std::vector<uint8_t> Model1(DType in_t, writer::Quant in_q, DType out_t, writer::Quant out_q,
                            std::vector<int32_t> shape) {
  ModelWriter mw;
  int in = mw.AddTensor("x", in_t, shape, in_q);
  int out = mw.AddTensor("y", out_t, shape, out_q);
  mw.AddOperator(kQuantize, {in}, {out}, writer::NoOptions(), 2);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

// Scale 0.5, zero point -1: x / 0.5 = 2.5 -> 3, -2.5 -> -3 (ties away from
// zero), 1.48 -> 1, 200 -> saturates, -201 -> saturates; then - 1.
TEST(Quantize, FloatToInt8) {
  const std::vector<float> x = {1.25f, -1.25f, 0.74f, 100.0f, -100.5f, 0.0f};
  auto r =
      test::RunModel(Model1(DType::kFloat32, {}, DType::kInt8, writer::PerTensor(0.5f, -1), {6}),
                     {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{2, -4, 0, 127, -128, -1}));
}

// Scale 1/1024: 0.5 -> 512, 1.5/1024 -> 1.5 -> 2, -1.5/1024 -> -2,
// -32.5 -> -33280 saturates, 1e9 saturates.
TEST(Quantize, FloatToInt16) {
  const std::vector<float> x = {0.5f, 1.5f / 1024, -1.5f / 1024, -32.5f, 1e9f};
  auto r = test::RunModel(
      Model1(DType::kFloat32, {}, DType::kInt16, writer::PerTensor(1.0f / 1024, 0), {5}),
      {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int16_t>(r.outputs[0]), (std::vector<int16_t>{512, 2, -2, -32768, 32767}));
}

// (0.5, 2) -> (0.25, -1): M = 2 = (2^30, shift 2): q' = 2 (q - 2) - 1.
TEST(Quantize, Int8ToInt8Requantize) {
  const std::vector<int8_t> x = {5, 2, -128, 127, 0};
  // 3 -> 5; 0 -> -1; -130 -> -261 -> -128; 125 -> 249 -> 127; -2 -> -5
  auto r = test::RunModel(Model1(DType::kInt8, writer::PerTensor(0.5f, 2), DType::kInt8,
                                 writer::PerTensor(0.25f, -1), {5}),
                          {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{5, -1, -128, 127, -5}));
}

// (0.5, 0) -> (1, 0): M = 1/2 = (2^30, shift 0), a single
// SaturatingRoundingDoublingHighMul whose ties go toward +infinity:
// 3 -> 1.5 -> 2, -3 -> -1.5 -> -1, 5 -> 3, -5 -> -2, 4 -> 2.
TEST(Quantize, Int8RequantizeTieRule) {
  const std::vector<int8_t> x = {3, -3, 5, -5, 4};
  auto r = test::RunModel(Model1(DType::kInt8, writer::PerTensor(0.5f, 0), DType::kInt8,
                                 writer::PerTensor(1.0f, 0), {5}),
                          {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{2, -1, 3, -2, 2}));
}

// int16 (1/256, 0) -> int8 (0.5, 0): M = 2^-7 = (2^30, -6):
// 1000 / 128 = 7.8125 -> 8; -1000 -> -8; 64 / 128 = 0.5 -> 1 (away from zero
// in the final shift); -64 -> -1; -32768 -> -256 -> -128.
TEST(Quantize, Int16ToInt8) {
  const std::vector<int16_t> x = {1000, -1000, 64, -64, -32768};
  auto r = test::RunModel(Model1(DType::kInt16, writer::PerTensor(1.0f / 256, 0), DType::kInt8,
                                 writer::PerTensor(0.5f, 0), {5}),
                          {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{8, -8, 1, -1, -128}));
}

TEST(Quantize, UInt8ToInt8) {
  // Same scale, zero point 128 -> 0: a shift by 128.
  const std::vector<uint8_t> x = {200, 0, 255, 128};
  auto r = test::RunModel(Model1(DType::kUInt8, writer::PerTensor(0.3f, 128), DType::kInt8,
                                 writer::PerTensor(0.3f, 0), {4}),
                          {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{72, -128, 127, 0}));
}

TEST(Quantize, PrepareErrors) {
  auto r = test::RunModel(Model1(DType::kFloat32, {}, DType::kFloat32, {}, {3}), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 QUANTIZE: output (tensor 1) is float32, expected int8 or int16");
  r = test::RunModel(Model1(DType::kFloat32, {}, DType::kInt8, {}, {3}), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 QUANTIZE: output (tensor 1) needs one scale and zero point, has 0");
}

}  // namespace
}  // namespace circlet
