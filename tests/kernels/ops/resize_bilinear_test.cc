// SPDX-License-Identifier: Apache-2.0
// RESIZE_BILINEAR: float interpolation and TFLite's 10-bit integer path for
// int8; expected values worked out by hand.
#include <gtest/gtest.h>

#include "tests/kernels/ops/spatial_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options BilinearOptions(bool align_corners, bool half_pixel_centers) {
  return test::ResizeOptions<fb::ResizeBilinearOptionsBuilder>(
      fb::BuiltinOptions_ResizeBilinearOptions, align_corners, half_pixel_centers);
}

template <typename T>
std::vector<T> ResizeRow(bool align, bool half, const std::vector<T>& in, int32_t out_w,
                         std::string* error) {
  return test::RunResizeRow<T>(opcode::RESIZE_BILINEAR, BilinearOptions(align, half), in, out_w,
                               error, writer::PerTensor(0.1f, 0));
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5f) << i;
}

TEST(ResizeBilinearOp, FloatUpscaleEachOption) {
  std::string e;
  // scale 0.5: positions 0, 0.5, 1, 1.5 (the last clamps to the edge).
  ExpectNear(ResizeRow<float>(false, false, {0, 10}, 4, &e), {0, 5, 10, 10});
  EXPECT_EQ(e, "");
  // align_corners: scale 1/3.
  ExpectNear(ResizeRow<float>(true, false, {0, 10}, 4, &e), {0, 10.f / 3, 20.f / 3, 10});
  // half_pixel_centers: positions -0.25, 0.25, 0.75, 1.25.
  ExpectNear(ResizeRow<float>(false, true, {0, 10}, 4, &e), {0, 2.5f, 7.5f, 10});
}

TEST(ResizeBilinearOp, FloatDownscaleEachOption) {
  std::string e;
  ExpectNear(ResizeRow<float>(false, false, {0, 10, 20, 30}, 2, &e), {0, 20});
  ExpectNear(ResizeRow<float>(true, false, {0, 10, 20, 30}, 2, &e), {0, 30});
  // half_pixel_centers: positions 0.5, 2.5.
  ExpectNear(ResizeRow<float>(false, true, {0, 10, 20, 30}, 2, &e), {5, 25});
  EXPECT_EQ(e, "");
}

TEST(ResizeBilinearOp, FloatTwoAxes) {
  OpTest t(opcode::RESIZE_BILINEAR, BilinearOptions(true, false));
  t.Input<float>({1, 2, 2, 1}, {0, 1, 2, 3});
  t.Const<int32_t>({2}, {3, 3});
  t.Output<float>({1, 3, 3, 1});
  ASSERT_EQ(t.Run(), "");
  ExpectNear(t.Out<float>(0), {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3});
}

TEST(ResizeBilinearOp, Int8UpscaleAndDownscale) {
  std::string e;
  // half_pixel_centers, scale_10 = 512: weights 1/4, 3/4 in 1/1024 units.
  EXPECT_EQ(ResizeRow<int8_t>(false, true, {0, 100}, 4, &e), (std::vector<int8_t>{0, 25, 75, 100}));
  EXPECT_EQ(e, "");
  // -0.75 rounds to -1, -0.25 to 0.
  EXPECT_EQ(ResizeRow<int8_t>(false, true, {-1, 0}, 4, &e), (std::vector<int8_t>{-1, -1, 0, 0}));
  // align_corners, scale_10 = 512: -0.5 rounds away from zero to -1.
  EXPECT_EQ(ResizeRow<int8_t>(true, false, {-1, 0}, 3, &e), (std::vector<int8_t>{-1, -1, 0}));
  // Downscale: scale_10 = 2048; positions 0, 2 (none); 0, 3 (align); 0.5, 2.5 (half).
  EXPECT_EQ(ResizeRow<int8_t>(false, false, {0, 10, 20, 30}, 2, &e), (std::vector<int8_t>{0, 20}));
  EXPECT_EQ(ResizeRow<int8_t>(true, false, {0, 10, 20, 30}, 2, &e), (std::vector<int8_t>{0, 30}));
  EXPECT_EQ(ResizeRow<int8_t>(false, true, {0, 10, 20, 30}, 2, &e), (std::vector<int8_t>{5, 25}));
  EXPECT_EQ(e, "");
}

TEST(ResizeBilinearOp, RefusesAlignCornersWithHalfPixelCenters) {
  std::string e;
  ResizeRow<float>(true, true, {0, 10}, 4, &e);
  EXPECT_EQ(e,
            "op 0 RESIZE_BILINEAR: align_corners and half_pixel_centers are both set: "
            "half_pixel_centers needs align_corners false");
}

TEST(ResizeBilinearOp, RefusesInt16) {
  std::string e;
  ResizeRow<int16_t>(false, false, {0, 10}, 4, &e);
  EXPECT_EQ(e,
            "op 0 RESIZE_BILINEAR: input 0 (tensor 0) is int16: not a type RESIZE_BILINEAR takes");
}

}  // namespace
}  // namespace circlet
