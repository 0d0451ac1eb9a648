// SPDX-License-Identifier: Apache-2.0
// Pre-processing of the person_detection example (see preprocess.h).
#include "preprocess.h"

#include <algorithm>
#include <cmath>

namespace person {
namespace {

// The source pixels an output pixel j covers along one axis, with their
// weights: in units where a source pixel is out_size wide and an output
// pixel is `side` wide, source pixel k spans [k*out_size, (k+1)*out_size) and
// output pixel j spans [j*side, (j+1)*side). The weights sum to `side`.
struct Span {
  int first = 0;
  std::vector<int64_t> weights;
};

std::vector<Span> Spans(int side, int out_size) {
  std::vector<Span> spans(static_cast<size_t>(out_size));
  const int64_t s = side;
  const int64_t n = out_size;
  for (int64_t j = 0; j < n; ++j) {
    const int64_t lo = j * s;
    const int64_t hi = (j + 1) * s;
    Span& span = spans[static_cast<size_t>(j)];
    span.first = static_cast<int>(lo / n);
    for (int64_t k = lo / n; k * n < hi; ++k) {
      const int64_t w = std::min((k + 1) * n, hi) - std::max(k * n, lo);
      span.weights.push_back(w);
    }
  }
  return spans;
}

}  // namespace

Crop CentreCrop(int width, int height) {
  Crop c;
  c.side = std::min(width, height);
  c.x0 = (width - c.side) / 2;
  c.y0 = (height - c.side) / 2;
  return c;
}

Image ResizeArea(const Image& in, const Crop& crop, int out_size) {
  Image out;
  out.width = out_size;
  out.height = out_size;
  out.channels = in.channels;
  out.data.assign(static_cast<size_t>(out_size) * out_size * in.channels, 0);
  const std::vector<Span> spans = Spans(crop.side, out_size);
  const int64_t total = static_cast<int64_t>(crop.side) * crop.side;  // sum of all weights
  for (int oy = 0; oy < out_size; ++oy) {
    const Span& sy = spans[static_cast<size_t>(oy)];
    for (int ox = 0; ox < out_size; ++ox) {
      const Span& sx = spans[static_cast<size_t>(ox)];
      for (int c = 0; c < in.channels; ++c) {
        int64_t sum = 0;
        for (size_t dy = 0; dy < sy.weights.size(); ++dy) {
          const int y = crop.y0 + sy.first + static_cast<int>(dy);
          int64_t row = 0;
          for (size_t dx = 0; dx < sx.weights.size(); ++dx) {
            const int x = crop.x0 + sx.first + static_cast<int>(dx);
            row += sx.weights[dx] * in.at(x, y, c);
          }
          sum += sy.weights[dy] * row;
        }
        // sum / total, rounded half up.
        const int64_t v = (2 * sum + total) / (2 * total);
        out.data[(static_cast<size_t>(oy) * out_size + ox) * in.channels + c] =
            static_cast<uint8_t>(v);
      }
    }
  }
  return out;
}

Image ToGrey(const Image& rgb) {
  if (rgb.channels == 1) return rgb;
  Image out;
  out.width = rgb.width;
  out.height = rgb.height;
  out.channels = 1;
  const size_t n = static_cast<size_t>(rgb.width) * rgb.height;
  out.data.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const int r = rgb.data[3 * i];
    const int g = rgb.data[3 * i + 1];
    const int b = rgb.data[3 * i + 2];
    out.data[i] = static_cast<uint8_t>((299 * r + 587 * g + 114 * b + 500) / 1000);
  }
  return out;
}

namespace {

// The unclamped quantized value of pixel p, before rounding.
double Steps(int p, const InputRange& range, float scale, int32_t zero_point) {
  const double real = static_cast<double>(range.lo) +
                      p * (static_cast<double>(range.hi) - static_cast<double>(range.lo)) / 255.0;
  return real / static_cast<double>(scale) + zero_point;
}

}  // namespace

int8_t QuantizePixel(int p, const InputRange& range, float scale, int32_t zero_point) {
  const double q = std::floor(Steps(p, range, scale, zero_point) + 0.5 + 1e-3);
  return static_cast<int8_t>(std::min(127.0, std::max(-128.0, q)));
}

bool RangeFits(const InputRange& range, float scale, int32_t zero_point) {
  for (int p : {0, 255}) {
    const double q = std::floor(Steps(p, range, scale, zero_point) + 0.5 + 1e-3);
    if (q < -128.0 || q > 127.0) return false;
  }
  return true;
}

void Preprocess(const Image& in, int out_size, int channels, const InputRange& range, float scale,
                int32_t zero_point, int8_t* out) {
  Image small = ResizeArea(in, CentreCrop(in.width, in.height), out_size);
  if (channels == 1) small = ToGrey(small);
  int8_t table[256];
  for (int p = 0; p < 256; ++p) table[p] = QuantizePixel(p, range, scale, zero_point);
  for (size_t i = 0; i < small.data.size(); ++i) out[i] = table[small.data[i]];
}

}  // namespace person
