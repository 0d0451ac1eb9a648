// SPDX-License-Identifier: Apache-2.0
// Randomized byte-for-byte comparison of the optimized int8 pooling, ADD
// and SOFTMAX routines (kernels/arm/) with straightforward loops written
// here from TFLite's reference formulas (quant/fixed_point.h and
// quant/fixed_point_math.h for the fixed-point steps). Like opt_check.h: no
// heap and no gtest, so the same checks run on the host (both builds of
// each routine) and under QEMU on Cortex-M7/M4 (real DSP instructions).
#ifndef CIRCLET_TESTS_KERNELS_OPT_CHECK_OPS_H_
#define CIRCLET_TESTS_KERNELS_OPT_CHECK_OPS_H_

#include <limits>

#include "quant/fixed_point_math.h"
#include "quant/quantize.h"
#include "tests/kernels/opt_check.h"

namespace circlet {
namespace test {
namespace optcheck {

using kernels::opt::PoolShape;

// Random pooling geometry: SAME or VALID, filters 1..5 (some larger than
// the input with SAME), strides 1..3, channel counts around multiples of
// 4 and 16, and a window of more than 256 cells now and then (the DSP
// average's halfword sums must step aside).
inline PoolShape RandomPoolShape(Rng& r, int i) {
  PoolShape s;
  s.batches = r.Range(1, 2);
  s.in_h = r.Range(1, 12);
  s.in_w = r.Range(1, 12);
  s.channels = i % 3 == 0 ? 4 * r.Range(1, 10) : r.Range(1, 40);
  s.filter_h = r.Range(1, 5);
  s.filter_w = r.Range(1, 5);
  s.stride_h = r.Range(1, 3);
  s.stride_w = r.Range(1, 3);
  if (i % 11 == 5) {  // one big window: 17 x 17 = 289 cells
    s.batches = 1;
    s.in_h = s.in_w = s.filter_h = s.filter_w = 17;
    s.channels = r.Range(1, 12);
  }
  const bool same = r.Range(0, 1) == 0;
  if (!same && s.in_h < s.filter_h) s.in_h = s.filter_h;
  if (!same && s.in_w < s.filter_w) s.in_w = s.filter_w;
  Geometry(same, s.in_h, s.filter_h, s.stride_h, 1, &s.out_h, &s.pad_h);
  Geometry(same, s.in_w, s.filter_w, s.stride_w, 1, &s.out_w, &s.pad_w);
  switch (r.Range(0, 2)) {
    case 0:
      s.act_min = -128;
      s.act_max = 127;
      break;
    default:
      s.act_min = r.Range(-128, 20);
      s.act_max = r.Range(s.act_min, 127);
      break;
  }
  return s;
}

// TFLite's reference_integer_ops::MaxPool / AveragePool, cell by cell.
inline void RefPool(const PoolShape& s, bool max, const int8_t* in, int8_t* out) {
  for (int32_t b = 0; b < s.batches; ++b) {
    for (int32_t oy = 0; oy < s.out_h; ++oy) {
      for (int32_t ox = 0; ox < s.out_w; ++ox) {
        for (int32_t c = 0; c < s.channels; ++c) {
          int32_t m = -128, sum = 0, count = 0;
          for (int32_t fy = 0; fy < s.filter_h; ++fy) {
            for (int32_t fx = 0; fx < s.filter_w; ++fx) {
              const int32_t iy = oy * s.stride_h - s.pad_h + fy;
              const int32_t ix = ox * s.stride_w - s.pad_w + fx;
              if (iy < 0 || iy >= s.in_h || ix < 0 || ix >= s.in_w) continue;
              const int32_t v = in[((b * s.in_h + iy) * s.in_w + ix) * s.channels + c];
              m = v > m ? v : m;
              sum += v;
              ++count;
            }
          }
          int32_t v = m;
          if (!max) {
            // Round half away from zero: |sum| / count rounded, sign restored.
            const int32_t mag = ((sum < 0 ? -sum : sum) * 2 + count) / (2 * count);
            v = sum < 0 ? -mag : mag;
          }
          v = v < s.act_min ? s.act_min : (v > s.act_max ? s.act_max : v);
          out[((b * s.out_h + oy) * s.out_w + ox) * s.channels + c] = static_cast<int8_t>(v);
        }
      }
    }
  }
}

inline void CheckPool(Rng& r, bool dsp, bool max, int cases, LogFn log, Tally* t) {
  Buffers& b = Bufs();
  const char* what = max ? (dsp ? "max_pool (dsp)" : "max_pool (portable)")
                         : (dsp ? "average_pool (dsp)" : "average_pool (portable)");
  for (int i = 0; i < cases; ++i) {
    const PoolShape s = RandomPoolShape(r, i);
    const size_t in_n = static_cast<size_t>(s.batches) * s.in_h * s.in_w * s.channels;
    const size_t n = static_cast<size_t>(s.batches) * s.out_h * s.out_w * s.channels;
    Fill(r, b.in, in_n);
    if (i % 5 == 4) {  // all-equal and extreme inputs: ties and the int8 limits
      const int8_t v = static_cast<int8_t>(r.Range(0, 1) == 0 ? -128 : 127);
      for (size_t k = 0; k < in_n; ++k) b.in[k] = (k % 3 == 0) ? v : b.in[k];
    }
    RefPool(s, max, b.in, b.want);
    std::memset(b.got, 0x5A, n);
    // Misaligned input and output (odd channel counts make every pixel so).
    int8_t* in = b.filter + (i & 3);
    std::memcpy(in, b.in, in_n);
    int8_t* got = reinterpret_cast<int8_t*>(b.scratch) + (i & 3);
    std::memset(got, 0x5A, n);
    if (max) {
      if (dsp) {
        kernels::opt::MaxPoolInt8Impl<true>(s, in, got);
      } else {
        kernels::opt::MaxPoolInt8Impl<false>(s, in, got);
      }
    } else if (dsp) {
      kernels::opt::AveragePoolInt8Impl<true>(s, in, got);
    } else {
      kernels::opt::AveragePoolInt8Impl<false>(s, in, got);
    }
    std::memcpy(b.got, got, n);
    Compare(log, what, i, b.want, b.got, n, t);
  }
}

using kernels::opt::AddQuant;

// Random ADD parameters as kernels/ref/add.cc derives them from scales:
// equal scales (the larger input's multiplier is exactly 1/2, shift 0),
// ratios over a few octaves, output scales down to just above the limit.
inline AddQuant RandomAddQuant(Rng& r, int i) {
  const double s1 = 0.001 + 0.2 * r.Unit();
  const double s2 = i % 4 == 0 ? s1 : s1 * std::ldexp(0.5 + r.Unit(), r.Range(-6, 6));
  const double twice_max = 2 * (s1 > s2 ? s1 : s2);
  // Mostly output scales like the inputs' (sums of two), some small ones
  // (large output multipliers, down to just above the 2^-20 limit).
  const double so = i % 6 == 5
                        ? twice_max / (1 << 20) * (1.0 + std::ldexp(r.Unit(), r.Range(0, 12)))
                        : twice_max * std::ldexp(0.3 + r.Unit(), r.Range(-3, 1));
  AddQuant q;
  int shift = 0;
  quant::QuantizeMultiplierSmallerThanOneExp(s1 / twice_max, &q.in1_multiplier, &shift);
  q.in1_shift = shift;
  quant::QuantizeMultiplierSmallerThanOneExp(s2 / twice_max, &q.in2_multiplier, &shift);
  q.in2_shift = shift;
  quant::QuantizeMultiplierSmallerThanOneExp(twice_max / ((1 << 20) * so), &q.out_multiplier,
                                             &shift);
  q.out_shift = shift;
  if (i % 9 == 4) {  // neither input multiplier exactly 1/2 (not from scales; any shift)
    q.in1_multiplier = r.Range(1 << 30, INT32_MAX);
    q.in1_shift = r.Range(-3, 0);
    q.in2_multiplier = r.Range(1 << 30, INT32_MAX);
    q.in2_shift = r.Range(-3, 0);
  }
  q.left_shift = 20;
  q.in1_offset = -r.Range(-128, 127);
  q.in2_offset = -r.Range(-128, 127);
  q.out_offset = r.Range(-128, 127);
  q.act_min = r.Range(0, 3) == 0 ? r.Range(-128, 0) : -128;  // mostly the whole range
  q.act_max = r.Range(0, 3) == 0 ? r.Range(q.act_min > 0 ? q.act_min : 0, 127) : 127;
  return q;
}

// TFLite's AddElementwise for one element.
inline int8_t RefAdd(const AddQuant& q, int32_t a, int32_t b) {
  const int32_t x1 = (a + q.in1_offset) * (1 << q.left_shift);
  const int32_t x2 = (b + q.in2_offset) * (1 << q.left_shift);
  const int32_t y1 =
      quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(x1, q.in1_multiplier, q.in1_shift);
  const int32_t y2 =
      quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(x2, q.in2_multiplier, q.in2_shift);
  int32_t v = quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(y1 + y2, q.out_multiplier,
                                                                    q.out_shift) +
              q.out_offset;
  v = v < q.act_min ? q.act_min : (v > q.act_max ? q.act_max : v);
  return static_cast<int8_t>(v);
}

// Runs of up to 300 elements, both inputs full or one a broadcast scalar
// (steps 0/1), misaligned buffers; one case in place (output over input 1).
inline void CheckAdd(Rng& r, bool dsp, int cases, LogFn log, Tally* t) {
  Buffers& b = Bufs();
  const char* what = dsp ? "add (dsp)" : "add (portable)";
  for (int i = 0; i < cases; ++i) {
    const AddQuant q = RandomAddQuant(r, i);
    if (!Applies(log, what, i, kernels::opt::AddInt8Applies(q), t)) continue;
    const int32_t n = r.Range(1, 300);
    const int32_t sa = i % 5 == 3 ? 0 : 1, sb = i % 3 == 2 ? 0 : 1;
    int8_t* a = b.in + (i & 3);
    int8_t* bb = b.filter + ((i >> 2) & 3);
    Fill(r, a, static_cast<size_t>(n));
    Fill(r, bb, static_cast<size_t>(n));
    for (int32_t k = 0; k < n; ++k) b.want[k] = RefAdd(q, a[k * sa], bb[k * sb]);
    int8_t* got = reinterpret_cast<int8_t*>(b.scratch) + ((i >> 4) & 3);
    const bool in_place = i % 7 == 6 && sa == 1;
    if (in_place) {
      std::memcpy(got, a, static_cast<size_t>(n));
      a = got;
    } else {
      std::memset(got, 0x5A, static_cast<size_t>(n));
    }
    if (dsp) {
      kernels::opt::AddInt8Impl<true>(q, a, sa, bb, sb, got, n);
    } else {
      kernels::opt::AddInt8Impl<false>(q, a, sa, bb, sb, got, n);
    }
    std::memcpy(b.got, got, static_cast<size_t>(n));
    Compare(log, what, i, b.want, b.got, static_cast<size_t>(n), t);
  }
  // A 16-bit left shift (int16's ADD) is not this routine's.
  AddQuant q = RandomAddQuant(r, 0);
  q.left_shift = 15;
  Declines(log, what, -1, kernels::opt::AddInt8Applies(q), t);
}

using kernels::opt::SoftmaxParams;

// TFLite's reference integer softmax, cell by cell (quant/fixed_point_math.h).
template <typename OutT>
void RefSoftmax(const SoftmaxParams& p, const int8_t* in, OutT* out) {
  constexpr int32_t kMin = std::numeric_limits<OutT>::min();
  constexpr int32_t kMax = std::numeric_limits<OutT>::max();
  for (int32_t r = 0; r < p.rows; ++r) {
    const int8_t* x = in + r * p.depth;
    int32_t max = -128;
    for (int32_t c = 0; c < p.depth; ++c) max = x[c] > max ? x[c] : max;
    auto exp_of = [&](int32_t diff) {
      return quant::ExpOnNegativeValues<5>(
          quant::MultiplyByQuantizedMultiplierGreaterThanOne(diff, p.multiplier, p.left_shift));
    };
    int32_t sum = 0;
    for (int32_t c = 0; c < p.depth; ++c) {
      if (x[c] - max >= p.diff_min) sum += quant::RoundingDivideByPOT(exp_of(x[c] - max), 12);
    }
    int k = 0;
    const int32_t recip = quant::GetReciprocal(sum, 12, &k);
    const int e = k + 31 - 8 * static_cast<int>(sizeof(OutT));
    for (int32_t c = 0; c < p.depth; ++c) {
      int32_t v = kMin;
      if (x[c] - max >= p.diff_min) {
        const int32_t q = quant::SaturatingRoundingDoublingHighMul(recip, exp_of(x[c] - max));
        v = (e <= 31 ? quant::RoundingDivideByPOT(q, e) : 0) + kMin;
        v = v < kMin ? kMin : (v > kMax ? kMax : v);
      }
      out[r * p.depth + c] = static_cast<OutT>(v);
    }
  }
}

// Random betas and input scales (so radii from a few steps to all of int8),
// rows of 1..300 cells, some long rows of equal values (a sum over 2^28:
// the output shift passes 31), int8 and int16 outputs.
inline void CheckSoftmax(Rng& r, bool dsp, int cases, LogFn log, Tally* t) {
  Buffers& b = Bufs();
  const char* what = dsp ? "softmax (dsp)" : "softmax (portable)";
  for (int i = 0; i < cases; ++i) {
    const double beta = i % 3 == 0 ? 1.0 : 0.2 + 3.0 * r.Unit();
    const double in_scale = std::ldexp(0.5 + 0.5 * r.Unit(), -r.Range(0, 9));
    SoftmaxParams p;
    int ls = 0;
    if (!quant::PreprocessSoftmaxScaling(beta, in_scale, 5, &p.multiplier, &ls)) continue;
    p.left_shift = ls;
    p.diff_min = -quant::CalculateInputRadius(5, ls);
    const bool wide = i % 2 == 1;
    const bool long_row = i % 13 == 12;
    p.depth = long_row ? r.Range(520, 700) : r.Range(1, 300);
    p.rows = long_row ? 1 : r.Range(1, 4);
    if (!Applies(log, what, i, kernels::opt::SoftmaxInt8Applies(p), t)) continue;
    const size_t n = static_cast<size_t>(p.rows) * p.depth;
    int8_t* in = b.in + (i & 3);
    Fill(r, in, n);
    if (long_row) std::memset(in, r.Range(-128, 127) & 0xFF, n);
    const size_t bytes = n * (wide ? 2 : 1);
    std::memset(b.got, 0x5A, bytes);
    if (wide) {
      if (bytes > kBuf) continue;
      auto* want = reinterpret_cast<int16_t*>(b.scratch);  // 8-byte aligned
      int16_t* got = want + kBuf / 2;
      RefSoftmax(p, in, want);
      if (dsp) {
        kernels::opt::SoftmaxInt8ToInt16Impl<true>(p, in, got);
      } else {
        kernels::opt::SoftmaxInt8ToInt16Impl<false>(p, in, got);
      }
      std::memcpy(b.want, want, bytes);
      std::memcpy(b.got, got, bytes);
    } else {
      RefSoftmax(p, in, b.want);
      if (dsp) {
        kernels::opt::SoftmaxInt8Impl<true>(p, in, b.got);
      } else {
        kernels::opt::SoftmaxInt8Impl<false>(p, in, b.got);
      }
    }
    Compare(log, what, i, b.want, b.got, bytes, t);
  }
}

// Every check of this file, both builds of each routine. Returns the tally.
inline Tally RunOps(uint32_t seed, int cases, LogFn log) {
  Tally t;
  Rng r(seed);
  for (int dsp = 1; dsp >= 0; --dsp) {
    CheckPool(r, dsp != 0, true, cases, log, &t);
    CheckPool(r, dsp != 0, false, cases, log, &t);
    CheckAdd(r, dsp != 0, cases, log, &t);
    CheckSoftmax(r, dsp != 0, cases, log, &t);
  }
  Report(log, "opt ops: %d cases, %lld output bytes compared, %d failures\n", t.cases, t.bytes,
         t.failures);
  return t;
}

}  // namespace optcheck
}  // namespace test
}  // namespace circlet

#endif  // CIRCLET_TESTS_KERNELS_OPT_CHECK_OPS_H_
