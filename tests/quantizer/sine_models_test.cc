// SPDX-License-Identifier: Apache-2.0
// The hello_world demo's models (written at build time by make_sine_models):
// accuracy against std::sin over a 100-point grid of [0, 2*pi], run through
// circlet. Bounds: float < 0.05, int8 < 0.1, 16x8 (int16 activations) <
// 0.08 and below int8. Measured with GCC 12 on x86-64 when written, max /
// mean |y - sin x|: float 0.0121 / 0.0030, int8 0.0627 / 0.0168, 16x8 0.0420
// / 0.0160. Both quantized errors are mostly the int8 weights': the float
// network with its weights rounded to int8 (per channel), in double, gives
// 0.0426 / 0.0174; 16x8 is that plus int16 rounding, int8 adds the 8-bit
// activations' rounding (LSB about 0.02-0.03) on top, which shows in the
// largest error more than in the mean. The margins leave room for other
// compilers' float rounding during training.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "model/builtin_ops.h"
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

struct GridError {
  double max = 0.0, mean = 0.0;
};

// The quantized (int8 or int16) model's error over the grid: x quantized with
// the input's parameters, y dequantized with the output's.
GridError QuantizedError(SineModel& m) {
  const TensorView in = m.interp().input(0);
  const TensorView out = m.interp().output(0);
  const bool i16 = in.type == DType::kInt16;
  const double lo = i16 ? -32768.0 : -128.0, hi = i16 ? 32767.0 : 127.0;
  GridError e;
  for (int i = 0; i < 100; ++i) {
    const double x = kTwoPi * i / 99;
    const double q =
        std::fmin(hi, std::fmax(lo, std::round(x / in.quant.scale()) + in.quant.zero_point()));
    if (i16) {
      in.as<int16_t>()[0] = static_cast<int16_t>(q);
    } else {
      in.as<int8_t>()[0] = static_cast<int8_t>(q);
    }
    EXPECT_TRUE(m.interp().Invoke().ok());
    const int yq = i16 ? out.as<int16_t>()[0] : out.as<int8_t>()[0];
    const double y = out.quant.scale() * (yq - out.quant.zero_point());
    const double err = std::fabs(y - std::sin(x));
    e.max = std::fmax(e.max, err);
    e.mean += err / 100;
  }
  return e;
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
  const GridError e = QuantizedError(m);
  std::printf("[ sine     ] int8 model: max |y - sin x| over 100 points = %.4f (mean %.4f)\n",
              e.max, e.mean);
  EXPECT_LT(e.max, 0.1);
}

TEST(SineModels, Int16ModelFitsSineBetterThanInt8) {
  SineModel m("sine_int16.tflite");
  ASSERT_TRUE(m.Load());
  const TensorView in = m.interp().input(0);
  const TensorView out = m.interp().output(0);
  ASSERT_EQ(in.type, DType::kInt16);
  ASSERT_EQ(out.type, DType::kInt16);
  // 16x8: symmetric, zero point 0; calibrated on [0, 2*pi]: 2*pi -> 32767.
  EXPECT_NEAR(in.quant.scale(), kTwoPi / 32767, 1e-9);
  EXPECT_EQ(in.quant.zero_point(), 0);
  EXPECT_EQ(out.quant.zero_point(), 0);
  const Model& model = m.interp().model();
  for (int op = 0; op < model.num_operators(); ++op) {
    const auto* o = model.fb_operator(op);
    EXPECT_EQ(model.op_code(op), kOp_FULLY_CONNECTED);
    EXPECT_EQ(model.op_version(op), 4);
    EXPECT_EQ(model.tensor_view(o->inputs()->Get(1)).type, DType::kInt8);
    EXPECT_EQ(model.tensor_view(o->inputs()->Get(2)).type, DType::kInt64);
    EXPECT_EQ(model.tensor_view(o->outputs()->Get(0)).type, DType::kInt16);
  }
  const GridError e16 = QuantizedError(m);

  SineModel m8("sine_int8.tflite");
  ASSERT_TRUE(m8.Load());
  const GridError e8 = QuantizedError(m8);
  std::printf(
      "[ sine     ] 16x8 model: max |y - sin x| over 100 points = %.4f (mean %.4f); int8 "
      "%.4f (mean %.4f)\n",
      e16.max, e16.mean, e8.max, e8.mean);
  EXPECT_LT(e16.max, 0.08);
  EXPECT_LT(e16.max, 0.8 * e8.max);
  EXPECT_LT(e16.mean, e8.mean);
}

}  // namespace
}  // namespace circlet
