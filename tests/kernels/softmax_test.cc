// SPDX-License-Identifier: Apache-2.0
// SOFTMAX: float (with beta) against a double-precision softmax written here;
// int8 against values worked out by hand from the fixed-point algorithm
// (uniform rows, saturation at 1.0, cells below diff_min), against the real
// softmax within 1 LSB on many rows, rows summing to ~256/256, int16 output;
// prepare errors with their exact messages.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;
constexpr int kSoftmax = 25;

std::vector<double> RefSoftmax(const std::vector<double>& x, int depth, double beta) {
  std::vector<double> y(x.size());
  for (size_t r = 0; r < x.size() / depth; ++r) {
    double mx = -1e300, sum = 0;
    for (int c = 0; c < depth; ++c) mx = std::max(mx, x[r * depth + c]);
    for (int c = 0; c < depth; ++c) sum += std::exp(beta * (x[r * depth + c] - mx));
    for (int c = 0; c < depth; ++c)
      y[r * depth + c] = std::exp(beta * (x[r * depth + c] - mx)) / sum;
  }
  return y;
}

TEST(Softmax, FloatWithBeta) {
  const std::vector<float> x = {1, 2, 3, 4, -1, 0.5f, 0.5f, 10, 0, 0, 0, 0};
  for (float beta : {1.0f, 0.5f, 2.5f}) {
    ModelWriter mw;
    int in = mw.AddTensor("x", DType::kFloat32, {3, 4});
    int out = mw.AddTensor("y", DType::kFloat32, {3, 4});
    mw.AddOperator(kSoftmax, {in}, {out}, writer::SoftmaxOptions(beta));
    mw.SetInputs({in});
    mw.SetOutputs({out});
    auto r = test::RunModel(mw.Finish(), {test::Bytes(x)});
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    const auto got = test::As<float>(r.outputs[0]);
    const auto want = RefSoftmax(std::vector<double>(x.begin(), x.end()), 4, beta);
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << i;
    EXPECT_NEAR(got[8], 0.25, 1e-7);  // a uniform row
  }
}

std::vector<uint8_t> Int8Model(std::vector<int32_t> shape, float in_scale, float beta,
                               DType out_type = DType::kInt8, float out_scale = 1.0f / 256,
                               int out_zp = -128) {
  ModelWriter mw;
  int in = mw.AddTensor("x", DType::kInt8, shape, writer::PerTensor(in_scale, 0));
  int out = mw.AddTensor("y", out_type, shape, writer::PerTensor(out_scale, out_zp));
  mw.AddOperator(kSoftmax, {in}, {out}, writer::SoftmaxOptions(beta), 2);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

// Row of 4 equal values: each exp is exp(0) = INT32_MAX in Q0.31, 2^19 in
// Q12.19 (INT32_MAX / 2^12 rounded); sum 2^21 = 4.0 -> reciprocal r ~ 1.0
// with 2 bits over unit; out = round(r * 1.0 / 2^(2 + 31 - 8)) = round(2^31 /
// 2^25) = 64 -> 64 - 128 = -64. Row of 2 equal: 128 - 128 = 0. A row of one:
// 256 - 128 = 128, clamped to 127.
TEST(Softmax, Int8UniformRowsByHand) {
  auto r =
      test::RunModel(Int8Model({1, 4}, 0.1f, 1.0f), {test::Bytes(std::vector<int8_t>{7, 7, 7, 7})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{-64, -64, -64, -64}));
  r = test::RunModel(Int8Model({3, 2}, 0.1f, 1.0f),
                     {test::Bytes(std::vector<int8_t>{-128, -128, 5, 5, 127, 127})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{0, 0, 0, 0, 0, 0}));
  r = test::RunModel(Int8Model({2, 1}, 0.1f, 1.0f), {test::Bytes(std::vector<int8_t>{-100, 33})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{127, 127}));
}

// Input scale 0.1, beta 1: 0.1 * 2^26 = 0.8 * 2^23 -> left shift 23, input
// radius floor(31 * 2^26 / 2^23) = 248, so diff_min = -248. In [127, -128]
// the difference -255 is below it: that cell outputs -128 without being
// summed, the other one gets the whole row (256 -> 127). With -120 instead
// (difference -247, exp(-24.7) ~ 2e-11) the cell is summed but still rounds
// to -128.
TEST(Softmax, Int8CellsBelowDiffMin) {
  auto r = test::RunModel(Int8Model({2, 2}, 0.1f, 1.0f),
                          {test::Bytes(std::vector<int8_t>{127, -128, 127, -120})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{127, -128, 127, -128}));
}

TEST(Softmax, Int8WithinOneLsbOfRealAndRowsSumTo256) {
  const int rows = 40, depth = 10;
  std::vector<int8_t> x(rows * depth);
  uint32_t s = 0x2545F491u;
  for (auto& v : x) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    v = static_cast<int8_t>(s & 0xFF);
  }
  for (float scale : {0.02f, 0.0625f, 0.2f}) {
    for (float beta : {1.0f, 0.7f}) {
      auto r = test::RunModel(Int8Model({rows, depth}, scale, beta), {test::Bytes(x)});
      ASSERT_TRUE(r.status.ok()) << r.status.message();
      const auto got = test::As<int8_t>(r.outputs[0]);
      std::vector<double> xd(x.size());
      for (size_t i = 0; i < x.size(); ++i) xd[i] = x[i] * static_cast<double>(scale);
      const auto p = RefSoftmax(xd, depth, beta);
      for (int row = 0; row < rows; ++row) {
        int sum = 0;
        for (int c = 0; c < depth; ++c) {
          const int i = row * depth + c;
          const double want = std::min(127.0, std::round(p[i] * 256) - 128);
          ASSERT_LE(std::fabs(got[i] - want), 1.0)
              << "scale " << scale << " beta " << beta << " element " << i << " p " << p[i];
          sum += got[i] + 128;
        }
        EXPECT_LE(std::abs(sum - 256), depth / 2) << "row " << row;
      }
    }
  }
}

// int8 -> int16 (zero point -32768, scale 1/65536): a uniform row of 4 gives
// 0.25 -> round(2^31 / 2^(2 + 31 - 16)) = 16384 -> 16384 - 32768 = -16384.
TEST(Softmax, Int8ToInt16) {
  auto r = test::RunModel(Int8Model({1, 4}, 0.1f, 1.0f, DType::kInt16, 1.0f / 65536, -32768),
                          {test::Bytes(std::vector<int8_t>{-3, -3, -3, -3})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int16_t>(r.outputs[0]),
            (std::vector<int16_t>{-16384, -16384, -16384, -16384}));
  // Two cells 0.1 * 10 = 1.0 apart: p = 1 / (1 + e) and e / (1 + e).
  r = test::RunModel(Int8Model({1, 2}, 0.1f, 1.0f, DType::kInt16, 1.0f / 65536, -32768),
                     {test::Bytes(std::vector<int8_t>{0, 10})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const auto got = test::As<int16_t>(r.outputs[0]);
  const double p0 = 1.0 / (1.0 + std::exp(1.0));
  EXPECT_LE(std::fabs(got[0] - (p0 * 65536 - 32768)), 2.0);
  EXPECT_LE(std::fabs(got[1] - ((1 - p0) * 65536 - 32768)), 2.0);
}

TEST(Softmax, PrepareErrors) {
  auto r = test::RunModel(Int8Model({1, 4}, 0.1f, 1.0f, DType::kInt8, 1.0f / 255, -128), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 SOFTMAX: int8 output (tensor 1) must have scale 1/256 and zero point -128");
  r = test::RunModel(Int8Model({1, 4}, 0.1f, 1.0f, DType::kInt8, 1.0f / 256, -127), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 SOFTMAX: int8 output (tensor 1) must have scale 1/256 and zero point -128");
  // int16: scale 1/65536 and zero point -32768.
  r = test::RunModel(Int8Model({1, 4}, 0.1f, 1.0f, DType::kInt16, 1.0f / 65536, 0), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(
      r.status.message(),
      "op 0 SOFTMAX: int16 output (tensor 1) must have scale 1/65536 and zero point -32768");
  ModelWriter mw;
  int in = mw.AddTensor("x", DType::kFloat32, {2, 4});
  int out = mw.AddTensor("y", DType::kFloat32, {4, 2});
  mw.AddOperator(kSoftmax, {in}, {out}, writer::SoftmaxOptions(1.0f));
  mw.SetInputs({in});
  mw.SetOutputs({out});
  r = test::RunModel(mw.Finish(), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 SOFTMAX: output 0 (tensor 1) has shape [4x2], the op computes [2x4]");
}

}  // namespace
}  // namespace circlet
