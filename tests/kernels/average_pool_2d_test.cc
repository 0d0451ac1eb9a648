// SPDX-License-Identifier: Apache-2.0
// AVERAGE_POOL_2D: float against a nested-loop reference written here (SAME
// and VALID, strides, windows clipped at the border); int8 against averages
// worked out by hand, with TFLite's rounding (half away from zero) and
// padded cells excluded from the count; prepare errors.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;
constexpr int kAvgPool = 1;

// TensorFlow's definition: SAME pads (out - 1) * stride + filter - in cells,
// half (rounded down) before; padded cells do not count in the average.
std::vector<float> RefAvgPool(const std::vector<float>& x, int n, int h, int w, int c, int fh,
                              int fw, int sh, int sw, bool same, int* oh, int* ow) {
  *oh = same ? (h + sh - 1) / sh : (h - fh) / sh + 1;
  *ow = same ? (w + sw - 1) / sw : (w - fw) / sw + 1;
  const int ph = same ? std::max((*oh - 1) * sh + fh - h, 0) / 2 : 0;
  const int pw = same ? std::max((*ow - 1) * sw + fw - w, 0) / 2 : 0;
  std::vector<float> y;
  for (int b = 0; b < n; ++b)
    for (int oy = 0; oy < *oh; ++oy)
      for (int ox = 0; ox < *ow; ++ox)
        for (int ch = 0; ch < c; ++ch) {
          float sum = 0;
          int count = 0;
          for (int ky = 0; ky < fh; ++ky)
            for (int kx = 0; kx < fw; ++kx) {
              const int iy = oy * sh - ph + ky, ix = ox * sw - pw + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              sum += x[((b * h + iy) * w + ix) * c + ch];
              ++count;
            }
          y.push_back(sum / count);
        }
  return y;
}

TEST(AveragePool2D, FloatSameAndValidAgainstReference) {
  const int n = 2, h = 5, w = 4, c = 3;
  std::vector<float> x(n * h * w * c);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37f * i) * 4.0f;
  struct Case {
    int fh, fw, sh, sw;
    bool same;
  };
  for (const Case& k : {Case{3, 3, 2, 2, true}, Case{2, 3, 1, 2, true}, Case{3, 2, 2, 1, false},
                        Case{5, 4, 1, 1, false}, Case{4, 4, 3, 3, true}}) {
    int oh = 0, ow = 0;
    const auto want = RefAvgPool(x, n, h, w, c, k.fh, k.fw, k.sh, k.sw, k.same, &oh, &ow);
    ModelWriter mw;
    int in = mw.AddTensor("x", DType::kFloat32, {n, h, w, c});
    int out = mw.AddTensor("y", DType::kFloat32, {n, oh, ow, c});
    mw.AddOperator(kAvgPool, {in}, {out},
                   writer::Pool2DOptions(k.same ? fb::Padding_SAME : fb::Padding_VALID, k.sw, k.sh,
                                         k.fw, k.fh, 0));
    mw.SetInputs({in});
    mw.SetOutputs({out});
    auto r = test::RunModel(mw.Finish(), {test::Bytes(x)});
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    const auto got = test::As<float>(r.outputs[0]);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6f) << i;
  }
}

std::vector<uint8_t> Int8PoolModel(std::vector<int32_t> in_shape, std::vector<int32_t> out_shape,
                                   fb::Padding pad, int f, int s, int act, float out_scale = 0.5f,
                                   int out_zp = 0) {
  ModelWriter mw;
  int in = mw.AddTensor("x", DType::kInt8, in_shape, writer::PerTensor(0.5f, 0));
  int out = mw.AddTensor("y", DType::kInt8, out_shape, writer::PerTensor(out_scale, out_zp));
  mw.AddOperator(kAvgPool, {in}, {out}, writer::Pool2DOptions(pad, s, s, f, f, act), 2);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

// 3x3 input, 3x3 filter, stride 1, SAME: out 3x3, one padded row/column on
// each side. Corner windows hold 4 real cells, edges 6, the centre 9:
//   [ 1,  2,  4]     (0,0): 1+2+8+16 = 27 / 4 = 6.75 -> 7
//   [ 8, 16, -3]     (0,1): 28 / 6 = 4.67 -> 5    (0,2): 19 / 4 = 4.75 -> 5
//   [-7, 10,  5]     (1,0): 30 / 6 = 5            (1,1): 36 / 9 = 4
//                    (1,2): 34 / 6 = 5.67 -> 6    (2,0): 27 / 4 = 6.75 -> 7
//                    (2,1): 29 / 6 = 4.83 -> 5    (2,2): 28 / 4 = 7
TEST(AveragePool2D, Int8SamePaddingAtTheBorder) {
  const std::vector<int8_t> x = {1, 2, 4, 8, 16, -3, -7, 10, 5};
  auto r = test::RunModel(Int8PoolModel({1, 3, 3, 1}, {1, 3, 3, 1}, fb::Padding_SAME, 3, 1, 0),
                          {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{7, 5, 5, 5, 4, 6, 7, 5, 7}));
}

// 1x8 input, 2x2 filter, stride 2, SAME: the padded row below is skipped, so
// the windows are the pairs (-3, 0), (5, 0), (-1, 0), (-128, -127), averages
// -1.5, 2.5, -0.5, -127.5: ties round away from zero -> -2, 3, -1, -128.
// With RELU (zero point 0): 0, 3, 0, 0.
TEST(AveragePool2D, Int8TiesAwayFromZeroAndRelu) {
  const std::vector<int8_t> x = {-3, 0, 5, 0, -1, 0, -128, -127};
  auto r = test::RunModel(Int8PoolModel({1, 1, 8, 1}, {1, 1, 4, 1}, fb::Padding_SAME, 2, 2, 0),
                          {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{-2, 3, -1, -128}));
  r = test::RunModel(Int8PoolModel({1, 1, 8, 1}, {1, 1, 4, 1}, fb::Padding_SAME, 2, 2, 1),
                     {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{0, 3, 0, 0}));
}

TEST(AveragePool2D, Int16) {
  // 2x2 VALID over a 2x2x2 input: channel 0 = (1000 + 2001 + 3000 + 4000) / 4
  // = 2500.25 -> 2500, channel 1 = (-1 - 2 - 2 - 1) / 4 = -1.5 -> -2.
  ModelWriter mw;
  int in = mw.AddTensor("x", DType::kInt16, {1, 2, 2, 2}, writer::PerTensor(0.01f, 0));
  int out = mw.AddTensor("y", DType::kInt16, {1, 1, 1, 2}, writer::PerTensor(0.01f, 0));
  mw.AddOperator(kAvgPool, {in}, {out}, writer::Pool2DOptions(fb::Padding_VALID, 1, 1, 2, 2, 0), 3);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  const std::vector<int16_t> x = {1000, -1, 2001, -2, 3000, -2, 4000, -1};
  auto r = test::RunModel(mw.Finish(), {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int16_t>(r.outputs[0]), (std::vector<int16_t>{2500, -2}));
}

TEST(AveragePool2D, PrepareErrors) {
  auto r = test::RunModel(
      Int8PoolModel({1, 3, 3, 1}, {1, 3, 3, 1}, fb::Padding_SAME, 3, 1, 0, 0.25f, 0), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 AVERAGE_POOL_2D: input (tensor 0) and output (tensor 1) must have the same "
               "scale and zero point");
  r = test::RunModel(Int8PoolModel({1, 3, 3, 1}, {1, 2, 2, 1}, fb::Padding_SAME, 3, 1, 0), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 AVERAGE_POOL_2D: output 0 (tensor 1) has shape [1x2x2x1], the op computes "
               "[1x3x3x1]");
  r = test::RunModel(Int8PoolModel({1, 3, 3, 1}, {1, 1, 1, 1}, fb::Padding_VALID, 4, 1, 0), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 AVERAGE_POOL_2D: filter 4x4 does not fit the 3x3 input (h x w) of tensor 0");
}

}  // namespace
}  // namespace circlet
