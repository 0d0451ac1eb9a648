// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the convolution kernels (CONV_2D, DEPTHWISE_CONV_2D):
// geometry (output size and padding, TFLite's ComputePaddingHeightWidth),
// int8 per-channel requantization parameters (TFLite's
// PopulateConvolutionQuantizationParams), recomputed into scratch at every
// eval instead of being kept in persistent memory (on the row bands of a
// patch-based stage: once per run of the stage).
#ifndef CIRCLET_KERNELS_CONV_UTIL_H_
#define CIRCLET_KERNELS_CONV_UTIL_H_

#include <cinttypes>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/kernel_util.h"
#include "kernels/row_ring.h"
#include "quant/multiplier.h"

namespace circlet {
namespace kernels {

// Spatial geometry of one convolution, computed once in prepare.
struct ConvGeometry {
  int stride_h, stride_w;
  int dilation_h, dilation_w;
  int pad_h, pad_w;  // padding before the first row / column
  int out_h, out_w;
};

// Validates strides, dilations and padding type and computes the output size
// and leading padding. SAME: out = ceil(in / stride); VALID: out =
// ceil((in - effective + 1) / stride), effective = (k - 1) * dilation + 1.
// Padding (both types): total = max((out - 1) * stride + effective - in, 0),
// before = total / 2, the odd pixel goes after.
CIRCLET_COLD inline Status ComputeConvGeometry(const OpContext& ctx, fb::Padding padding,
                                               int stride_h, int stride_w, int dilation_h,
                                               int dilation_w, int in_h, int in_w, int k_h, int k_w,
                                               ConvGeometry* g) {
  if (padding != fb::Padding_SAME && padding != fb::Padding_VALID) {
    return ctx.Error(StatusCode::kUnsupported, "padding type %d is not supported",
                     static_cast<int>(padding));
  }
  // Each minus 1, as unsigned, is at most 254 exactly when it lies in
  // 1..255 (ConvOpData keeps them in bytes).
  if ((static_cast<uint32_t>(stride_h - 1) | static_cast<uint32_t>(stride_w - 1) |
       static_cast<uint32_t>(dilation_h - 1) | static_cast<uint32_t>(dilation_w - 1)) > 254u) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "strides %dx%d and dilations %dx%d (h x w) must be 1 to 255", stride_h,
                     stride_w, dilation_h, dilation_w);
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
CIRCLET_INLINE void ValidTaps(int32_t origin, int32_t dilation, int32_t taps, int32_t size,
                              int32_t* first, int32_t* last) {
  int32_t a = 0;
  while (a < taps && origin + a * dilation < 0) ++a;
  int32_t b = taps;
  while (b > a && origin + (b - 1) * dilation >= size) --b;
  *first = a;
  *last = b;
}

// What a convolution keeps in persistent memory: its options and the
// quantization eval needs (eval's tensor views carry none: runtime/records.h),
// so that eval reads nothing from the flatbuffer. Padding is recomputed from
// the shapes. 32 bytes on a 32-bit target.
// Where the per-output-channel requantization parameters live (the one
// place this choice is made; see ChannelParamsAtPrepare/ChannelParamsAtEval):
//   default: recomputed at the start of every eval from the filter's scales
//     in the model (filter_scales, flash) into the op's scratch (no RAM
//     between invokes; about 25 instructions per channel on Cortex-M7); on
//     the row bands of a patch-based stage, by the op's first band of each
//     run into bytes the stage keeps until its last (RowWindow::kept);
//   CIRCLET_PERSISTENT_CHANNEL_PARAMS=1: computed once in prepare into
//     persistent memory (5 bytes per channel; eval only reads them).
#ifndef CIRCLET_PERSISTENT_CHANNEL_PARAMS
#define CIRCLET_PERSISTENT_CHANNEL_PARAMS 0
#endif

// The quantization eval needs, kept at prepare (KeepQuant). 16 bytes on a
// 32-bit target.
struct KeptQuant {
  const float* filter_scales;  // filter_count scales (the model's, in flash)
  float in_scale, out_scale;
  uint16_t filter_count;  // 1, or one scale per output channel
  int8_t in_zero_point;   // int8 (int16: 0)
  int8_t out_zero_point;  // int8 (int16: 0)
};

struct ConvOpData {
  ScratchRecord* scratch;      // per-channel parameters and working rows, or nullptr
  KeptQuant q;                 // quantized: what eval needs of the quantization
  uint16_t ring_rows;          // in-place: input rows saved before being overwritten
  int8_t act_min, act_max;     // int8 activation clamp
  uint8_t stride_h, stride_w;  // options (prepare refuses more than 255)
  uint8_t dilation_h, dilation_w;
  uint8_t activation;  // fused activation function
  // int8: eval takes the optimized routine (when OptimizedKernels(), and in
  // place only where it gives the same bytes). Decided at prepare, as none of
  // it varies from eval to eval or band to band: the shape's case, every
  // channel's requantization form (the scales are constant) and
  // BiasFitsFastPath (the bias is constant).
  uint8_t fast;
  // Leading padding (ComputeConvGeometry's), or kPadAtEval when it does not
  // fit a byte (eval computes it then); in the struct's spare bytes.
  uint8_t pad_h, pad_w;
#if CIRCLET_PERSISTENT_CHANNEL_PARAMS
  void* params;  // persistent per-channel parameters
#endif
};

constexpr int32_t kPadAtEval = 255;  // ConvOpData::pad_h / pad_w: computed at eval

// prepare: keeps the options eval needs in d (ComputeConvGeometry checked
// that strides and dilations lie in 1..255).
inline void KeepConvOptions(const ConvGeometry& g, int activation, ConvOpData* d) {
  d->stride_h = static_cast<uint8_t>(g.stride_h);
  d->stride_w = static_cast<uint8_t>(g.stride_w);
  d->dilation_h = static_cast<uint8_t>(g.dilation_h);
  d->dilation_w = static_cast<uint8_t>(g.dilation_w);
  d->activation = static_cast<uint8_t>(activation);
  d->pad_h = static_cast<uint8_t>(g.pad_h < kPadAtEval ? g.pad_h : kPadAtEval);
  d->pad_w = static_cast<uint8_t>(g.pad_w < kPadAtEval ? g.pad_w : kPadAtEval);
}

// Geometry at eval, from the options and padding kept in d and the
// validated tensor shapes (ComputeConvGeometry checked them in prepare). On
// a row band (OpContext::row_window, patch-based execution) the
// views become the band's and so does the leading padding: band output row
// y is whole-tensor row out_row0 + y, which reads whole-tensor input rows
// from (out_row0 + y) * stride - pad on, band rows from there minus
// in_row0. The band holds every real row it reads, so rows outside it are
// exactly the padding. Out of line and not cloned: one copy for every
// convolution (it runs once per op).
CIRCLET_ONE_COPY inline ConvGeometry ConvGeometryAt(const OpContext& ctx, const ConvOpData& d,
                                                    TensorView* in, const TensorView& filter,
                                                    TensorView* out) {
  ConvGeometry g;
  g.stride_h = d.stride_h;
  g.stride_w = d.stride_w;
  g.dilation_h = d.dilation_h;
  g.dilation_w = d.dilation_w;
  g.out_h = out->dim(1);
  g.out_w = out->dim(2);
  g.pad_h = d.pad_h != kPadAtEval
                ? d.pad_h
                : ConvPadding(g.stride_h, g.dilation_h, in->dim(1), filter.dim(1), g.out_h);
  g.pad_w = d.pad_w != kPadAtEval
                ? d.pad_w
                : ConvPadding(g.stride_w, g.dilation_w, in->dim(2), filter.dim(2), g.out_w);
  if (const RowWindow* rw = ctx.row_window()) {
    g.pad_h += rw->in_row0 - rw->out_row0 * g.stride_h;
    g.out_h = rw->out_dims[1];
    in->dims = rw->in_dims;
    out->dims = rw->out_dims;
  }
  return g;
}

// prepare: the input's and output's zero points, which must fit int8
// (int8 tensors; int16 ones are 0).
CIRCLET_COLD inline Status KeepZeroPoints(const OpContext& ctx, const TensorView& in,
                                          const TensorView& out, int8_t* in_zp, int8_t* out_zp) {
  const int32_t zin = in.quant.zero_point(), zout = out.quant.zero_point();
  if (zin < -128 || zin > 127 || zout < -128 || zout > 127) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "zero points %" PRId32 " (input), %" PRId32 " (output): not int8", zin, zout);
  }
  *in_zp = static_cast<int8_t>(zin);
  *out_zp = static_cast<int8_t>(zout);
  return Status::Ok();
}

// prepare: keeps what eval needs of the quantization (the filter's scales
// stay in the model).
CIRCLET_COLD inline Status KeepQuant(const OpContext& ctx, const TensorView& in,
                                     const TensorView& filter, const TensorView& out,
                                     KeptQuant* q) {
  if (filter.quant.count > 65535) return ctx.Error(StatusCode::kUnsupported, "over 65535 scales");
  q->filter_scales = filter.quant.scales;
  q->filter_count = static_cast<uint16_t>(filter.quant.count);
  q->in_scale = in.quant.scale();
  q->out_scale = out.quant.scale();
  return KeepZeroPoints(ctx, in, out, &q->in_zero_point, &q->out_zero_point);
}

// Checks the int8 quantization of input, filter and output and the
// activation clamp: per output channel c, M = double(in_scale) *
// double(filter_scale[c]) / double(out_scale) (one filter scale: broadcast)
// must be finite and non-negative. The filter's per-channel scales must run
// along `quant_dim` (CONV_2D: 0, DEPTHWISE_CONV_2D: 3); zero points must be
// 0. Nothing per channel is stored: see ChannelParamsAt.
CIRCLET_COLD inline Status PrepareConvQuant(OpContext& ctx, const TensorView& in,
                                            const TensorView& filter, const TensorView& out,
                                            int channels, int quant_dim, int activation,
                                            ConvOpData* d) {
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  CIRCLET_RETURN_IF_ERROR(
      CheckAccumulationTaps(ctx, filter.num_elements() / (channels > 0 ? channels : 1)));
  const int n = filter.quant.count;
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
  for (int c = 0; c < n; ++c) {
    if (filter.quant.zero_points[c] != 0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "filter (tensor %d) zero point %lld, int8 weights must be symmetric (0)",
                       filter.index, static_cast<long long>(filter.quant.zero_points[c]));
    }
  }
  CIRCLET_RETURN_IF_ERROR(KeepQuant(ctx, in, filter, out, &d->q));
  int32_t lo = 0, hi = 0;
  quant::ActivationRangeQuantized(activation, out.quant.scale(), out.quant.zero_point(), out.type,
                                  &lo, &hi);
  d->act_min = static_cast<int8_t>(lo);
  d->act_max = static_cast<int8_t>(hi);
  const double in_scale = static_cast<double>(in.quant.scale());
  const double out_scale = static_cast<double>(out.quant.scale());
  for (int c = 0; c < n; ++c) {
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
// PopulateConvolutionQuantizationParams (quant::ChannelMultiplier), from
// the scales KeepQuant kept.
inline ChannelParams ChannelParamsAt(void* scratch, const KeptQuant& q, int32_t channels) {
  auto* mult = static_cast<int32_t*>(scratch);
  auto* shift = reinterpret_cast<int8_t*>(mult + channels);
  const float in_scale = q.in_scale, out_scale = q.out_scale;
  const bool per_channel = q.filter_count > 1;
  int32_t m0 = 0;
  int s0 = 0;
  if (!per_channel) quant::ChannelMultiplier(in_scale, q.filter_scales[0], out_scale, &m0, &s0);
  for (int32_t c = 0; c < channels; ++c) {
    int s = s0;
    if (per_channel) {
      quant::ChannelMultiplier(in_scale, q.filter_scales[c], out_scale, &mult[c], &s);
    } else {
      mult[c] = m0;
    }
    shift[c] = static_cast<int8_t>(s);
  }
  return ChannelParams{mult, shift};
}

// prepare: with persistent parameters, computes them now into d->params;
// returns the scratch bytes the parameters need at eval (0 when persistent).
// D: an op data struct with a `params` member in that configuration.
template <typename D>
CIRCLET_COLD inline Status ChannelParamsAtPrepare(OpContext& ctx, int32_t channels, D* d,
                                                  size_t* scratch_bytes) {
  *scratch_bytes = 0;
#if CIRCLET_PERSISTENT_CHANNEL_PARAMS
  d->params = ctx.AllocatePersistent(ChannelParamsBytes(channels));
  if (d->params == nullptr) {
    return ctx.Error(StatusCode::kArenaTooSmall, "no room for %d channels' parameters", channels);
  }
  ChannelParamsAt(d->params, d->q, channels);
#else
  (void)ctx, (void)d;
  *scratch_bytes = ChannelParamsBytes(channels);
#endif
  return Status::Ok();
}

// eval: the parameters (persistent, or computed now into the scratch) and,
// in *work, where the op's remaining scratch starts. On a row band (`band`:
// OpContext::row_window, for an op that declared ChannelParamsBytes as its
// `kept` bytes, AllowRowWindows) they do not vary along rows: they live at
// band->kept, where the op's first band of the run computes them and the
// others find them, and the band's scratch is all working memory.
template <typename D>
inline ChannelParams ChannelParamsAtEval(const D& d, const RowWindow* band, uint8_t* scratch,
                                         int32_t channels, uint8_t** work) {
#if CIRCLET_PERSISTENT_CHANNEL_PARAMS
  (void)band;
  *work = scratch;
  auto* mult = static_cast<const int32_t*>(d.params);
  return ChannelParams{mult, reinterpret_cast<const int8_t*>(mult + channels)};
#else
  uint8_t* at = scratch;
  *work = scratch + ChannelParamsBytes(channels);
  if (band != nullptr) {
    at = band->kept;
    *work = scratch;
    if (band->out_row0 != 0) {
      const auto* mult = reinterpret_cast<const int32_t*>(at);
      return ChannelParams{mult, reinterpret_cast<const int8_t*>(mult + channels)};
    }
  }
  return ChannelParamsAt(at, d.q, channels);
#endif
}

// The optimized routines start their accumulators at the bias and add
// `taps` products of at most 255 * 128 in magnitude with plain int32
// arithmetic: safe when every |bias| <= INT32_MAX - taps * 32640 (taps is
// at most kMaxAccumulationTaps, so the limit stays positive). Real models
// are far inside this; a hostile one takes the reference loop, whose adds
// wrap.
inline bool BiasFitsFastPath(const int32_t* bias, int32_t n, int64_t taps) {
  if (bias == nullptr) return true;
  const int64_t limit = INT32_MAX - taps * 255 * 128;
  for (int32_t i = 0; i < n; ++i) {
    if (bias[i] > limit || bias[i] < -limit) return false;
  }
  return true;
}

// Requantization (int8, int16) or clamp (float) of one convolution
// accumulator.
struct ConvOutput {
  ChannelParams p;
  int32_t offset, act_min, act_max;  // int8, int16 (offset 0)
  float f_min, f_max;                // float
  bool acc64;                        // int16: int64 accumulator (Requantize16x8)
};

// ---------------------------------------------------------------------------
// 16x8: int16 activations (zero point 0), int8 weights (symmetric,
// per-channel for the convolutions, per-tensor or per-channel for
// FULLY_CONNECTED), bias int64 or int32 (TFLite's 16x8 quantization; the
// converter's _experimental_full_integer_quantization_bias_type picks
// int32). TFLite Micro's reference kernels (ConvPerChannel,
// DepthwiseConvPerChannel, FullyConnected[PerChannel] for int16) take the
// accumulator type from the bias: int64 bias -> an int64 accumulator
// requantized with the int64 MultiplyByQuantizedMultiplier (16-bit reduced
// multiplier, quant::MultiplyByQuantizedMultiplierInt64); int32 bias -> an
// int32 accumulator (wrapping) and the int32 MultiplyByQuantizedMultiplier,
// the two differ in rounding. Without bias: Int16NoBiasAcc64 below. No output
// offset; the result is clamped to the activation range computed for int16
// (CalculateActivationRangeQuantized with zero point 0).

// An op without bias accumulates in int64 (the result TFLite Micro's
// operator zoo goldens show, ../shared/models/ops: fully_connected_int16_nobias).
constexpr bool kInt16NoBiasAcc64 = true;

// Requantizes one 16x8 accumulator: `sum` is the exact sum of the products
// (int64 cannot overflow for any tensor circlet accepts); with an int32
// accumulator TFLite's sum wraps, which its low 32 bits reproduce. Then the
// bias (int64 or int32 at `bias`, or none), the multiplier, the clamp.
inline int16_t Requantize16x8(int64_t sum, const void* bias, int32_t o, int32_t multiplier,
                              int shift, bool acc64, int32_t act_min, int32_t act_max) {
  int32_t r;
  if (acc64) {
    if (bias != nullptr) sum = quant::WrapAddT<int64_t>(sum, LoadInt64(bias, o));
    r = quant::MultiplyByQuantizedMultiplierInt64(sum, multiplier, shift);
  } else {
    int32_t a = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(sum)));
    if (bias != nullptr) a = quant::WrapAdd(a, static_cast<const int32_t*>(bias)[o]);
    r = quant::MultiplyByQuantizedMultiplier(a, multiplier, shift);
  }
  return quant::Clamp<int16_t>(r, act_min, act_max);
}

// prepare (16x8): `t` (input or output) has zero point 0.
CIRCLET_COLD inline Status CheckInt16ZeroPoint(const OpContext& ctx, const TensorView& t,
                                               const char* role) {
  if (t.quant.count == 1 && t.quant.zero_point() == 0) return Status::Ok();
  return ctx.Error(StatusCode::kInvalidModel,
                   "%s (tensor %d) is int16 with zero point %" PRId32
                   " (%d parameters): 16x8 needs one zero point of 0",
                   role, t.index, t.quant.count > 0 ? t.quant.zero_point() : 0, t.quant.count);
}

// prepare (16x8): the optional bias (input 2) is int64 or int32 with
// `channels` elements; *acc64 is whether the op accumulates in int64.
CIRCLET_COLD inline Status CheckInt16Bias(const OpContext& ctx, int channels, bool* acc64) {
  *acc64 = kInt16NoBiasAcc64;
  if (!ctx.has_input(2)) return Status::Ok();
  const TensorView bias = ctx.input(2);
  if (bias.type != DType::kInt64 && bias.type != DType::kInt32) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "bias (tensor %d) is %s: int16 activations need an int64 or int32 bias",
                     bias.index, DTypeName(bias.type));
  }
  if (bias.num_elements() != channels) {
    return ctx.Error(StatusCode::kInvalidModel, "bias (tensor %d) has %lld elements, expected %d",
                     bias.index, static_cast<long long>(bias.num_elements()), channels);
  }
  *acc64 = bias.type == DType::kInt64;
  return Status::Ok();
}

// eval (16x8): whether the op accumulates in int64 (as CheckInt16Bias).
inline bool Int16Acc64(const OpContext& ctx) {
  return ctx.has_input(2) ? ctx.input(2).type == DType::kInt64 : kInt16NoBiasAcc64;
}

// prepare (16x8, int64 accumulator): the int64 MultiplyByQuantizedMultiplier
// shifts right by 15 - shift, so every channel's shift must be at most 14
// (an effective scale below 2^14; TFLite asserts shift < 8).
CIRCLET_COLD inline Status CheckInt16Shifts(const OpContext& ctx, const TensorView& in,
                                            const TensorView& filter, const TensorView& out) {
  for (int c = 0; c < filter.quant.count; ++c) {
    int32_t m = 0;
    int s = 0;
    quant::ChannelMultiplier(in.quant.scale(), filter.quant.scales[c], out.quant.scale(), &m, &s);
    if (s > 14) {
      return ctx.Error(StatusCode::kUnsupported,
                       "channel %d has effective scale %g: 16x8 with an int64 accumulator "
                       "needs less than 16384",
                       c,
                       static_cast<double>(in.quant.scale()) * filter.quant.scales[c] /
                           static_cast<double>(out.quant.scale()));
    }
  }
  return Status::Ok();
}

// eval (16x8): the activation clamp for the int16 output (kept nowhere:
// ConvOpData's clamp is int8; computing it costs less than a convolution's
// first output).
inline void Int16ActivationRange(int activation, float out_scale, int32_t* lo, int32_t* hi) {
  quant::ActivationRangeQuantized(activation, out_scale, 0, DType::kInt16, lo, hi);
}

// eval (int8): the output's requantization from the op data; *work is
// where the op's scratch continues past the channel parameters (`band`: as
// ChannelParamsAtEval).
inline ConvOutput Int8ConvOutputAt(const ConvOpData& d, const RowWindow* band, uint8_t* scratch,
                                   int32_t channels, uint8_t** work) {
  ConvOutput q{};
  q.p = ChannelParamsAtEval(d, band, scratch, channels, work);
  q.offset = d.q.out_zero_point;
  q.act_min = d.act_min;
  q.act_max = d.act_max;
  return q;
}

// eval, one channel at a time (FULLY_CONNECTED's per-unit loop): channel c's
// parameters, persistent or computed now.
template <typename D>
inline void ChannelParamAtEval(const D& d, int32_t c, int32_t channels, int32_t* m, int* s) {
#if CIRCLET_PERSISTENT_CHANNEL_PARAMS
  const auto* mult = static_cast<const int32_t*>(d.params);
  *m = mult[c];
  *s = reinterpret_cast<const int8_t*>(mult + channels)[c];
#else
  (void)channels;
  quant::ChannelMultiplier(d.q.in_scale, d.q.filter_scales[c], d.q.out_scale, m, s);
#endif
}

// ---------------------------------------------------------------------------
// In-place convolution.
//
// When the planner lets the output start where the input starts (the input
// dies at the op: InPlace::kSameStart), the kernel writes whole output rows
// over input rows. Per batch, with rows of row_in = in_w * in_c and row_out =
// out_w * out_c elements:
//
//   output  |row 0  |row 1  |row 2  |row 3  |...
//   input   |row 0     |row 1     |row 2     |...
//
// Forward (output no larger than the input): rows in increasing order.
// Writing output row oy overwrites the input up to element (oy+1)*row_out,
// so input rows up to clob(oy) = ((oy+1)*row_out - 1) / row_in are lost
// afterwards, while output rows >= oy only read input rows >= lo(oy) =
// oy*stride_h - pad_h. Before writing row oy, every row r <= clob(oy) not yet
// saved and still needed (r >= lo(oy)) is copied to a ring of K rows (slot
// r % K) and later read from there; K = max over oy of clob(oy) - lo(oy) + 1
// keeps every saved row while it is needed.
// Reverse (output larger, e.g. a channel-expanding 1x1 convolution): rows
// in decreasing order, the mirror image: writing row oy overwrites input rows
// r >= oy*row_out / row_in, output rows <= oy read rows <= hi(oy) =
// oy*stride_h - pad_h + (k_h - 1)*dilation_h.
//
// A 3x3 stride-1 SAME convolution keeps 2 rows, stride 2 one or two; a 1x1
// stride-1 convolution, viewed as one column of pixels (ConvDimsOf), keeps
// one pixel. Every output value is computed with the same arithmetic from
// the same input values as out of place: the bytes are identical. Batches
// run in the same order as rows; batch b's output starts b * |out - in|
// elements (per batch) away from its input, on the side that overwrites
// less, so the first batch's analysis is safe for all.

// The loop bounds of a convolution: the tensors' shapes, except that a 1x1
// stride-1 convolution is viewed as a single column of N*H*W pixels (each
// pixel an input "row"), which makes its in-place ring one pixel.
struct ConvDims {
  int32_t batches, in_h, in_w, in_c;
  int32_t k_h, k_w;
  ConvGeometry g;
};

CIRCLET_ONE_COPY inline ConvDims ConvDimsOf(const TensorView& in, int32_t k_h, int32_t k_w,
                                            const ConvGeometry& g) {
  ConvDims v{in.dim(0), in.dim(1), in.dim(2), in.dim(3), k_h, k_w, g};
  if (k_h == 1 && k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_h == 0 && g.pad_w == 0 &&
      g.out_h == v.in_h && g.out_w == v.in_w) {
    const int32_t pixels = v.batches * v.in_h * v.in_w;
    v.batches = 1;
    v.in_h = pixels;
    v.in_w = 1;
    v.g.out_h = pixels;
    v.g.out_w = 1;
    v.g.dilation_h = v.g.dilation_w = 1;
  }
  return v;
}

// First and last input row output row oy reads (may lie outside the input).
CIRCLET_INLINE int32_t FirstInputRow(const ConvDims& v, int32_t oy) {
  return oy * v.g.stride_h - v.g.pad_h;
}
CIRCLET_INLINE int32_t LastInputRow(const ConvDims& v, int32_t oy) {
  return oy * v.g.stride_h - v.g.pad_h + (v.k_h - 1) * v.g.dilation_h;
}

// The ring size K in rows (see above) for writing `out_c`-channel output
// rows over the input; 0 if no row ever needs saving.
inline int64_t InPlaceRingRows(const ConvDims& v, int32_t out_c) {
  const int64_t row_in = static_cast<int64_t>(v.in_w) * v.in_c;
  const int64_t row_out = static_cast<int64_t>(v.g.out_w) * out_c;
  const bool reverse = row_out * v.g.out_h > row_in * v.in_h;
  int64_t k = 0;
  for (int32_t oy = 0; oy < v.g.out_h; ++oy) {
    int64_t first, last;  // the rows saved and still needed around row oy
    if (reverse) {
      first = oy * row_out / row_in;
      last = std::min<int64_t>(LastInputRow(v, oy), v.in_h - 1);
    } else {
      first = std::max<int64_t>(FirstInputRow(v, oy), 0);
      last = std::min<int64_t>(((oy + 1) * row_out - 1) / row_in, v.in_h - 1);
    }
    k = std::max(k, last - first + 1);
  }
  return k;
}

// prepare: lets the planner run the op in place when the ring is small
// against what in-place saves (at most half the smaller tensor). Returns the
// ring bytes to add to the op's scratch and sets d->ring_rows (0: never in
// place).
CIRCLET_COLD inline size_t PlanInPlaceConv(OpContext& ctx, const ConvDims& v, int32_t out_c,
                                           size_t elem, ConvOpData* d) {
  d->ring_rows = 0;
  const int64_t in_bytes = static_cast<int64_t>(v.batches) * v.in_h * v.in_w * v.in_c * elem;
  const int64_t out_bytes = static_cast<int64_t>(v.batches) * v.g.out_h * v.g.out_w * out_c * elem;
  const int64_t k = std::max<int64_t>(InPlaceRingRows(v, out_c), 1);
  const int64_t ring = k * v.in_w * v.in_c * static_cast<int64_t>(elem);
  if (k > 0xFFFF || 2 * ring > std::min(in_bytes, out_bytes)) return 0;
  d->ring_rows = static_cast<uint16_t>(k);
  ctx.AllowInPlace(InPlace::kSameStart);
  return AlignScratch(static_cast<size_t>(ring));
}

// Bytes of the ring PlanInPlaceConv reserved (0: never in place, or a
// row band, whose input is never its output and whose scratch has no ring).
inline size_t RingBytes(const OpContext& ctx, const ConvOpData& d, const ConvDims& v, size_t elem) {
  if (ctx.row_window() != nullptr) return 0;
  return AlignScratch(static_cast<size_t>(d.ring_rows) * v.in_w * v.in_c * elem);
}

// eval: activates `ring` (at `mem`) if the output starts where the input
// starts (as planned by PlanInPlaceConv); fails on any other overlap.
template <typename T>
Status StartRowRing(const OpContext& ctx, const ConvOpData& d, const ConvDims& v, int32_t out_c,
                    const TensorView& in, const TensorView& out, void* mem, RowRing<T>* ring) {
  ring->SetRowLength(static_cast<ptrdiff_t>(v.in_w) * v.in_c);
  const auto* ib = static_cast<const uint8_t*>(in.data);
  const auto* ob = static_cast<const uint8_t*>(out.data);
  const size_t in_bytes = in.bytes(), out_bytes = out.bytes();
  if (ob >= ib + in_bytes || ib >= ob + out_bytes) return Status::Ok();
  if (d.ring_rows == 0 || ib != ob) {
    return ctx.Error(StatusCode::kBadState,
                     "output (tensor %d) overlaps input (tensor %d) in a way the kernel did "
                     "not plan",
                     out.index, in.index);
  }
  ring->Activate(static_cast<T*>(mem), d.ring_rows, static_cast<ptrdiff_t>(v.g.out_w) * out_c,
                 v.in_h, out_bytes > in_bytes);
  return Status::Ok();
}

// eval: the op's scratch (channel parameters, ring, routine memory), or
// nullptr when prepare requested none.
inline uint8_t* ConvScratchAt(const OpContext& ctx, const ConvOpData& d) {
  return d.scratch != nullptr ? static_cast<uint8_t*>(ctx.scratch(d.scratch)) : nullptr;
}

// The float eval of CONV_2D and DEPTHWISE_CONV_2D up to the loop: the
// activation clamp and the row ring (at the start of scratch when in place).
CIRCLET_ONE_COPY inline Status StartFloatConvEval(const OpContext& ctx, const ConvOpData& d,
                                                  const ConvDims& v, int32_t out_c, int activation,
                                                  const TensorView& in, const TensorView& out,
                                                  ConvOutput* q, RowRing<float>* ring) {
  *q = ConvOutput{};
  quant::ActivationRangeFloat(activation, &q->f_min, &q->f_max);
  return StartRowRing(ctx, d, v, out_c, in, out, ConvScratchAt(ctx, d), ring);
}

// Bias (optional input 2): `channels` elements of the accumulator's type.
CIRCLET_COLD inline Status CheckConvBias(const OpContext& ctx, const TensorView& bias, int channels,
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
