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
                           const TensorView& in, const TensorView& out, int32_t act_min,
                           int32_t act_max) {
  OutQuant q;
  q.multiplier = multiplier;
  q.shift = shift;
  q.per_channel = per_channel;
  q.in_offset = -in.quant.zero_point();
  q.out_zp = out.quant.zero_point();
  q.act_min = act_min;
  q.act_max = act_max;
  return q;
}

// Prepare: every channel's multiplier QuantizeMultiplier(in_scale *
// w_scale[c] / out_scale) has the fast requantization form and the zero
// points are int8 values, so eval will take the optimized routine (when
// OptimizedKernels()); computed without storing anything.
inline bool FastRequantAtPrepare(const TensorView& in, const TensorView& filter,
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
// working memory, 0 when eval will not take it. Eval takes the routine
// exactly when *Applies() holds on the multipliers ChannelParamsAt computed,
// which is the same predicate as FastRequantAtPrepare (same
// quant::ChannelMultiplier values, same zero-point bounds), so the scratch
// is there whenever eval uses it.
inline size_t ConvScratchAtPrepare(const ConvShape& s, const TensorView& in,
                                   const TensorView& filter, const TensorView& out) {
  return FastRequantAtPrepare(in, filter, out) ? ConvInt8ScratchBytes(s) : 0;
}
inline size_t DepthwiseScratchAtPrepare(const ConvShape& s, int32_t mult, const TensorView& in,
                                        const TensorView& filter, const TensorView& out) {
  return DepthwiseInt8Shape(s, mult) && FastRequantAtPrepare(in, filter, out)
             ? DepthwiseInt8ScratchBytes(s, mult)
             : 0;
}

// In place (output starting where the input starts, kernels/conv_util.h):
// whether the optimized routine gives the same bytes as out of place.
//
// CONV_2D, 1x1 stride 1 without padding, out_c <= in_c: the routine packs
// four input pixels into its int16 block before it writes the same four
// output pixels, which end at byte (t + 4) * out_c <= (t + 4) * in_c, where
// the pixels still to be read begin. Every other convolution gathers patches
// around the pixel it writes: the reference loop with its row ring runs it.
// With out_c > in_c the blocks run backwards (ConvInt8PointwiseBackward):
// block t writes output bytes from t * out_c >= t * in_c on, and the pixels
// still to be read end at byte t * in_c.
inline bool ConvInt8Pointwise(const ConvShape& s) {
  return s.k_h == 1 && s.k_w == 1 && s.stride_h == 1 && s.stride_w == 1 && s.pad_h == 0 &&
         s.pad_w == 0 && s.out_h == s.in_h && s.out_w == s.in_w;
}
inline bool ConvInt8InPlaceOk(const ConvShape& s) {
  return ConvInt8Pointwise(s);
}
// Runs the routine; `in_place`: output starts where the input starts.
inline void ConvInt8Dispatch(const ConvShape& s, const OutQuant& q, bool in_place, const int8_t* in,
                             const int8_t* filter, const int32_t* bias, int8_t* out,
                             void* scratch) {
  if (in_place && s.out_c > s.in_c) {
    ConvInt8PointwiseBackward(s, q, in, filter, bias, out, scratch);
  } else {
    ConvInt8(s, q, in, filter, bias, out, scratch);
  }
}
// DEPTHWISE_CONV_2D 3x3 with multiplier 1: channel c of a batch is widened
// into the plane before any output of channel c is written, and the outputs
// of channel c land only on input bytes of channel c of this or an earlier
// batch (out_c == in_c, output no larger than the input): all consumed.
// The one-input-channel case runs as a convolution: not in place.
inline bool DepthwiseInt8InPlaceOk(const ConvShape& s, int32_t mult) {
  return mult == 1 && s.k_h == 3 && s.k_w == 3 && s.dilation_h == 1 && s.dilation_w == 1 &&
         s.stride_h == s.stride_w && (s.stride_h == 1 || s.stride_h == 2) &&
         static_cast<int64_t>(s.out_h) * s.out_w <= static_cast<int64_t>(s.in_h) * s.in_w;
}

}  // namespace opt
}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ARM_DISPATCH_H_
