// SPDX-License-Identifier: Apache-2.0
// The hello_world demo's models (written at build time by make_sine_models):
// accuracy against std::sin over a 100-point grid of [0, 2*pi], run through
// circlet. Bounds: float < 0.05, int8 < 0.1. Measured with GCC 12 on x86-64
// when written: float 0.0121, int8 0.0627 (the int8 error is mostly the
// 8-bit hidden activations, LSB about 0.03); the margins leave room for other
// compilers' float rounding during training.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "tests/harness.h"

namespace circlet {
namespace {

constexpr double kTwoPi = 6.283185307179586;

class SineModel {
 public:
  explicit SineModel(const std::string& file)
      : bytes_(test::ReadFile(std::string(CIRCLET_SINE_MODELS_DIR) + "/" + file)) {}
  ::testing::AssertionResult Load() {
    if (bytes_.empty()) return ::testing::AssertionFailure() << "model file missing";
    Status s = Model::Create(bytes_.data(), bytes_.size(), &model_);
    if (s.ok()) {
      interp_.reset(new Interpreter(model_, AllOpsResolver(), arena_, sizeof(arena_)));
      s = interp_->Prepare();
    }
    if (!s.ok()) return ::testing::AssertionFailure() << s.message();
    return ::testing::AssertionSuccess();
  }
  Interpreter& interp() { return *interp_; }

 private:
  std::vector<uint8_t> bytes_;
  Model model_;
  alignas(16) uint8_t arena_[4096];
  std::unique_ptr<Interpreter> interp_;
};

TEST(SineModels, FloatModelFitsSine) {
  SineModel m("sine_float.tflite");
  ASSERT_TRUE(m.Load());
  ASSERT_EQ(m.interp().input(0).type, DType::kFloat32);
  double max_err = 0.0;
  for (int i = 0; i < 100; ++i) {
    const double x = kTwoPi * i / 99;
    m.interp().input(0).as<float>()[0] = static_cast<float>(x);
    ASSERT_TRUE(m.interp().Invoke().ok());
    max_err = std::fmax(max_err, std::fabs(m.interp().output(0).as<float>()[0] - std::sin(x)));
  }
  std::printf("[ sine     ] float model: max |y - sin x| over 100 points = %.4f\n", max_err);
  EXPECT_LT(max_err, 0.05);
}

TEST(SineModels, Int8ModelFitsSine) {
  SineModel m("sine_int8.tflite");
  ASSERT_TRUE(m.Load());
  const TensorView in = m.interp().input(0);
  const TensorView out = m.interp().output(0);
  ASSERT_EQ(in.type, DType::kInt8);
  ASSERT_EQ(out.type, DType::kInt8);
  // Calibrated on [0, 2*pi]: asymmetric int8 maps 0 to -128, 2*pi to 127.
  EXPECT_NEAR(in.quant.scale(), kTwoPi / 255, 1e-6);
  EXPECT_EQ(in.quant.zero_point(), -128);
  double max_err = 0.0;
  for (int i = 0; i < 100; ++i) {
    const double x = kTwoPi * i / 99;
    const double q = std::round(x / in.quant.scale()) + in.quant.zero_point();
    in.as<int8_t>()[0] = static_cast<int8_t>(std::fmin(127.0, std::fmax(-128.0, q)));
    ASSERT_TRUE(m.interp().Invoke().ok());
    const double y = out.quant.scale() * (out.as<int8_t>()[0] - out.quant.zero_point());
    max_err = std::fmax(max_err, std::fabs(y - std::sin(x)));
  }
  std::printf("[ sine     ] int8 model: max |y - sin x| over 100 points = %.4f\n", max_err);
  EXPECT_LT(max_err, 0.1);
}

}  // namespace
}  // namespace circlet
