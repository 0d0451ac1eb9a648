// SPDX-License-Identifier: Apache-2.0
// Randomized byte-for-byte comparison of the optimized int8 routines
// (kernels/arm/) with straightforward reference loops written here: nested
// loops over the TFLite formulas, requantized with quant/fixed_point.h's
// MultiplyByQuantizedMultiplier. No heap and no gtest, so the same checks
// run on the host (tests/kernels/opt_kernels_test.cc, both the DSP-shaped and
// the portable build of every routine) and as firmware under QEMU on
// Cortex-M7/M4 (targets/tests/opt_kernels_main.cc, real DSP instructions).
//
// Random cases cover shapes, strides, dilations, SAME/VALID padding, input
// and output zero points, per-channel and per-tensor scales, activation
// ranges, bias or none; fixed cases cover the shapes models use (1x1
// pointwise, 3x3 first layer with 3 channels, depthwise 3x3 stride 1 and 2,
// a one-channel spectrogram layer). Each case first asserts the routine
// applies (scales are drawn in its range), and a few out-of-range cases
// assert that it declines.
#ifndef CIRCLET_TESTS_KERNELS_OPT_CHECK_H_
#define CIRCLET_TESTS_KERNELS_OPT_CHECK_H_

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstring>

#include "circlet/status.h"
#include "kernels/arm/int8_kernels.h"
#include "kernels/conv_util.h"
#include "quant/fixed_point.h"
#include "quant/quantize.h"

namespace circlet {
namespace test {
namespace optcheck {

using kernels::opt::ConvShape;
using kernels::opt::OutQuant;

class Rng {
 public:
  explicit Rng(uint32_t seed) : s_(seed ? seed : 1u) {}
  uint32_t Next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 17;
    s_ ^= s_ << 5;
    return s_;
  }
  int32_t Range(int32_t lo, int32_t hi) {  // inclusive
    return lo + static_cast<int32_t>(Next() % static_cast<uint32_t>(hi - lo + 1));
  }
  double Unit() { return (Next() >> 8) * (1.0 / 16777216.0); }

 private:
  uint32_t s_;
};

constexpr size_t kBuf = 24 * 1024;
constexpr int32_t kMaxChannels = 512;

struct Buffers {
  int8_t in[kBuf];
  int8_t filter[kBuf];
  int32_t bias[kMaxChannels];
  int32_t mult[kMaxChannels];
  int8_t shift[kMaxChannels];
  int8_t want[kBuf];
  int8_t got[kBuf];
  alignas(8) uint8_t scratch[4 * kBuf];
};

inline Buffers& Bufs() {
  static Buffers b;
  return b;
}

typedef void (*LogFn)(const char*);

struct Tally {
  int cases = 0;
  int failures = 0;
  long long bytes = 0;
};

inline void Report(LogFn log, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
inline void Report(LogFn log, const char* fmt, ...) {
  char line[200];
  va_list args;
  va_start(args, fmt);
  FormatV(line, sizeof(line), fmt, args);
  va_end(args);
  log(line);
}

// Random int8 data; zero points drawn over the whole int8 range.
inline void Fill(Rng& r, int8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(r.Next() >> 24);
}

// Per-channel multipliers M, shift for effective scales in [2^-32, 0.45]
// and 0 (the fast requantization's range), from random float scales as
// PopulateConvolutionQuantizationParams does. out_of_range: one channel
// gets a scale >= 0.5 (the routine must decline).
inline void Scales(Rng& r, int32_t n, bool per_channel, bool out_of_range, Buffers& b) {
  const int32_t count = per_channel ? n : 1;
  const float in_scale = static_cast<float>(0.002 + 0.1 * r.Unit());
  for (int32_t c = 0; c < count; ++c) {
    // Mostly ordinary scales; some tiny (shifts down to -31) and some zero
    // (multiplier 0), as pruned channels of real models have.
    const int kind = r.Range(0, 15);
    const int octaves = kind == 0 ? r.Range(18, 32) : r.Range(0, 17);
    const double ratio = 0.45 * std::ldexp(0.5 + 0.5 * r.Unit(), -octaves);
    const float w_nominal = static_cast<float>(0.001 + 0.05 * r.Unit());
    const float w_scale = kind == 1 ? 0.0f : w_nominal;
    const float out_scale = static_cast<float>(static_cast<double>(in_scale) * w_nominal / ratio);
    int shift = 0;
    quant::QuantizeMultiplier(static_cast<double>(in_scale) * static_cast<double>(w_scale) /
                                  static_cast<double>(out_scale),
                              &b.mult[c], &shift);
    b.shift[c] = static_cast<int8_t>(shift);
  }
  if (out_of_range) {
    int shift = 0;
    quant::QuantizeMultiplier(0.5 + 2.0 * r.Unit(), &b.mult[count - 1], &shift);
    b.shift[count - 1] = static_cast<int8_t>(shift);
  }
}

inline OutQuant RandomQuant(Rng& r, int32_t channels, bool out_of_range, Buffers& b) {
  OutQuant q;
  q.per_channel = r.Range(0, 3) != 0;
  Scales(r, channels, q.per_channel, out_of_range, b);
  q.multiplier = b.mult;
  q.shift = b.shift;
  q.in_offset = -r.Range(-128, 127);
  q.out_zp = r.Range(-128, 127);
  switch (r.Range(0, 3)) {
    case 0:
      q.act_min = -128;
      q.act_max = 127;
      break;
    case 1:
      q.act_min = q.out_zp;
      q.act_max = 127;
      break;  // ReLU
    default:
      q.act_min = r.Range(-128, 0);
      q.act_max = r.Range(q.act_min, 127);
      break;
  }
  return q;
}

inline int8_t RefRequant(int32_t acc, const OutQuant& q, int32_t c) {
  const int32_t i = q.per_channel ? c : 0;
  const int32_t v = quant::WrapAdd(
      quant::MultiplyByQuantizedMultiplier(acc, q.multiplier[i], q.shift[i]), q.out_zp);
  return static_cast<int8_t>(v < q.act_min ? q.act_min : (v > q.act_max ? q.act_max : v));
}

inline void RandomBias(Rng& r, int32_t n, Buffers& b, const int32_t** bias) {
  for (int32_t c = 0; c < n; ++c) b.bias[c] = r.Range(-70000, 70000);
  *bias = r.Range(0, 4) == 0 ? nullptr : b.bias;
}

// TFLite's output size and leading padding.
inline void Geometry(bool same, int32_t in, int32_t k, int32_t stride, int32_t dil, int32_t* out,
                     int32_t* pad) {
  const int32_t eff = (k - 1) * dil + 1;
  *out = same ? (in + stride - 1) / stride : (in - eff + stride) / stride;
  const int32_t total = (*out - 1) * stride + eff - in;
  *pad = total > 0 ? total / 2 : 0;
}

// Reference CONV_2D (filter [oc][kh][kw][c]) or DEPTHWISE_CONV_2D (filter
// [1][kh][kw][oc], output channel o reads input channel o / mult).
inline void RefConv(const ConvShape& s, bool depthwise, int32_t mult, const OutQuant& q,
                    const int8_t* in, const int8_t* w, const int32_t* bias, int8_t* out) {
  for (int32_t b = 0; b < s.batches; ++b) {
    for (int32_t y = 0; y < s.out_h; ++y) {
      for (int32_t x = 0; x < s.out_w; ++x) {
        for (int32_t o = 0; o < s.out_c; ++o) {
          int32_t acc = 0;
          for (int32_t ky = 0; ky < s.k_h; ++ky) {
            for (int32_t kx = 0; kx < s.k_w; ++kx) {
              const int32_t iy = y * s.stride_h - s.pad_h + ky * s.dilation_h;
              const int32_t ix = x * s.stride_w - s.pad_w + kx * s.dilation_w;
              if (iy < 0 || iy >= s.in_h || ix < 0 || ix >= s.in_w) continue;
              const int8_t* px = in + ((b * s.in_h + iy) * s.in_w + ix) * s.in_c;
              if (depthwise) {
                acc += (px[o / mult] + q.in_offset) * w[(ky * s.k_w + kx) * s.out_c + o];
              } else {
                for (int32_t c = 0; c < s.in_c; ++c) {
                  acc += (px[c] + q.in_offset) * w[((o * s.k_h + ky) * s.k_w + kx) * s.in_c + c];
                }
              }
            }
          }
          if (bias != nullptr) acc += bias[o];
          out[((b * s.out_h + y) * s.out_w + x) * s.out_c + o] = RefRequant(acc, q, o);
        }
      }
    }
  }
}

inline size_t OutBytes(const ConvShape& s) {
  return static_cast<size_t>(s.batches) * s.out_h * s.out_w * s.out_c;
}

inline bool Compare(LogFn log, const char* what, int index, const int8_t* want, const int8_t* got,
                    size_t n, Tally* t) {
  t->cases++;
  t->bytes += static_cast<long long>(n);
  for (size_t i = 0; i < n; ++i) {
    if (want[i] != got[i]) {
      Report(log, "FAIL %s case %d: byte %zu is %d, reference %d\n", what, index, i, got[i],
             want[i]);
      t->failures++;
      return false;
    }
  }
  return true;
}

inline bool Declines(LogFn log, const char* what, int index, bool applies, Tally* t) {
  t->cases++;
  if (!applies) return true;
  Report(log, "FAIL %s case %d: applies to an out-of-range multiplier\n", what, index);
  t->failures++;
  return false;
}

inline bool Applies(LogFn log, const char* what, int index, bool applies, Tally* t) {
  if (applies) return true;
  Report(log, "FAIL %s case %d: routine declines a case it should handle\n", what, index);
  t->cases++;
  t->failures++;
  return false;
}

// kind 0: random; 1: 1x1 pointwise; 2: first layer 3x3 stride 2 with 1-3
// channels; 3: 3x3 with C % 4 == 0.
inline ConvShape RandomConvShape(Rng& r, int kind) {
  ConvShape s;
  s.batches = r.Range(1, 2);
  s.in_h = r.Range(1, 11);
  s.in_w = r.Range(1, 11);
  s.in_c = r.Range(1, 9);
  s.out_c = r.Range(1, 19);
  s.k_h = r.Range(1, 4);
  s.k_w = r.Range(1, 4);
  s.stride_h = r.Range(1, 3);
  s.stride_w = r.Range(1, 3);
  s.dilation_h = r.Range(1, 2);
  s.dilation_w = r.Range(1, 2);
  if (kind == 1) {
    s.k_h = s.k_w = 1;
    s.in_c = 4 * r.Range(1, 16) + (r.Range(0, 2) == 0 ? r.Range(1, 3) : 0);
    s.out_c = r.Range(1, 40);
    s.dilation_h = s.dilation_w = 1;
    if (r.Range(0, 1) == 0) s.stride_h = s.stride_w = 1;
  } else if (kind == 2) {
    s.batches = 1;
    s.in_c = r.Range(1, 3);
    s.in_h = r.Range(5, 16);
    s.in_w = r.Range(5, 16);
    s.k_h = s.k_w = 3;
    s.stride_h = s.stride_w = 2;
    s.dilation_h = s.dilation_w = 1;
    s.out_c = r.Range(4, 16);
  } else if (kind == 3) {
    s.in_c = 4 * r.Range(1, 6);
    s.k_h = s.k_w = 3;
    s.dilation_h = s.dilation_w = 1;
    s.stride_h = s.stride_w = r.Range(1, 2);
  }
  const bool same = r.Range(0, 1) == 0;
  // VALID needs the (dilated) filter to fit.
  const int32_t eff_h = (s.k_h - 1) * s.dilation_h + 1, eff_w = (s.k_w - 1) * s.dilation_w + 1;
  if (!same && s.in_h < eff_h) s.in_h = eff_h;
  if (!same && s.in_w < eff_w) s.in_w = eff_w;
  Geometry(same, s.in_h, s.k_h, s.stride_h, s.dilation_h, &s.out_h, &s.pad_h);
  Geometry(same, s.in_w, s.k_w, s.stride_w, s.dilation_w, &s.out_w, &s.pad_w);
  return s;
}

inline void CheckConv(Rng& r, bool dsp, int cases, LogFn log, Tally* t) {
  Buffers& b = Bufs();
  const char* what = dsp ? "conv (dsp)" : "conv (portable)";
  for (int i = 0; i < cases; ++i) {
    const ConvShape s = RandomConvShape(r, i % 4);
    const bool decline = i % 10 == 9;
    const OutQuant q = RandomQuant(r, s.out_c, decline, b);
    const bool applies = kernels::opt::ConvInt8Applies(s, q);
    if (decline) {
      Declines(log, what, i, applies, t);
      continue;
    }
    if (!Applies(log, what, i, applies, t)) continue;
    Fill(r, b.in, static_cast<size_t>(s.batches) * s.in_h * s.in_w * s.in_c);
    Fill(r, b.filter, static_cast<size_t>(s.out_c) * s.k_h * s.k_w * s.in_c);
    const int32_t* bias;
    RandomBias(r, s.out_c, b, &bias);
    const size_t n = OutBytes(s);
    RefConv(s, false, 1, q, b.in, b.filter, bias, b.want);
    std::memset(b.got, 0x5A, n);
    if (kernels::opt::ConvInt8ScratchBytes(s) > sizeof(b.scratch)) continue;
    if (dsp) {
      kernels::opt::ConvInt8Impl<true>(s, q, b.in, b.filter, bias, b.got, b.scratch + 4 * (i & 1),
                                       nullptr);
    } else {
      kernels::opt::ConvInt8Impl<false>(s, q, b.in, b.filter, bias, b.got, b.scratch + 4 * (i & 1),
                                        nullptr);
    }
    Compare(log, what, i, b.want, b.got, n, t);
  }
}

// kind 0: 3x3 stride 1; 1: 3x3 stride 2; 2: one input channel, multiplier
// = output channels (any filter, stride, dilation).
inline void CheckDepthwise(Rng& r, bool dsp, int cases, LogFn log, Tally* t) {
  Buffers& b = Bufs();
  const char* what = dsp ? "depthwise (dsp)" : "depthwise (portable)";
  for (int i = 0; i < cases; ++i) {
    const int kind = i % 3;
    ConvShape s;
    int32_t mult = 1;
    s.batches = r.Range(1, 2);
    s.in_h = r.Range(1, 13);
    s.in_w = r.Range(1, 13);
    s.dilation_h = s.dilation_w = 1;
    if (kind < 2) {
      s.in_c = r.Range(1, 24);
      s.out_c = s.in_c;
      s.k_h = s.k_w = 3;
      s.stride_h = s.stride_w = kind + 1;
    } else {
      s.in_c = 1;
      mult = r.Range(1, 8);
      s.out_c = mult;
      s.k_h = r.Range(1, 10);
      s.k_w = r.Range(1, 8);
      s.stride_h = r.Range(1, 2);
      s.stride_w = r.Range(1, 3);
      s.dilation_h = r.Range(1, 2);
      s.in_h = r.Range(1, 30);
      s.in_w = r.Range(1, 30);
    }
    const bool same = r.Range(0, 1) == 0;
    const int32_t eff_h = (s.k_h - 1) * s.dilation_h + 1, eff_w = (s.k_w - 1) * s.dilation_w + 1;
    if (!same && s.in_h < eff_h) s.in_h = eff_h;
    if (!same && s.in_w < eff_w) s.in_w = eff_w;
    Geometry(same, s.in_h, s.k_h, s.stride_h, s.dilation_h, &s.out_h, &s.pad_h);
    Geometry(same, s.in_w, s.k_w, s.stride_w, s.dilation_w, &s.out_w, &s.pad_w);
    const bool decline = i % 10 == 9;
    const OutQuant q = RandomQuant(r, s.out_c, decline, b);
    const bool applies = kernels::opt::DepthwiseInt8Applies(s, mult, q);
    if (decline) {
      Declines(log, what, i, applies, t);
      continue;
    }
    if (!Applies(log, what, i, applies, t)) continue;
    Fill(r, b.in, static_cast<size_t>(s.batches) * s.in_h * s.in_w * s.in_c);
    Fill(r, b.filter, static_cast<size_t>(s.out_c) * s.k_h * s.k_w);
    const int32_t* bias;
    RandomBias(r, s.out_c, b, &bias);
    const size_t n = OutBytes(s);
    RefConv(s, true, mult, q, b.in, b.filter, bias, b.want);
    std::memset(b.got, 0x5A, n);
    if (dsp) {
      kernels::opt::DepthwiseInt8Impl<true>(s, mult, q, b.in, b.filter, bias, b.got,
                                            b.scratch + 4 * (i & 1), nullptr);
    } else {
      kernels::opt::DepthwiseInt8Impl<false>(s, mult, q, b.in, b.filter, bias, b.got,
                                             b.scratch + 4 * (i & 1), nullptr);
    }
    Compare(log, what, i, b.want, b.got, n, t);
  }
  // A 5x5 filter with several input channels is not a fast case.
  ConvShape s{1, 8, 8, 4, 8, 8, 4, 5, 5, 1, 1, 1, 1, 2, 2};
  const OutQuant q = RandomQuant(r, 4, false, b);
  Declines(log, what, -1, kernels::opt::DepthwiseInt8Applies(s, 1, q), t);
}

// In place: the input copied into `got`, the output written over it from
// the same first byte, input rows read through a RowRing (kernels/
// row_ring.h) of the size prepare gives it (InPlaceRingRows).
// Convolutions of every kind but the 1x1 stride-1 one (in place without a
// ring), and the one-input-channel depthwise case; outputs smaller than the
// input run forward, larger ones backward.
inline void CheckConvInPlace(Rng& r, bool dsp, int cases, LogFn log, Tally* t) {
  Buffers& b = Bufs();
  const char* what = dsp ? "conv in place (dsp)" : "conv in place (portable)";
  int ran = 0;
  for (int i = 0; i < cases; ++i) {
    const bool depthwise = i % 3 == 2;
    ConvShape s = RandomConvShape(r, depthwise ? 2 : i % 4);
    int32_t mult = 1;
    if (depthwise) {
      s.in_c = 1;
      mult = s.out_c;
    }
    if (s.k_h == 1 && s.k_w == 1 && s.stride_h == 1 && s.stride_w == 1) continue;
    const OutQuant q = RandomQuant(r, s.out_c, false, b);
    const bool applies = depthwise ? kernels::opt::DepthwiseInt8Applies(s, mult, q)
                                   : kernels::opt::ConvInt8Applies(s, q);
    if (!Applies(log, what, i, applies, t)) continue;
    const size_t in_n = static_cast<size_t>(s.batches) * s.in_h * s.in_w * s.in_c;
    const size_t n = OutBytes(s);
    // The ring as prepare sizes it (InPlaceRingRows: the row-wise analysis),
    // so the block-wise saves are checked against the real ring size.
    kernels::ConvDims v{s.batches,
                        s.in_h,
                        s.in_w,
                        s.in_c,
                        s.k_h,
                        s.k_w,
                        kernels::ConvGeometry{s.stride_h, s.stride_w, s.dilation_h, s.dilation_w,
                                              s.pad_h, s.pad_w, s.out_h, s.out_w}};
    const int32_t ring_rows =
        static_cast<int32_t>(std::max<int64_t>(kernels::InPlaceRingRows(v, s.out_c), 1));
    const size_t ring_bytes = (static_cast<size_t>(ring_rows) * s.in_w * s.in_c + 3) & ~size_t{3};
    const size_t work = depthwise ? kernels::opt::DepthwiseInt8ScratchBytes(s, mult)
                                  : kernels::opt::ConvInt8ScratchBytes(s);
    if (in_n > kBuf || n > kBuf || ring_bytes + work > sizeof(b.scratch)) continue;
    Fill(r, b.in, in_n);
    Fill(r, b.filter, static_cast<size_t>(s.out_c) * s.k_h * s.k_w * (depthwise ? 1 : s.in_c));
    const int32_t* bias;
    RandomBias(r, s.out_c, b, &bias);
    RefConv(s, depthwise, mult, q, b.in, b.filter, bias, b.want);
    std::memset(b.got, 0x5A, sizeof(b.got));
    std::memcpy(b.got, b.in, in_n);
    kernels::RowRing<int8_t> ring;
    ring.SetRowLength(static_cast<ptrdiff_t>(s.in_w) * s.in_c);
    ring.Activate(reinterpret_cast<int8_t*>(b.scratch), ring_rows,
                  static_cast<ptrdiff_t>(s.out_w) * s.out_c, s.in_h, n > in_n);
    void* fast = b.scratch + ring_bytes;
    if (depthwise) {
      if (dsp) {
        kernels::opt::DepthwiseInt8Impl<true>(s, mult, q, b.got, b.filter, bias, b.got, fast,
                                              &ring);
      } else {
        kernels::opt::DepthwiseInt8Impl<false>(s, mult, q, b.got, b.filter, bias, b.got, fast,
                                               &ring);
      }
    } else if (dsp) {
      kernels::opt::ConvInt8Impl<true>(s, q, b.got, b.filter, bias, b.got, fast, &ring);
    } else {
      kernels::opt::ConvInt8Impl<false>(s, q, b.got, b.filter, bias, b.got, fast, &ring);
    }
    Compare(log, what, i, b.want, b.got, n, t);
    ++ran;
  }
  // Most shapes must fit the buffers, or the check proves little.
  Report(log, "%s: %d of %d cases ran\n", what, ran, cases);
  if (ran < cases / 3) {
    t->cases++;
    t->failures++;
  }
}

// Per-channel parameters handed out one unit at a time (the kernel's way:
// kernels/ref/fully_connected.cc computes them in a callback).
inline void UnitParamsFromArrays(const void* ctx, int32_t unit, int32_t* m, int* s) {
  const auto& q = *static_cast<const OutQuant*>(ctx);
  *m = q.multiplier[unit];
  *s = q.shift[unit];
}

// Random depths (multiples of 4 and not), unit counts (multiples of 4 and
// not), batches, zero points, per-tensor and per-channel scales including
// multipliers >= 1/2 (the routine requantizes those with the reference
// formula), biases (some near the int32 limits: the sums must wrap exactly
// as the reference's), per-channel parameters from arrays or a callback.
inline void CheckFullyConnected(Rng& r, bool dsp, int cases, LogFn log, Tally* t) {
  Buffers& b = Bufs();
  const char* what = dsp ? "fully_connected (dsp)" : "fully_connected (portable)";
  int per_tensor = 0;
  for (int i = 0; i < cases; ++i) {
    const int32_t batches = r.Range(1, 3);
    const int32_t depth = i % 3 == 0 ? 4 * r.Range(1, 100) : r.Range(1, 300);  // weights <= kBuf
    const int32_t units = i % 4 == 0 ? 4 * r.Range(1, 12) : r.Range(1, 41);
    OutQuant q = RandomQuant(r, units, i % 10 == 9, b);
    if (i % 5 == 2) {  // multipliers >= 1/2 with left shifts up to 30 (the shift wraps)
      for (int32_t c = 0; c < (q.per_channel ? units : 1); ++c) {
        b.mult[c] = r.Range(0, 7) == 0 ? 0 : r.Range(1 << 30, INT32_MAX);
        b.shift[c] = static_cast<int8_t>(r.Range(0, 3) == 0 ? r.Range(0, 30) : r.Range(0, 4));
      }
    }
    if (i % 17 == 16) {  // an output zero point outside int8: the routine declines
      q.out_zp = 128 + r.Range(0, 100);
      Declines(log, what, i, kernels::opt::FullyConnectedInt8Applies(depth, q), t);
      continue;
    }
    if (!Applies(log, what, i, kernels::opt::FullyConnectedInt8Applies(depth, q), t)) continue;
    Fill(r, b.in, static_cast<size_t>(batches) * depth);
    Fill(r, b.filter, static_cast<size_t>(units) * depth);
    const int32_t* bias;
    RandomBias(r, units, b, &bias);
    if (i % 7 == 3) {  // hostile biases: the accumulator wraps
      for (int32_t o = 0; o < units; ++o) {
        b.bias[o] = (o & 1) != 0 ? INT32_MAX - r.Range(0, 1000) : INT32_MIN + r.Range(0, 1000);
      }
      bias = b.bias;
    }
    for (int32_t bb = 0; bb < batches; ++bb) {
      for (int32_t o = 0; o < units; ++o) {
        int32_t acc = 0;
        for (int32_t k = 0; k < depth; ++k) {
          acc += (b.in[bb * depth + k] + q.in_offset) * b.filter[o * depth + k];
        }
        if (bias != nullptr) acc = quant::WrapAdd(acc, bias[o]);
        b.want[bb * units + o] = RefRequant(acc, q, o);
      }
    }
    const size_t n = static_cast<size_t>(batches) * units;
    std::memset(b.got, 0x5A, n);
    const bool callback = q.per_channel && (i & 1) != 0;
    const kernels::opt::UnitParamsFn fn = callback ? UnitParamsFromArrays : nullptr;
    if (dsp) {
      kernels::opt::FullyConnectedInt8Impl<true>(batches, depth, units, q, fn, &q, b.in, b.filter,
                                                 bias, b.got);
    } else {
      kernels::opt::FullyConnectedInt8Impl<false>(batches, depth, units, q, fn, &q, b.in, b.filter,
                                                  bias, b.got);
    }
    Compare(log, what, i, b.want, b.got, n, t);
    // The per-tensor entry point, on the parameters it computes at prepare.
    kernels::opt::FcPerTensor p;
    if (kernels::opt::FcPerTensorAtPrepare(batches, depth, units, q, &p)) {
      std::memset(b.got, 0x5A, n);
      if (dsp) {
        kernels::opt::FullyConnectedInt8PerTensorImpl<true>(p, b.in, b.filter, bias, b.got);
      } else {
        kernels::opt::FullyConnectedInt8PerTensorImpl<false>(p, b.in, b.filter, bias, b.got);
      }
      Compare(log, what, i, b.want, b.got, n, t);
      ++per_tensor;
    }
  }
  // Enough cases take the per-tensor routine (about 1 in 6), or it is
  // barely checked.
  Report(log, "%s: %d of %d cases per-tensor\n", what, per_tensor, cases);
  if (per_tensor < cases / 10) {
    t->cases++;
    t->failures++;
  }
}

// Every check, both builds of each routine. Returns the tally.
inline Tally RunAll(uint32_t seed, int cases, LogFn log) {
  Tally t;
  Rng r(seed);
  for (int dsp = 1; dsp >= 0; --dsp) {
    CheckConv(r, dsp != 0, cases, log, &t);
    CheckDepthwise(r, dsp != 0, cases, log, &t);
    CheckConvInPlace(r, dsp != 0, cases, log, &t);
    CheckFullyConnected(r, dsp != 0, cases, log, &t);
  }
  Report(log, "opt kernels: %d cases, %lld output bytes compared, %d failures\n", t.cases, t.bytes,
         t.failures);
  return t;
}

}  // namespace optcheck
}  // namespace test
}  // namespace circlet

#endif  // CIRCLET_TESTS_KERNELS_OPT_CHECK_H_
