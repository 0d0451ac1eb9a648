// SPDX-License-Identifier: Apache-2.0
// Optimized int16x8 (16x8) routines: int16 activations (zero point 0), int8
// weights (symmetric), bias int64, int32 or none, for CONV_2D,
// DEPTHWISE_CONV_2D and FULLY_CONNECTED (kernels/optimized.h explains the
// two builds). Each computes the exact sum of the products of an output,
// as the reference loops do (kernels/conv_util.h, 16x8), and hands it to
// the reference's Requantize16x8, which adds the bias, requantizes with the
// int64 or int32 formula and clamps: the bytes are the reference's by
// construction once the sums are.
//
// The sums: SMLAD multiplies two int16 pairs and accumulates in int32.
// Every product x * w (x int16, w int8) lies in [-2^22 + 2^7, 2^22]
// (2^22 only for -32768 * -128), so any kInt16ExactTerms = 508 <= 511 of
// them sum to at most 511 * 2^22 = 2^31 - 2^22 < 2^31 in magnitude: an
// int32 accumulator started at 0 holds their exact sum (SMLAD wraps modulo
// 2^32 like any int32 add, and a result in range is then the exact one,
// whatever the intermediate values). ExactSums adds such int32 partial
// sums into int64 every at most kInt16ExactTerms products, which gives the
// exact int64 sum for any length (and its low 32 bits, the int32
// accumulator's wrapped value, for an int32 bias).
#ifndef CIRCLET_KERNELS_ARM_INT16_KERNELS_H_
#define CIRCLET_KERNELS_ARM_INT16_KERNELS_H_

#include <cstddef>
#include <cstdint>

#include "kernels/arm/int8_kernels.h"
#include "kernels/conv_util.h"
#include "kernels/optimized.h"
#include "kernels/row_ring.h"

namespace circlet {
namespace kernels {
namespace opt {

// Products an int32 partial sum takes (a multiple of 4, at most 511: above).
constexpr int32_t kInt16ExactTerms = 508;

// a[r] += sum_{i < n} x[i] * w[r * w_stride + i] for r < kRows (1 or 4),
// wrapping like SMLAD; exact when n <= kInt16ExactTerms and a[r] starts at
// 0. DSP build, per four values: two LDR of x, PKHBT / PKHTB to [x0, x2]
// and [x1, x3], per row one LDR of the weight word, SXTB16 / SXTB16-ROR-8
// to [w0, w2] and [w1, w3], two SMLAD (23 instructions per 16 MACs for four
// rows). Portable build: plain int32 dot products the compiler vectorizes.
template <bool kDsp, int kRows>
void DotInt16Rows(const int16_t* x, const int8_t* w, ptrdiff_t w_stride, int32_t n, int32_t* a);

// Exact sums of kRows dot products over runs of values added one after
// the other (the runs of a convolution's patch).
template <bool kDsp, int kRows>
struct ExactSums {
  int64_t sum[kRows] = {};
  int32_t part[kRows] = {};
  int32_t terms = 0;  // products in part[]

  // x[0..n) times the rows' w[0..n).
  inline void Add(const int16_t* x, const int8_t* w, ptrdiff_t w_stride, int32_t n) {
    while (n > 0) {
      if (terms == kInt16ExactTerms) Flush();
      const int32_t m = n < kInt16ExactTerms - terms ? n : kInt16ExactTerms - terms;
      DotInt16Rows<kDsp, kRows>(x, w, w_stride, m, part);
      terms += m;
      x += m;
      w += m;
      n -= m;
    }
  }
  inline void Flush() {
    for (int r = 0; r < kRows; ++r) {
      sum[r] += part[r];
      part[r] = 0;
    }
    terms = 0;
  }
};

// One output pixel of a convolution, as the reference loops
// (kernels/ref/conv2d.cc, depthwise_conv2d.cc) see it: valid taps [ky0,
// ky1) x [kx0, kx1) around input origin (iy0, ix0), input rows rows[ky -
// ky0] for the first `cached` of them, the others through the op's row
// ring (in place: saved copies of rows the output overwrote). The reference
// loops run their own loop over rows and pixels and hand each pixel's
// patch to the routines below, then requantize the sums themselves
// (Requantize16x8): the loops, the in-place handling and the
// requantization are the reference's, only the sums are computed here.
struct Int16Patch {
  const int16_t* const* rows;
  int32_t cached;
  const RowRing<int16_t>* ring;
  const int16_t* xb;  // the batch's input
  int32_t iy0, ix0, ky0, ky1, kx0, kx1;
  int32_t dilation_h, dilation_w, k_w, in_c;
};

inline const int16_t* PatchRow(const Int16Patch& p, int32_t ky) {
  return ky - p.ky0 < p.cached ? p.rows[ky - p.ky0] : p.ring->Row(p.xb, p.iy0 + ky * p.dilation_h);
}

// CONV_2D: sums[r] = the exact sum of the patch times filter row wo + r *
// filter_size (filter [out_c, k_h, k_w, in_c]) for r < kRows (1 or 4).
// Four output channels share each loaded input pair; a filter row's valid
// taps are one run of (kx1 - kx0) * in_c values in both the input row and
// the filter (dilation_w 1), else one run of in_c per tap.
template <bool kDsp, int kRows>
void ConvSumsInt16(const Int16Patch& p, const int8_t* wo, int32_t filter_size, int64_t* sums);

// DEPTHWISE_CONV_2D (filter [1, k_h, k_w, out_c], out_c = in_c * depth
// multiplier m): sums[j] = the exact sum over the taps of input channel
// (o + j) / m (c = o / m; stride p.in_c) times filter channel o + j
// (stride out_c), j < kCh (1 or 4). Multiplier 1, four channels: per tap
// two LDR of input pairs, one LDR of four weights, two SXTB16, four SMLAxy
// (SMLABB, SMLATB, SMLABT, SMLATT pick the halves that belong to one
// channel; no two products of a pair share an accumulator, so SMLAD does
// not apply). Other multipliers: four scalar multiply-accumulates per tap.
template <bool kDsp, int kCh>
void DepthwiseSumsInt16(const Int16Patch& p, const int8_t* filter, int32_t out_c, int32_t c,
                        int32_t o, int64_t* sums);

// FULLY_CONNECTED: in [batches, depth], weights [units, depth], out
// [batches, units]; unit o's (multiplier, shift) from unit_params when
// q_per_channel, else (multiplier, shift); act_min / act_max the int16
// clamp. Units outer in blocks of four (each block's parameters computed
// once for all batches, as the reference loop does per unit).
struct Int16FcQuant {
  int32_t multiplier;
  int shift;
  bool per_channel;
  bool acc64;
  int32_t act_min, act_max;
};
template <bool kDsp>
void FullyConnectedInt16Impl(int32_t batches, int32_t depth, int32_t units, const Int16FcQuant& q,
                             UnitParamsFn unit_params, const void* params_ctx, const int16_t* in,
                             const int8_t* weights, const void* bias, int16_t* out);
inline void FullyConnectedInt16(int32_t batches, int32_t depth, int32_t units,
                                const Int16FcQuant& q, UnitParamsFn unit_params,
                                const void* params_ctx, const int16_t* in, const int8_t* weights,
                                const void* bias, int16_t* out) {
  FullyConnectedInt16Impl<kArmDsp>(batches, depth, units, q, unit_params, params_ctx, in, weights,
                                   bias, out);
}

}  // namespace opt
}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ARM_INT16_KERNELS_H_
