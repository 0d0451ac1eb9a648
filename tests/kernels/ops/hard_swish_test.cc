// SPDX-License-Identifier: Apache-2.0
// HARD_SWISH: x * relu6(x + 3) / 6; int8 through TFLite's int16 fixed-point
// reference, checked within 1 LSB of the float function over every input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

double HardSwish(double x) {
  return x * std::min(6.0, std::max(0.0, x + 3)) / 6;
}

TEST(HardSwishOp, Float) {
  OpTest t(opcode::HARD_SWISH);
  const std::vector<float> x = {-4.0f, -3.0f, -1.0f, 0.0f, 1.0f, 3.0f, 5.0f};
  t.Input<float>({7}, x);
  t.Output<float>({7});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], HardSwish(x[i]), 1e-6) << x[i];
}

TEST(HardSwishOp, FloatNaN) {
  OpTest t(opcode::HARD_SWISH);
  t.Input<float>({1}, {std::nanf("")});
  t.Output<float>({1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(std::isnan(t.Out<float>(0)[0]));
}

// Every int8 input, for a few quantizations (zero points, output scale
// larger and smaller than the input's, saturation at both ends).
TEST(HardSwishOp, Int8EveryValue) {
  struct Case {
    float in_scale;
    int in_zp;
    float out_scale;
    int out_zp;
  };
  for (const Case c :
       {Case{1.0f / 16, 0, 1.0f / 16, 0}, Case{0.0313725508749485f, -1, 0.01764705963432789f, -100},
        Case{0.1f, 20, 0.05f, -128}}) {
    std::vector<int8_t> q;
    for (int v = -128; v <= 127; ++v) q.push_back(static_cast<int8_t>(v));
    OpTest t(opcode::HARD_SWISH);
    t.Input<int8_t>({256}, q, writer::PerTensor(c.in_scale, c.in_zp));
    t.Output<int8_t>({256}, writer::PerTensor(c.out_scale, c.out_zp));
    ASSERT_EQ(t.Run(), "");
    const std::vector<int8_t> y = t.Out<int8_t>(0);
    for (int i = 0; i < 256; ++i) {
      const double real = HardSwish(c.in_scale * (q[i] - c.in_zp));
      const double want = std::min(127.0, std::max(-128.0, real / c.out_scale + c.out_zp));
      EXPECT_LE(std::abs(y[i] - want), 1.0) << int(q[i]) << " scale " << c.in_scale;
    }
  }
}

TEST(HardSwishOp, OutputScaleBelowInputOver128IsRefused) {
  OpTest t(opcode::HARD_SWISH);
  t.Input<int8_t>({1}, {0}, writer::PerTensor(1.0f, 0));
  t.Output<int8_t>({1}, writer::PerTensor(1.0f / 256, 0));
  EXPECT_EQ(t.Run(),
            "op 0 HARD_SWISH: output (tensor 1) scale is below input scale / 128: output "
            "multiplier exponent 2 must be <= 0");
}

TEST(HardSwishOp, Int16IsRefused) {
  OpTest t(opcode::HARD_SWISH);
  t.Input<int16_t>({1}, {0}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 HARD_SWISH: input 0 (tensor 0) is int16: not a type HARD_SWISH takes");
}

}  // namespace
}  // namespace circlet
