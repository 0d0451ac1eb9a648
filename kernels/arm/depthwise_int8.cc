// SPDX-License-Identifier: Apache-2.0
// Optimized int8 DEPTHWISE_CONV_2D (the reference is
// kernels/ref/depthwise_conv2d.cc):
//   out[b][y][x][o] = clamp(requant_o(bias[o] + sum_{ky,kx}
//                     (in[b][iy][ix][o / mult] + in_offset) * w[0][ky][kx][o]))
// iy = y * stride_h - pad_h + ky * dilation_h (likewise ix), taps outside
// the input contributing nothing (TFLite reference_integer_ops::
// DepthwiseConvPerChannel); requant_o as kernels/arm/requant.h.
//
// 3x3, multiplier 1, stride 1 or 2 (both axes), no dilation: channel by
// channel, the input channel is widened to int16 with the offset added into
// a plane in scratch that includes the zero padding (rows iy = -pad_h ..,
// columns ix = -pad_w ..), so the taps need no bounds checks. Two outputs
// (x, x+1) per step and filter row, halfword pairs of the plane row:
//   stride 1: L01 = [i0,i1], L12 = [i1,i2], L23 = [i2,i3]
//     out_x   += SMLAD(L01, [w0,w1]) + SMLABB(L23, w2)
//     out_x+1 += SMLAD(L12, [w0,w1]) + SMLATB(L23, w2)
//   stride 2: L01, L23, L45
//     out_x   += SMLAD(L01, [w0,w1]) + SMLABB(L23, w2)
//     out_x+1 += SMLAD(L23, [w0,w1]) + SMLABB(L45, w2)
// (7 instructions for 6 MACs per row). Each output row's accumulators go to
// scratch first (the portable build computes them with plain loops), then a
// second loop requantizes the row.
//
// One input channel (multiplier = output channels, any filter size, stride
// and dilation), e.g. a spectrogram's first layer: out[...][o] is a
// convolution with filter row o = w[0][.][.][o]; the filter is transposed
// into scratch as [o][ky][kx] and ConvInt8 does the rest.
#include <cstring>

#include "base/code_size.h"
#include "kernels/arm/int8_kernels.h"
#include "kernels/arm/requant.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

constexpr int32_t kMaxTransposedFilter = 4096;  // bytes of filter copied for one input channel

bool IsSingleInput(const ConvShape& s, int32_t mult) {
  return s.in_c == 1 && mult == s.out_c &&
         static_cast<int64_t>(s.k_h) * s.k_w * s.out_c <= kMaxTransposedFilter;
}

struct PlaneGeometry {
  int32_t rows, cols;  // plane size (cols even: rows stay word aligned)
  int32_t out_w2;      // out_w rounded up to even
};

PlaneGeometry PlaneOf(const ConvShape& s) {
  PlaneGeometry g;
  g.out_w2 = (s.out_w + 1) & ~1;
  g.rows = (s.out_h - 1) * s.stride_h + 3;
  g.cols = s.stride_w == 1 ? g.out_w2 + 2 : 2 * g.out_w2 + 2;
  return g;
}

// Plane of channel c: value + offset inside the input. Only the inside is
// written: the border (padding, 0) is the same for every channel and is
// cleared once per call (ClearPlane).
void FillPlane(const ConvShape& s, const PlaneGeometry& g, const int8_t* xb, int32_t c,
               int32_t offset, int16_t* plane) {
  const int32_t c_in = s.in_c;
  const int32_t x_first = s.pad_w;   // first column inside the input
  int32_t x_end = s.pad_w + s.in_w;  // one past the last
  if (x_end > g.cols) x_end = g.cols;
  int32_t y_end = s.pad_h + s.in_h;
  if (y_end > g.rows) y_end = g.rows;
  const int32_t n = x_end - x_first;
  for (int32_t py = s.pad_h; py < y_end; ++py) {
    int16_t* dst = plane + static_cast<size_t>(py) * g.cols + x_first;
    const int8_t* src = xb + static_cast<size_t>(py - s.pad_h) * s.in_w * c_in + c;
    for (int32_t i = 0; i < n; ++i, src += c_in) dst[i] = static_cast<int16_t>(*src + offset);
  }
}

void ClearPlane(const PlaneGeometry& g, int16_t* plane) {
  std::memset(plane, 0, static_cast<size_t>(g.rows) * g.cols * sizeof(int16_t));
}

// out[i * stride] = clamp(requant(acc[i]) + zp) for i < n. A function of its
// own: the loop's values fit the registers it starts with.
template <bool kFull>
__attribute__((noinline)) void RequantStrided(const int32_t* acc, int32_t n, RqChannel rq,
                                              int32_t zp, int32_t lo, int32_t hi, int8_t* y,
                                              int32_t stride) {
  for (const int32_t* end = acc + n; acc != end; ++acc, y += stride) {
    *y = static_cast<int8_t>(RequantOut<kFull>(*acc, rq, zp, lo, hi));
  }
}

// Output row oy of the plane's channel: accumulators (bias included) into
// acc[0 .. out_w2), two per step.
template <int kStride>
void MacRow3x3Dsp(const int16_t* r0, int32_t cols, int32_t out_w2, const uint32_t* wp, int32_t bias,
                  int32_t* acc) {
  const int16_t* r1 = r0 + cols;
  const int16_t* r2 = r1 + cols;
  const uint32_t w01a = wp[0], w2a = wp[1], w01b = wp[2], w2b = wp[3], w01c = wp[4], w2c = wp[5];
  for (int32_t ox = 0; ox < out_w2;
       ox += 2, r0 += 2 * kStride, r1 += 2 * kStride, r2 += 2 * kStride) {
    int32_t a0 = bias, a1 = bias;
    if constexpr (kStride == 1) {
      a0 = Smlad(Load32(r0), w01a, a0);
      a1 = Smlad(Load32(r0 + 1), w01a, a1);
      uint32_t t = Load32(r0 + 2);
      a0 = Smlabb(t, w2a, a0);
      a1 = Smlatb(t, w2a, a1);
      a0 = Smlad(Load32(r1), w01b, a0);
      a1 = Smlad(Load32(r1 + 1), w01b, a1);
      t = Load32(r1 + 2);
      a0 = Smlabb(t, w2b, a0);
      a1 = Smlatb(t, w2b, a1);
      a0 = Smlad(Load32(r2), w01c, a0);
      a1 = Smlad(Load32(r2 + 1), w01c, a1);
      t = Load32(r2 + 2);
      a0 = Smlabb(t, w2c, a0);
      a1 = Smlatb(t, w2c, a1);
    } else {
      a0 = Smlad(Load32(r0), w01a, a0);
      uint32_t t = Load32(r0 + 2);
      a1 = Smlad(t, w01a, a1);
      a0 = Smlabb(t, w2a, a0);
      a1 = Smlabb(Load32(r0 + 4), w2a, a1);
      a0 = Smlad(Load32(r1), w01b, a0);
      t = Load32(r1 + 2);
      a1 = Smlad(t, w01b, a1);
      a0 = Smlabb(t, w2b, a0);
      a1 = Smlabb(Load32(r1 + 4), w2b, a1);
      a0 = Smlad(Load32(r2), w01c, a0);
      t = Load32(r2 + 2);
      a1 = Smlad(t, w01c, a1);
      a0 = Smlabb(t, w2c, a0);
      a1 = Smlabb(Load32(r2 + 4), w2c, a1);
    }
    acc[ox] = a0;
    acc[ox + 1] = a1;
  }
}

// One channel: each output row's accumulators into row_acc, then
// requantized into the channel's outputs (stride out_c bytes). Two passes
// keep the multiply loop's nine weights, three row pointers and two
// accumulators in registers.
template <bool kDsp, int kStride>
void Plane3x3(const ConvShape& s, const PlaneGeometry& g, const int16_t* plane, const int8_t* w,
              int32_t bias, const RqChannel& rq, const OutQuant& q, int32_t* row_acc, int8_t* yc) {
  const int32_t oc = s.out_c;
  const int32_t lo = q.act_min, hi = q.act_max, zp = q.out_zp;
  uint32_t wp[6];
  int32_t wk[9];
  if constexpr (kDsp) {
    for (int r = 0; r < 3; ++r) {
      wp[2 * r] = Pack16(w[3 * r * oc], w[(3 * r + 1) * oc]);
      wp[2 * r + 1] = Pack16(w[(3 * r + 2) * oc], 0);
    }
  } else {
    for (int t = 0; t < 9; ++t) wk[t] = w[t * oc];
  }
  for (int32_t oy = 0; oy < s.out_h; ++oy) {
    const int16_t* r0 = plane + static_cast<size_t>(oy) * kStride * g.cols;
    if constexpr (kDsp) {
      MacRow3x3Dsp<kStride>(r0, g.cols, g.out_w2, wp, bias, row_acc);
    } else {
      const int16_t* r1 = r0 + g.cols;
      const int16_t* r2 = r1 + g.cols;
      for (int32_t ox = 0; ox < s.out_w; ++ox) {
        const int32_t i = ox * kStride;
        row_acc[ox] = bias + r0[i] * wk[0] + r0[i + 1] * wk[1] + r0[i + 2] * wk[2] + r1[i] * wk[3] +
                      r1[i + 1] * wk[4] + r1[i + 2] * wk[5] + r2[i] * wk[6] + r2[i + 1] * wk[7] +
                      r2[i + 2] * wk[8];
      }
    }
    int8_t* y = yc + static_cast<size_t>(oy) * s.out_w * oc;
    if (FullRange(lo, hi)) {
      RequantStrided<true>(row_acc, s.out_w, rq, zp, lo, hi, y, oc);
    } else {
      RequantStrided<false>(row_acc, s.out_w, rq, zp, lo, hi, y, oc);
    }
  }
}

}  // namespace

bool DepthwiseInt8Shape(const ConvShape& s, int32_t depth_multiplier) {
  return DepthwiseInt8Plane3x3(s, depth_multiplier) || IsSingleInput(s, depth_multiplier);
}

bool DepthwiseInt8Applies(const ConvShape& s, int32_t depth_multiplier, const OutQuant& q) {
  if (!DepthwiseInt8Shape(s, depth_multiplier)) return false;
  return RequantFastApplies(q.multiplier, q.shift, s.out_c, q.per_channel, q.out_zp) &&
         q.in_offset >= -127 && q.in_offset <= 128;
}

CIRCLET_COLD size_t DepthwiseInt8ScratchBytes(const ConvShape& s, int32_t depth_multiplier) {
  if (DepthwiseInt8Plane3x3(s, depth_multiplier)) {
    const PlaneGeometry g = PlaneOf(s);
    return Align4(static_cast<size_t>(g.rows) * g.cols * sizeof(int16_t)) +
           static_cast<size_t>(g.out_w2) * sizeof(int32_t);
  }
  ConvShape c = s;
  const size_t filter = Align4(static_cast<size_t>(s.k_h) * s.k_w * s.out_c);
  return filter + ConvInt8ScratchBytes(c);
}

template <bool kDsp>
void DepthwiseInt8Impl(const ConvShape& s, int32_t depth_multiplier, const OutQuant& q,
                       const int8_t* in, const int8_t* filter, const int32_t* bias, int8_t* out,
                       void* scratch, RowRing<int8_t>* ring) {
  if (!DepthwiseInt8Plane3x3(s, depth_multiplier)) {
    // One input channel: transpose [ky][kx][o] -> [o][ky][kx], then convolve.
    const int32_t taps = s.k_h * s.k_w;
    auto* wt = static_cast<int8_t*>(scratch);
    for (int32_t t = 0; t < taps; ++t) {
      for (int32_t o = 0; o < s.out_c; ++o) wt[o * taps + t] = filter[t * s.out_c + o];
    }
    void* rest = static_cast<uint8_t*>(scratch) + Align4(static_cast<size_t>(taps) * s.out_c);
    ConvInt8Impl<kDsp>(s, q, in, wt, bias, out, rest, ring);
    return;
  }
  const PlaneGeometry g = PlaneOf(s);
  auto* plane = static_cast<int16_t*>(scratch);
  auto* row_acc =
      reinterpret_cast<int32_t*>(static_cast<uint8_t*>(scratch) +
                                 Align4(static_cast<size_t>(g.rows) * g.cols * sizeof(int16_t)));
  const int32_t c_n = s.in_c;
  ClearPlane(g, plane);
  for (int32_t b = 0; b < s.batches; ++b) {
    const int8_t* xb = in + static_cast<size_t>(b) * s.in_h * s.in_w * c_n;
    int8_t* yb = out + static_cast<size_t>(b) * s.out_h * s.out_w * s.out_c;
    for (int32_t c = 0; c < c_n; ++c) {
      FillPlane(s, g, xb, c, q.in_offset, plane);
      const int32_t i = q.per_channel ? c : 0;
      const RqChannel rq = MakeRqChannel(q.multiplier[i], q.shift[i]);
      const int32_t bc = bias != nullptr ? bias[c] : 0;
      if (s.stride_h == 1) {
        Plane3x3<kDsp, 1>(s, g, plane, filter + c, bc, rq, q, row_acc, yb + c);
      } else {
        Plane3x3<kDsp, 2>(s, g, plane, filter + c, bc, rq, q, row_acc, yb + c);
      }
    }
  }
}

template void DepthwiseInt8Impl<true>(const ConvShape&, int32_t, const OutQuant&, const int8_t*,
                                      const int8_t*, const int32_t*, int8_t*, void*,
                                      RowRing<int8_t>*);
template void DepthwiseInt8Impl<false>(const ConvShape&, int32_t, const OutQuant&, const int8_t*,
                                       const int8_t*, const int32_t*, int8_t*, void*,
                                       RowRing<int8_t>*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
