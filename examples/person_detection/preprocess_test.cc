// SPDX-License-Identifier: Apache-2.0
// person_detection's pre-processing (preprocess.h) on synthetic images whose
// cropped, resized, grey and quantized pixels are worked out by hand below.
#include "preprocess.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace person {
namespace {

Image MakeImage(int w, int h, int channels) {
  Image img;
  img.width = w;
  img.height = h;
  img.channels = channels;
  img.data.assign(static_cast<size_t>(w) * h * channels, 0);
  return img;
}

void Set(Image* img, int x, int y, int c, int v) {
  img->data[(static_cast<size_t>(y) * img->width + x) * img->channels + c] =
      static_cast<uint8_t>(v);
}

TEST(PersonPreprocess, CentreCropOfLandscapePortraitAndSquare) {
  const Crop l = CentreCrop(600, 400);  // coffee.png: 100 columns cut on each side
  EXPECT_EQ(l.side, 400);
  EXPECT_EQ(l.x0, 100);
  EXPECT_EQ(l.y0, 0);
  const Crop p = CentreCrop(100, 301);  // 201 rows cut: 100 above, 101 below
  EXPECT_EQ(p.side, 100);
  EXPECT_EQ(p.x0, 0);
  EXPECT_EQ(p.y0, 100);
  const Crop s = CentreCrop(512, 512);
  EXPECT_EQ(s.side, 512);
  EXPECT_EQ(s.x0, 0);
  EXPECT_EQ(s.y0, 0);
}

// 288x192 RGB: the centre square is columns 48..239. Inside it R = x - 48,
// G = y, B = a checkerboard of 0 and 200; outside it every channel is 255 (a
// wrong crop would pull 255s in). Halving 192 -> 96 averages 2x2 blocks:
//   R(ox) = ((2ox) + (2ox + 1)) / 2 = 2ox + 0.5 -> 2ox + 1 (halves round up)
//   G(oy) = 2oy + 1, B = (0 + 200 + 200 + 0) / 4 = 100.
TEST(PersonPreprocess, CropThenHalveAveragesTwoByTwoBlocks) {
  Image img = MakeImage(288, 192, 3);
  for (int y = 0; y < 192; ++y) {
    for (int x = 0; x < 288; ++x) {
      const bool inside = x >= 48 && x < 240;
      Set(&img, x, y, 0, inside ? x - 48 : 255);
      Set(&img, x, y, 1, inside ? y : 255);
      Set(&img, x, y, 2, inside ? ((x + y) % 2) * 200 : 255);
    }
  }
  const Image out = ResizeArea(img, CentreCrop(288, 192), 96);
  ASSERT_EQ(out.width, 96);
  ASSERT_EQ(out.height, 96);
  ASSERT_EQ(out.channels, 3);
  for (int oy = 0; oy < 96; ++oy) {
    for (int ox = 0; ox < 96; ++ox) {
      ASSERT_EQ(out.at(ox, oy, 0), 2 * ox + 1) << ox << "," << oy;
      ASSERT_EQ(out.at(ox, oy, 1), 2 * oy + 1) << ox << "," << oy;
      ASSERT_EQ(out.at(ox, oy, 2), 100) << ox << "," << oy;
    }
  }
  // BT.601 luma of a few of them, by hand:
  //   (1, 1, 100):     0.299 + 0.587 + 11.4         = 12.286  -> 12
  //   (191, 191, 100): 57.109 + 112.117 + 11.4      = 180.626 -> 181
  //   (21, 101, 100):  6.279 + 59.287 + 11.4        = 76.966  -> 77
  const Image grey = ToGrey(out);
  ASSERT_EQ(grey.channels, 1);
  EXPECT_EQ(grey.at(0, 0, 0), 12);
  EXPECT_EQ(grey.at(95, 95, 0), 181);
  EXPECT_EQ(grey.at(10, 50, 0), 77);
}

// 144 -> 96: each output pixel covers 1.5 source pixels. Output 2m covers
// source 3m fully and half of 3m+1; output 2m+1 the other half of 3m+1 and
// 3m+2 fully. With a column pattern 0, 30, 90 repeating (constant down the
// rows), output 2m = (0 + 30/2) / 1.5 = 10 and output 2m+1 = (30/2 + 90) /
// 1.5 = 70. The same pattern down the rows in channel 1 gives 10, 70 by row.
TEST(PersonPreprocess, NonIntegerRatioWeighsPartlyCoveredPixels) {
  const int pattern[3] = {0, 30, 90};
  Image img = MakeImage(144, 144, 3);
  for (int y = 0; y < 144; ++y) {
    for (int x = 0; x < 144; ++x) {
      Set(&img, x, y, 0, pattern[x % 3]);
      Set(&img, x, y, 1, pattern[y % 3]);
      Set(&img, x, y, 2, 7);
    }
  }
  const Image out = ResizeArea(img, CentreCrop(144, 144), 96);
  for (int oy = 0; oy < 96; ++oy) {
    for (int ox = 0; ox < 96; ++ox) {
      ASSERT_EQ(out.at(ox, oy, 0), ox % 2 == 0 ? 10 : 70) << ox << "," << oy;
      ASSERT_EQ(out.at(ox, oy, 1), oy % 2 == 0 ? 10 : 70) << ox << "," << oy;
      ASSERT_EQ(out.at(ox, oy, 2), 7);
    }
  }
}

// Means are rounded half up, and only exactly half rounds up: 2x2 blocks of
// (0, 0, 0, 2) average 0.5 -> 1, blocks of (0, 0, 0, 1) average 0.25 -> 0,
// blocks of (1, 1, 1, 0) average 0.75 -> 1.
TEST(PersonPreprocess, MeansRoundHalfUp) {
  Image img = MakeImage(192, 192, 3);
  for (int y = 0; y < 192; ++y) {
    for (int x = 0; x < 192; ++x) {
      const bool corner = x % 2 == 1 && y % 2 == 1;
      Set(&img, x, y, 0, corner ? 2 : 0);
      Set(&img, x, y, 1, corner ? 1 : 0);
      Set(&img, x, y, 2, corner ? 0 : 1);
    }
  }
  const Image out = ResizeArea(img, CentreCrop(192, 192), 96);
  for (int i = 0; i < 96 * 96; ++i) {
    ASSERT_EQ(out.data[3 * i], 1);
    ASSERT_EQ(out.data[3 * i + 1], 0);
    ASSERT_EQ(out.data[3 * i + 2], 1);
  }
}

// 48 -> 96 (an image smaller than the model): each output pixel lies inside
// one source pixel, so output (ox, oy) = source (ox / 2, oy / 2).
TEST(PersonPreprocess, UpscalingRepeatsPixels) {
  Image img = MakeImage(48, 48, 3);
  for (int y = 0; y < 48; ++y) {
    for (int x = 0; x < 48; ++x) {
      for (int c = 0; c < 3; ++c) Set(&img, x, y, c, (x * 5 + y * 3 + c) % 256);
    }
  }
  const Image out = ResizeArea(img, CentreCrop(48, 48), 96);
  for (int oy = 0; oy < 96; ++oy) {
    for (int ox = 0; ox < 96; ++ox) {
      for (int c = 0; c < 3; ++c) {
        ASSERT_EQ(out.at(ox, oy, c), ((ox / 2) * 5 + (oy / 2) * 3 + c) % 256);
      }
    }
  }
}

TEST(PersonPreprocess, GreyOfPrimariesAndWhite) {
  Image img = MakeImage(4, 1, 3);
  Set(&img, 0, 0, 0, 255);                              // red:   0.299 * 255 = 76.245  -> 76
  Set(&img, 1, 0, 1, 255);                              // green: 0.587 * 255 = 149.685 -> 150
  Set(&img, 2, 0, 2, 255);                              // blue:  0.114 * 255 = 29.07   -> 29
  for (int c = 0; c < 3; ++c) Set(&img, 3, 0, c, 255);  // white: 255
  const Image g = ToGrey(img);
  ASSERT_EQ(g.data.size(), 4u);
  EXPECT_EQ(g.data[0], 76);
  EXPECT_EQ(g.data[1], 150);
  EXPECT_EQ(g.data[2], 29);
  EXPECT_EQ(g.data[3], 255);
}

// The two models' input quantizations (as stored in the files, float32):
// vww_96_int8:   scale 1/255, zero point -128, trained on [0, 1]:
//                q = (p / 255) / (1 / 255) - 128 = p - 128.
// person_detect: scale 2/255, zero point -1, trained on [-1, 1]:
//                q = (2p / 255 - 1) / (2 / 255) - 1 = p - 128.5 -> p - 128
//                (half up; TFLite Micro's example feeds pixel - 128 too).
TEST(PersonPreprocess, QuantizeMatchesBothModelsConventions) {
  const float vww_scale = 1.0f / 255.0f;
  const float pd_scale = 2.0f / 255.0f;
  for (int p = 0; p < 256; ++p) {
    ASSERT_EQ(QuantizePixel(p, {0.0f, 1.0f}, vww_scale, -128), p - 128) << p;
    ASSERT_EQ(QuantizePixel(p, {-1.0f, 1.0f}, pd_scale, -1), p - 128) << p;
  }
  EXPECT_TRUE(RangeFits({0.0f, 1.0f}, vww_scale, -128));
  EXPECT_TRUE(RangeFits({-1.0f, 1.0f}, pd_scale, -1));
}

// Another quantization: scale 0.02, zero point 10, range [0, 1]:
//   p = 0:   0 / 0.02 + 10              = 10
//   p = 128: 0.50196 / 0.02 + 10 = 35.098 -> 35
//   p = 255: 1 / 0.02 + 10              = 60
// and a range wider than int8: [0, 1] at scale 1/512, zero point -128:
//   p = 255: 512 - 128 = 384 -> clamped to 127, so the range does not fit.
TEST(PersonPreprocess, QuantizeOtherScalesAndClamping) {
  EXPECT_EQ(QuantizePixel(0, {0.0f, 1.0f}, 0.02f, 10), 10);
  EXPECT_EQ(QuantizePixel(128, {0.0f, 1.0f}, 0.02f, 10), 35);
  EXPECT_EQ(QuantizePixel(255, {0.0f, 1.0f}, 0.02f, 10), 60);
  EXPECT_TRUE(RangeFits({0.0f, 1.0f}, 0.02f, 10));
  EXPECT_EQ(QuantizePixel(255, {0.0f, 1.0f}, 1.0f / 512.0f, -128), 127);
  EXPECT_EQ(QuantizePixel(0, {0.0f, 1.0f}, 1.0f / 512.0f, -128), -128);
  EXPECT_FALSE(RangeFits({0.0f, 1.0f}, 1.0f / 512.0f, -128));
}

// The whole pipeline on the 288x192 image of the crop test, grey, with
// person_detect's quantization: grey 12 -> -116, 181 -> 53, 77 -> -51; and RGB
// with vww's: (1, 1, 100) -> (-127, -127, -28).
TEST(PersonPreprocess, PipelineCropsResizesGreysAndQuantizes) {
  Image img = MakeImage(288, 192, 3);
  for (int y = 0; y < 192; ++y) {
    for (int x = 0; x < 288; ++x) {
      const bool inside = x >= 48 && x < 240;
      Set(&img, x, y, 0, inside ? x - 48 : 255);
      Set(&img, x, y, 1, inside ? y : 255);
      Set(&img, x, y, 2, inside ? ((x + y) % 2) * 200 : 255);
    }
  }
  std::vector<int8_t> grey(96 * 96);
  Preprocess(img, 96, 1, {-1.0f, 1.0f}, 2.0f / 255.0f, -1, grey.data());
  EXPECT_EQ(grey[0], -116);
  EXPECT_EQ(grey[95 * 96 + 95], 53);
  EXPECT_EQ(grey[50 * 96 + 10], -51);
  std::vector<int8_t> rgb(96 * 96 * 3);
  Preprocess(img, 96, 3, {0.0f, 1.0f}, 1.0f / 255.0f, -128, rgb.data());
  EXPECT_EQ(rgb[0], -127);
  EXPECT_EQ(rgb[1], -127);
  EXPECT_EQ(rgb[2], -28);
  // (ox, oy) = (95, 0): (191, 1, 100) -> (63, -127, -28)
  EXPECT_EQ(rgb[95 * 3 + 0], 63);
  EXPECT_EQ(rgb[95 * 3 + 1], -127);
  EXPECT_EQ(rgb[95 * 3 + 2], -28);
}

}  // namespace
}  // namespace person
