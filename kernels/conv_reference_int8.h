// SPDX-License-Identifier: Apache-2.0
// The int8 reference loop of CONV_2D and DEPTHWISE_CONV_2D (TFLite's
// reference_integer_ops::ConvPerChannel and DepthwiseConvPerChannel, bit
// for bit), for the ops their optimized routines (kernels/arm/) do not take:
// one loop, so a firmware with both operators carries one copy.
//
// Both compute, per output pixel and output channel o,
//   acc = sum over valid taps (ky, kx) and summed channels c of
//         (in[iy][ix][ic0(o) + c] + input_offset) * w[o * per_out + tap * per_tap + c]
//   out = clamp(MultiplyByQuantizedMultiplier(acc + bias[o], M[o], shift[o])
//               + out_zero_point, activation range)
// with tap = ky * KW + kx, and (ConvFilterWalk):
//   CONV_2D, filter [OC, KH, KW, C]: every input channel (channels = C),
//     per_out = KH * KW * C, per_tap = C, ic0(o) = 0;
//   DEPTHWISE_CONV_2D, filter [1, KH, KW, OC], OC = C * multiplier: one
//     input channel (channels = 1), per_out = 1, per_tap = OC,
//     ic0(o) = o / multiplier.
// The int32 sum cannot overflow (prepare bounds the taps,
// CheckAccumulationTaps) and integer addition does not depend on order;
// the bias is added wrapping, as TFLite does.
//
// Output rows in order (reverse order when in place with a larger output);
// input rows through `ring` (in place: saved copies of rows already
// overwritten), as the float and int16 loops of the two kernels.
#ifndef CIRCLET_KERNELS_CONV_REFERENCE_INT8_H_
#define CIRCLET_KERNELS_CONV_REFERENCE_INT8_H_

#include "kernels/conv_util.h"

namespace circlet {
namespace kernels {

struct ConvFilterWalk {
  int32_t out_c;       // output channels
  int32_t channels;    // input channels each output channel sums
  int32_t per_out;     // filter elements from one output channel to the next
  int32_t per_tap;     // filter elements from one tap to the next
  int32_t multiplier;  // output channels per input channel (CONV_2D: out_c, so ic0 = 0)
};

inline ConvFilterWalk ConvWalk(int32_t out_c, int32_t k_h, int32_t k_w, int32_t in_c) {
  return ConvFilterWalk{out_c, in_c, k_h * k_w * in_c, in_c, out_c};
}
inline ConvFilterWalk DepthwiseWalk(int32_t out_c, int32_t in_c) {
  return ConvFilterWalk{out_c, 1, 1, out_c, out_c / in_c};
}

CIRCLET_FALLBACK inline void ConvInt8Reference(const ConvDims& v, const ConvOutput& q,
                                               int32_t in_offset, const int8_t* x, const int8_t* wt,
                                               const ConvFilterWalk& f, const int32_t* bias,
                                               int8_t* y, RowRing<int8_t>& ring) {
  constexpr int32_t kRowCache = 16;  // input row pointers looked up once per output row
  const int32_t in_h = v.in_h, in_w = v.in_w, in_c = v.in_c, k_w = v.k_w;
  const ConvGeometry& g = v.g;
  const ptrdiff_t row_out = static_cast<ptrdiff_t>(g.out_w) * f.out_c;
  const bool rev = ring.reverse();
  for (int32_t bi = 0; bi < v.batches; ++bi) {
    const int32_t b = rev ? v.batches - 1 - bi : bi;
    const int8_t* xb = x + static_cast<ptrdiff_t>(b) * in_h * in_w * in_c;
    int8_t* yb = y + static_cast<ptrdiff_t>(b) * g.out_h * row_out;
    ring.NewBatch();
    for (int32_t i = 0; i < g.out_h; ++i) {
      const int32_t oy = rev ? g.out_h - 1 - i : i;
      const int32_t iy0 = oy * g.stride_h - g.pad_h;
      int32_t ky0, ky1;
      ValidTaps(iy0, g.dilation_h, v.k_h, in_h, &ky0, &ky1);
      ring.BeforeOutputRow(xb, oy, FirstInputRow(v, oy), LastInputRow(v, oy));
      const int8_t* rows[kRowCache];  // the first input rows this output row reads
      for (int32_t ky = ky0; ky < ky1 && ky - ky0 < kRowCache; ++ky) {
        rows[ky - ky0] = ring.Row(xb, iy0 + ky * g.dilation_h);
      }
      int8_t* yp = yb + oy * row_out;
      for (int32_t ox = 0; ox < g.out_w; ++ox) {
        const int32_t ix0 = ox * g.stride_w - g.pad_w;
        int32_t kx0, kx1;
        ValidTaps(ix0, g.dilation_w, k_w, in_w, &kx0, &kx1);
        for (int32_t o = 0; o < f.out_c; ++o) {
          const int8_t* wo = wt + static_cast<ptrdiff_t>(o) * f.per_out;
          const int32_t ic0 = o / f.multiplier;
          int32_t acc = 0;
          for (int32_t ky = ky0; ky < ky1; ++ky) {
            const int8_t* x_row =
                ky - ky0 < kRowCache ? rows[ky - ky0] : ring.Row(xb, iy0 + ky * g.dilation_h);
            for (int32_t kx = kx0; kx < kx1; ++kx) {
              const int8_t* xp = x_row + (ix0 + kx * g.dilation_w) * in_c + ic0;
              const int8_t* wp = wo + (ky * k_w + kx) * f.per_tap;
              for (int32_t c = 0; c < f.channels; ++c) acc += (xp[c] + in_offset) * wp[c];
            }
          }
          if (bias != nullptr) acc = quant::WrapAdd(acc, bias[o]);
          *yp++ = static_cast<int8_t>(quant::Requantize(acc, q.p.multiplier[o], q.p.shift[o],
                                                        q.offset, q.act_min, q.act_max));
        }
      }
    }
  }
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_CONV_REFERENCE_INT8_H_
