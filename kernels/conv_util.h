// Helpers shared by the convolution kernels (CONV_2D, DEPTHWISE_CONV_2D):
// geometry (output size and padding, TFLite's ComputePaddingHeightWidth),
// int8 per-channel requantization parameters (TFLite's
// PopulateConvolutionQuantizationParams), recomputed into scratch at every
// eval instead of being kept in persistent memory.
#ifndef CIRCLET_KERNELS_CONV_UTIL_H_
#define CIRCLET_KERNELS_CONV_UTIL_H_

#include <cmath>
#include <cstdint>

#include "kernels/kernel_util.h"
#include "quant/multiplier.h"

namespace circlet {
namespace kernels {

// Spatial geometry of one convolution, computed once in prepare.
struct ConvGeometry {
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t pad_h, pad_w;  // padding before the first row / column
  int32_t out_h, out_w;
};

// Validates strides, dilations and padding type and computes the output size
// and leading padding. SAME: out = ceil(in / stride); VALID: out =
// ceil((in - effective + 1) / stride), effective = (k - 1) * dilation + 1.
// Padding (both types): total = max((out - 1) * stride + effective - in, 0),
// before = total / 2, the odd pixel goes after.
inline Status ComputeConvGeometry(const OpContext& ctx, fb::Padding padding, int32_t stride_h,
                                  int32_t stride_w, int32_t dilation_h, int32_t dilation_w,
                                  int32_t in_h, int32_t in_w, int32_t k_h, int32_t k_w,
                                  ConvGeometry* g) {
  if (padding != fb::Padding_SAME && padding != fb::Padding_VALID) {
    return ctx.Error(StatusCode::kUnsupported, "padding type %d is not supported",
                     static_cast<int>(padding));
  }
  if (stride_h < 1 || stride_w < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "strides %dx%d (h x w) must be positive", stride_h,
                     stride_w);
  }
  if (dilation_h < 1 || dilation_w < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "dilation factors %dx%d (h x w) must be positive",
                     dilation_h, dilation_w);
  }
  if (k_h < 1 || k_w < 1 || in_h < 1 || in_w < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "empty input %dx%d or filter %dx%d", in_h, in_w,
                     k_h, k_w);
  }
  g->stride_h = stride_h;
  g->stride_w = stride_w;
  g->dilation_h = dilation_h;
  g->dilation_w = dilation_w;
  g->out_h = ConvOutSize(padding, in_h, k_h, stride_h, dilation_h);
  g->out_w = ConvOutSize(padding, in_w, k_w, stride_w, dilation_w);
  if (g->out_h < 1 || g->out_w < 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "filter %dx%d (dilation %dx%d) does not fit the %dx%d input with VALID "
                     "padding",
                     k_h, k_w, dilation_h, dilation_w, in_h, in_w);
  }
  g->pad_h = ConvPadding(stride_h, dilation_h, in_h, k_h, g->out_h);
  g->pad_w = ConvPadding(stride_w, dilation_w, in_w, k_w, g->out_w);
  return Status::Ok();
}

// Range [*first, *last) of filter taps k whose input coordinate
// origin + k * dilation lies inside [0, size).
inline void ValidTaps(int32_t origin, int32_t dilation, int32_t taps, int32_t size, int32_t* first,
                      int32_t* last) {
  int32_t a = 0;
  while (a < taps && origin + a * dilation < 0) ++a;
  int32_t b = taps;
  while (b > a && origin + (b - 1) * dilation >= size) --b;
  *first = a;
  *last = b;
}

// What a convolution keeps in persistent memory: everything else (strides,
// padding, zero points, per-channel multipliers) is read or recomputed from
// the model at eval. 8 bytes on a 32-bit target.
struct ConvOpData {
  ScratchRecord* scratch;   // per-channel parameters (int8) and working rows, or nullptr
  int8_t act_min, act_max;  // int8 activation clamp
  uint16_t ring_rows;       // in-place: input rows saved before being overwritten
};

// Geometry at eval, from the options and the validated tensor shapes
// (ComputeConvGeometry checked them in prepare). VALID padding comes out 0.
template <typename Options>
inline ConvGeometry ConvGeometryAt(const Options& opt, const TensorView& in,
                                   const TensorView& filter, const TensorView& out) {
  ConvGeometry g;
  g.stride_h = opt.stride_h();
  g.stride_w = opt.stride_w();
  g.dilation_h = opt.dilation_h_factor();
  g.dilation_w = opt.dilation_w_factor();
  g.out_h = out.dim(1);
  g.out_w = out.dim(2);
  g.pad_h = ConvPadding(g.stride_h, g.dilation_h, in.dim(1), filter.dim(1), g.out_h);
  g.pad_w = ConvPadding(g.stride_w, g.dilation_w, in.dim(2), filter.dim(2), g.out_w);
  return g;
}

// Checks the int8 quantization of input, filter and output and the
// activation clamp: per output channel c, M = double(in_scale) *
// double(filter_scale[c]) / double(out_scale) (one filter scale: broadcast)
// must be finite and non-negative. The filter's per-channel scales must run
// along `quant_dim` (CONV_2D: 0, DEPTHWISE_CONV_2D: 3); zero points must be
// 0. Nothing per channel is stored: see ChannelParamsAt.
inline Status PrepareConvQuant(OpContext& ctx, const TensorView& in, const TensorView& filter,
                               const TensorView& out, int32_t channels, int32_t quant_dim,
                               int activation, ConvOpData* d) {
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  const int32_t n = filter.quant.count;
  if (n != 1 && n != channels) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "filter (tensor %d) has %d scales, expected 1 or %d (one per output channel)",
                     filter.index, n, channels);
  }
  if (n > 1 && filter.quant.quantized_dimension != quant_dim) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "filter (tensor %d) is quantized along dimension %d, expected %d",
                     filter.index, filter.quant.quantized_dimension, quant_dim);
  }
  for (int32_t c = 0; c < n; ++c) {
    if (filter.quant.zero_points[c] != 0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "filter (tensor %d) zero point %lld, int8 weights must be symmetric (0)",
                       filter.index, static_cast<long long>(filter.quant.zero_points[c]));
    }
  }
  int32_t lo = 0, hi = 0;
  quant::ActivationRangeQuantized(activation, out.quant.scale(), out.quant.zero_point(), out.type,
                                  &lo, &hi);
  d->act_min = static_cast<int8_t>(lo);
  d->act_max = static_cast<int8_t>(hi);
  const double in_scale = static_cast<double>(in.quant.scale());
  const double out_scale = static_cast<double>(out.quant.scale());
  for (int32_t c = 0; c < n; ++c) {
    const double m = in_scale * static_cast<double>(filter.quant.scales[c]) / out_scale;
    if (!std::isfinite(m) || m < 0.0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "output channel %d has effective scale %g, not a finite non-negative "
                       "number",
                       c, m);
    }
  }
  return Status::Ok();
}

// Per-output-channel requantization parameters, computed at the start of
// eval into the op's scratch: int32 multiplier[channels], then int8
// shift[channels] (TFLite's shifts lie in [-31, 30]).
struct ChannelParams {
  const int32_t* multiplier;
  const int8_t* shift;
};

inline size_t AlignScratch(size_t bytes) {
  return (bytes + 3) & ~static_cast<size_t>(3);
}
inline size_t ChannelParamsBytes(int32_t channels) {
  return AlignScratch(static_cast<size_t>(channels) * 5);
}

// M[c], shift[c] = QuantizeMultiplier(double(in_scale) * double(w_scale[c]) /
// double(out_scale)) for every output channel, bit for bit as
// PopulateConvolutionQuantizationParams (quant::ChannelMultiplier).
inline ChannelParams ChannelParamsAt(void* scratch, const TensorView& in, const TensorView& filter,
                                     const TensorView& out, int32_t channels) {
  auto* mult = static_cast<int32_t*>(scratch);
  auto* shift = reinterpret_cast<int8_t*>(mult + channels);
  const float in_scale = in.quant.scale(), out_scale = out.quant.scale();
  const bool per_channel = filter.quant.count > 1;
  int32_t m0 = 0;
  int s0 = 0;
  if (!per_channel) quant::ChannelMultiplier(in_scale, filter.quant.scales[0], out_scale, &m0, &s0);
  for (int32_t c = 0; c < channels; ++c) {
    int s = s0;
    if (per_channel) {
      quant::ChannelMultiplier(in_scale, filter.quant.scales[c], out_scale, &mult[c], &s);
    } else {
      mult[c] = m0;
    }
    shift[c] = static_cast<int8_t>(s);
  }
  return ChannelParams{mult, shift};
}

// Bias (optional input 2): `channels` elements of the accumulator's type.
inline Status CheckConvBias(const OpContext& ctx, const TensorView& bias, int32_t channels,
                            DType type) {
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(bias, type, "bias"));
  if (bias.num_elements() != channels) {
    return ctx.Error(StatusCode::kInvalidModel, "bias (tensor %d) has %lld elements, expected %d",
                     bias.index, static_cast<long long>(bias.num_elements()), channels);
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_CONV_UTIL_H_
