// SPDX-License-Identifier: Apache-2.0
// The optimized 16x8 routines (kernels/arm/int16_kernels.h) against nested
// loops written from the TFLite formulas (exact int64 sums, then the
// reference requantization, Requantize16x8), every output value, on
// randomized cases, run in the reference kernels' loop over pixels
// (RunSums): shapes, strides, dilations, padding, batches, int64
// (aligned and at a 4-byte offset), int32 and no bias, per-channel
// multipliers, activation clamps, and extremes (inputs -32768 / 32767,
// weights -128 / 127) over patches longer than one int32 partial sum
// (kInt16ExactTerms). Both builds run on the host: the DSP-shaped one
// (ACLE primitives emulated) and the portable one.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels/arm/int16_kernels.h"
#include "kernels/conv_util.h"
#include "tests/kernels/opt_check.h"

namespace circlet {
namespace {

using kernels::ConvDims;
using kernels::ConvOutput;
using kernels::RowRing;

using test::optcheck::Rng;  // the xorshift32 of the int8 checks

// Data kinds: random over the whole range, or the extremes only (the
// largest products, all of one sign when `same_sign`).
enum class Data { kRandom, kExtreme, kMaxPositive };

void FillIn(Rng& r, Data d, std::vector<int16_t>* v) {
  for (auto& x : *v) {
    if (d == Data::kRandom) {
      x = static_cast<int16_t>(r.Next() >> 16);
    } else if (d == Data::kExtreme) {
      x = (r.Next() & 1) ? int16_t{-32768} : int16_t{32767};
    } else {
      x = -32768;
    }
  }
}
void FillW(Rng& r, Data d, std::vector<int8_t>* v) {
  for (auto& x : *v) {
    if (d == Data::kRandom) {
      x = static_cast<int8_t>(r.Next() >> 24);
    } else if (d == Data::kExtreme) {
      x = (r.Next() & 1) ? int8_t{-128} : int8_t{127};
    } else {
      x = -128;
    }
  }
}

// Bias: 0 none, 1 int64, 2 int64 at a 4-byte offset, 3 int32.
struct Bias {
  int kind = 0;
  std::vector<uint32_t> words;  // storage (4-byte aligned)
  const void* ptr() const {
    if (kind == 0) return nullptr;
    return kind == 2 ? static_cast<const void*>(words.data() + 1) : words.data();
  }
  bool acc64() const { return kind != 3; }
};

Bias MakeBias(Rng& r, int kind, int32_t n) {
  Bias b;
  b.kind = kind;
  b.words.assign(2 * static_cast<size_t>(n) + 2, 0);
  for (int32_t i = 0; i < n; ++i) {
    if (kind == 1 || kind == 2) {
      const int64_t v = static_cast<int64_t>(static_cast<int32_t>(r.Next())) * r.Range(0, 64);
      std::memcpy(reinterpret_cast<uint8_t*>(const_cast<void*>(b.ptr())) + 8 * i, &v, 8);
    } else if (kind == 3) {
      b.words[i] = r.Next();
    }
  }
  return b;
}

// Per-channel multipliers with shifts at most 14 (the int64 formula's
// limit, kernels/conv_util.h CheckInt16Shifts).
void MakeQuant(Rng& r, int32_t n, std::vector<int32_t>* m, std::vector<int8_t>* s) {
  m->resize(n);
  s->resize(n);
  for (int32_t i = 0; i < n; ++i) {
    (*m)[i] = (r.Next() % 8 == 0) ? 0 : static_cast<int32_t>((1u << 30) + (r.Next() >> 2));
    (*s)[i] = static_cast<int8_t>(r.Range(-24, 3));
  }
}

void ActRange(Rng& r, int32_t* lo, int32_t* hi) {
  switch (r.Range(0, 2)) {
    case 0: *lo = -32768, *hi = 32767; break;
    case 1: *lo = 0, *hi = 32767; break;
    default: *lo = r.Range(-3000, 0), *hi = r.Range(1, 3000);
  }
}

// ---- CONV_2D / DEPTHWISE_CONV_2D ----------------------------------------

struct ConvCase {
  ConvDims v;
  int32_t out_c;
  bool depthwise;
};

ConvDims Dims(int32_t n, int32_t h, int32_t w, int32_t c, int32_t kh, int32_t kw, int32_t sh,
              int32_t sw, int32_t dh, int32_t dw, int32_t ph, int32_t pw) {
  ConvDims v;
  v.batches = n;
  v.in_h = h;
  v.in_w = w;
  v.in_c = c;
  v.k_h = kh;
  v.k_w = kw;
  v.g.stride_h = sh;
  v.g.stride_w = sw;
  v.g.dilation_h = dh;
  v.g.dilation_w = dw;
  v.g.pad_h = ph;
  v.g.pad_w = pw;
  // Trailing padding up to pad: every output sees at least one tap row.
  v.g.out_h = (h + 2 * ph - ((kh - 1) * dh + 1)) / sh + 1;
  v.g.out_w = (w + 2 * pw - ((kw - 1) * dw + 1)) / sw + 1;
  return v;
}

// The nested loops: output channel o reads input channel o (depthwise,
// multiplier 1) or all of them (filter [out_c, kh, kw, c]).
std::vector<int16_t> ConvWant(const ConvCase& k, const ConvOutput& q, const int16_t* x,
                              const int8_t* w, const void* bias) {
  const ConvDims& v = k.v;
  std::vector<int16_t> y(static_cast<size_t>(v.batches) * v.g.out_h * v.g.out_w * k.out_c);
  size_t i = 0;
  for (int32_t b = 0; b < v.batches; ++b) {
    for (int32_t oy = 0; oy < v.g.out_h; ++oy) {
      for (int32_t ox = 0; ox < v.g.out_w; ++ox) {
        for (int32_t o = 0; o < k.out_c; ++o) {
          int64_t sum = 0;
          for (int32_t ky = 0; ky < v.k_h; ++ky) {
            const int32_t iy = oy * v.g.stride_h - v.g.pad_h + ky * v.g.dilation_h;
            if (iy < 0 || iy >= v.in_h) continue;
            for (int32_t kx = 0; kx < v.k_w; ++kx) {
              const int32_t ix = ox * v.g.stride_w - v.g.pad_w + kx * v.g.dilation_w;
              if (ix < 0 || ix >= v.in_w) continue;
              const int16_t* xp =
                  x + ((static_cast<size_t>(b) * v.in_h + iy) * v.in_w + ix) * v.in_c;
              if (k.depthwise) {
                sum += xp[o / (k.out_c / v.in_c)] * w[(ky * v.k_w + kx) * k.out_c + o];
              } else {
                const int8_t* wp =
                    w + ((static_cast<size_t>(o) * v.k_h + ky) * v.k_w + kx) * v.in_c;
                for (int32_t c = 0; c < v.in_c; ++c) sum += xp[c] * wp[c];
              }
            }
          }
          y[i++] = kernels::Requantize16x8(sum, bias, o, q.p.multiplier[o], q.p.shift[o], q.acc64,
                                           q.act_min, q.act_max);
        }
      }
    }
  }
  return y;
}

// The reference kernels' loop over pixels with the routines' sums
// (kernels/ref/conv2d.cc, depthwise_conv2d.cc, kFast), out of place: the
// first `cached` input rows of each pixel from the row cache, the others
// through the (inactive) ring.
template <bool kDsp>
void RunSums(const ConvCase& k, const ConvOutput& q, const int16_t* x, const int8_t* w,
             const void* bias, int32_t cached, int16_t* y) {
  const ConvDims& v = k.v;
  RowRing<int16_t> ring;
  ring.SetRowLength(static_cast<ptrdiff_t>(v.in_w) * v.in_c);
  const int32_t filter_size = v.k_h * v.k_w * v.in_c;
  const int32_t mult = k.depthwise ? k.out_c / v.in_c : 1;
  for (int32_t b = 0; b < v.batches; ++b) {
    const int16_t* xb = x + static_cast<ptrdiff_t>(b) * v.in_h * v.in_w * v.in_c;
    for (int32_t oy = 0; oy < v.g.out_h; ++oy) {
      kernels::opt::Int16Patch p{};
      p.cached = cached;
      p.ring = &ring;
      p.xb = xb;
      p.iy0 = oy * v.g.stride_h - v.g.pad_h;
      p.dilation_h = v.g.dilation_h;
      p.dilation_w = v.g.dilation_w;
      p.k_w = v.k_w;
      p.in_c = v.in_c;
      kernels::ValidTaps(p.iy0, v.g.dilation_h, v.k_h, v.in_h, &p.ky0, &p.ky1);
      std::vector<const int16_t*> rows;
      for (int32_t ky = p.ky0; ky < p.ky1; ++ky)
        rows.push_back(ring.Row(xb, p.iy0 + ky * p.dilation_h));
      rows.push_back(nullptr);
      p.rows = rows.data();
      for (int32_t ox = 0; ox < v.g.out_w; ++ox, y += k.out_c) {
        p.ix0 = ox * v.g.stride_w - v.g.pad_w;
        kernels::ValidTaps(p.ix0, v.g.dilation_w, v.k_w, v.in_w, &p.kx0, &p.kx1);
        for (int32_t o = 0; o < k.out_c;) {
          int64_t sums[4];
          const int32_t n = k.out_c - o >= 4 ? 4 : 1;
          if (k.depthwise) {
            if (n == 4) {
              kernels::opt::DepthwiseSumsInt16<kDsp, 4>(p, w, k.out_c, o / mult, o, sums);
            } else {
              kernels::opt::DepthwiseSumsInt16<kDsp, 1>(p, w, k.out_c, o / mult, o, sums);
            }
          } else if (n == 4) {
            kernels::opt::ConvSumsInt16<kDsp, 4>(p, w + o * filter_size, filter_size, sums);
          } else {
            kernels::opt::ConvSumsInt16<kDsp, 1>(p, w + o * filter_size, filter_size, sums);
          }
          for (int32_t j = 0; j < n; ++j, ++o) {
            y[o] = kernels::Requantize16x8(sums[j], bias, o, q.p.multiplier[o], q.p.shift[o],
                                           q.acc64, q.act_min, q.act_max);
          }
        }
      }
    }
  }
}

// Runs case k with data kind d and bias kind bk through both builds;
// returns the number of values compared (0 and a gtest failure on a
// mismatch).
size_t CheckConv(Rng& r, const ConvCase& k, Data d, int bk) {
  const ConvDims& v = k.v;
  std::vector<int16_t> x(static_cast<size_t>(v.batches) * v.in_h * v.in_w * v.in_c);
  std::vector<int8_t> w(static_cast<size_t>(k.depthwise ? 1 : k.out_c) * v.k_h * v.k_w *
                        (k.depthwise ? k.out_c : v.in_c));
  FillIn(r, d, &x);
  FillW(r, d, &w);
  const Bias bias = MakeBias(r, bk, k.out_c);
  std::vector<int32_t> mult;
  std::vector<int8_t> shift;
  MakeQuant(r, k.out_c, &mult, &shift);
  ConvOutput q{};
  q.p.multiplier = mult.data();
  q.p.shift = shift.data();
  q.acc64 = bias.acc64();
  ActRange(r, &q.act_min, &q.act_max);
  const std::vector<int16_t> want = ConvWant(k, q, x.data(), w.data(), bias.ptr());
  for (int dsp = 0; dsp < 2; ++dsp) {
    std::vector<int16_t> got(want.size(), 0x5A5A);
    const int32_t cached = r.Range(0, v.k_h);
    if (dsp) {
      RunSums<true>(k, q, x.data(), w.data(), bias.ptr(), cached, got.data());
    } else {
      RunSums<false>(k, q, x.data(), w.data(), bias.ptr(), cached, got.data());
    }
    for (size_t i = 0; i < want.size(); ++i) {
      if (got[i] != want[i]) {
        ADD_FAILURE() << (k.depthwise ? "depthwise" : "conv") << (dsp ? " dsp" : " portable")
                      << " value " << i << ": got " << got[i] << ", want " << want[i] << " (in "
                      << v.batches << "x" << v.in_h << "x" << v.in_w << "x" << v.in_c << ", filter "
                      << v.k_h << "x" << v.k_w << ", out_c " << k.out_c << ", stride "
                      << v.g.stride_h << "x" << v.g.stride_w << ", dilation " << v.g.dilation_h
                      << "x" << v.g.dilation_w << ", pad " << v.g.pad_h << "x" << v.g.pad_w
                      << ", bias kind " << bk << ", data " << static_cast<int>(d) << ")";
        return 0;
      }
    }
  }
  return 2 * want.size();
}

ConvCase RandomConv(Rng& r, bool depthwise) {
  ConvCase k;
  const int32_t kh = r.Range(1, 4), kw = r.Range(1, 5);
  const int32_t dh = r.Range(0, 3) == 0 ? r.Range(2, 3) : 1;
  const int32_t dw = r.Range(0, 3) == 0 ? r.Range(2, 3) : 1;
  const int32_t c =
      depthwise ? r.Range(1, 13) : (r.Range(0, 3) == 0 ? r.Range(1, 3) : r.Range(1, 40));
  const int32_t n = r.Range(1, 2), h = r.Range(kh * dh, kh * dh + 6),
                w = r.Range(kw * dw, kw * dw + 8);
  const int32_t sh = r.Range(1, 3), sw = r.Range(1, 3), ph = r.Range(0, kh / 2 + 1),
                pw = r.Range(0, kw / 2 + 1);
  k.v = Dims(n, h, w, c, kh, kw, sh, sw, dh, dw, ph, pw);
  k.out_c = depthwise ? c * (r.Range(0, 2) == 0 ? r.Range(2, 4) : 1) : r.Range(1, 11);
  k.depthwise = depthwise;
  return k;
}

TEST(OptInt16, ConvMatchesNestedLoops) {
  Rng r(1601);
  size_t values = 0;
  for (int i = 0; i < 400; ++i) {
    const ConvCase k = RandomConv(r, false);
    values += CheckConv(r, k, i % 7 == 0 ? Data::kExtreme : Data::kRandom, i % 4);
  }
  EXPECT_GT(values, 100000u);
}

TEST(OptInt16, DepthwiseMatchesNestedLoops) {
  Rng r(1602);
  size_t values = 0;
  for (int i = 0; i < 400; ++i) {
    const ConvCase k = RandomConv(r, true);
    values += CheckConv(r, k, i % 7 == 0 ? Data::kExtreme : Data::kRandom, i % 4);
  }
  EXPECT_GT(values, 50000u);
}

// Seanet-like shapes (VALID, 3xN filters, 32-64 channels; a 1x1 layer;
// the 7x7 first layer) and patches past one int32 partial sum with the
// largest products: 2^22 each, all positive, so a sum kept in int32 would
// overflow.
TEST(OptInt16, ConvModelShapesAndLongPatches) {
  Rng r(1603);
  const ConvCase cases[] = {
      {Dims(1, 3, 12, 64, 3, 4, 1, 2, 1, 1, 0, 0), 64, false},
      {Dims(1, 3, 22, 32, 3, 3, 1, 1, 1, 1, 0, 0), 32, false},
      {Dims(1, 8, 166, 2, 7, 7, 1, 1, 1, 1, 0, 0), 8, false},
      {Dims(1, 1, 40, 32, 1, 1, 1, 1, 1, 1, 0, 0), 16, false},
      {Dims(1, 2, 3, 300, 2, 2, 1, 1, 1, 1, 0, 0), 5, false},   // K = 1200
      {Dims(2, 1, 1, 1500, 1, 1, 1, 1, 1, 1, 0, 0), 6, false},  // K = 1500, batches
      {Dims(1, 3, 40, 509, 1, 1, 1, 1, 1, 1, 0, 0), 4, false},  // runs of 509
      {Dims(1, 30, 30, 4, 23, 23, 1, 1, 1, 1, 0, 0), 4, true},  // 529 taps
      {Dims(1, 9, 9, 12, 3, 3, 2, 2, 1, 1, 1, 1), 12, true},
      {Dims(1, 8, 8, 6, 3, 3, 1, 1, 1, 1, 1, 1), 12, true},     // multiplier 2
      {Dims(1, 30, 30, 3, 23, 23, 1, 1, 1, 1, 0, 0), 9, true},  // multiplier 3, 529 taps
  };
  size_t values = 0;
  for (const ConvCase& k : cases) {
    for (int bk = 0; bk < 4; ++bk) {
      values += CheckConv(r, k, Data::kRandom, bk);
      values += CheckConv(r, k, Data::kExtreme, bk);
      values += CheckConv(r, k, Data::kMaxPositive, bk);
    }
  }
  EXPECT_GT(values, 100000u);
}

// ---- FULLY_CONNECTED -------------------------------------------------------

struct FcParams {
  const std::vector<int32_t>* m;
  const std::vector<int8_t>* s;
};

void FcUnitParams(const void* ctx, int32_t unit, int32_t* m, int* s) {
  const auto& p = *static_cast<const FcParams*>(ctx);
  *m = (*p.m)[unit];
  *s = (*p.s)[unit];
}

size_t CheckFc(Rng& r, int32_t batches, int32_t depth, int32_t units, bool per_channel, Data d,
               int bk) {
  std::vector<int16_t> x(static_cast<size_t>(batches) * depth);
  std::vector<int8_t> w(static_cast<size_t>(units) * depth);
  FillIn(r, d, &x);
  FillW(r, d, &w);
  const Bias bias = MakeBias(r, bk, units);
  std::vector<int32_t> mult;
  std::vector<int8_t> shift;
  MakeQuant(r, units, &mult, &shift);
  kernels::opt::Int16FcQuant q{mult[0], shift[0], per_channel, bias.acc64(), 0, 0};
  ActRange(r, &q.act_min, &q.act_max);
  const FcParams params{&mult, &shift};
  std::vector<int16_t> want(static_cast<size_t>(batches) * units);
  for (int32_t b = 0; b < batches; ++b) {
    for (int32_t o = 0; o < units; ++o) {
      int64_t sum = 0;
      for (int32_t i = 0; i < depth; ++i) sum += x[b * depth + i] * w[o * depth + i];
      const int32_t m = per_channel ? mult[o] : mult[0];
      const int s = per_channel ? shift[o] : shift[0];
      want[b * units + o] =
          kernels::Requantize16x8(sum, bias.ptr(), o, m, s, q.acc64, q.act_min, q.act_max);
    }
  }
  for (int dsp = 0; dsp < 2; ++dsp) {
    std::vector<int16_t> got(want.size(), 0x5A5A);
    if (dsp) {
      kernels::opt::FullyConnectedInt16Impl<true>(batches, depth, units, q, FcUnitParams, &params,
                                                  x.data(), w.data(), bias.ptr(), got.data());
    } else {
      kernels::opt::FullyConnectedInt16Impl<false>(batches, depth, units, q, FcUnitParams, &params,
                                                   x.data(), w.data(), bias.ptr(), got.data());
    }
    for (size_t i = 0; i < want.size(); ++i) {
      if (got[i] != want[i]) {
        ADD_FAILURE() << "fc" << (dsp ? " dsp" : " portable") << " value " << i << ": got "
                      << got[i] << ", want " << want[i] << " (batches " << batches << ", depth "
                      << depth << ", units " << units << ", per_channel " << per_channel
                      << ", bias kind " << bk << ", data " << static_cast<int>(d) << ")";
        return 0;
      }
    }
  }
  return 2 * want.size();
}

TEST(OptInt16, FullyConnectedMatchesNestedLoops) {
  Rng r(1604);
  size_t values = 0;
  for (int i = 0; i < 500; ++i) {
    const Data d = i % 9 == 0 ? Data::kExtreme : (i % 9 == 1 ? Data::kMaxPositive : Data::kRandom);
    const int32_t depth = i % 10 == 0 ? r.Range(500, 1300) : r.Range(1, 70);
    values += CheckFc(r, r.Range(1, 3), depth, r.Range(1, 13), r.Range(0, 1) == 1, d, i % 4);
  }
  EXPECT_GT(values, 10000u);
}

}  // namespace
}  // namespace circlet
