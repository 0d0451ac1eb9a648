// SPDX-License-Identifier: Apache-2.0
// 16x8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: int16 activations
// (zero point 0), int8 weights, int64 or int32 bias. Expected values come
// from plain loops here: the exact integer sum plus bias, times the
// effective scale in double (every scale a power of two, so the product is
// exact), rounded as TFLite's two requantizations round a tie: the int64
// one (int64 bias) toward +infinity, the int32 one (int32 bias) away from
// zero; then the int16 activation clamp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

// The requantized value of an accumulator: acc * scale (exact), rounded
// (ties up when tie_up, else away from zero), clamped to [lo, hi].
int16_t Expect(int64_t acc, double scale, bool tie_up, int32_t lo = -32768, int32_t hi = 32767) {
  const double r = static_cast<double>(acc) * scale;
  double q = std::floor(r + 0.5);
  if (!tie_up && r < 0) q = -std::floor(-r + 0.5);
  if (q < lo) q = lo;
  if (q > hi) q = hi;
  return static_cast<int16_t>(q);
}

std::vector<int16_t> Ramp16(int n, int start, int step, int mod) {
  std::vector<int16_t> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    v[static_cast<size_t>(i)] = static_cast<int16_t>((start + i * step) % mod);
  return v;
}
std::vector<int8_t> Ramp8(int n, int start, int step) {
  std::vector<int8_t> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    v[static_cast<size_t>(i)] = static_cast<int8_t>(((start + i * step) % 255 + 255) % 255 - 127);
  }
  return v;
}

// A plain NHWC convolution sum: out [oh, ow, oc] of (in [h, w, c], filter
// [oc, kh, kw, c]), VALID or SAME at the given stride (batch 1).
std::vector<int64_t> ConvSums(const std::vector<int16_t>& in, int h, int w, int c,
                              const std::vector<int8_t>& f, int oc, int kh, int kw, int stride,
                              bool same, int* oh, int* ow) {
  *oh = same ? (h + stride - 1) / stride : (h - kh) / stride + 1;
  *ow = same ? (w + stride - 1) / stride : (w - kw) / stride + 1;
  const int pad_h = same ? std::max((*oh - 1) * stride + kh - h, 0) / 2 : 0;
  const int pad_w = same ? std::max((*ow - 1) * stride + kw - w, 0) / 2 : 0;
  std::vector<int64_t> s;
  for (int y = 0; y < *oh; ++y) {
    for (int x = 0; x < *ow; ++x) {
      for (int o = 0; o < oc; ++o) {
        int64_t acc = 0;
        for (int ky = 0; ky < kh; ++ky) {
          for (int kx = 0; kx < kw; ++kx) {
            const int iy = y * stride - pad_h + ky, ix = x * stride - pad_w + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            for (int ci = 0; ci < c; ++ci) {
              acc += int64_t{in[static_cast<size_t>((iy * w + ix) * c + ci)]} *
                     f[static_cast<size_t>(((o * kh + ky) * kw + kx) * c + ci)];
            }
          }
        }
        s.push_back(acc);
      }
    }
  }
  return s;
}

TEST(Conv2DInt16, PerChannelInt64BiasSameStride2) {
  // in 1x5x5x3, filter 4x3x3x3, SAME stride 2 -> 1x3x3x4. Scales: input
  // 2^-6, filter 2^-3 and 2^-4 alternating, output 2^-5: multipliers 2^-4
  // and 2^-5.
  const int h = 5, w = 5, c = 3, oc = 4, k = 3;
  const std::vector<int16_t> in = Ramp16(h * w * c, -1500, 373, 3001);
  const std::vector<int8_t> f = Ramp8(oc * k * k * c, 11, 37);
  const std::vector<int64_t> bias = {1000, -2500, 70000, -3};
  const std::vector<float> ws = {0.125f, 0.0625f, 0.125f, 0.0625f};
  OpTest t(opcode::CONV_2D,
           writer::Conv2DOptions(fb::Padding_SAME, 2, 2, fb::ActivationFunctionType_NONE));
  t.Input<int16_t>({1, h, w, c}, in, writer::PerTensor(1.0f / 64, 0));
  t.Const<int8_t>({oc, k, k, c}, f, writer::Quant{ws, {0, 0, 0, 0}, 0});
  t.Const<int64_t>({oc}, bias);
  t.Output<int16_t>({1, 3, 3, oc}, writer::PerTensor(1.0f / 32, 0));
  ASSERT_EQ(t.Run(), "");
  int oh = 0, ow = 0;
  const std::vector<int64_t> sums = ConvSums(in, h, w, c, f, oc, k, k, 2, true, &oh, &ow);
  std::vector<int16_t> want;
  for (size_t i = 0; i < sums.size(); ++i) {
    const int o = static_cast<int>(i % oc);
    want.push_back(
        Expect(sums[i] + bias[static_cast<size_t>(o)], ws[static_cast<size_t>(o)] / 2.0, true));
  }
  EXPECT_EQ(t.Out<int16_t>(0), want);
}

TEST(Conv2DInt16, NoBiasDilatedRelu) {
  // in 1x5x5x2, filter 2x2x2x2 dilation 2, VALID -> 1x3x3x2; RELU clamps
  // at 0. No bias: int64 accumulator (ties up).
  const int h = 5, w = 5, c = 2, oc = 2;
  const std::vector<int16_t> in = Ramp16(h * w * c, -2000, 911, 4001);
  const std::vector<int8_t> f = Ramp8(oc * 2 * 2 * c, 5, 71);
  OpTest t(opcode::CONV_2D,
           writer::Conv2DOptions(fb::Padding_VALID, 1, 1, fb::ActivationFunctionType_RELU, 2, 2));
  t.Input<int16_t>({1, h, w, c}, in, writer::PerTensor(0.25f, 0));
  t.Const<int8_t>({oc, 2, 2, c}, f, writer::Quant{{0.5f, 0.25f}, {0, 0}, 0});
  t.Output<int16_t>({1, 3, 3, oc}, writer::PerTensor(4.0f, 0));
  ASSERT_EQ(t.Run(), "");
  // The dilated 2x2 filter is a 3x3 one with zero taps in between.
  std::vector<int8_t> f3(static_cast<size_t>(oc * 3 * 3 * c), 0);
  for (int o = 0; o < oc; ++o) {
    for (int ky = 0; ky < 2; ++ky) {
      for (int kx = 0; kx < 2; ++kx) {
        for (int ci = 0; ci < c; ++ci) {
          f3[static_cast<size_t>(((o * 3 + 2 * ky) * 3 + 2 * kx) * c + ci)] =
              f[static_cast<size_t>(((o * 2 + ky) * 2 + kx) * c + ci)];
        }
      }
    }
  }
  int oh = 0, ow = 0;
  const std::vector<int64_t> sums = ConvSums(in, h, w, c, f3, oc, 3, 3, 1, false, &oh, &ow);
  std::vector<int16_t> want;
  for (size_t i = 0; i < sums.size(); ++i) {
    const double m = (i % 2 == 0 ? 0.5 : 0.25) * 0.25 / 4.0;
    want.push_back(Expect(sums[i], m, true, 0, 32767));
  }
  EXPECT_EQ(t.Out<int16_t>(0), want);
}

// A 1x1 convolution whose accumulator is -6 with an effective scale of 1/4:
// -1.5 rounds to -1 with an int64 bias (int64 requantization) and to -2 with
// an int32 bias (int32 requantization).
template <typename Bias>
std::vector<int16_t> TieConv(std::string* error) {
  OpTest t(opcode::CONV_2D,
           writer::Conv2DOptions(fb::Padding_VALID, 1, 1, fb::ActivationFunctionType_NONE));
  t.Input<int16_t>({1, 1, 2, 1}, {-3, 5}, writer::PerTensor(0.5f, 0));
  t.Const<int8_t>({1, 1, 1, 1}, {2}, writer::PerTensor(0.5f, 0));
  t.Const<Bias>({1}, {0});
  t.Output<int16_t>({1, 1, 2, 1}, writer::PerTensor(1.0f, 0));
  *error = t.Run();
  return error->empty() ? t.Out<int16_t>(0) : std::vector<int16_t>{};
}

TEST(Conv2DInt16, TieRoundingFollowsBiasType) {
  std::string error;
  EXPECT_EQ(TieConv<int64_t>(&error), (std::vector<int16_t>{-1, 3}));  // -1.5, 2.5: up
  EXPECT_EQ(error, "");
  EXPECT_EQ(TieConv<int32_t>(&error), (std::vector<int16_t>{-2, 3}));  // away from zero
  EXPECT_EQ(error, "");
}

TEST(Conv2DInt16, BiasDrivesToClampAndRelu6) {
  // 1x1 conv, two channels: huge biases saturate at the int16 limits
  // (activation NONE), then RELU6 clamps at round(6 / (1/32)) = 192.
  for (int act : {0, 3}) {
    OpTest t(opcode::CONV_2D, writer::Conv2DOptions(fb::Padding_VALID, 1, 1, act));
    t.Input<int16_t>({1, 1, 1, 2}, {100, -100}, writer::PerTensor(1.0f / 64, 0));
    t.Const<int8_t>({3, 1, 1, 2}, {1, 1, 2, 0, 0, 1}, writer::PerTensor(0.125f, 0));
    // 2^30 / 16 is past int16 but inside int32 (TFLite keeps the low 32
    // bits of the requantized value).
    t.Const<int64_t>({3}, {int64_t{1} << 30, -(int64_t{1} << 30), 256});
    t.Output<int16_t>({1, 1, 1, 3}, writer::PerTensor(1.0f / 32, 0));
    ASSERT_EQ(t.Run(), "");
    // channel 2: (-100 + 256) / 16 = 9.75 -> 10.
    if (act == 0) {
      EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{32767, -32768, 10}));
    } else {
      EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{192, 0, 10}));
    }
  }
}

TEST(Conv2DInt16, NonZeroZeroPointRefused) {
  OpTest t(opcode::CONV_2D,
           writer::Conv2DOptions(fb::Padding_VALID, 1, 1, fb::ActivationFunctionType_NONE));
  t.Input<int16_t>({1, 1, 1, 1}, {1}, writer::PerTensor(0.5f, 3));
  t.Const<int8_t>({1, 1, 1, 1}, {1}, writer::PerTensor(0.5f, 0));
  t.Output<int16_t>({1, 1, 1, 1}, writer::PerTensor(1.0f, 0));
  const std::string e = t.Run();
  EXPECT_NE(e.find("input (tensor 0)"), std::string::npos) << e;
  EXPECT_NE(e.find("zero point 3"), std::string::npos) << e;

  OpTest u(opcode::CONV_2D,
           writer::Conv2DOptions(fb::Padding_VALID, 1, 1, fb::ActivationFunctionType_NONE));
  u.Input<int16_t>({1, 1, 1, 1}, {1}, writer::PerTensor(0.5f, 0));
  u.Const<int8_t>({1, 1, 1, 1}, {1}, writer::PerTensor(0.5f, 0));
  u.Output<int16_t>({1, 1, 1, 1}, writer::PerTensor(1.0f, -7));
  const std::string e2 = u.Run();
  EXPECT_NE(e2.find("output (tensor 2)"), std::string::npos) << e2;
  EXPECT_NE(e2.find("zero point -7"), std::string::npos) << e2;
}

TEST(Conv2DInt16, FloatBiasRefused) {
  OpTest t(opcode::CONV_2D,
           writer::Conv2DOptions(fb::Padding_VALID, 1, 1, fb::ActivationFunctionType_NONE));
  t.Input<int16_t>({1, 1, 1, 1}, {1}, writer::PerTensor(0.5f, 0));
  t.Const<int8_t>({1, 1, 1, 1}, {1}, writer::PerTensor(0.5f, 0));
  t.Const<float>({1}, {1.0f});
  t.Output<int16_t>({1, 1, 1, 1}, writer::PerTensor(1.0f, 0));
  const std::string e = t.Run();
  EXPECT_NE(e.find("int64 or int32 bias"), std::string::npos) << e;
}

TEST(DepthwiseConv2DInt16, MultiplierTwoSameInt64Bias) {
  // in 1x4x4x2, multiplier 2 -> 4 channels, 3x3 SAME stride 1. Output
  // channel o reads input channel o / 2; per-channel scales along dim 3.
  const int h = 4, w = 4, c = 2, oc = 4, k = 3;
  const std::vector<int16_t> in = Ramp16(h * w * c, -3000, 577, 6007);
  const std::vector<int8_t> f = Ramp8(k * k * oc, 3, 53);
  const std::vector<int64_t> bias = {-400, 0, 123456, 7};
  const std::vector<float> ws = {0.25f, 0.125f, 0.25f, 0.5f};
  OpTest t(
      opcode::DEPTHWISE_CONV_2D,
      writer::DepthwiseConv2DOptions(fb::Padding_SAME, 1, 1, 2, fb::ActivationFunctionType_NONE));
  t.Input<int16_t>({1, h, w, c}, in, writer::PerTensor(1.0f / 16, 0));
  t.Const<int8_t>({1, k, k, oc}, f, writer::Quant{ws, {0, 0, 0, 0}, 3});
  t.Const<int64_t>({oc}, bias);
  t.Output<int16_t>({1, h, w, oc}, writer::PerTensor(2.0f, 0));
  ASSERT_EQ(t.Run(), "");
  std::vector<int16_t> want;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      for (int o = 0; o < oc; ++o) {
        int64_t acc = bias[static_cast<size_t>(o)];
        for (int ky = 0; ky < k; ++ky) {
          for (int kx = 0; kx < k; ++kx) {
            const int iy = y - 1 + ky, ix = x - 1 + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            acc += int64_t{in[static_cast<size_t>((iy * w + ix) * c + o / 2)]} *
                   f[static_cast<size_t>((ky * k + kx) * oc + o)];
          }
        }
        want.push_back(Expect(acc, ws[static_cast<size_t>(o)] / 16.0 / 2.0, true));
      }
    }
  }
  EXPECT_EQ(t.Out<int16_t>(0), want);
}

TEST(DepthwiseConv2DInt16, Int32BiasStride2Relu) {
  // in 1x5x5x3, multiplier 1, 3x3 VALID stride 2 -> 1x2x2x3, int32 bias
  // (int32 accumulator, ties away from zero), RELU.
  const int h = 5, w = 5, c = 3, k = 3;
  const std::vector<int16_t> in = Ramp16(h * w * c, -999, 211, 2003);
  const std::vector<int8_t> f = Ramp8(k * k * c, 40, 29);
  const std::vector<int32_t> bias = {50, -60000, 3};
  OpTest t(
      opcode::DEPTHWISE_CONV_2D,
      writer::DepthwiseConv2DOptions(fb::Padding_VALID, 2, 2, 1, fb::ActivationFunctionType_RELU));
  t.Input<int16_t>({1, h, w, c}, in, writer::PerTensor(0.5f, 0));
  t.Const<int8_t>({1, k, k, c}, f, writer::Quant{{0.25f, 0.25f, 0.25f}, {0, 0, 0}, 3});
  t.Const<int32_t>({c}, bias);
  t.Output<int16_t>({1, 2, 2, c}, writer::PerTensor(8.0f, 0));
  ASSERT_EQ(t.Run(), "");
  std::vector<int16_t> want;
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 2; ++x) {
      for (int o = 0; o < c; ++o) {
        int64_t acc = bias[static_cast<size_t>(o)];
        for (int ky = 0; ky < k; ++ky) {
          for (int kx = 0; kx < k; ++kx) {
            acc += int64_t{in[static_cast<size_t>(((2 * y + ky) * w + 2 * x + kx) * c + o)]} *
                   f[static_cast<size_t>((ky * k + kx) * c + o)];
          }
        }
        want.push_back(Expect(acc, 0.5 * 0.25 / 8.0, false, 0, 32767));
      }
    }
  }
  EXPECT_EQ(t.Out<int16_t>(0), want);
}

// FULLY_CONNECTED: [batches, depth] x [units, depth]^T.
std::vector<int64_t> FcSums(const std::vector<int16_t>& x, const std::vector<int8_t>& wt,
                            int batches, int depth, int units) {
  std::vector<int64_t> s;
  for (int b = 0; b < batches; ++b) {
    for (int o = 0; o < units; ++o) {
      int64_t acc = 0;
      for (int i = 0; i < depth; ++i) {
        acc +=
            int64_t{x[static_cast<size_t>(b * depth + i)]} * wt[static_cast<size_t>(o * depth + i)];
      }
      s.push_back(acc);
    }
  }
  return s;
}

TEST(FullyConnectedInt16, PerTensorInt64Bias) {
  const int batches = 3, depth = 7, units = 5;
  const std::vector<int16_t> x = Ramp16(batches * depth, -20000, 4099, 40001);
  const std::vector<int8_t> wt = Ramp8(units * depth, 17, 61);
  const std::vector<int64_t> bias = {5, -123456, 0, 99999, -1};
  OpTest t(opcode::FULLY_CONNECTED, writer::FullyConnectedOptions(0));
  t.Input<int16_t>({batches, depth}, x, writer::PerTensor(1.0f / 128, 0));
  t.Const<int8_t>({units, depth}, wt, writer::PerTensor(1.0f / 4, 0));
  t.Const<int64_t>({units}, bias);
  t.Output<int16_t>({batches, units}, writer::PerTensor(2.0f, 0));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int64_t> s = FcSums(x, wt, batches, depth, units);
  std::vector<int16_t> want;
  for (size_t i = 0; i < s.size(); ++i) {
    want.push_back(Expect(s[i] + bias[i % units], 1.0 / 1024, true));
  }
  EXPECT_EQ(t.Out<int16_t>(0), want);
}

TEST(FullyConnectedInt16, PerChannelInt32BiasKeepDims) {
  // [1, 2, 6] x [4, 6] -> [1, 2, 4] (keep_num_dims), per-unit scales, int32
  // bias (int32 accumulator: ties away from zero), RELU.
  const int depth = 6, units = 4;
  const std::vector<int16_t> x = Ramp16(2 * depth, -700, 263, 1409);
  const std::vector<int8_t> wt = Ramp8(units * depth, 90, 45);
  const std::vector<int32_t> bias = {-1000, 1000, 0, 3};
  const std::vector<float> ws = {0.5f, 0.25f, 0.125f, 1.0f};
  OpTest t(opcode::FULLY_CONNECTED,
           writer::FullyConnectedOptions(fb::ActivationFunctionType_RELU, true));
  t.Input<int16_t>({1, 2, depth}, x, writer::PerTensor(0.25f, 0));
  t.Const<int8_t>({units, depth}, wt, writer::Quant{ws, {0, 0, 0, 0}, 0});
  t.Const<int32_t>({units}, bias);
  t.Output<int16_t>({1, 2, units}, writer::PerTensor(16.0f, 0));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int64_t> s = FcSums(x, wt, 2, depth, units);
  std::vector<int16_t> want;
  for (size_t i = 0; i < s.size(); ++i) {
    want.push_back(Expect(s[i] + bias[i % units], ws[i % units] * 0.25 / 16.0, false, 0, 32767));
  }
  EXPECT_EQ(t.Out<int16_t>(0), want);
}

TEST(FullyConnectedInt16, NoBiasAndClamp) {
  // No bias (int64 accumulator); scale large enough to saturate.
  const std::vector<int16_t> x = {32767, -32768, 1000, -1000};
  const std::vector<int8_t> wt = {127, 1, -127, 1, 3, -3, 3, -3};
  OpTest t(opcode::FULLY_CONNECTED, writer::FullyConnectedOptions(0));
  t.Input<int16_t>({1, 4}, x, writer::PerTensor(1.0f, 0));
  t.Const<int8_t>({2, 4}, wt, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1, 2}, writer::PerTensor(2.0f, 0));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int64_t> s = FcSums(x, wt, 1, 4, 2);
  EXPECT_EQ(t.Out<int16_t>(0),
            (std::vector<int16_t>{Expect(s[0], 0.5, true), Expect(s[1], 0.5, true)}));
  EXPECT_EQ(t.Out<int16_t>(0)[0], 32767);
}

TEST(FullyConnectedInt16, NonZeroZeroPointRefused) {
  OpTest t(opcode::FULLY_CONNECTED, writer::FullyConnectedOptions(0));
  t.Input<int16_t>({1, 2}, {1, 2}, writer::PerTensor(1.0f, 5));
  t.Const<int8_t>({1, 2}, {1, 1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1, 1}, writer::PerTensor(1.0f, 0));
  const std::string e = t.Run();
  EXPECT_NE(e.find("input (tensor 0)"), std::string::npos) << e;
  EXPECT_NE(e.find("zero point 5"), std::string::npos) << e;
}

}  // namespace
}  // namespace circlet
