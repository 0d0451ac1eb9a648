// SPDX-License-Identifier: Apache-2.0
// TRANSPOSE_CONV: inputs output_shape (constant int32 [4]), filter
// [OC, KH, KW, IC], input [N, H, W, IC], optional bias [OC]; output
// [N, OH, OW, OC] = output_shape. The gradient of CONV_2D, computed as
// TFLite's reference (transpose_conv.h, integer_ops/transpose_conv.h) does,
// by scattering every input element into the output:
//   for b, iy, ix, ic, ky, kx, oc:
//     oy = iy * stride_h - pad_h + ky, ox = ix * stride_w - pad_w + kx
//     if (oy, ox) inside the output: acc[b][oy][ox][oc] += in[b][iy][ix][ic] * w[oc][ky][kx][ic]
// so each output sums its contributions in (iy, ix, ic) order. Padding is
// TFLite's ComputePaddingHeightWidth applied to the *output* size (dilation
// 1): n = SAME ? ceil(O / s) : ceil((O - K + 1) / s), pad = max((n - 1) * s +
// K - O, 0) / 2.
//
// float32: acc in the output tensor, then + bias[oc], then the fused
// activation clamp.
// int8 (TFLite Micro's reference_integer_ops::TransposeConv): int32 acc in
// scratch (one per output element, as TFLM), (in - in_zero_point) * w,
// + bias[oc] (int32), out = clamp(MultiplyByQuantizedMultiplier(acc, M[oc],
// shift[oc]) + out_zero_point, activation range), with per-channel
// (or per-tensor) symmetric filter scales along dimension 0:
// M, shift = QuantizeMultiplier(double(in_scale) * double(w_scale[oc]) /
// double(out_scale)) (kernels/conv_util.h, as CONV_2D).
// int16 (16x8, TFLite Micro's int16 reference_integer_ops::TransposeConv):
// int16 input and output with zero point 0, int8 filter (per-channel or
// per-tensor symmetric, as int8), int64 bias; int64 accumulators in scratch,
// in * w (no input offset), + bias[oc], out = clamp(MultiplyByQuantized-
// Multiplier(acc, M[oc], shift[oc]) (the int64 form: the multiplier rounded
// to 16 bits, quant::MultiplyByQuantizedMultiplierInt64), activation range).
// TFLite assumes |acc| < 2^47: the taps are limited as for int8 (at most
// 65536 products of at most 2^22 each) and the bias is clamped to +-2^46,
// which no real bias reaches. The bias is read with LoadInt64: the TFLite
// converter stores it at a 4-byte offset.
// The hybrid (float input, int8 filter) is refused.
//
// output_shape computed by the graph (a graph input, as in TFLite Micro's
// seanet models): TFLite Micro never reads it and uses the output tensor's
// shape in the model; so does circlet (it must be [N, >0, >0, OC]).
#include <algorithm>
#include <cinttypes>
#include <cstring>

#include "kernels/conv_util.h"

namespace circlet {
namespace kernels {
namespace {

struct OpData {
  ConvOpData conv;  // scratch (int8/int16: channel parameters + accumulators), int8 clamp
  int32_t stride_h, stride_w, pad_h, pad_w;
  float f_min, f_max;
  int16_t act16_min, act16_max;  // int16 clamp
};

// TFLite's int64 requantization needs |acc| < 2^47; the bias is clamped to
// +-2^46 and the products stay below 2^38 (kMaxAccumulationTaps * 2^22).
constexpr int64_t kMaxBias16 = int64_t{1} << 46;

// Input indices (input 0 is output_shape, the table's type column).
constexpr int kShape = 0, kFilter = 1, kInput = 2, kBias = 3;

// int16 (16x8): zero points 0 (TFLite's rule), the int16 activation clamp,
// and every channel's shift at most 14, so that the int64 requantization's
// total shift (15 - shift) is positive.
CIRCLET_COLD Status PrepareInt16(OpContext& ctx, const TensorView& in, const TensorView& w,
                                 const TensorView& out, int32_t out_c, int act, OpData* d) {
  if (in.quant.zero_point() != 0 || out.quant.zero_point() != 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "int16 input and output zero points must be 0 (16x8), are %" PRId32
                     " and %" PRId32,
                     in.quant.zero_point(), out.quant.zero_point());
  }
  int32_t lo = 0, hi = 0;
  quant::ActivationRangeQuantized(act, out.quant.scale(), 0, DType::kInt16, &lo, &hi);
  d->act16_min = static_cast<int16_t>(lo);
  d->act16_max = static_cast<int16_t>(hi);
  const bool per_channel = w.quant.count > 1;
  for (int32_t c = 0; c < out_c; ++c) {
    int32_t m = 0;
    int shift = 0;
    quant::ChannelMultiplier(in.quant.scale(), w.quant.scales[per_channel ? c : 0],
                             out.quant.scale(), &m, &shift);
    if (shift > 14) {
      return ctx.Error(StatusCode::kUnsupported,
                       "output channel %" PRId32
                       ": effective scale 2^%d is too large for 16x8 requantization",
                       c, shift);
    }
  }
  return Status::Ok();
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 3, 4, 1));
  const auto* opt = ctx.options<fb::TransposeConvOptions>();
  if (opt == nullptr) {
    return ctx.Error(StatusCode::kInvalidModel, "TransposeConvOptions are missing");
  }
  const int act = opt->fused_activation_function();
  CIRCLET_RETURN_IF_ERROR(CheckActivation(ctx, act));
  const TensorView shape = ctx.input(kShape), w = ctx.input(kFilter), in = ctx.input(kInput);
  const TensorView out = ctx.output(0);
  if (shape.rank != 1 || shape.dim(0) != 4) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "output_shape (tensor %d) must be a 1-D int32 tensor of 4 elements",
                     shape.index);
  }
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, in, 4, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, w, 4, "filter"));
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, out, 4, "output"));
  if (in.type != DType::kFloat32 && in.type != DType::kInt8 && in.type != DType::kInt16) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input (tensor %d) is %s: TRANSPOSE_CONV takes float32, int8 or int16",
                     in.index, DTypeName(in.type));
  }
  const int32_t out_c = w.dim(0), k_h = w.dim(1), k_w = w.dim(2);
  if (w.dim(3) != in.dim(3)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "filter (tensor %d) has %d input channels, input (tensor %d) has %d", w.index,
                     w.dim(3), in.index, in.dim(3));
  }
  if (out_c < 1 || k_h < 1 || k_w < 1 || in.dim(3) < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "filter (tensor %d) is empty", w.index);
  }
  // A computed output_shape is not read (TFLite Micro): the model's output
  // shape stands for it.
  const int32_t* s = shape.is_constant ? shape.as<const int32_t>() : out.dims;
  if (s[0] != in.dim(0) || s[3] != out_c || s[1] < 1 || s[2] < 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "output_shape (tensor %d) is [%" PRId32 ", %" PRId32 ", %" PRId32 ", %" PRId32
                     "], expected [%d, >0, >0, %" PRId32
                     "] "
                     "(input batches, filter output channels)",
                     shape.index, s[0], s[1], s[2], s[3], in.dim(0), out_c);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, s, 4));
  const fb::Padding padding = opt->padding();
  if (padding != fb::Padding_SAME && padding != fb::Padding_VALID) {
    return ctx.Error(StatusCode::kUnsupported, "padding type %d is not supported",
                     static_cast<int>(padding));
  }
  if (opt->stride_h() < 1 || opt->stride_w() < 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "strides %" PRId32 "x%" PRId32 " (h x w) must be positive", opt->stride_h(),
                     opt->stride_w());
  }
  // Eval computes input position * stride + tap in int32.
  if (int64_t{in.dim(1)} * opt->stride_h() + k_h > 0x7FFFFFFF ||
      int64_t{in.dim(2)} * opt->stride_w() + k_w > 0x7FFFFFFF) {
    return ctx.Error(StatusCode::kUnsupported,
                     "strides %" PRId32 "x%" PRId32 " (h x w) are too large for the input",
                     opt->stride_h(), opt->stride_w());
  }
  auto* d = ctx.AllocateOpData<OpData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->stride_h = opt->stride_h();
  d->stride_w = opt->stride_w();
  d->pad_h =
      ConvPadding(d->stride_h, 1, s[1], k_h, ConvOutSize(padding, s[1], k_h, d->stride_h, 1));
  d->pad_w =
      ConvPadding(d->stride_w, 1, s[2], k_w, ConvOutSize(padding, s[2], k_w, d->stride_w, 1));
  const bool has_bias = ctx.has_input(kBias);
  const bool i16 = in.type == DType::kInt16;
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, i16 ? DType::kInt8 : in.type, "filter"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (in.type == DType::kFloat32) {
    if (has_bias) {
      CIRCLET_RETURN_IF_ERROR(CheckConvBias(ctx, ctx.input(kBias), out_c, DType::kFloat32));
    }
    quant::ActivationRangeFloat(act, &d->f_min, &d->f_max);
    return Status::Ok();
  }
  if (has_bias) {
    CIRCLET_RETURN_IF_ERROR(
        CheckConvBias(ctx, ctx.input(kBias), out_c, i16 ? DType::kInt64 : DType::kInt32));
  }
  CIRCLET_RETURN_IF_ERROR(PrepareConvQuant(ctx, in, w, out, out_c, 0, act, &d->conv));
  if (i16) CIRCLET_RETURN_IF_ERROR(PrepareInt16(ctx, in, w, out, out_c, act, d));
  size_t params = 0;
  CIRCLET_RETURN_IF_ERROR(ChannelParamsAtPrepare(ctx, out_c, &d->conv, &params));
  // int16: int64 accumulators, 8-byte aligned past the parameters.
  const size_t acc =
      static_cast<size_t>(out.num_elements()) * (i16 ? sizeof(int64_t) : sizeof(int32_t));
  return ctx.RequestScratch(params + (i16 ? 4 : 0) + acc, &d->conv.scratch);
}

// The scatter: acc (the output's element count, zeroed here) +=
// (x + in_offset) * w, in TFLite's loop order.
template <typename T, typename W, typename Acc>
void Scatter(const OpData& d, const TensorView& in, const TensorView& w, const TensorView& out,
             int32_t in_offset, Acc* acc) {
  const int32_t batches = in.dim(0), in_h = in.dim(1), in_w = in.dim(2), in_c = in.dim(3);
  const int32_t out_h = out.dim(1), out_w = out.dim(2), out_c = out.dim(3);
  const int32_t k_h = w.dim(1), k_w = w.dim(2);
  const T* x = in.as<const T>();
  const W* wt = w.as<const W>();
  const ptrdiff_t w_oc = static_cast<ptrdiff_t>(k_h) * k_w * in_c;
  std::memset(acc, 0, static_cast<size_t>(out.num_elements()) * sizeof(Acc));
  for (int32_t b = 0; b < batches; ++b) {
    Acc* ab = acc + static_cast<ptrdiff_t>(b) * out_h * out_w * out_c;
    for (int32_t iy = 0; iy < in_h; ++iy) {
      for (int32_t ix = 0; ix < in_w; ++ix) {
        const T* xp = x + ((static_cast<ptrdiff_t>(b) * in_h + iy) * in_w + ix) * in_c;
        const int32_t oy0 = iy * d.stride_h - d.pad_h, ox0 = ix * d.stride_w - d.pad_w;
        for (int32_t ky = 0; ky < k_h; ++ky) {
          const int32_t oy = oy0 + ky;
          if (oy < 0 || oy >= out_h) continue;
          for (int32_t kx = 0; kx < k_w; ++kx) {
            const int32_t ox = ox0 + kx;
            if (ox < 0 || ox >= out_w) continue;
            Acc* ap = ab + (static_cast<ptrdiff_t>(oy) * out_w + ox) * out_c;
            const W* wk = wt + (static_cast<ptrdiff_t>(ky) * k_w + kx) * in_c;
            for (int32_t oc = 0; oc < out_c; ++oc) {
              const W* wp = wk + oc * w_oc;
              Acc sum = ap[oc];
              for (int32_t ic = 0; ic < in_c; ++ic) {
                sum += (static_cast<Acc>(xp[ic]) + in_offset) * static_cast<Acc>(wp[ic]);
              }
              ap[oc] = sum;
            }
          }
        }
      }
    }
  }
}

Status Eval(OpContext& ctx) {
  const OpData& d = *ctx.op_data<OpData>();
  const TensorView w = ctx.input(kFilter), in = ctx.input(kInput), out = ctx.output(0);
  const bool has_bias = ctx.has_input(kBias);
  const int32_t out_c = out.dim(3);
  const int64_t n = out.num_elements();
  if (in.type == DType::kFloat32) {
    float* y = out.as<float>();
    Scatter<float, float, float>(d, in, w, out, 0, y);
    const float* bias = has_bias ? ctx.input(kBias).as<const float>() : nullptr;
    for (int64_t i = 0; i < n; ++i) {
      float v = y[i];
      if (bias != nullptr) v += bias[i % out_c];
      y[i] = ActivationClamp(v, d.f_min, d.f_max);
    }
    return Status::Ok();
  }
  auto* scratch = static_cast<uint8_t*>(ctx.scratch(d.conv.scratch));
  uint8_t* work = nullptr;
  const ChannelParams p = ChannelParamsAtEval(d.conv, nullptr, scratch, out_c, &work);
  if (in.type == DType::kInt16) {
    auto* acc = reinterpret_cast<int64_t*>((reinterpret_cast<uintptr_t>(work) + 7) & ~uintptr_t{7});
    Scatter<int16_t, int8_t, int64_t>(d, in, w, out, 0, acc);
    const void* bias = has_bias ? ctx.input(kBias).data : nullptr;
    int16_t* y = out.as<int16_t>();
    for (int64_t i = 0; i < n; ++i) {
      const int32_t oc = static_cast<int32_t>(i % out_c);
      int64_t a = acc[i];
      if (bias != nullptr) a += std::min(std::max(LoadInt64(bias, oc), -kMaxBias16), kMaxBias16);
      const int32_t v = quant::MultiplyByQuantizedMultiplierInt64(a, p.multiplier[oc], p.shift[oc]);
      y[i] =
          static_cast<int16_t>(v < d.act16_min ? d.act16_min : (v > d.act16_max ? d.act16_max : v));
    }
    return Status::Ok();
  }
  auto* acc = reinterpret_cast<int32_t*>(work);
  Scatter<int8_t, int8_t, int32_t>(d, in, w, out, -d.conv.q.in_zero_point, acc);
  const int32_t* bias = has_bias ? ctx.input(kBias).as<const int32_t>() : nullptr;
  const int32_t out_offset = d.conv.q.out_zero_point;
  int8_t* y = out.as<int8_t>();
  for (int64_t i = 0; i < n; ++i) {
    const int32_t oc = static_cast<int32_t>(i % out_c);
    int32_t a = acc[i];
    if (bias != nullptr) a = quant::WrapAdd(a, bias[oc]);
    y[i] = static_cast<int8_t>(quant::Requantize(a, p.multiplier[oc], p.shift[oc], out_offset,
                                                 d.conv.act_min, d.conv.act_max));
  }
  return Status::Ok();
}

}  // namespace

// Versions: TFLite's registration admits 1..5 (version 3 adds 16x8, version
// 4 the fused activation, applied here); the hybrid type is refused in
// prepare whatever the version. The bias (input 3) is read with LoadInt64.
CIRCLET_KERNEL_UNALIGNED64(TRANSPOSE_CONV, Prepare, Eval, 1 << kBias)

}  // namespace kernels
}  // namespace circlet
