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

template <bool kDsp, int kCh>
void DepthwiseSumsInt16(const Int16Patch& p, const int8_t* filter, int32_t out_c, int32_t c,
                        int32_t o, int64_t* sums) {
  static_assert(kCh == 1 || kCh == 4, "one or four channels");
  const ptrdiff_t x_step = static_cast<ptrdiff_t>(p.dilation_w) * p.in_c;
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int32_t terms = 0;
  for (int r = 0; r < kCh; ++r) sums[r] = 0;
  const auto flush = [&]() {
    sums[0] += a0;
    if constexpr (kCh == 4) {
      sums[1] += a1;
      sums[2] += a2;
      sums[3] += a3;
    }
    a0 = a1 = a2 = a3 = 0;
    terms = 0;
  };
  for (int32_t ky = p.ky0; ky < p.ky1; ++ky) {
    const int16_t* xp =
        PatchRow(p, ky) + static_cast<ptrdiff_t>(p.ix0 + p.kx0 * p.dilation_w) * p.in_c + c;
    const int8_t* wp = filter + static_cast<ptrdiff_t>(ky * p.k_w + p.kx0) * out_c + o;
    for (int32_t kx = p.kx0; kx < p.kx1;) {
      if (terms == kInt16ExactTerms) flush();
      const int32_t end =
          p.kx1 - kx < kInt16ExactTerms - terms ? p.kx1 : kx + kInt16ExactTerms - terms;
      terms += end - kx;
      for (; kx < end; ++kx, xp += x_step, wp += out_c) {
        if constexpr (kCh == 4 && kDsp) {
          const uint32_t x01 = Load32(xp), x23 = Load32(xp + 2), wv = Load32(wp);
          const uint32_t we = Sxtb16(wv), wo = Sxtb16Ror8(wv);
          a0 = Smlabb(x01, we, a0);
          a1 = Smlatb(x01, wo, a1);
          a2 = Smlabt(x23, we, a2);
          a3 = Smlatt(x23, wo, a3);
        } else {
          a0 += xp[0] * wp[0];
          if constexpr (kCh == 4) {
            a1 += xp[1] * wp[1];
            a2 += xp[2] * wp[2];
            a3 += xp[3] * wp[3];
          }
        }
      }
    }
  }
  flush();
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
