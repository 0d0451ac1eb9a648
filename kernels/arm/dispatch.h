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

}  // namespace opt
}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ARM_DISPATCH_H_
