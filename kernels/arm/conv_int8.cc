// SPDX-License-Identifier: Apache-2.0
// Optimized int8 CONV_2D (the reference is kernels/ref/conv2d.cc):
//   out[b][y][x][o] = clamp(requant_o(bias[o] + sum_{ky,kx,c}
//                     (in[b][iy][ix][c] + in_offset) * w[o][ky][kx][c]))
// with iy = y * stride_h - pad_h + ky * dilation_h (likewise ix) and taps
// outside the input contributing nothing, exactly as TFLite's
// reference_integer_ops::ConvPerChannel; requant_o as kernels/arm/requant.h.
//
// Output pixels are taken four at a time. Their input patches (K = KH * KW
// * C values each, in the filter's order) are widened to int16 with the
// input offset added (padding: 0) into an im2col block in scratch; each
// output channel's filter row is then multiplied with all four patches, so
// a filter word is loaded and unpacked once per four pixels.
//
// DSP layout of the block (kDsp): for each group of four patch values
// k = 4g .. 4g + 3 and pixel p, two words [x(4g), x(4g+2)] and [x(4g+1),
// x(4g+3)] (halfword pairs), eight words per group: SXTB16 of a filter word
// gives [w(4g), w(4g+2)], SXTB16 of the word rotated by 8 gives [w(4g+1),
// w(4g+3)], so two SMLADs per pixel consume four MACs with no repacking.
// The K % 4 last values follow as int16 [p][t]. Portable layout: [p][K] int16,
// four dot products that the compiler vectorizes.
//
// Patch gathering: 1x1 filters read the input row in place (no padding is
// possible); other filters with C % 4 == 0 copy each tap's C values (or
// zeros) group by group; with KW * C % 4 == 0 (a spectrogram's one channel
// and a filter 4 or 8 wide) each filter row's run is widened straight from
// the input row; other C (the first layer's 1-3 channels) put each value
// straight into its block halfword through a table of positions computed
// once per call (padding: 0).
#include <cstdint>
#include <cstring>

#include "base/code_size.h"
#include "kernels/arm/int8_kernels.h"
#include "kernels/arm/requant.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

constexpr int32_t kPix = 4;

// How a pixel's patch is gathered into the block (see the header comment).
enum class Gather { kPointwise, kTapwise, kRowwise, kScatter };

Gather GatherOf(const ConvShape& s) {
  if (s.k_h == 1 && s.k_w == 1) return Gather::kPointwise;
  if ((s.in_c & 3) == 0) return Gather::kTapwise;
  if (s.dilation_w == 1 && ((s.k_w * s.in_c) & 3) == 0) return Gather::kRowwise;
  return Gather::kScatter;
}

// Scratch: RqChannel[out_c] | im2col block (kPix * K int16) | int8 patch (K)
// | block positions (kPix * K uint16, kScatter only).
struct ConvScratch {
  RqChannel* rq;
  int16_t* block;
  int8_t* patch;
  uint16_t* pos;
};

ConvScratch SplitScratch(const ConvShape& s, void* scratch) {
  const size_t k = static_cast<size_t>(s.k_h) * s.k_w * s.in_c;
  auto* base = static_cast<uint8_t*>(scratch);
  ConvScratch cs;
  cs.rq = reinterpret_cast<RqChannel*>(base);
  base += sizeof(RqChannel) * static_cast<size_t>(s.out_c);
  cs.block = reinterpret_cast<int16_t*>(base);
  base += Align4(kPix * k * sizeof(int16_t));
  cs.patch = reinterpret_cast<int8_t*>(base);
  base += Align4(k);
  cs.pos = reinterpret_cast<uint16_t*>(base);
  return cs;
}

// pos[p * K + j]: the block halfword that holds patch value j of pixel slot
// p, in the kDsp layout (groups of four, then the K % 4 tail as [p][t]) or
// the portable one ([p][K]).
template <bool kDsp>
void FillPositions(int32_t k, uint16_t* pos) {
  const int32_t groups = k >> 2, tail = k & 3;
  for (int32_t p = 0; p < kPix; ++p) {
    for (int32_t j = 0; j < k; ++j) {
      int32_t h = p * k + j;
      if constexpr (kDsp) {
        h = j < 4 * groups ? 16 * (j >> 2) + 4 * p + 2 * (j & 1) + ((j >> 1) & 1)
                           : 16 * groups + p * tail + (j - 4 * groups);
      }
      pos[p * k + j] = static_cast<uint16_t>(h);
    }
  }
}

// Widens `len` int8 values (src, or zeros when src is null) starting at
// patch position k0 (a multiple of 4 unless it is the whole patch) into
// pixel slot p of the block.
template <bool kDsp>
void PackSegment(const int8_t* src, int32_t len, int32_t k0, int32_t k, int32_t offset, int p,
                 int16_t* block) {
  if constexpr (kDsp) {
    auto* words = reinterpret_cast<uint32_t*>(block);
    const int32_t groups = len >> 2;
    uint32_t* dst = words + (k0 >> 2) * 8 + 2 * p;
    if (src == nullptr) {
      for (int32_t g = 0; g < groups; ++g, dst += 8) dst[0] = dst[1] = 0;
      return;
    }
    const uint32_t off2 = Pack16(offset, offset);
    for (int32_t g = 0; g < groups; ++g, dst += 8) {
      const uint32_t v = Load32(src + 4 * g);
      dst[0] = Sadd16(Sxtb16(v), off2);
      dst[1] = Sadd16(Sxtb16Ror8(v), off2);
    }
    const int32_t tail = len & 3;
    if (tail != 0) {  // only for a whole patch (k0 == 0, len == k)
      int16_t* t = reinterpret_cast<int16_t*>(words + (k >> 2) * 8) + p * (k & 3);
      for (int32_t i = 0; i < tail; ++i) {
        t[i] = static_cast<int16_t>(src[4 * groups + i] + offset);
      }
    }
  } else {
    int16_t* dst = block + static_cast<size_t>(p) * k + k0;
    if (src == nullptr) {
      for (int32_t i = 0; i < len; ++i) dst[i] = 0;
      return;
    }
    for (int32_t i = 0; i < len; ++i) dst[i] = static_cast<int16_t>(src[i] + offset);
  }
}

// y[i] = clamp(y[i], lo, hi) for n int8 values, four per bytewise
// max and min.
void ClampInt8(int8_t* y, int32_t n, int32_t lo, int32_t hi) {
  const uint32_t lo4 = Splat8(lo), hi4 = Splat8(hi);
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) Store32(y + i, Min8(Max8(Load32(y + i), lo4), hi4));
  for (; i < n; ++i) y[i] = static_cast<int8_t>(ClampAct(y[i], lo, hi));
}

// sum x[i] * w[i] over n values (vectorized by the compiler).
inline int32_t Dot(const int16_t* x, const int8_t* w, int32_t n) {
  int32_t acc = 0;
  for (int32_t i = 0; i < n; ++i) acc += x[i] * w[i];
  return acc;
}

// One group of four patch values (block words xp[kWord .. kWord + 7]) times
// filter word wv, into the four pixels' accumulators: two SXTB16, four
// LDRD, eight SMLAD.
template <int kWord>
inline void MacGroup(const uint32_t* xp, uint32_t wv, int32_t* a0, int32_t* a1, int32_t* a2,
                     int32_t* a3) {
  const uint32_t we = Sxtb16(wv), wo = Sxtb16Ror8(wv);
  uint32_t e, d;
  Ldrd<kWord>(xp, &e, &d);
  *a0 = Smlad(d, wo, Smlad(e, we, *a0));
  Ldrd<kWord + 2>(xp, &e, &d);
  *a1 = Smlad(d, wo, Smlad(e, we, *a1));
  Ldrd<kWord + 4>(xp, &e, &d);
  *a2 = Smlad(d, wo, Smlad(e, we, *a2));
  Ldrd<kWord + 6>(xp, &e, &d);
  *a3 = Smlad(d, wo, Smlad(e, we, *a3));
}

// All output channels for the np (<= 4) pixels packed in the block,
// requantized and saturated to int8 (one SSAT; GemmBlock applies a narrower
// activation clamp afterwards). Out of line: inlined into the gather loops,
// GCC allocates the registers of the multiply loop worse (+2.6%
// instructions on vww, M7).
template <bool kDsp>
__attribute__((noinline)) void GemmBlockSat(const int16_t* block, int32_t k, int np,
                                            const int8_t* filter, const int32_t* bias,
                                            const RqChannel* rq, const OutQuant& q, int32_t out_c,
                                            int8_t* y) {
  const int32_t groups = k >> 2;
  const int32_t tail = k & 3;
  const int32_t zp = q.out_zp;
  const auto* xbegin = reinterpret_cast<const uint32_t*>(block);
  const uint32_t* xend = xbegin + 8 * groups;
  const uint32_t* xpairs = xbegin + 16 * (groups >> 1);
  const int8_t* wr = filter;
  for (int32_t o = 0; o < out_c; ++o, ++y) {
    const int32_t b = bias != nullptr ? bias[o] : 0;
    int32_t a0 = b, a1 = b, a2 = b, a3 = b;
    if constexpr (kDsp) {
      // Two groups per pass (one loop test per 32 MACs), then an odd one.
      const uint32_t* xp = xbegin;
      for (; xp != xpairs; xp += 16) {
        MacGroup<0>(xp, Load32(wr), &a0, &a1, &a2, &a3);
        MacGroup<8>(xp, Load32(wr + 4), &a0, &a1, &a2, &a3);
        wr += 8;
      }
      if (xp != xend) {
        MacGroup<0>(xp, Load32(wr), &a0, &a1, &a2, &a3);
        wr += 4;
      }
      if (tail != 0) {
        const auto* t = reinterpret_cast<const int16_t*>(xend);
        for (int32_t i = 0; i < tail; ++i) {
          const int32_t wv = wr[i];
          a0 += t[i] * wv;
          a1 += t[tail + i] * wv;
          a2 += t[2 * tail + i] * wv;
          a3 += t[3 * tail + i] * wv;
        }
        wr += tail;
      }
    } else {
      a0 = AddWrap(a0, Dot(block, wr, k));
      a1 = AddWrap(a1, Dot(block + k, wr, k));
      a2 = AddWrap(a2, Dot(block + 2 * k, wr, k));
      a3 = AddWrap(a3, Dot(block + 3 * k, wr, k));
      wr += k;
    }
    // Local copies: the int8 stores below may alias anything.
    const RqChannel r = rq[o];
    const int32_t v0 = RequantOut<true>(a0, r, zp, -128, 127);
    const int32_t v1 = RequantOut<true>(a1, r, zp, -128, 127);
    const int32_t v2 = RequantOut<true>(a2, r, zp, -128, 127);
    const int32_t v3 = RequantOut<true>(a3, r, zp, -128, 127);
    y[0] = static_cast<int8_t>(v0);
    if (np > 1) y[out_c] = static_cast<int8_t>(v1);
    if (np > 2) y[2 * out_c] = static_cast<int8_t>(v2);
    if (np > 3) y[3 * out_c] = static_cast<int8_t>(v3);
  }
}

template <bool kDsp>
void GemmBlock(const int16_t* block, int32_t k, int np, const int8_t* filter, const int32_t* bias,
               const RqChannel* rq, const OutQuant& q, int32_t out_c, int8_t* y) {
  GemmBlockSat<kDsp>(block, k, np, filter, bias, rq, q, out_c, y);
  // The block's outputs are np * out_c consecutive bytes; clamping the
  // saturated values to [lo, hi] (within int8) gives the reference's clamp
  // of the unsaturated ones. One copy of the multiply loop instead of two
  // (700 B of flash on M7), for about the instructions a per-value clamp
  // costs.
  if (!FullRange(q.act_min, q.act_max)) ClampInt8(y, np * out_c, q.act_min, q.act_max);
}

}  // namespace

bool ConvInt8Applies(const ConvShape& s, const OutQuant& q) {
  return RequantFastApplies(q.multiplier, q.shift, s.out_c, q.per_channel, q.out_zp) &&
         q.in_offset >= -127 && q.in_offset <= 128;
}

CIRCLET_COLD size_t ConvInt8ScratchBytes(const ConvShape& s) {
  const size_t k = static_cast<size_t>(s.k_h) * s.k_w * s.in_c;
  const size_t pos = GatherOf(s) == Gather::kScatter ? kPix * k * sizeof(uint16_t) : 0;
  return sizeof(RqChannel) * static_cast<size_t>(s.out_c) + Align4(kPix * k * sizeof(int16_t)) +
         Align4(k) + Align4(pos);
}

namespace {

// ConvInt8Impl and ConvInt8PointwiseBackwardImpl (backward: blocks and
// batches from the last to the first, without a ring).
template <bool kDsp>
__attribute__((noinline)) void ConvInt8Core(const ConvShape& s, const OutQuant& q, const int8_t* in,
                                            const int8_t* filter, const int32_t* bias, int8_t* out,
                                            void* scratch, RowRing<int8_t>* ring, bool backward) {
  const ConvScratch cs = SplitScratch(s, scratch);
  for (int32_t c = 0; c < s.out_c; ++c) {
    const int32_t i = q.per_channel ? c : 0;
    cs.rq[c] = MakeRqChannel(q.multiplier[i], q.shift[i]);
  }
  const int32_t c_in = s.in_c;
  const int32_t k = s.k_h * s.k_w * c_in;
  const Gather gather = GatherOf(s);
  const bool pointwise = gather == Gather::kPointwise;
  const bool tapwise = gather == Gather::kTapwise;
  const bool rowwise = gather == Gather::kRowwise;
  if (gather == Gather::kScatter) FillPositions<kDsp>(k, cs.pos);
  const int8_t pad_value = static_cast<int8_t>(-q.in_offset);
  const int32_t pixels = s.out_h * s.out_w;
  const int32_t blocks = (pixels + kPix - 1) / kPix;
  const ptrdiff_t row_len = static_cast<ptrdiff_t>(s.in_w) * c_in;
  // In place: input rows through the ring, blocks (and batches) backwards
  // when the output is larger than the input.
  const bool in_place = ring != nullptr && ring->active();
  const bool rev = backward || (in_place && ring->reverse());
  const auto row_at = [&](const int8_t* xb, int32_t iy) {
    return in_place ? ring->Row(xb, iy) : xb + iy * row_len;
  };
  std::memset(cs.block, 0, kPix * static_cast<size_t>(k) * sizeof(int16_t));
  for (int32_t bi = 0; bi < s.batches; ++bi) {
    const int32_t b = rev ? s.batches - 1 - bi : bi;
    const int8_t* xb = in + static_cast<size_t>(b) * s.in_h * s.in_w * c_in;
    int8_t* yb = out + static_cast<size_t>(b) * pixels * s.out_c;
    if (in_place) ring->NewBatch();
    for (int32_t j = 0; j < blocks; ++j) {
      const int32_t t0 = (rev ? blocks - 1 - j : j) * kPix;
      const int np = pixels - t0 < kPix ? static_cast<int>(pixels - t0) : kPix;
      int32_t oy = t0 / s.out_w, ox = t0 - oy * s.out_w;
      for (int p = 0; p < np; ++p) {  // slots p >= np: stale, computed, never stored
        const int32_t iy0 = oy * s.stride_h - s.pad_h;
        const int32_t ix0 = ox * s.stride_w - s.pad_w;
        if (pointwise) {
          PackSegment<kDsp>(row_at(xb, iy0) + static_cast<ptrdiff_t>(ix0) * c_in, k, 0, k,
                            q.in_offset, p, cs.block);
        } else if (tapwise) {
          int32_t kk = 0;
          for (int32_t ky = 0; ky < s.k_h; ++ky) {
            const int32_t iy = iy0 + ky * s.dilation_h;
            const int8_t* row = iy >= 0 && iy < s.in_h ? row_at(xb, iy) : nullptr;
            for (int32_t kx = 0; kx < s.k_w; ++kx, kk += c_in) {
              const int32_t ix = ix0 + kx * s.dilation_w;
              const int8_t* src = row != nullptr && ix >= 0 && ix < s.in_w
                                      ? row + static_cast<ptrdiff_t>(ix) * c_in
                                      : nullptr;
              PackSegment<kDsp>(src, c_in, kk, k, q.in_offset, p, cs.block);
            }
          }
        } else if (rowwise) {
          // A filter row's taps are one run of a multiple of 4 values: a run
          // inside the input is widened from the input row itself.
          const int32_t run = s.k_w * c_in;
          const bool inside = ix0 >= 0 && ix0 + s.k_w <= s.in_w;
          for (int32_t ky = 0, kk = 0; ky < s.k_h; ++ky, kk += run) {
            const int32_t iy = iy0 + ky * s.dilation_h;
            const int8_t* src = nullptr;
            if (iy >= 0 && iy < s.in_h) {
              const int8_t* row = row_at(xb, iy);
              if (inside) {
                src = row + static_cast<ptrdiff_t>(ix0) * c_in;
              } else {
                for (int32_t kx = 0; kx < s.k_w; ++kx) {
                  const int32_t ix = ix0 + kx;
                  for (int32_t c = 0; c < c_in; ++c) {
                    cs.patch[kx * c_in + c] = ix >= 0 && ix < s.in_w
                                                  ? row[static_cast<ptrdiff_t>(ix) * c_in + c]
                                                  : pad_value;
                  }
                }
                src = cs.patch;
              }
            }
            PackSegment<kDsp>(src, run, kk, k, q.in_offset, p, cs.block);
          }
        } else {
          // Few channels, rows of any length: each value goes straight to
          // its place in the block (cs.pos); padding widens to 0.
          const uint16_t* pp = cs.pos + p * k;
          const int32_t off = q.in_offset;
          int16_t* blk = cs.block;
          const int32_t run = s.k_w * c_in;
          const bool inside = s.dilation_w == 1 && ix0 >= 0 && ix0 + s.k_w <= s.in_w;
          for (int32_t ky = 0; ky < s.k_h; ++ky, pp += run) {
            const int32_t iy = iy0 + ky * s.dilation_h;
            if (iy < 0 || iy >= s.in_h) {
              for (int32_t j = 0; j < run; ++j) blk[pp[j]] = 0;
              continue;
            }
            const int8_t* row = row_at(xb, iy);
            if (inside) {
              const int8_t* src = row + static_cast<ptrdiff_t>(ix0) * c_in;
              for (int32_t j = 0; j < run; ++j) blk[pp[j]] = static_cast<int16_t>(src[j] + off);
              continue;
            }
            for (int32_t kx = 0; kx < s.k_w; ++kx) {
              const int32_t ix = ix0 + kx * s.dilation_w;
              const uint16_t* pt = pp + kx * c_in;
              if (ix >= 0 && ix < s.in_w) {
                const int8_t* src = row + static_cast<ptrdiff_t>(ix) * c_in;
                for (int32_t c = 0; c < c_in; ++c) blk[pt[c]] = static_cast<int16_t>(src[c] + off);
              } else {
                for (int32_t c = 0; c < c_in; ++c) blk[pt[c]] = 0;
              }
            }
          }
        }
        if (++ox == s.out_w) {
          ox = 0;
          ++oy;
        }
      }
      // The block is packed: before its outputs overwrite input, save the
      // rows later blocks still read (oy, ox: the pixel after the block).
      if (in_place) {
        if (!rev) {
          if (t0 + np < pixels) {
            ring->BeforeWriteTo(xb, static_cast<ptrdiff_t>(t0 + np) * s.out_c,
                                oy * s.stride_h - s.pad_h);
          }
        } else if (t0 > 0) {
          const int32_t prev_oy = (t0 - 1) / s.out_w;
          ring->BeforeWriteFrom(xb, static_cast<ptrdiff_t>(t0) * s.out_c,
                                prev_oy * s.stride_h - s.pad_h + (s.k_h - 1) * s.dilation_h);
        }
      }
      GemmBlock<kDsp>(cs.block, k, np, filter, bias, cs.rq, q, s.out_c,
                      yb + static_cast<size_t>(t0) * s.out_c);
    }
  }
}

}  // namespace

template <bool kDsp>
void ConvInt8Impl(const ConvShape& s, const OutQuant& q, const int8_t* in, const int8_t* filter,
                  const int32_t* bias, int8_t* out, void* scratch, RowRing<int8_t>* ring) {
  ConvInt8Core<kDsp>(s, q, in, filter, bias, out, scratch, ring, false);
}

// Block t0 (of four pixels) reads input bytes from t0 * in_c on and writes
// output bytes from t0 * out_c on: with out_c >= in_c and the last block
// first, no block overwrites input a later block reads.
template <bool kDsp>
void ConvInt8PointwiseBackwardImpl(const ConvShape& s, const OutQuant& q, const int8_t* in,
                                   const int8_t* filter, const int32_t* bias, int8_t* out,
                                   void* scratch) {
  ConvInt8Core<kDsp>(s, q, in, filter, bias, out, scratch, nullptr, true);
}

template void ConvInt8PointwiseBackwardImpl<true>(const ConvShape&, const OutQuant&, const int8_t*,
                                                  const int8_t*, const int32_t*, int8_t*, void*);
template void ConvInt8PointwiseBackwardImpl<false>(const ConvShape&, const OutQuant&, const int8_t*,
                                                   const int8_t*, const int32_t*, int8_t*, void*);

template void ConvInt8Impl<true>(const ConvShape&, const OutQuant&, const int8_t*, const int8_t*,
                                 const int32_t*, int8_t*, void*, RowRing<int8_t>*);
template void ConvInt8Impl<false>(const ConvShape&, const OutQuant&, const int8_t*, const int8_t*,
                                  const int32_t*, int8_t*, void*, RowRing<int8_t>*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
