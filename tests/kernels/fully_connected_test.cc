// SPDX-License-Identifier: Apache-2.0
// FULLY_CONNECTED: float against a nested-loop reference written here; int8
// against the real-valued result rounded to nearest (cases chosen away from
// rounding ties, which the test asserts).
#include <gtest/gtest.h>

#include <cmath>

#include "kernels/optimized.h"
#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;

std::vector<float> RefFc(const std::vector<float>& x, const std::vector<float>& w,
                         const std::vector<float>& b, int batches, int depth, int units, float lo,
                         float hi) {
  std::vector<float> y(batches * units);
  for (int n = 0; n < batches; ++n) {
    for (int o = 0; o < units; ++o) {
      float acc = 0;
      for (int i = 0; i < depth; ++i) acc += x[n * depth + i] * w[o * depth + i];
      if (!b.empty()) acc += b[o];
      y[n * units + o] = std::min(std::max(acc, lo), hi);
    }
  }
  return y;
}

TEST(FullyConnected, FloatWithBiasAndRelu) {
  ModelWriter mw;
  const std::vector<float> w = {1, -2, 3, 0.5f, -1, 1, -1, 1, 2, 2, 2, 2};
  const std::vector<float> b = {0.5f, -10, 1};
  int x = mw.AddTensor("x", DType::kFloat32, {2, 4});
  int wt = mw.AddConstant<float>("w", DType::kFloat32, {3, 4}, w);
  int bt = mw.AddConstant<float>("b", DType::kFloat32, {3}, b);
  int y = mw.AddTensor("y", DType::kFloat32, {2, 3});
  mw.AddOperator(9, {x, wt, bt}, {y}, writer::FullyConnectedOptions(1));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  const std::vector<float> in = {1, 2, 3, 4, -1, 0.5f, 0.25f, -3};
  auto r = test::RunModel(mw.Finish(), {test::Bytes(in)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  auto got = test::As<float>(r.outputs[0]);
  auto want = RefFc(in, w, b, 2, 4, 3, 0.0f, 1e30f);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_FLOAT_EQ(got[i], want[i]) << i;
  // Hand check of one value: row 0 . x0 = 1 - 4 + 9 + 2 = 8, + 0.5.
  EXPECT_FLOAT_EQ(got[0], 8.5f);
  EXPECT_FLOAT_EQ(got[1], 0.0f);  // -1+1-3+4 - 10 = -9 -> RELU
}

TEST(FullyConnected, FloatKeepNumDimsNoBias) {
  ModelWriter mw;
  const std::vector<float> w = {1, 2, 3, 4, 5, 6};
  int x = mw.AddTensor("x", DType::kFloat32, {1, 2, 3});
  int wt = mw.AddConstant<float>("w", DType::kFloat32, {2, 3}, w);
  int y = mw.AddTensor("y", DType::kFloat32, {1, 2, 2});
  mw.AddOperator(9, {x, wt, -1}, {y}, writer::FullyConnectedOptions(0, true));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(std::vector<float>{1, 0, -1, 2, 2, 2})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{-2, -2, 12, 30}));
}

TEST(FullyConnected, WrongOutputShapeIsReported) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 3});
  int wt = mw.AddConstant<float>("w", DType::kFloat32, {2, 3}, std::vector<float>(6, 1.0f));
  int y = mw.AddTensor("y", DType::kFloat32, {1, 5});
  mw.AddOperator(9, {x, wt}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(std::vector<float>{1, 2, 3})});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 FULLY_CONNECTED: output 0 (tensor 2) has shape [1x5], the op computes [1x2]");
}

TEST(FullyConnected, Int8PerTensorMatchesRoundedReal) {
  const float in_scale = 0.05f, w_scale = 0.02f, out_scale = 0.0625f;
  const int in_zp = -3, out_zp = 7;
  const std::vector<int8_t> w = {12, -50, 127, -128, 3, 9, -7, 100, 33, -1, 0, 64};
  const std::vector<int32_t> b = {100, -2000, 7};
  const std::vector<int8_t> in = {-128, 127, 5, -3, 60, -90, 0, 1};
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, {2, 4}, writer::PerTensor(in_scale, in_zp));
  int wt = mw.AddConstant<int8_t>("w", DType::kInt8, {3, 4}, w, writer::PerTensor(w_scale, 0));
  int bt =
      mw.AddConstant<int32_t>("b", DType::kInt32, {3}, b, writer::PerTensor(in_scale * w_scale, 0));
  int y = mw.AddTensor("y", DType::kInt8, {2, 3}, writer::PerTensor(out_scale, out_zp));
  mw.AddOperator(9, {x, wt, bt}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(in)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  auto got = test::As<int8_t>(r.outputs[0]);
  for (int n = 0; n < 2; ++n) {
    for (int o = 0; o < 3; ++o) {
      double acc = b[o];
      for (int i = 0; i < 4; ++i)
        acc += (in[n * 4 + i] - in_zp) * static_cast<double>(w[o * 4 + i]);
      const double real = acc * in_scale * w_scale / out_scale;
      ASSERT_GT(std::fabs(real - std::floor(real) - 0.5), 1e-3) << "test case near a tie";
      const double q = std::min(127.0, std::max(-128.0, std::round(real) + out_zp));
      EXPECT_EQ(got[n * 3 + o], static_cast<int8_t>(q)) << n << "," << o;
    }
  }
}

// An int8 per-tensor op runs the eval its prepare chose (the per-tensor
// routine, kernels/ref/fully_connected.cc EvalInt8PerTensor): with and
// without bias, and with the kernels switched to the reference after
// Prepare() (circlet bench --ref), the same bytes as the reference loop.
TEST(FullyConnected, Int8PerTensorEvalMatchesReferenceSwitch) {
  for (const bool with_bias : {true, false}) {
    const std::vector<int8_t> w = {12, -50, 127, -128, 3,  9,   -7, 100, 33, -1, 0,  64,
                                   5,  -5,  1,   2,    90, -90, 4,  -4,  8,  7,  -6, 0};
    const std::vector<int32_t> b = {100, -2000, 7, 0, 5000, -3};
    ModelWriter mw;
    int x = mw.AddTensor("x", DType::kInt8, {2, 4}, writer::PerTensor(0.05f, -3));
    int wt = mw.AddConstant<int8_t>("w", DType::kInt8, {6, 4}, w, writer::PerTensor(0.02f, 0));
    int bt = with_bias
                 ? mw.AddConstant<int32_t>("b", DType::kInt32, {6}, b, writer::PerTensor(0.001f, 0))
                 : -1;
    int y = mw.AddTensor("y", DType::kInt8, {2, 6}, writer::PerTensor(0.0625f, 7));
    mw.AddOperator(9, {x, wt, bt}, {y}, writer::FullyConnectedOptions(1));  // RELU
    mw.SetInputs({x});
    mw.SetOutputs({y});
    const std::vector<uint8_t> bytes = mw.Finish();
    Model m;
    ASSERT_TRUE(Model::Create(bytes.data(), bytes.size(), &m).ok());
    std::vector<uint64_t> arena(1 << 12);
    Interpreter interp(m, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.data()),
                       arena.size() * 8);
    ASSERT_TRUE(interp.Prepare().ok());
    const std::vector<int8_t> in = {-128, 127, 5, -3, 60, -90, 0, 1};
    ASSERT_TRUE(interp.SetInput(0, in.data(), in.size()).ok());
    ASSERT_TRUE(interp.Invoke().ok());
    const auto* out = static_cast<const int8_t*>(interp.output(0).data);
    const std::vector<int8_t> opt(out, out + 12);
    kernels::opt::SetOptimizedKernels(false);
    const Status s = interp.Invoke();
    kernels::opt::SetOptimizedKernels(true);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(std::vector<int8_t>(out, out + 12), opt) << "bias " << with_bias;
    // The reference's bytes from a fresh run of the reference kernels.
    kernels::opt::SetOptimizedKernels(false);
    const auto r = test::RunModel(bytes, {test::Bytes(in)});
    kernels::opt::SetOptimizedKernels(true);
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    EXPECT_EQ(test::As<int8_t>(r.outputs[0]), opt) << "bias " << with_bias;
  }
}

TEST(FullyConnected, Int8NonZeroWeightZeroPointRejected) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, {1, 2}, writer::PerTensor(0.1f, 0));
  int wt = mw.AddConstant<int8_t>("w", DType::kInt8, {1, 2}, std::vector<int8_t>{1, 2},
                                  writer::PerTensor(0.1f, 3));
  int y = mw.AddTensor("y", DType::kInt8, {1, 1}, writer::PerTensor(0.1f, 0));
  mw.AddOperator(9, {x, wt}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(std::vector<int8_t>{1, 1})});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 FULLY_CONNECTED: weights (tensor 1) zero point 3, int8 weights must be "
               "symmetric (0)");
}

}  // namespace
}  // namespace circlet
