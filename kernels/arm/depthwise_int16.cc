// SPDX-License-Identifier: Apache-2.0
// Optimized 16x8 DEPTHWISE_CONV_2D sums (kernels/arm/int16_kernels.h; the
// loop over pixels and the requantization are the reference's,
// kernels/ref/depthwise_conv2d.cc):
//   sums[j] = sum_{ky,kx} in[iy][ix][c + j] * w[0][ky][kx][o + j]
// (four channels: depth multiplier 1, c == o; one channel: any multiplier).
// Input words [x0, x1] and [x2, x3], weight word [w0 w1 w2 w3] widened to
// [w0, w2] and [w1, w3]; SMLABB, SMLATB, SMLABT and SMLATT multiply the
// halves that belong to one channel. Each channel sums one product per
// tap: int32 partial sums over at most kInt16ExactTerms taps are exact.
#include "kernels/arm/int16_kernels.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

// a[j] += sum over n taps of xp[xo_j] * wp[j] (xp, wp advancing by
// x_step, w_step), j < kCh; kPairs (multiplier 1, DSP): xo_j = j, the
// inputs loaded in pairs.
template <bool kPairs, int kCh>
inline void Taps(const int16_t* xp, const int8_t* wp, ptrdiff_t x_step, ptrdiff_t w_step, int32_t n,
                 const int32_t* xo, int32_t* a) {
  int32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
  const int32_t x1 = xo[1], x2 = xo[2], x3 = xo[3];
  for (int32_t t = 0; t < n; ++t, xp += x_step, wp += w_step) {
    if constexpr (kCh == 4 && kPairs) {
      const uint32_t x01 = Load32(xp), x23 = Load32(xp + 2), wv = Load32(wp);
      const uint32_t we = Sxtb16(wv), wo = Sxtb16Ror8(wv);
      a0 = Smlabb(x01, we, a0);
      a1 = Smlatb(x01, wo, a1);
      a2 = Smlabt(x23, we, a2);
      a3 = Smlatt(x23, wo, a3);
    } else {
      a0 += xp[0] * wp[0];
      if constexpr (kCh == 4) {
        a1 += xp[x1] * wp[1];
        a2 += xp[x2] * wp[2];
        a3 += xp[x3] * wp[3];
      }
    }
  }
  a[0] = a0;
  a[1] = a1;
  a[2] = a2;
  a[3] = a3;
}

}  // namespace

template <bool kDsp, int kCh>
void DepthwiseSumsInt16(const Int16Patch& p, const int8_t* filter, int32_t out_c, int32_t c,
                        int32_t o, int64_t* sums) {
  static_assert(kCh == 1 || kCh == 4, "one or four channels");
  const ptrdiff_t x_step = static_cast<ptrdiff_t>(p.dilation_w) * p.in_c;
  const int32_t row_taps = p.kx1 - p.kx0;
  // Common case: all taps in one partial sum (no spill inside the loop).
  const bool one_part = (p.ky1 - p.ky0) * row_taps <= kInt16ExactTerms;
  // Input channel of filter channel o + j, relative to c.
  const int32_t mult = out_c / p.in_c;
  const int32_t xo[4] = {0, (o + 1) / mult - c, (o + 2) / mult - c, (o + 3) / mult - c};
  const bool pairs = kDsp && mult == 1;
  int32_t a[4] = {0, 0, 0, 0};
  int32_t terms = 0;
  for (int r = 0; r < kCh; ++r) sums[r] = 0;
  for (int32_t ky = p.ky0; ky < p.ky1; ++ky) {
    const int16_t* xp =
        PatchRow(p, ky) + static_cast<ptrdiff_t>(p.ix0 + p.kx0 * p.dilation_w) * p.in_c + c;
    const int8_t* wp = filter + static_cast<ptrdiff_t>(ky * p.k_w + p.kx0) * out_c + o;
    if (one_part) {
      if (pairs) {
        Taps<true, kCh>(xp, wp, x_step, out_c, row_taps, xo, a);
      } else {
        Taps<false, kCh>(xp, wp, x_step, out_c, row_taps, xo, a);
      }
      continue;
    }
    for (int32_t left = row_taps; left > 0;) {
      if (terms == kInt16ExactTerms) {
        for (int r = 0; r < kCh; ++r) {
          sums[r] += a[r];
          a[r] = 0;
        }
        terms = 0;
      }
      const int32_t n = left < kInt16ExactTerms - terms ? left : kInt16ExactTerms - terms;
      if (pairs) {
        Taps<true, kCh>(xp, wp, x_step, out_c, n, xo, a);
      } else {
        Taps<false, kCh>(xp, wp, x_step, out_c, n, xo, a);
      }
      xp += n * x_step;
      wp += static_cast<ptrdiff_t>(n) * out_c;
      terms += n;
      left -= n;
    }
  }
  for (int r = 0; r < kCh; ++r) sums[r] += a[r];
}

template void DepthwiseSumsInt16<true, 1>(const Int16Patch&, const int8_t*, int32_t, int32_t,
                                          int32_t, int64_t*);
template void DepthwiseSumsInt16<true, 4>(const Int16Patch&, const int8_t*, int32_t, int32_t,
                                          int32_t, int64_t*);
template void DepthwiseSumsInt16<false, 1>(const Int16Patch&, const int8_t*, int32_t, int32_t,
                                           int32_t, int64_t*);
template void DepthwiseSumsInt16<false, 4>(const Int16Patch&, const int8_t*, int32_t, int32_t,
                                           int32_t, int64_t*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
