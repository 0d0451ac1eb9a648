// SPDX-License-Identifier: Apache-2.0
// In-place CONV_2D and DEPTHWISE_CONV_2D (kernels/conv_util.h, RowRing):
// one-op models whose input dies at the op, so the planner puts the output
// over the input. Each case checks that the op really ran in place
// (report().inplace_ops, the tensors' data pointers), that its bytes equal
// the same op run out of place (the input also a graph output, which keeps
// it alive) and that both agree with an independent nested-loop reference
// (float: double sums; int8: the real value rounded to nearest, compared
// where it is not within reach of a rounding tie; int16 (16x8, int64 bias):
// within 1 LSB, the 16-bit reduced multiplier's error). Random shapes, strides,
// dilations, paddings, channel counts, depth multipliers and batches, plus
// the shapes of the shared models' layers.
#include <gtest/gtest.h>

#include <memory>

#include "tests/kernels/conv_test_util.h"

namespace circlet {
namespace {

using test::ConvShape;
using test::Rng;

struct Run {
  Status status;
  std::vector<uint8_t> out;
  ArenaReport report;
  bool same_start = false;  // output data pointer == input data pointer
};

// Runs the model with one input; `in_tensor`, `out_tensor`: subgraph indices.
Run RunOnce(const std::vector<uint8_t>& model, const std::vector<uint8_t>& input, int in_tensor,
            int out_tensor) {
  Run r;
  Model m;
  r.status = Model::Create(model.data(), model.size(), &m);
  if (!r.status.ok()) return r;
  const size_t arena_bytes = 1 << 20;
  std::unique_ptr<uint64_t[]> arena(new uint64_t[arena_bytes / 8]);
  Interpreter interp(m, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.get()), arena_bytes);
  r.status = interp.Prepare();
  if (!r.status.ok()) return r;
  r.report = interp.report();
  r.same_start = interp.tensor(in_tensor).data == interp.tensor(out_tensor).data;
  std::memcpy(interp.input(0).data, input.data(), input.size());
  r.status = interp.Invoke();
  if (!r.status.ok()) return r;
  const TensorView y = interp.tensor(out_tensor);
  const auto* p = static_cast<const uint8_t*>(y.data);
  r.out.assign(p, p + y.bytes());
  return r;
}

struct Case {
  bool depthwise;
  bool int8;
  ConvShape s;
  int act;
  bool int16 = false;  // 16x8 (int8 false)
};

std::string Describe(const Case& c) {
  const ConvShape& s = c.s;
  char buf[200];
  std::snprintf(buf, sizeof(buf),
                "%s %s in %dx%dx%dx%d k %dx%d out_c %d mult %d %s stride %dx%d dil %dx%d act %d",
                c.depthwise ? "DW" : "CONV", c.int8 ? "int8" : (c.int16 ? "int16" : "float"), s.n,
                s.h, s.w, s.c, s.kh, s.kw, s.out_c, s.multiplier, s.same ? "SAME" : "VALID", s.sh,
                s.sw, s.dh, s.dw, c.act);
  return buf;
}

// The model: x -> op -> y, x a graph input; keep_input: x also a graph output.
std::vector<uint8_t> Build(const Case& c, int oh, int ow, const std::vector<uint8_t>& filter,
                           const std::vector<uint8_t>& bias, const std::vector<float>& w_scales,
                           bool keep_input) {
  const ConvShape& s = c.s;
  writer::ModelWriter mw;
  const DType t = c.int8 ? DType::kInt8 : (c.int16 ? DType::kInt16 : DType::kFloat32);
  writer::Quant in_q, out_q, f_q;
  if (c.int16) {
    in_q = writer::PerTensor(0.002f, 0);
    out_q = writer::PerTensor(0.003f, 0);
    f_q.scales = w_scales;
    f_q.zero_points.assign(w_scales.size(), 0);
    f_q.quantized_dimension = c.depthwise ? 3 : 0;
  }
  if (c.int8) {
    in_q = writer::PerTensor(0.05f, 3);
    out_q = writer::PerTensor(0.11f, -7);
    f_q.scales = w_scales;
    f_q.zero_points.assign(w_scales.size(), 0);
    f_q.quantized_dimension = c.depthwise ? 3 : 0;
  }
  const int x = mw.AddTensor("x", t, {s.n, s.h, s.w, s.c}, in_q);
  const std::vector<int32_t> f_shape = c.depthwise ? std::vector<int32_t>{1, s.kh, s.kw, s.out_c}
                                                   : std::vector<int32_t>{s.out_c, s.kh, s.kw, s.c};
  const int f = mw.AddConstantBytes("f", c.int16 ? DType::kInt8 : t, f_shape, filter.data(),
                                    filter.size(), f_q);
  const DType bt = c.int8 ? DType::kInt32 : (c.int16 ? DType::kInt64 : DType::kFloat32);
  const int b = mw.AddConstantBytes("b", bt, {s.out_c}, bias.data(), bias.size());
  const int y = mw.AddTensor("y", t, {s.n, oh, ow, s.out_c}, out_q);
  const fb::Padding pad = s.same ? fb::Padding_SAME : fb::Padding_VALID;
  if (c.depthwise) {
    mw.AddOperator(4, {x, f, b}, {y},
                   writer::DepthwiseConv2DOptions(pad, s.sw, s.sh, s.multiplier, c.act, s.dw, s.dh),
                   c.int8 ? 3 : (c.int16 ? 5 : 2));
  } else {
    mw.AddOperator(3, {x, f, b}, {y}, writer::Conv2DOptions(pad, s.sw, s.sh, c.act, s.dw, s.dh),
                   c.int8 ? 3 : (c.int16 ? 4 : 2));
  }
  mw.SetInputs({x});
  if (keep_input) {
    mw.SetOutputs({y, x});
  } else {
    mw.SetOutputs({y});
  }
  return mw.Finish();
}

struct Outcome {
  bool in_place = false;
  int compared = 0, skipped = 0;  // int8 elements compared with / skipped near a tie
};

// Runs `c` in place and out of place; checks both against the reference.
Outcome Check(const Case& c, uint32_t seed) {
  SCOPED_TRACE(Describe(c));
  Outcome res;
  const ConvShape& s = c.s;
  Rng rng(seed);
  const size_t in_n = static_cast<size_t>(s.n) * s.h * s.w * s.c;
  const size_t f_n = static_cast<size_t>(s.out_c) * s.kh * s.kw * (c.depthwise ? 1 : s.c);
  std::vector<double> xd(in_n), fd(f_n), bd(s.out_c);
  std::vector<uint8_t> input, filter, bias;
  std::vector<float> w_scales;
  std::vector<double> eff(s.out_c, 1.0);
  if (c.int8) {
    std::vector<int8_t> x(in_n), f(f_n);
    std::vector<int32_t> b(s.out_c);
    for (size_t i = 0; i < in_n; ++i) {
      x[i] = static_cast<int8_t>(rng.Int(-128, 127));
      xd[i] = x[i] - 3;  // input zero point 3
    }
    for (size_t i = 0; i < f_n; ++i) fd[i] = f[i] = static_cast<int8_t>(rng.Int(-127, 127));
    for (int o = 0; o < s.out_c; ++o) {
      w_scales.push_back(0.0005f * (1 + o % 7) / (1 + s.kh * s.kw));
      eff[o] = 0.05 * static_cast<double>(w_scales[o]) / static_cast<double>(0.11f);
      bd[o] = b[o] = rng.Int(-3000, 3000);
    }
    input = test::Bytes(x);
    filter = test::Bytes(f);
    bias = test::Bytes(b);
  } else if (c.int16) {
    std::vector<int16_t> x(in_n);
    std::vector<int8_t> f(f_n);
    std::vector<int64_t> b(s.out_c);
    for (size_t i = 0; i < in_n; ++i) xd[i] = x[i] = static_cast<int16_t>(rng.Int(-32768, 32767));
    for (size_t i = 0; i < f_n; ++i) fd[i] = f[i] = static_cast<int8_t>(rng.Int(-127, 127));
    for (int o = 0; o < s.out_c; ++o) {
      w_scales.push_back(0.0005f * (1 + o % 7) / (1 + s.kh * s.kw));
      eff[o] = 0.002 * static_cast<double>(w_scales[o]) / static_cast<double>(0.003f);
      bd[o] = static_cast<double>(b[o] = rng.Int(-300000, 300000));
    }
    input = test::Bytes(x);
    filter = test::Bytes(f);
    bias = test::Bytes(b);
  } else {
    std::vector<float> x(in_n), f(f_n), b(s.out_c);
    for (size_t i = 0; i < in_n; ++i) xd[i] = x[i] = rng.Float(-1, 1);
    for (size_t i = 0; i < f_n; ++i) fd[i] = f[i] = rng.Float(-1, 1);
    for (int o = 0; o < s.out_c; ++o) bd[o] = b[o] = rng.Float(-0.5f, 0.5f);
    input = test::Bytes(x);
    filter = test::Bytes(f);
    bias = test::Bytes(b);
  }
  int oh = 0, ow = 0;
  const std::vector<double> sums = test::RefConvSums(s, xd, fd, c.depthwise, &oh, &ow);
  const Run in_place = RunOnce(Build(c, oh, ow, filter, bias, w_scales, false), input, 0, 3);
  const Run out_of_place = RunOnce(Build(c, oh, ow, filter, bias, w_scales, true), input, 0, 3);
  EXPECT_TRUE(in_place.status.ok()) << in_place.status.message();
  EXPECT_TRUE(out_of_place.status.ok()) << out_of_place.status.message();
  if (!in_place.status.ok() || !out_of_place.status.ok()) return res;
  // The kept input never shares memory with the output.
  EXPECT_EQ(out_of_place.report.inplace_ops, 0u);
  EXPECT_FALSE(out_of_place.same_start);
  res.in_place = in_place.report.inplace_ops == 1;
  EXPECT_EQ(res.in_place, in_place.same_start);
  if (res.in_place) {
    EXPECT_LT(in_place.report.activation_bytes, in_place.report.activation_bytes_without_inplace);
  }
  EXPECT_EQ(in_place.out, out_of_place.out) << "in-place bytes differ from out-of-place bytes";
  // Independent reference.
  const size_t es = c.int8 ? 1 : (c.int16 ? 2 : 4);
  EXPECT_EQ(in_place.out.size(), sums.size() * es);
  if (in_place.out.size() != sums.size() * es) return res;
  if (c.int16) {
    // Clamp: RELU from 0, RELU6 to round(6 / 0.003) = 2000.
    const int lo = c.act == 1 || c.act == 3 ? 0 : (c.act == 2 ? -333 : -32768);
    const int hi = c.act == 3 ? 2000 : (c.act == 2 ? 333 : 32767);
    const auto got = test::As<int16_t>(in_place.out);
    for (size_t i = 0; i < sums.size(); ++i) {
      const int o = static_cast<int>(i % s.out_c);
      const double real = (sums[i] + bd[o]) * eff[o];
      const double want = std::min<double>(hi, std::max<double>(lo, real));
      ++res.compared;
      EXPECT_NEAR(static_cast<double>(got[i]), want, 1.0) << "element " << i;
    }
  } else if (c.int8) {
    int lo, hi;
    test::Int8Range(c.act, 0.11f, -7, &lo, &hi);
    const auto got = test::As<int8_t>(in_place.out);
    for (size_t i = 0; i < sums.size(); ++i) {
      const int o = static_cast<int>(i % s.out_c);
      const double real = (sums[i] + bd[o]) * eff[o];
      const double frac = std::fabs(real - std::floor(real));
      if (std::fabs(frac - 0.5) < 1e-3) {  // within reach of a tie: the bytes check above covers it
        ++res.skipped;
        continue;
      }
      const int want = std::min(hi, std::max(lo, static_cast<int>(std::round(real)) - 7));
      ++res.compared;
      EXPECT_EQ(static_cast<int>(got[i]), want) << "element " << i;
    }
  } else {
    double flo, fhi;
    test::FloatRange(c.act, &flo, &fhi);
    const auto got = test::As<float>(in_place.out);
    for (size_t i = 0; i < sums.size(); ++i) {
      const double want = std::min(fhi, std::max(flo, sums[i] + bd[i % s.out_c]));
      EXPECT_NEAR(got[i], want, 1e-5 * std::max(1.0, std::fabs(want))) << "element " << i;
    }
  }
  return res;
}

ConvShape Shape(int n, int h, int w, int c, int kh, int kw, int out_c, bool same, int sh, int sw,
                int dh = 1, int dw = 1, int mult = 1) {
  ConvShape s{n, h, w, c, kh, kw, out_c, same, sh, sw, dh, dw};
  s.multiplier = mult;
  return s;
}

TEST(ConvInPlace, DepthwiseStride1And2LikeMobileNet) {
  // vww / person_detect layers: 3x3 SAME, stride 1 (same size) and 2.
  EXPECT_TRUE(Check({true, true, Shape(1, 12, 12, 8, 3, 3, 8, true, 1, 1), 3}, 1).in_place);
  EXPECT_TRUE(Check({true, true, Shape(1, 12, 12, 16, 3, 3, 16, true, 2, 2), 3}, 2).in_place);
  EXPECT_TRUE(Check({true, true, Shape(1, 13, 11, 16, 3, 3, 16, true, 2, 2), 1}, 3).in_place);
  EXPECT_TRUE(Check({true, false, Shape(1, 9, 10, 6, 3, 3, 6, true, 1, 1), 0}, 4).in_place);
}

TEST(ConvInPlace, Pointwise1x1ShrinkingSameAndExpanding) {
  // out_c < in_c: forward; out_c == in_c; out_c > in_c: backward pixel order.
  EXPECT_TRUE(Check({false, true, Shape(1, 6, 7, 24, 1, 1, 8, false, 1, 1), 0}, 5).in_place);
  EXPECT_TRUE(Check({false, true, Shape(1, 6, 7, 16, 1, 1, 16, true, 1, 1), 3}, 6).in_place);
  EXPECT_TRUE(Check({false, true, Shape(1, 6, 7, 8, 1, 1, 16, true, 1, 1), 3}, 7).in_place);
  EXPECT_TRUE(Check({false, true, Shape(2, 5, 3, 3, 1, 1, 64, false, 1, 1), 0}, 8).in_place);
  EXPECT_TRUE(Check({false, false, Shape(2, 4, 5, 5, 1, 1, 13, true, 1, 1), 1}, 9).in_place);
}

TEST(ConvInPlace, GeneralConvolution) {
  // vww's first layer (3x3 stride 2, 3 -> 8 channels), ResNet's 3x3 stride 1,
  // a channel-expanding 3x3 (reverse rows), micro_speech's depthwise with
  // multiplier 8 (larger output, reverse rows).
  EXPECT_TRUE(Check({false, true, Shape(1, 16, 16, 3, 3, 3, 8, true, 2, 2), 3}, 10).in_place);
  EXPECT_TRUE(Check({false, true, Shape(1, 10, 10, 8, 3, 3, 8, true, 1, 1), 1}, 11).in_place);
  EXPECT_TRUE(Check({false, true, Shape(1, 12, 9, 4, 3, 3, 12, true, 1, 1), 0}, 12).in_place);
  EXPECT_TRUE(
      Check({true, true, Shape(1, 49, 40, 1, 10, 8, 8, true, 2, 2, 1, 1, 8), 1}, 13).in_place);
}

TEST(ConvInPlace, RandomShapes) {
  Rng rng(2024);
  int in_place = 0, total = 0, compared = 0, skipped = 0;
  for (int i = 0; i < 300; ++i) {
    Case c;
    c.depthwise = rng.Int(0, 2) == 0;
    c.int8 = rng.Int(0, 3) != 0;
    ConvShape& s = c.s;
    s.n = rng.Int(1, 2);
    s.h = rng.Int(1, 12);
    s.w = rng.Int(1, 12);
    s.c = rng.Int(1, 12);
    const bool pointwise = rng.Int(0, 3) == 0;
    s.kh = pointwise ? 1 : rng.Int(1, 4);
    s.kw = pointwise ? 1 : rng.Int(1, 4);
    s.same = rng.Int(0, 1) == 1;
    s.sh = pointwise ? 1 : rng.Int(1, 3);
    s.sw = pointwise ? 1 : rng.Int(1, 3);
    s.dh = rng.Int(0, 4) == 0 ? 2 : 1;
    s.dw = rng.Int(0, 4) == 0 ? 2 : 1;
    s.multiplier = c.depthwise ? rng.Int(1, 3) : 1;
    s.out_c = c.depthwise ? s.c * s.multiplier : rng.Int(1, 20);
    if (!s.same && ((s.kh - 1) * s.dh + 1 > s.h || (s.kw - 1) * s.dw + 1 > s.w)) continue;
    c.act = rng.Int(0, 3);
    const Outcome o = Check(c, 100 + i);
    ++total;
    in_place += o.in_place ? 1 : 0;
    compared += o.compared;
    skipped += o.skipped;
    if (testing::Test::HasFailure()) break;
  }
  std::printf(
      "[ inplace  ] %d of %d random cases ran in place; int8 elements compared %d, "
      "skipped near ties %d\n",
      in_place, total, compared, skipped);
  EXPECT_GT(in_place, total / 3);
  EXPECT_GT(compared, 100 * skipped);
}

TEST(ConvInPlace, Int16) {
  // 16x8 with int64 bias: a 3x3 SAME stride 1 and stride 2, a
  // channel-expanding 1x1 (reverse order), depthwise multiplier 2 (larger
  // output), all in place; a 7x7 VALID (seanet's first layer) either way.
  Case a{false, false, Shape(1, 12, 12, 6, 3, 3, 6, true, 1, 1), 0};
  Case b{false, false, Shape(1, 16, 16, 3, 3, 3, 8, true, 2, 2), 1};
  Case c{false, false, Shape(1, 6, 7, 8, 1, 1, 16, true, 1, 1), 3};
  Case d{true, false, Shape(1, 12, 12, 8, 3, 3, 8, true, 1, 1), 2};
  Case e{true, false, Shape(1, 49, 40, 1, 10, 8, 8, true, 2, 2, 1, 1, 8), 0};
  for (Case* k : {&a, &b, &c, &d, &e}) {
    k->int16 = true;
    EXPECT_TRUE(Check(*k, 20).in_place) << Describe(*k);
  }
  Case f{false, false, Shape(1, 8, 30, 2, 7, 7, 8, false, 1, 1), 0};
  f.int16 = true;
  Check(f, 21);
}

TEST(ConvInPlace, TinyTensorsStayOutOfPlace) {
  // A 1x1-pixel input: the ring would be the whole input, no gain.
  EXPECT_FALSE(Check({false, true, Shape(1, 1, 1, 32, 1, 1, 32, true, 1, 1), 0}, 14).in_place);
}

}  // namespace
}  // namespace circlet
