// SPDX-License-Identifier: Apache-2.0
// MAX_POOL_2D: float against a nested-loop reference written here; int8 and
// int16 against maxima picked by hand, with SAME padding at the border
// (padded cells are not zeros) and fused activations; prepare errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;
constexpr int kMaxPool = 17;

std::vector<float> RefMaxPool(const std::vector<float>& x, int h, int w, int c, int fh, int fw,
                              int sh, int sw, bool same, float lo, float hi, int* oh, int* ow) {
  *oh = same ? (h + sh - 1) / sh : (h - fh) / sh + 1;
  *ow = same ? (w + sw - 1) / sw : (w - fw) / sw + 1;
  const int ph = same ? std::max((*oh - 1) * sh + fh - h, 0) / 2 : 0;
  const int pw = same ? std::max((*ow - 1) * sw + fw - w, 0) / 2 : 0;
  std::vector<float> y;
  for (int oy = 0; oy < *oh; ++oy)
    for (int ox = 0; ox < *ow; ++ox)
      for (int ch = 0; ch < c; ++ch) {
        float m = -std::numeric_limits<float>::infinity();
        for (int ky = 0; ky < fh; ++ky)
          for (int kx = 0; kx < fw; ++kx) {
            const int iy = oy * sh - ph + ky, ix = ox * sw - pw + kx;
            if (iy >= 0 && iy < h && ix >= 0 && ix < w) m = std::max(m, x[(iy * w + ix) * c + ch]);
          }
        y.push_back(std::min(std::max(m, lo), hi));
      }
  return y;
}

TEST(MaxPool2D, FloatAgainstReference) {
  const int h = 6, w = 5, c = 2;
  std::vector<float> x(h * w * c);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::cos(0.91f * i) * 8.0f;
  struct Case {
    int fh, fw, sh, sw;
    bool same;
    int act;
    float lo, hi;
  };
  const float big = std::numeric_limits<float>::max();
  for (const Case& k : {Case{3, 3, 2, 2, true, 0, -big, big}, Case{2, 2, 2, 2, false, 3, 0, 6},
                        Case{3, 2, 1, 2, true, 1, 0, big}, Case{6, 5, 1, 1, false, 0, -big, big}}) {
    int oh = 0, ow = 0;
    const auto want = RefMaxPool(x, h, w, c, k.fh, k.fw, k.sh, k.sw, k.same, k.lo, k.hi, &oh, &ow);
    ModelWriter mw;
    int in = mw.AddTensor("x", DType::kFloat32, {1, h, w, c});
    int out = mw.AddTensor("y", DType::kFloat32, {1, oh, ow, c});
    mw.AddOperator(kMaxPool, {in}, {out},
                   writer::Pool2DOptions(k.same ? fb::Padding_SAME : fb::Padding_VALID, k.sw, k.sh,
                                         k.fw, k.fh, k.act));
    mw.SetInputs({in});
    mw.SetOutputs({out});
    auto r = test::RunModel(mw.Finish(), {test::Bytes(x)});
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    EXPECT_EQ(test::As<float>(r.outputs[0]), want);
  }
}

std::vector<uint8_t> Int8Model(fb::Padding pad, int f, int s, int act, int out_zp = 0) {
  ModelWriter mw;
  int in = mw.AddTensor("x", DType::kInt8, {1, 3, 3, 1}, writer::PerTensor(0.5f, 0));
  int out = mw.AddTensor("y", DType::kInt8, {1, 3, 3, 1}, writer::PerTensor(0.5f, out_zp));
  mw.AddOperator(kMaxPool, {in}, {out}, writer::Pool2DOptions(pad, s, s, f, f, act), 2);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  return mw.Finish();
}

// 3x3 input, 2x2 filter, stride 1, SAME: one padded row/column after the
// input. Window (y, x) covers rows y..y+1, columns x..x+1, clipped:
//   [ 1,   2,  4]    (0,0) 8   (0,1) 4   (0,2) 4
//   [ 8, -16, -3]    (1,0) 10  (1,1) 10  (1,2) -3  (not 0: padding is skipped)
//   [-7,  10, -5]    (2,0) 10  (2,1) 10  (2,2) -5
TEST(MaxPool2D, Int8SamePaddingAtTheBorder) {
  const std::vector<int8_t> x = {1, 2, 4, 8, -16, -3, -7, 10, -5};
  auto r = test::RunModel(Int8Model(fb::Padding_SAME, 2, 1, 0), {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{8, 4, 4, 10, 10, -3, 10, 10, -5}));
  // RELU with zero point 0 clamps at 0; RELU_N1_TO_1 at -2 and 2 (scale 0.5).
  r = test::RunModel(Int8Model(fb::Padding_SAME, 2, 1, 1), {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{8, 4, 4, 10, 10, 0, 10, 10, 0}));
  r = test::RunModel(Int8Model(fb::Padding_SAME, 2, 1, 2), {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{2, 2, 2, 2, 2, -2, 2, 2, -2}));
}

TEST(MaxPool2D, Int16Valid) {
  ModelWriter mw;
  int in = mw.AddTensor("x", DType::kInt16, {1, 2, 3, 1}, writer::PerTensor(0.01f, 0));
  int out = mw.AddTensor("y", DType::kInt16, {1, 1, 2, 1}, writer::PerTensor(0.01f, 0));
  mw.AddOperator(kMaxPool, {in}, {out}, writer::Pool2DOptions(fb::Padding_VALID, 1, 1, 2, 2, 0), 3);
  mw.SetInputs({in});
  mw.SetOutputs({out});
  const std::vector<int16_t> x = {-32768, -30000, 1000, -32000, -31000, 999};
  auto r = test::RunModel(mw.Finish(), {test::Bytes(x)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int16_t>(r.outputs[0]), (std::vector<int16_t>{-30000, 1000}));
}

TEST(MaxPool2D, PrepareErrors) {
  auto r = test::RunModel(Int8Model(fb::Padding_SAME, 2, 1, 0, 3), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 MAX_POOL_2D: input (tensor 0) and output (tensor 1) must have the same scale "
               "and zero point");
  ModelWriter mw;
  int in = mw.AddTensor("x", DType::kFloat32, {3, 3, 1});
  int out = mw.AddTensor("y", DType::kFloat32, {3, 3, 1});
  mw.AddOperator(kMaxPool, {in}, {out}, writer::Pool2DOptions(fb::Padding_SAME, 0, 1, 2, 2, 0));
  mw.SetInputs({in});
  mw.SetOutputs({out});
  r = test::RunModel(mw.Finish(), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(), "op 0 MAX_POOL_2D: input (tensor 0) has rank 3, expected 4");
}

}  // namespace
}  // namespace circlet
