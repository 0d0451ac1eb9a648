// SPDX-License-Identifier: Apache-2.0
// Optimized 16x8 CONV_2D sums (kernels/arm/int16_kernels.h; the loop over
// pixels and the requantization are the reference's, kernels/ref/conv2d.cc):
//   sums[r] = sum_{ky,kx,c} in[iy][ix][c] * w[o + r][ky][kx][c]
// over the pixel's valid taps. int16 input needs no widening: each filter
// row's valid taps are one run of (kx1 - kx0) * C values in both the input
// row and the filter (dilation_w 1), else one run of C per tap; each run
// goes through DotInt16Rows, kRows filter rows sharing every input pair.
#include "kernels/arm/int16_kernels.h"

namespace circlet {
namespace kernels {
namespace opt {

template <bool kDsp, int kRows>
void ConvSumsInt16(const Int16Patch& p, const int8_t* wo, int32_t filter_size, int64_t* sums) {
  const int32_t c_in = p.in_c;
  ExactSums<kDsp, kRows> e;
  for (int32_t ky = p.ky0; ky < p.ky1; ++ky) {
    const int16_t* row = PatchRow(p, ky);
    const int8_t* w_row = wo + ky * p.k_w * c_in;
    if (p.dilation_w == 1) {
      e.Add(row + (p.ix0 + p.kx0) * c_in, w_row + p.kx0 * c_in, filter_size,
            (p.kx1 - p.kx0) * c_in);
    } else {
      for (int32_t kx = p.kx0; kx < p.kx1; ++kx) {
        e.Add(row + (p.ix0 + kx * p.dilation_w) * c_in, w_row + kx * c_in, filter_size, c_in);
      }
    }
  }
  e.Flush();
  for (int r = 0; r < kRows; ++r) sums[r] = e.sum[r];
}

template void ConvSumsInt16<true, 1>(const Int16Patch&, const int8_t*, int32_t, int64_t*);
template void ConvSumsInt16<true, 4>(const Int16Patch&, const int8_t*, int32_t, int64_t*);
template void ConvSumsInt16<false, 1>(const Int16Patch&, const int8_t*, int32_t, int64_t*);
template void ConvSumsInt16<false, 4>(const Int16Patch&, const int8_t*, int32_t, int64_t*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
