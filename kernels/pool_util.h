// SPDX-License-Identifier: Apache-2.0
// Shared prepare of AVERAGE_POOL_2D and MAX_POOL_2D (TFLite Micro's
// PoolingPrepare): NHWC input of rank 4, Pool2DOptions with padding, strides
// and filter size; output [N, out_h, out_w, C] with
//   SAME:  out = ceil(in / stride)
//   VALID: out = ceil((in - filter + 1) / stride)
// and leading padding total / 2, total = max((out - 1) * stride + filter - in, 0)
// (kernels/kernel_util.h ConvOutSize / ConvPadding with dilation 1, computed
// here in 64 bits).
// Quantized inputs need the output's scale (within 1e-6) and zero point.
//
// Each output cell's window, clipped to the input (padded cells are skipped,
// never counted):
//   x0 = out_x * stride_w - pad_w, fx in [max(0, -x0), min(filter_w, in_w - x0))
#ifndef CIRCLET_KERNELS_POOL_UTIL_H_
#define CIRCLET_KERNELS_POOL_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "kernels/arm/int8_kernels.h"
#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {

struct PoolData {
  int batches, in_h, in_w, channels;
  int out_h, out_w;
  int stride_h, stride_w;
  int filter_h, filter_w;
  int pad_h, pad_w;
  float f_min, f_max;
  int32_t act_min, act_max;
};

CIRCLET_COLD inline Status PreparePool(OpContext& ctx, PoolData** out_data) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const auto* opt = ctx.options<fb::Pool2DOptions>();
  if (opt == nullptr) return ctx.Error(StatusCode::kInvalidModel, "Pool2DOptions are missing");
  const int act = opt->fused_activation_function();
  CIRCLET_RETURN_IF_ERROR(CheckActivation(ctx, act));
  if (opt->padding() != fb::Padding_SAME && opt->padding() != fb::Padding_VALID) {
    return ctx.Error(StatusCode::kUnsupported, "padding type %d is not supported",
                     static_cast<int>(opt->padding()));
  }
  const TensorView in = ctx.input(0), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, in, 4, "input"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  const int sh = opt->stride_h(), sw = opt->stride_w();
  const int fh = opt->filter_height(), fw = opt->filter_width();
  if (sh < 1 || sw < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "strides %dx%d (h x w) must be positive", sh, sw);
  }
  if (fh < 1 || fw < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "filter %dx%d (h x w) must be positive", fh, fw);
  }
  auto* d = ctx.AllocateOpData<PoolData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->batches = in.dim(0);
  d->in_h = in.dim(1);
  d->in_w = in.dim(2);
  d->channels = in.dim(3);
  d->stride_h = sh;
  d->stride_w = sw;
  d->filter_h = fh;
  d->filter_w = fw;
  // ConvOutSize / ConvPadding (kernel_util.h) without overflow for a hostile
  // model's strides and filter sizes (all in 1..2^31-1): in unsigned 32-bit
  // arithmetic every intermediate below stays under 2^32.
  const bool same = opt->padding() == fb::Padding_SAME;
  const uint32_t ih = static_cast<uint32_t>(d->in_h), iw = static_cast<uint32_t>(d->in_w);
  const uint32_t ush = static_cast<uint32_t>(sh), usw = static_cast<uint32_t>(sw);
  const uint32_t ufh = static_cast<uint32_t>(fh), ufw = static_cast<uint32_t>(fw);
  if (d->in_h < 1 || d->in_w < 1 || (!same && (ih < ufh || iw < ufw))) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "filter %dx%d does not fit the %dx%d input (h x w) of tensor %d", fh, fw,
                     d->in_h, d->in_w, in.index);
  }
  const uint32_t out_h = same ? (ih - 1) / ush + 1 : (ih - ufh) / ush + 1;
  const uint32_t out_w = same ? (iw - 1) / usw + 1 : (iw - ufw) / usw + 1;
  d->out_h = static_cast<int32_t>(out_h);
  d->out_w = static_cast<int32_t>(out_w);
  // (out - 1) * stride < in (SAME) or <= in - filter (VALID): no overflow.
  const uint32_t span_h = (out_h - 1) * ush + ufh, span_w = (out_w - 1) * usw + ufw;
  d->pad_h = static_cast<int32_t>(span_h > ih ? (span_h - ih) / 2 : 0);
  d->pad_w = static_cast<int32_t>(span_w > iw ? (span_w - iw) / 2 : 0);
  const int32_t dims[4] = {d->batches, d->out_h, d->out_w, d->channels};
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, 4));
  if (in.type == DType::kFloat32) {
    quant::ActivationRangeFloat(act, &d->f_min, &d->f_max);
  } else {
    CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
    CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
    const double diff =
        std::fabs(static_cast<double>(in.quant.scale()) - static_cast<double>(out.quant.scale()));
    if (!(diff <= 1.0e-6) || in.quant.zero_point() != out.quant.zero_point()) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "input (tensor %d) and output (tensor %d) must have the same scale and "
                       "zero point",
                       in.index, out.index);
    }
    quant::ActivationRangeQuantized(act, out.quant.scale(), out.quant.zero_point(), out.type,
                                    &d->act_min, &d->act_max);
  }
  *out_data = d;
  return Status::Ok();
}

// Calls f(out_index, in_base, fy0, fy1, fx0, fx1) per output cell and
// channel, where input cell (fy, fx) of the window is
// in[in_base + (fy * in_w + fx) * channels].
template <typename F>
inline void ForEachPoolWindow(const PoolData& d, F&& f) {
  int32_t o = 0;
  for (int32_t n = 0; n < d.batches; ++n) {
    for (int32_t oy = 0; oy < d.out_h; ++oy) {
      const int64_t y0 = int64_t{oy} * d.stride_h - d.pad_h;
      const int32_t fy0 = static_cast<int32_t>(y0 < 0 ? -y0 : 0);
      const int32_t fy1 = static_cast<int32_t>(std::min<int64_t>(d.filter_h, d.in_h - y0));
      for (int32_t ox = 0; ox < d.out_w; ++ox) {
        const int64_t x0 = int64_t{ox} * d.stride_w - d.pad_w;
        const int32_t fx0 = static_cast<int32_t>(x0 < 0 ? -x0 : 0);
        const int32_t fx1 = static_cast<int32_t>(std::min<int64_t>(d.filter_w, d.in_w - x0));
        for (int32_t c = 0; c < d.channels; ++c) {
          const int64_t base = ((int64_t{n} * d.in_h + y0) * d.in_w + x0) * d.channels + c;
          f(o++, base, fy0, fy1, fx0, fx1);
        }
      }
    }
  }
}

// The optimized int8 routines' view of the op (kernels/arm/pool_int8.cc).
inline opt::PoolShape PoolShapeOf(const PoolData& d) {
  return opt::PoolShape{d.batches, d.in_h,     d.in_w,     d.channels, d.out_h,
                        d.out_w,   d.stride_h, d.stride_w, d.filter_h, d.filter_w,
                        d.pad_h,   d.pad_w,    d.act_min,  d.act_max};
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_POOL_UTIL_H_
