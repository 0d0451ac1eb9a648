// SPDX-License-Identifier: Apache-2.0
// Optimized int8 MAX_POOL_2D and AVERAGE_POOL_2D (the references are
// kernels/ref/max_pool_2d.cc and average_pool_2d.cc): per output pixel, the
// window clipped to the input (padded cells take no part), then
//   max:     clamp(max of the cells, act_min, act_max)
//   average: s = sum of the cells, n = their count,
//            clamp(s > 0 ? (s + n / 2) / n : (s - n / 2) / n, act_min, act_max)
//            (C's truncating division, as TFLite's reference_integer_ops).
//
// Channels are vectorized, NHWC keeps them contiguous. DSP build: four
// channels per word; the maximum is SSUB8 (GE flags per byte) + SEL, the
// sum of a window of at most 256 cells is kept as halfword pairs (SXTAB16
// and SXTAB16-ROR-8: channels 0, 2 and 1, 3), each sum then divided once.
// Portable build: blocks of 16 channels with fixed-length inner loops the
// compiler vectorizes. No scratch.
#include "kernels/arm/int8_kernels.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

constexpr int32_t kBlock = 16;  // portable build: channels per block

// The window of output pixel (oy, ox): input cell (fy, fx) of the window is
// row y0 + fy, column x0 + fx, for fy in [fy0, fy1), fx in [fx0, fx1).
struct Window {
  int32_t y0, x0, fy0, fy1, fx0, fx1;
};

inline Window WindowAt(const PoolShape& s, int32_t oy, int32_t ox) {
  Window w;
  w.y0 = oy * s.stride_h - s.pad_h;
  w.x0 = ox * s.stride_w - s.pad_w;
  w.fy0 = w.y0 < 0 ? -w.y0 : 0;
  w.fy1 = s.filter_h < s.in_h - w.y0 ? s.filter_h : s.in_h - w.y0;
  w.fx0 = w.x0 < 0 ? -w.x0 : 0;
  w.fx1 = s.filter_w < s.in_w - w.x0 ? s.filter_w : s.in_w - w.x0;
  return w;
}

inline int32_t Clamp8(int32_t v, int32_t lo, int32_t hi) {
  v = v < lo ? lo : v;
  return v > hi ? hi : v;
}

// The reference's rounded average (count 0 cannot occur for a validated
// geometry; the reference then divides by 1).
inline int32_t RoundedAverage(int32_t sum, int32_t count) {
  if (count == 0) count = 1;
  return sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
}

// Channels [c, c + n) of one window: their maximum (kMax) or sum, clamped
// or averaged, into y[c .. c + n).
template <bool kDsp, bool kMax>
void PoolPixel(const PoolShape& s, const int8_t* xb, const Window& w, int8_t* y) {
  const int32_t cells = (w.fy1 > w.fy0 && w.fx1 > w.fx0) ? (w.fy1 - w.fy0) * (w.fx1 - w.fx0) : 0;
  const int32_t ch = s.channels;
  const ptrdiff_t row = static_cast<ptrdiff_t>(s.in_w) * ch;
  const int32_t rows = cells > 0 ? w.fy1 - w.fy0 : 0, cols = cells > 0 ? w.fx1 - w.fx0 : 0;
  const int8_t* first =
      cells > 0 ? xb + (w.y0 + w.fy0) * row + static_cast<ptrdiff_t>(w.x0 + w.fx0) * ch : xb;
  int32_t c = 0;
  if constexpr (kDsp) {
    if (kMax || cells <= 256) {
      const uint32_t lo4 = Splat8(s.act_min), hi4 = Splat8(s.act_max);
      for (; c + 4 <= ch; c += 4) {
        uint32_t m = 0x80808080u, se = 0, so = 0;
        const int8_t* p = first + c;
        for (int32_t fy = 0; fy < rows; ++fy, p += row) {
          const int8_t* q = p;
          for (int32_t fx = 0; fx < cols; ++fx, q += ch) {
            const uint32_t v = Load32(q);
            if constexpr (kMax) {
              m = Max8(v, m);
            } else {
              se = Sxtab16(se, v);
              so = Sxtab16Ror8(so, v);
            }
          }
        }
        if constexpr (kMax) {
          Store32(y + c, Min8(Max8(m, lo4), hi4));
        } else {
          const int32_t lo = s.act_min, hi = s.act_max;
          const uint32_t v =
              static_cast<uint8_t>(Clamp8(RoundedAverage(Lo16(se), cells), lo, hi)) |
              static_cast<uint32_t>(
                  static_cast<uint8_t>(Clamp8(RoundedAverage(Lo16(so), cells), lo, hi)))
                  << 8 |
              static_cast<uint32_t>(
                  static_cast<uint8_t>(Clamp8(RoundedAverage(Hi16(se), cells), lo, hi)))
                  << 16 |
              static_cast<uint32_t>(
                  static_cast<uint8_t>(Clamp8(RoundedAverage(Hi16(so), cells), lo, hi)))
                  << 24;
          Store32(y + c, v);
        }
      }
    }
  } else {
    for (; c + kBlock <= ch; c += kBlock) {
      int32_t acc[kBlock];
      for (int j = 0; j < kBlock; ++j) acc[j] = kMax ? -128 : 0;
      const int8_t* p = first + c;
      for (int32_t fy = 0; fy < rows; ++fy, p += row) {
        const int8_t* q = p;
        for (int32_t fx = 0; fx < cols; ++fx, q += ch) {
          for (int j = 0; j < kBlock; ++j) {
            if constexpr (kMax) {
              acc[j] = q[j] > acc[j] ? q[j] : acc[j];
            } else {
              acc[j] += q[j];
            }
          }
        }
      }
      for (int j = 0; j < kBlock; ++j) {
        const int32_t v = kMax ? acc[j] : RoundedAverage(acc[j], cells);
        y[c + j] = static_cast<int8_t>(Clamp8(v, s.act_min, s.act_max));
      }
    }
  }
  for (; c < ch; ++c) {  // the last channels (and long windows) one at a time
    int32_t acc = kMax ? -128 : 0;
    const int8_t* p = first + c;
    for (int32_t fy = 0; fy < rows; ++fy, p += row) {
      const int8_t* q = p;
      for (int32_t fx = 0; fx < cols; ++fx, q += ch) {
        if constexpr (kMax) {
          acc = *q > acc ? *q : acc;
        } else {
          acc += *q;
        }
      }
    }
    const int32_t v = kMax ? acc : RoundedAverage(acc, cells);
    y[c] = static_cast<int8_t>(Clamp8(v, s.act_min, s.act_max));
  }
}

template <bool kDsp, bool kMax>
void Pool(const PoolShape& s, const int8_t* in, int8_t* out) {
  const size_t in_batch = static_cast<size_t>(s.in_h) * s.in_w * s.channels;
  int8_t* y = out;
  for (int32_t b = 0; b < s.batches; ++b) {
    const int8_t* xb = in + b * in_batch;
    for (int32_t oy = 0; oy < s.out_h; ++oy) {
      for (int32_t ox = 0; ox < s.out_w; ++ox, y += s.channels) {
        PoolPixel<kDsp, kMax>(s, xb, WindowAt(s, oy, ox), y);
      }
    }
  }
}

}  // namespace

template <bool kDsp>
void MaxPoolInt8Impl(const PoolShape& s, const int8_t* in, int8_t* out) {
  Pool<kDsp, true>(s, in, out);
}
template <bool kDsp>
void AveragePoolInt8Impl(const PoolShape& s, const int8_t* in, int8_t* out) {
  Pool<kDsp, false>(s, in, out);
}

template void MaxPoolInt8Impl<true>(const PoolShape&, const int8_t*, int8_t*);
template void MaxPoolInt8Impl<false>(const PoolShape&, const int8_t*, int8_t*);
template void AveragePoolInt8Impl<true>(const PoolShape&, const int8_t*, int8_t*);
template void AveragePoolInt8Impl<false>(const PoolShape&, const int8_t*, int8_t*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
