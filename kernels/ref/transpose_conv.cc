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
// int16 (16x8) is not implemented and refused; the hybrid (float input,
// int8 filter) too.
#include <cinttypes>
#include <cstring>

#include "kernels/conv_util.h"

namespace circlet {
namespace kernels {
namespace {

struct OpData {
  ConvOpData conv;  // scratch (int8: channel parameters + accumulators), clamp
  int32_t stride_h, stride_w, pad_h, pad_w;
  float f_min, f_max;
};

// Input indices (input 0 is output_shape, the table's type column).
constexpr int kShape = 0, kFilter = 1, kInput = 2, kBias = 3;

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
  if (!shape.is_constant) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output_shape (tensor %d) is computed: only a constant shape is supported",
                     shape.index);
  }
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, in, 4, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, w, 4, "filter"));
  if (in.type != DType::kFloat32 && in.type != DType::kInt8) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input (tensor %d) is %s: TRANSPOSE_CONV takes float32 or int8 (16x8 int16 "
                     "is not supported yet)",
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
  const int32_t* s = shape.as<const int32_t>();
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
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, in.type, "filter"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (in.type == DType::kFloat32) {
    if (has_bias) {
      CIRCLET_RETURN_IF_ERROR(CheckConvBias(ctx, ctx.input(kBias), out_c, DType::kFloat32));
    }
    quant::ActivationRangeFloat(act, &d->f_min, &d->f_max);
    return Status::Ok();
  }
  if (has_bias) CIRCLET_RETURN_IF_ERROR(CheckConvBias(ctx, ctx.input(kBias), out_c, DType::kInt32));
  CIRCLET_RETURN_IF_ERROR(PrepareConvQuant(ctx, in, w, out, out_c, 0, act, &d->conv));
  size_t params = 0;
  CIRCLET_RETURN_IF_ERROR(ChannelParamsAtPrepare(ctx, in, w, out, out_c, &d->conv, &params));
  const size_t acc = static_cast<size_t>(out.num_elements()) * sizeof(int32_t);
  return ctx.RequestScratch(params + acc, &d->conv.scratch);
}

// The scatter: acc (the output's element count, zeroed here) +=
// (x + in_offset) * w, in TFLite's loop order.
template <typename T, typename Acc>
void Scatter(const OpData& d, const TensorView& in, const TensorView& w, const TensorView& out,
             int32_t in_offset, Acc* acc) {
  const int32_t batches = in.dim(0), in_h = in.dim(1), in_w = in.dim(2), in_c = in.dim(3);
  const int32_t out_h = out.dim(1), out_w = out.dim(2), out_c = out.dim(3);
  const int32_t k_h = w.dim(1), k_w = w.dim(2);
  const T* x = in.as<const T>();
  const T* wt = w.as<const T>();
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
            const T* wk = wt + (static_cast<ptrdiff_t>(ky) * k_w + kx) * in_c;
            for (int32_t oc = 0; oc < out_c; ++oc) {
              const T* wp = wk + oc * w_oc;
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
    Scatter<float, float>(d, in, w, out, 0, y);
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
  const ChannelParams p = ChannelParamsAtEval(d.conv, scratch, in, w, out, out_c, &work);
  auto* acc = reinterpret_cast<int32_t*>(work);
  Scatter<int8_t, int32_t>(d, in, w, out, -in.quant.zero_point(), acc);
  const int32_t* bias = has_bias ? ctx.input(kBias).as<const int32_t>() : nullptr;
  const int32_t out_offset = out.quant.zero_point();
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

// Versions: TFLite's registration admits 1..5 (version 4 adds the fused
// activation, applied here); the types circlet does not run (int16, hybrid)
// are refused in prepare whatever the version.
CIRCLET_KERNEL(TRANSPOSE_CONV, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
