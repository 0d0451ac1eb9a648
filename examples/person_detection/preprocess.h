// SPDX-License-Identifier: Apache-2.0
// Image pre-processing of the person_detection example: an 8-bit RGB image
// of any size becomes a model's int8 input tensor.
//
//   1. Centre crop to a square: the largest square in the middle of the image
//      (side = min(width, height); an odd leftover pixel goes to the right or
//      bottom edge).
//   2. Resize the square to the model's size (96x96) by area averaging (a box
//      filter): each output pixel is the mean of the source area it covers,
//      with partly covered source pixels weighted by the fraction covered.
//      Every source pixel counts (no aliasing when shrinking a 512x512 photo
//      5.3 times), and the result is exact: the weights are integers in units
//      of 1/out_size of a source pixel, the mean is rounded half up.
//   3. Grey models: luma Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, the
//      weights of JPEG/PIL's "L" conversion), rounded half up, in 0..255.
//   4. Quantize: pixel p in 0..255 is the real value
//        r = lo + p * (hi - lo) / 255
//      where [lo, hi] is the input range the model was trained on, then
//        q = round(r / scale) + zero_point      (clamped to int8)
//      with the model input's own scale and zero point. Halves round up; a
//      tolerance of 1e-3 of a step absorbs the float32 storage of scales such
//      as 2/255.
#ifndef CIRCLET_EXAMPLES_PERSON_DETECTION_PREPROCESS_H_
#define CIRCLET_EXAMPLES_PERSON_DETECTION_PREPROCESS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace person {

// An 8-bit image, rows top to bottom, channels interleaved.
struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;           // 1 (grey) or 3 (RGB)
  std::vector<uint8_t> data;  // width * height * channels

  uint8_t at(int x, int y, int c) const {
    return data[(static_cast<size_t>(y) * width + x) * channels + c];
  }
};

// The centre square of `in`: its offset and side.
struct Crop {
  int x0 = 0;
  int y0 = 0;
  int side = 0;
};
Crop CentreCrop(int width, int height);

// Area-averaged resize of the square `crop` of `in` to out_size x out_size
// (same channels).
Image ResizeArea(const Image& in, const Crop& crop, int out_size);

// BT.601 luma of an RGB image (a grey image is returned as is).
Image ToGrey(const Image& rgb);

// The input range a model was trained on, in real (dequantized) units:
// pixel 0 means lo, pixel 255 means hi.
struct InputRange {
  float lo = 0.0f;
  float hi = 1.0f;
};

// int8 value of pixel p for a model input with the given quantization.
int8_t QuantizePixel(int p, const InputRange& range, float scale, int32_t zero_point);

// True when pixels 0 and 255 both land inside int8 without clamping.
bool RangeFits(const InputRange& range, float scale, int32_t zero_point);

// Whole pipeline: crop, resize to out_size, grey when channels == 1, then
// quantize every byte into `out` (out_size * out_size * channels bytes).
void Preprocess(const Image& in, int out_size, int channels, const InputRange& range, float scale,
                int32_t zero_point, int8_t* out);

}  // namespace person

#endif  // CIRCLET_EXAMPLES_PERSON_DETECTION_PREPROCESS_H_
