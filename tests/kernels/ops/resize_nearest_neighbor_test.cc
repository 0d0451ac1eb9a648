// SPDX-License-Identifier: Apache-2.0
// RESIZE_NEAREST_NEIGHBOR: source index = floor((o + offset) * scale), or
// round() with align_corners; expected values worked out by hand.
#include <gtest/gtest.h>

#include "tests/kernels/ops/spatial_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options NearestOptions(bool align_corners, bool half_pixel_centers) {
  return test::ResizeOptions<fb::ResizeNearestNeighborOptionsBuilder>(
      fb::BuiltinOptions_ResizeNearestNeighborOptions, align_corners, half_pixel_centers);
}

// One row of `in` resized to width `out_w` (height 1 stays 1).
std::vector<float> ResizeRow(bool align, bool half, const std::vector<float>& in, int32_t out_w,
                             std::string* error) {
  return test::RunResizeRow<float>(opcode::RESIZE_NEAREST_NEIGHBOR, NearestOptions(align, half), in,
                                   out_w, error);
}

TEST(ResizeNearestNeighborOp, UpscaleEachOption) {
  std::string e;
  // scale 3/5 = 0.6: floor(0, 0.6, 1.2, 1.8, 2.4).
  EXPECT_EQ(ResizeRow(false, false, {10, 20, 30}, 5, &e), (std::vector<float>{10, 10, 20, 20, 30}));
  EXPECT_EQ(e, "");
  // align_corners: scale 2/4: round(0, 0.5, 1, 1.5, 2), halves away from zero.
  EXPECT_EQ(ResizeRow(true, false, {10, 20, 30}, 5, &e), (std::vector<float>{10, 20, 20, 30, 30}));
  // half_pixel_centers: floor(0.3, 0.9, 1.5, 2.1, 2.7).
  EXPECT_EQ(ResizeRow(false, true, {10, 20, 30}, 5, &e), (std::vector<float>{10, 10, 20, 30, 30}));
}

TEST(ResizeNearestNeighborOp, DownscaleEachOption) {
  std::string e;
  // scale 2.5: floor(0, 2.5).
  EXPECT_EQ(ResizeRow(false, false, {1, 2, 3, 4, 5}, 2, &e), (std::vector<float>{1, 3}));
  // align_corners: scale 4: round(0, 4).
  EXPECT_EQ(ResizeRow(true, false, {1, 2, 3, 4, 5}, 2, &e), (std::vector<float>{1, 5}));
  // half_pixel_centers: floor(1.25, 3.75).
  EXPECT_EQ(ResizeRow(false, true, {1, 2, 3, 4, 5}, 2, &e), (std::vector<float>{2, 4}));
  // Both: scale 4, offset 0.5: round(2, 6) -> 2, min(6, 4).
  EXPECT_EQ(ResizeRow(true, true, {1, 2, 3, 4, 5}, 2, &e), (std::vector<float>{3, 5}));
  EXPECT_EQ(e, "");
}

TEST(ResizeNearestNeighborOp, Int8TwoAxesAndChannels) {
  OpTest t(opcode::RESIZE_NEAREST_NEIGHBOR, NearestOptions(false, false));
  // 2x2x2 -> 3x3x2: rows and columns 0, 0, 1 (scale 2/3).
  t.Input<int8_t>({1, 2, 2, 2}, {1, -1, 2, -2, 3, -3, 4, -4}, writer::PerTensor(0.5f, 3));
  t.Const<int32_t>({2}, {3, 3});
  t.Output<int8_t>({1, 3, 3, 2}, writer::PerTensor(0.5f, 3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0),
            (std::vector<int8_t>{1, -1, 1, -1, 2, -2, 1, -1, 1, -1, 2, -2, 3, -3, 3, -3, 4, -4}));
}

TEST(ResizeNearestNeighborOp, Int16BatchOfTwo) {
  OpTest t(opcode::RESIZE_NEAREST_NEIGHBOR, NearestOptions(true, false));
  const std::vector<int16_t> in = {-300, 300, 1000, -1000};
  t.Input<int16_t>({2, 1, 2, 1}, in, writer::PerTensor(0.01f, 0));
  t.Const<int32_t>({2}, {1, 3});
  t.Output<int16_t>({2, 1, 3, 1}, writer::PerTensor(0.01f, 0));
  ASSERT_EQ(t.Run(), "");
  // align_corners: scale 1/2, round(0, 0.5, 1) = 0, 1, 1.
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{-300, 300, 300, 1000, -1000, -1000}));
}

TEST(ResizeNearestNeighborOp, RefusesANonPositiveSize) {
  OpTest t(opcode::RESIZE_NEAREST_NEIGHBOR);
  t.Input<float>({1, 2, 2, 1}, {1, 2, 3, 4});
  t.Const<int32_t>({2}, {0, 2});
  t.Output<float>({1, 1, 2, 1});
  EXPECT_EQ(t.Run(), "op 0 RESIZE_NEAREST_NEIGHBOR: size (tensor 1) is 0x2, must be positive");
}

TEST(ResizeNearestNeighborOp, RefusesAnOutputWithOtherQuantization) {
  OpTest t(opcode::RESIZE_NEAREST_NEIGHBOR);
  t.Input<int8_t>({1, 1, 1, 1}, {1}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({2}, {2, 2});
  t.Output<int8_t>({1, 2, 2, 1}, writer::PerTensor(0.25f, 0));
  EXPECT_EQ(t.Run(),
            "op 0 RESIZE_NEAREST_NEIGHBOR: output (tensor 2) quantization differs from input "
            "(tensor 0): the values are moved without requantization");
}

}  // namespace
}  // namespace circlet
