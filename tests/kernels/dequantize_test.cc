// SPDX-License-Identifier: Apache-2.0
// DEQUANTIZE: int8 / int16 / uint8 -> float, out = scale * (q - zero_point),
// against values computed by hand; prepare errors.
#include <gtest/gtest.h>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;
constexpr int kDequantize = 6;

std::vector<uint8_t> Model1(DType in_t, writer::Quant q, DType out_t, int n) {
  ModelWriter mw;
  int in = mw.AddTensor("x", in_t, {n}, q);
  int out = mw.AddTensor("y", out_t, {n});
  mw.AddOperator(kDequantize, {in}, {out}, writer::NoOptions(), 2);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

TEST(Dequantize, Int8) {
  // scale 0.5, zero point -3: -3 -> 0, 1 -> 2, -128 -> -62.5, 127 -> 65.
  auto r = test::RunModel(Model1(DType::kInt8, writer::PerTensor(0.5f, -3), DType::kFloat32, 4),
                          {test::Bytes(std::vector<int8_t>{-3, 1, -128, 127})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{0.0f, 2.0f, -62.5f, 65.0f}));
}

TEST(Dequantize, Int16AndUInt8) {
  auto r = test::RunModel(Model1(DType::kInt16, writer::PerTensor(0.25f, 0), DType::kFloat32, 3),
                          {test::Bytes(std::vector<int16_t>{1000, -32768, 32767})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{250.0f, -8192.0f, 8191.75f}));
  r = test::RunModel(Model1(DType::kUInt8, writer::PerTensor(0.125f, 128), DType::kFloat32, 3),
                     {test::Bytes(std::vector<uint8_t>{138, 0, 255})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{1.25f, -16.0f, 15.875f}));
}

TEST(Dequantize, PrepareErrors) {
  auto r = test::RunModel(Model1(DType::kFloat32, {}, DType::kFloat32, 2), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 DEQUANTIZE: input 0 (tensor 0) is float32: not a type DEQUANTIZE takes");
  r = test::RunModel(Model1(DType::kInt8, writer::PerTensor(0.5f, 0), DType::kInt8, 2), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(), "op 0 DEQUANTIZE: output (tensor 1) is int8, expected float32");
}

}  // namespace
}  // namespace circlet
