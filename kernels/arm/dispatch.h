// SPDX-License-Identifier: Apache-2.0
// Glue between the kernels' prepare/eval (kernels/ref/) and the optimized
// int8 routines (kernels/arm/int8_kernels.h): shapes and quantization from
// TensorViews, and the prepare-time check that decides whether an op's
// scratch includes the optimized routine's working memory. The choice
// itself is made once, in kernels/optimized.h (OptimizedKernels()).
#ifndef CIRCLET_KERNELS_ARM_DISPATCH_H_
#define CIRCLET_KERNELS_ARM_DISPATCH_H_

#include "kernels/arm/int8_kernels.h"
#include "kernels/arm/requant.h"
#include "kernels/conv_util.h"
#include "quant/multiplier.h"

namespace circlet {
namespace kernels {
namespace opt {

// Geometry g (ConvGeometry), the input and output views and the filter's
// spatial size and output channels.
inline ConvShape ConvShapeOf(const ConvGeometry& g, const TensorView& in, int32_t k_h, int32_t k_w,
                             const TensorView& out) {
  ConvShape s;
  s.batches = in.dim(0);
  s.in_h = in.dim(1);
  s.in_w = in.dim(2);
  s.in_c = in.dim(3);
  s.out_h = out.dim(1);
  s.out_w = out.dim(2);
  s.out_c = out.dim(3);
  s.k_h = k_h;
  s.k_w = k_w;
  s.stride_h = g.stride_h;
  s.stride_w = g.stride_w;
  s.dilation_h = g.dilation_h;
  s.dilation_w = g.dilation_w;
  s.pad_h = g.pad_h;
  s.pad_w = g.pad_w;
  return s;
}

inline OutQuant OutQuantOf(const int32_t* multiplier, const int8_t* shift, bool per_channel,
                           int32_t in_zero_point, int32_t out_zero_point, int32_t act_min,
                           int32_t act_max) {
  OutQuant q;
  q.multiplier = multiplier;
  q.shift = shift;
  q.per_channel = per_channel;
  q.in_offset = -in_zero_point;
  q.out_zp = out_zero_point;
  q.act_min = act_min;
  q.act_max = act_max;
  return q;
}

}  // namespace opt

// The int8 eval of CONV_2D and DEPTHWISE_CONV_2D up to the choice between
// the optimized routine and the reference loop: the requantization
// parameters (recomputed into scratch; on a row band, kept from band to
// band), the row ring (started when the op runs in place), and the
// routine's shape and quantization. One copy for both operators (out of
// line: it runs once per op).
struct Int8ConvEval {
  ConvOutput q;
  RowRing<int8_t> ring;
  opt::ConvShape s;
  opt::OutQuant oq;
  uint8_t* work;  // the scratch after the channel parameters
};
// The filter's dimensions 1 and 2 are its height and width for both.
CIRCLET_ONE_COPY inline Status StartInt8ConvEval(const OpContext& ctx, const ConvOpData& d,
                                                 const ConvGeometry& g, const ConvDims& v,
                                                 const TensorView& in, const TensorView& filter,
                                                 const TensorView& out, int32_t out_c,
                                                 Int8ConvEval* e) {
  e->work = nullptr;
  e->q = Int8ConvOutputAt(d, ctx.row_window(), ConvScratchAt(ctx, d), out_c, &e->work);
  CIRCLET_RETURN_IF_ERROR(StartRowRing(ctx, d, v, out_c, in, out, e->work, &e->ring));
  e->s = opt::ConvShapeOf(g, in, filter.dim(1), filter.dim(2), out);
  e->oq = opt::OutQuantOf(e->q.p.multiplier, e->q.p.shift, true, d.q.in_zero_point,
                          d.q.out_zero_point, d.act_min, d.act_max);
  return Status::Ok();
}

namespace opt {

// Prepare: every channel's multiplier QuantizeMultiplier(in_scale *
// w_scale[c] / out_scale) has the fast requantization form and the zero
// points are int8 values: *Applies() holds on the multipliers
// ChannelParamsAt computes at eval (same quant::ChannelMultiplier values,
// same zero-point bounds), so prepare decides it once (ConvOpData::fast).
CIRCLET_COLD inline bool FastRequantAtPrepare(const TensorView& in, const TensorView& filter,
                                              const TensorView& out) {
  const int32_t in_zp = in.quant.zero_point(), out_zp = out.quant.zero_point();
  if (in_zp < -128 || in_zp > 127 || out_zp < -128 || out_zp > 127) return false;
  for (int32_t c = 0; c < filter.quant.count; ++c) {
    int32_t m = 0;
    int shift = 0;
    quant::ChannelMultiplier(in.quant.scale(), filter.quant.scales[c], out.quant.scale(), &m,
                             &shift);
    if (!RequantFastOk(m, shift)) return false;
  }
  return filter.quant.count > 0;
}

// Prepare: bytes of the optimized CONV_2D / DEPTHWISE_CONV_2D routine's
// working memory, 0 when eval will not take it (`fast_requant`:
// FastRequantAtPrepare), so the scratch is there whenever eval uses it.
CIRCLET_COLD inline size_t ConvScratchAtPrepare(const ConvShape& s, bool fast_requant) {
  return fast_requant ? ConvInt8ScratchBytes(s) : 0;
}
CIRCLET_COLD inline size_t DepthwiseScratchAtPrepare(const ConvShape& s, int32_t mult,
                                                     bool fast_requant) {
  return DepthwiseInt8Shape(s, mult) && fast_requant ? DepthwiseInt8ScratchBytes(s, mult) : 0;
}

// In place (output starting where the input starts, kernels/conv_util.h):
// whether and how the optimized routine gives the same bytes as out of
// place.
//
// CONV_2D, 1x1 stride 1 without padding (ConvDimsOf's pointwise view, whose
// ring rows are single pixels): no ring. With out_c <= in_c the routine
// packs four input pixels into its int16 block before it writes the same
// four output pixels, which end at byte (t + 4) * out_c <= (t + 4) * in_c,
// where the pixels still to be read begin. With out_c > in_c the blocks run
// backwards (ConvInt8PointwiseBackward): block t writes output bytes from
// t * out_c >= t * in_c on, and the pixels still to be read end at byte
// t * in_c.
// Every other convolution gathers patches around the pixels it writes: it
// reads its input rows through the op's RowRing, which saves, after a block
// is packed and before its outputs are written, the rows those outputs
// overwrite that later blocks still read. The block-wise saves stay within
// the ring the row-wise analysis sized (InPlaceRingRows): before a block
// ending in output row oy is written, the rows still needed start at
// FirstInputRow(oy) and the overwritten ones end at or before clob(oy).
inline bool ConvInt8Pointwise(const ConvShape& s) {
  return s.k_h == 1 && s.k_w == 1 && s.stride_h == 1 && s.stride_w == 1 && s.pad_h == 0 &&
         s.pad_w == 0 && s.out_h == s.in_h && s.out_w == s.in_w;
}
// The routine reads through the ring when in place (and its working memory
// then sits after the ring's, see RingAndFastBytes).
inline bool ConvFastNeedsRing(const ConvShape& s) {
  return !ConvInt8Pointwise(s);
}
// Runs the routine; in place when `ring` is active.
inline void ConvInt8Dispatch(const ConvShape& s, const OutQuant& q, RowRing<int8_t>* ring,
                             const int8_t* in, const int8_t* filter, const int32_t* bias,
                             int8_t* out, void* scratch) {
  if (!ConvInt8Pointwise(s)) {
    ConvInt8(s, q, in, filter, bias, out, scratch, ring);
  } else if (ring->active() && s.out_c > s.in_c) {
    ConvInt8PointwiseBackward(s, q, in, filter, bias, out, scratch);
  } else {
    ConvInt8(s, q, in, filter, bias, out, scratch);
  }
}

// DEPTHWISE_CONV_2D 3x3 with multiplier 1 (the plane routine): channel c of
// a batch is widened into the plane before any output of channel c is
// written, and the outputs of channel c land only on input bytes of channel
// c of this or an earlier batch (out_c == in_c, output no larger than the
// input): all consumed. No ring.
// One input channel (a convolution with the transposed filter): through
// ConvInt8's ring as above, except for the 1x1 stride-1 shape (pixel rows).
inline bool DepthwiseFastNeedsRing(const ConvShape& s, int32_t mult) {
  return !DepthwiseInt8Plane3x3(s, mult);
}
inline bool DepthwiseInt8InPlaceOk(const ConvShape& s, int32_t mult) {
  if (DepthwiseInt8Plane3x3(s, mult)) {
    return static_cast<int64_t>(s.out_h) * s.out_w <= static_cast<int64_t>(s.in_h) * s.in_w;
  }
  return !ConvInt8Pointwise(s);
}

// Prepare: the scratch after the channel parameters. The ring and the
// routine's working memory sit side by side when the routine runs in place
// through the ring, else they share the space (eval uses one or the other).
inline size_t RingAndFastBytes(size_t ring, size_t fast, bool needs_ring) {
  return needs_ring && ring > 0 && fast > 0 ? ring + fast : (ring > fast ? ring : fast);
}
// Eval: where the routine's working memory starts (`work`: after the
// channel parameters; `ring`: the ring's bytes, RingBytes).
inline uint8_t* FastScratch(uint8_t* work, size_t ring, bool needs_ring) {
  return needs_ring ? work + ring : work;
}

}  // namespace opt
}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ARM_DISPATCH_H_
