// SPDX-License-Identifier: Apache-2.0
// Test-side references for the convolution kernels: a plain nested-loop
// convolution in double (regular or depthwise), the TensorFlow definition of
// SAME/VALID output size and padding, and the int8 expectation "real value
// rounded to nearest" with a guard that the case is away from a rounding tie.
#ifndef CIRCLET_TESTS_KERNELS_CONV_TEST_UTIL_H_
#define CIRCLET_TESTS_KERNELS_CONV_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "tests/harness.h"

namespace circlet {
namespace test {

// xorshift32: deterministic test data.
class Rng {
 public:
  explicit Rng(uint32_t seed) : s_(seed) {}
  uint32_t Next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 17;
    s_ ^= s_ << 5;
    return s_;
  }
  // Uniform in [lo, hi] (integers).
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint32_t>(hi - lo + 1));
  }
  // Uniform in [lo, hi).
  float Float(float lo, float hi) {
    return lo + (hi - lo) * static_cast<float>((Next() >> 8) / 16777216.0);
  }

 private:
  uint32_t s_;
};

struct ConvShape {
  int n, h, w, c;      // input
  int kh, kw;          // filter taps
  int out_c;           // output channels
  bool same;           // SAME (true) or VALID padding
  int sh, sw, dh, dw;  // strides, dilations
  int multiplier = 1;  // depthwise only
};

// TensorFlow's definition: SAME out = ceil(in / s), VALID out =
// ceil((in - (k - 1) * d) / s); padding before = floor(total / 2) with
// total = max((out - 1) * s + (k - 1) * d + 1 - in, 0).
inline int RefOutSize(bool same, int in, int k, int s, int d) {
  const int eff = (k - 1) * d + 1;
  return same ? static_cast<int>(std::ceil(in / static_cast<double>(s)))
              : static_cast<int>(std::ceil((in - eff + 1) / static_cast<double>(s)));
}
inline int RefPadBefore(int in, int k, int s, int d, int out) {
  const int total = std::max((out - 1) * s + (k - 1) * d + 1 - in, 0);
  return total / 2;
}

// Sum over taps of x * f in double, NHWC. Regular conv: filter [oc][kh][kw][c];
// depthwise: filter [kh][kw][oc], oc reading input channel oc / multiplier.
// Taps outside the input are skipped. Result [n][oh][ow][oc].
inline std::vector<double> RefConvSums(const ConvShape& s, const std::vector<double>& x,
                                       const std::vector<double>& f, bool depthwise, int* oh_out,
                                       int* ow_out) {
  const int oh = RefOutSize(s.same, s.h, s.kh, s.sh, s.dh);
  const int ow = RefOutSize(s.same, s.w, s.kw, s.sw, s.dw);
  const int pt = s.same ? RefPadBefore(s.h, s.kh, s.sh, s.dh, oh) : 0;
  const int pl = s.same ? RefPadBefore(s.w, s.kw, s.sw, s.dw, ow) : 0;
  std::vector<double> y(static_cast<size_t>(s.n) * oh * ow * s.out_c, 0.0);
  for (int b = 0; b < s.n; ++b) {
    for (int i = 0; i < oh; ++i) {
      for (int j = 0; j < ow; ++j) {
        for (int o = 0; o < s.out_c; ++o) {
          double sum = 0;
          for (int ky = 0; ky < s.kh; ++ky) {
            for (int kx = 0; kx < s.kw; ++kx) {
              const int iy = i * s.sh + ky * s.dh - pt;
              const int ix = j * s.sw + kx * s.dw - pl;
              if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w) continue;
              if (depthwise) {
                const int c = o / s.multiplier;
                sum += x[((b * s.h + iy) * s.w + ix) * s.c + c] * f[(ky * s.kw + kx) * s.out_c + o];
              } else {
                for (int c = 0; c < s.c; ++c) {
                  sum += x[((b * s.h + iy) * s.w + ix) * s.c + c] *
                         f[((o * s.kh + ky) * s.kw + kx) * s.c + c];
                }
              }
            }
          }
          y[((b * oh + i) * ow + j) * s.out_c + o] = sum;
        }
      }
    }
  }
  *oh_out = oh;
  *ow_out = ow;
  return y;
}

// Float clamp range of a fused activation (NONE, RELU, RELU_N1_TO_1, RELU6).
inline void FloatRange(int act, double* lo, double* hi) {
  *lo = act == 0 ? -1e300 : (act == 2 ? -1.0 : 0.0);
  *hi = act == 2 ? 1.0 : (act == 3 ? 6.0 : 1e300);
}

// Quantized clamp range of a fused activation for an int8 output.
inline void Int8Range(int act, double scale, int zp, int* lo, int* hi) {
  *lo = -128;
  *hi = 127;
  if (act == 1 || act == 3) *lo = std::max(-128, zp);
  if (act == 2) {
    *lo = std::max(-128, zp + static_cast<int>(std::lround(-1.0 / scale)));
    *hi = std::min(127, zp + static_cast<int>(std::lround(1.0 / scale)));
  }
  if (act == 3) *hi = std::min(127, zp + static_cast<int>(std::lround(6.0 / scale)));
}

// Expected int8 output for the real value `real` (in output units, before
// the zero point) with effective scale `eff`: round to nearest, add zp,
// clamp. Fails the test if `real` is too close to a rounding tie for the
// answer to be unambiguous: the fixed-point multiply rounds twice when its
// multiplier has a right shift r = max(0, -e) (eff = m * 2^e, m in [0.5, 1)),
// which can move a value by up to 2^-(r+1) output units before the final
// rounding. *saturated: the clamp decides the value even if off by one.
inline int ExpectedInt8(double real, double eff, int zp, int lo, int hi, bool* saturated) {
  const double r = std::round(real);
  const int v = static_cast<int>(r) + zp;
  *saturated = v < lo || v > hi;
  if (!*saturated) {
    int e = 0;
    std::frexp(eff, &e);
    const int right = std::max(0, -e);
    const double margin = (right > 0 ? std::ldexp(1.0, -(right + 1)) : 0.0) + 1e-4;
    EXPECT_GT(std::fabs(std::fabs(real - std::floor(real)) - 0.5), margin)
        << "test case too close to a rounding tie: real " << real << ", eff " << eff;
  }
  return std::min(hi, std::max(lo, v));
}

// One-op model: input x (graph input), constant filter and optional bias,
// output of the reference's shape. depthwise: DEPTHWISE_CONV_2D with filter
// [1, kh, kw, oc] (per-channel dimension 3); else CONV_2D with filter
// [oc, kh, kw, c] (per-channel dimension 0).
struct ConvModel {
  DType type;
  writer::Quant in_q, filter_q, out_q;
  int act = 0;
  int version = 1;
};

template <typename T, typename B>
std::vector<uint8_t> BuildConvModel(bool depthwise, const ConvShape& s, int oh, int ow,
                                    const ConvModel& m, const std::vector<T>& filter,
                                    const std::vector<B>& bias) {
  writer::ModelWriter mw;
  const DType bias_type = m.type == DType::kInt8 ? DType::kInt32 : DType::kFloat32;
  int x = mw.AddTensor("x", m.type, {s.n, s.h, s.w, s.c}, m.in_q);
  int f = depthwise
              ? mw.AddConstant<T>("f", m.type, {1, s.kh, s.kw, s.out_c}, filter, m.filter_q)
              : mw.AddConstant<T>("f", m.type, {s.out_c, s.kh, s.kw, s.c}, filter, m.filter_q);
  int b = bias.empty() ? -1 : mw.AddConstant<B>("b", bias_type, {s.out_c}, bias);
  int y = mw.AddTensor("y", m.type, {s.n, oh, ow, s.out_c}, m.out_q);
  const fb::Padding pad = s.same ? fb::Padding_SAME : fb::Padding_VALID;
  if (depthwise) {
    mw.AddOperator(4, {x, f, b}, {y},
                   writer::DepthwiseConv2DOptions(pad, s.sw, s.sh, s.multiplier, m.act, s.dw, s.dh),
                   m.version);
  } else {
    mw.AddOperator(3, {x, f, b}, {y}, writer::Conv2DOptions(pad, s.sw, s.sh, m.act, s.dw, s.dh),
                   m.version);
  }
  mw.SetInputs({x});
  mw.SetOutputs({y});
  return mw.Finish();
}

struct FloatConvCase {
  ConvShape s;
  int act;
  bool bias;
  float lo, hi;  // input range
  uint32_t seed;
};

// Runs a float case against RefConvSums + bias + clamp. Returns how many
// reference values the activation clamped (below, above).
inline std::pair<int, int> CheckFloatConv(bool depthwise, const FloatConvCase& fc) {
  const ConvShape& s = fc.s;
  Rng rng(fc.seed);
  std::vector<float> x(static_cast<size_t>(s.n) * s.h * s.w * s.c);
  for (float& v : x) v = rng.Float(fc.lo, fc.hi);
  std::vector<float> f(static_cast<size_t>(s.out_c) * s.kh * s.kw * (depthwise ? 1 : s.c));
  for (float& v : f) v = rng.Float(-1.0f, 1.0f);
  std::vector<float> b;
  if (fc.bias) {
    for (int o = 0; o < s.out_c; ++o) b.push_back(rng.Float(-2.0f, 2.0f));
  }
  int oh = 0, ow = 0;
  auto sums = RefConvSums(s, std::vector<double>(x.begin(), x.end()),
                          std::vector<double>(f.begin(), f.end()), depthwise, &oh, &ow);
  ConvModel m;
  m.type = DType::kFloat32;
  m.act = fc.act;
  m.version = 1;
  auto r = RunModel(BuildConvModel<float, float>(depthwise, s, oh, ow, m, f, b), {Bytes(x)});
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  if (!r.status.ok()) return {0, 0};
  auto got = As<float>(r.outputs[0]);
  EXPECT_EQ(got.size(), sums.size());
  if (got.size() != sums.size()) return {0, 0};
  double lo, hi;
  FloatRange(fc.act, &lo, &hi);
  int below = 0, above = 0;
  for (size_t i = 0; i < sums.size(); ++i) {
    double v = sums[i] + (fc.bias ? b[i % s.out_c] : 0.0);
    if (v < lo) ++below;
    if (v > hi) ++above;
    v = std::min(hi, std::max(lo, v));
    EXPECT_NEAR(got[i], v, 1e-5 * std::max(1.0, std::fabs(v))) << "element " << i;
  }
  return {below, above};
}

struct Int8ConvCase {
  ConvShape s;
  int act;
  bool bias;
  float in_scale;
  int in_zp;
  std::vector<float> filter_scales;  // 1 (per tensor) or out_c
  float out_scale;
  int out_zp;
  std::vector<double> bias_target;  // per channel: bias in output units (if bias)
  int w_max;                        // weights in [-w_max, w_max]
  int x_spread;                     // inputs in in_zp +- x_spread (clamped to int8)
  uint32_t seed;
};

struct Int8Stats {
  int low = 0, high = 0, inside = 0;  // expected values at act_min, at act_max, between
};

// Runs an int8 case: expected = clamp(round((sum (x - in_zp) * w + bias) *
// in_scale * w_scale[o] / out_scale) + out_zp), exact (ties excluded).
inline Int8Stats CheckInt8Conv(bool depthwise, const Int8ConvCase& c) {
  const ConvShape& s = c.s;
  Rng rng(c.seed);
  std::vector<int8_t> x(static_cast<size_t>(s.n) * s.h * s.w * s.c);
  for (int8_t& v : x) {
    v = static_cast<int8_t>(
        std::min(127, std::max(-128, c.in_zp + rng.Int(-c.x_spread, c.x_spread))));
  }
  std::vector<int8_t> f(static_cast<size_t>(s.out_c) * s.kh * s.kw * (depthwise ? 1 : s.c));
  for (int8_t& v : f) v = static_cast<int8_t>(rng.Int(-c.w_max, c.w_max));
  std::vector<double> eff(s.out_c);
  for (int o = 0; o < s.out_c; ++o) {
    const float fs = c.filter_scales.size() == 1 ? c.filter_scales[0] : c.filter_scales[o];
    eff[o] = static_cast<double>(c.in_scale) * static_cast<double>(fs) /
             static_cast<double>(c.out_scale);
  }
  std::vector<int32_t> b;
  if (c.bias) {
    for (int o = 0; o < s.out_c; ++o) {
      b.push_back(static_cast<int32_t>(std::lround(c.bias_target[o] / eff[o])));
    }
  }
  std::vector<double> xd(x.size()), fd(f.begin(), f.end());
  for (size_t i = 0; i < x.size(); ++i) xd[i] = x[i] - c.in_zp;
  int oh = 0, ow = 0;
  auto sums = RefConvSums(s, xd, fd, depthwise, &oh, &ow);
  ConvModel m;
  m.type = DType::kInt8;
  m.act = c.act;
  m.version = 3;
  m.in_q = writer::PerTensor(c.in_scale, c.in_zp);
  m.out_q = writer::PerTensor(c.out_scale, c.out_zp);
  m.filter_q.scales = c.filter_scales;
  m.filter_q.zero_points.assign(c.filter_scales.size(), 0);
  m.filter_q.quantized_dimension = depthwise ? 3 : 0;
  Int8Stats st;
  auto r = RunModel(BuildConvModel<int8_t, int32_t>(depthwise, s, oh, ow, m, f, b), {Bytes(x)});
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  if (!r.status.ok()) return st;
  auto got = As<int8_t>(r.outputs[0]);
  EXPECT_EQ(got.size(), sums.size());
  if (got.size() != sums.size()) return st;
  int lo, hi;
  Int8Range(c.act, c.out_scale, c.out_zp, &lo, &hi);
  for (size_t i = 0; i < sums.size(); ++i) {
    const int o = static_cast<int>(i % s.out_c);
    const double real = (sums[i] + (c.bias ? b[o] : 0)) * eff[o];
    bool saturated = false;
    const int want = ExpectedInt8(real, eff[o], c.out_zp, lo, hi, &saturated);
    if (want == lo)
      ++st.low;
    else if (want == hi)
      ++st.high;
    else
      ++st.inside;
    EXPECT_EQ(static_cast<int>(got[i]), want) << "element " << i << " channel " << o;
  }
  return st;
}

}  // namespace test
}  // namespace circlet

#endif  // CIRCLET_TESTS_KERNELS_CONV_TEST_UTIL_H_
