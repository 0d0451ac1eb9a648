// SPDX-License-Identifier: Apache-2.0
// Prepare steps CONV_2D and DEPTHWISE_CONV_2D share once their own filter
// checks are done (kernels/ref/conv2d.cc, depthwise_conv2d.cc).
#ifndef CIRCLET_KERNELS_CONV_PREPARE_H_
#define CIRCLET_KERNELS_CONV_PREPARE_H_

#include "kernels/arm/dispatch.h"
#include "kernels/conv_util.h"

namespace circlet {
namespace kernels {

// prepare: the convolution may run on row bands (patch-based execution):
// output row y reads input rows from y * stride - pad, kernel-height rows
// spaced by the dilation; `row_scratch` is a one-row band's scratch, `kept`
// what it keeps across bands (the int8 channel parameters).
CIRCLET_COLD inline void AllowConvRowWindows(OpContext& ctx, const ConvGeometry& g,
                                             const TensorView& w, size_t row_scratch, size_t kept) {
  ctx.AllowRowWindows(g.stride_h, g.pad_h, (w.dim(1) - 1) * g.dilation_h + 1, row_scratch, kept);
}

// Op data, geometry and output shape, tensor types, bias, quantization (the
// filter's per-channel scales along dimension `quant_dim`), the in-place
// ring and the scratch: per-channel parameters, ring, and the optimized
// routine's working memory. `depth_multiplier`: 0 for CONV_2D. One function
// for both operators (their options tables differ only in type): the
// template below reads the geometry fields.
struct ConvOptionFields {
  fb::Padding padding;
  int32_t stride_h, stride_w, dilation_h, dilation_w;
};

CIRCLET_COLD inline Status PrepareConvOpFields(OpContext& ctx, const ConvOptionFields& opt, int act,
                                               const TensorView& in, const TensorView& w,
                                               const TensorView& out, int32_t out_c, int quant_dim,
                                               int32_t depth_multiplier) {
  auto* d = ctx.AllocateOpData<ConvOpData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  ConvGeometry g{};
  CIRCLET_RETURN_IF_ERROR(ComputeConvGeometry(ctx, opt.padding, opt.stride_h, opt.stride_w,
                                              opt.dilation_h, opt.dilation_w, in.dim(1), in.dim(2),
                                              w.dim(1), w.dim(2), &g));
  KeepConvOptions(g, act, d);
  const int32_t dims[4] = {in.dim(0), g.out_h, g.out_w, out_c};
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, 4));
  const bool has_bias = ctx.has_input(2);
  const ConvDims v = ConvDimsOf(in, w.dim(1), w.dim(2), g);
  if (in.type == DType::kFloat32) {
    CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, DType::kFloat32, "filter"));
    CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kFloat32, "output"));
    if (has_bias) CIRCLET_RETURN_IF_ERROR(CheckConvBias(ctx, ctx.input(2), out_c, DType::kFloat32));
    const size_t ring = PlanInPlaceConv(ctx, v, out_c, sizeof(float), d);
    AllowConvRowWindows(ctx, g, w, 0, 0);
    return ring > 0 ? ctx.RequestScratch(ring, &d->scratch) : Status::Ok();
  }
  // int8 (int16 went to PrepareConvInt16Fields).
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, DType::kInt8, "filter"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kInt8, "output"));
  if (has_bias) CIRCLET_RETURN_IF_ERROR(CheckConvBias(ctx, ctx.input(2), out_c, DType::kInt32));
  CIRCLET_RETURN_IF_ERROR(PrepareConvQuant(ctx, in, w, out, out_c, quant_dim, act, d));
  const size_t ring = PlanInPlaceConv(ctx, v, out_c, sizeof(int8_t), d);
  const opt::ConvShape s = opt::ConvShapeOf(g, in, w.dim(1), w.dim(2), out);
  const bool conv = depth_multiplier == 0;
  const bool fast_requant = opt::FastRequantAtPrepare(in, w, out);
  d->fast =
      fast_requant && (conv || opt::DepthwiseInt8Shape(s, depth_multiplier)) &&
      BiasFitsFastPath(has_bias ? static_cast<const int32_t*>(ctx.input(2).data) : nullptr, out_c,
                       static_cast<int64_t>(w.dim(1)) * w.dim(2) * (conv ? w.dim(3) : 1));
  const size_t fast = conv ? opt::ConvScratchAtPrepare(s, fast_requant)
                           : opt::DepthwiseScratchAtPrepare(s, depth_multiplier, fast_requant);
  const bool needs_ring =
      conv ? opt::ConvFastNeedsRing(s) : opt::DepthwiseFastNeedsRing(s, depth_multiplier);
  size_t params = 0;
  CIRCLET_RETURN_IF_ERROR(ChannelParamsAtPrepare(ctx, out_c, d, &params));
  // A one-row band: no ring (its input is never its output), the routine's
  // memory for one output row (CONV_2D's does not depend on the rows); the
  // channel parameters are kept from band to band (ChannelParamsAtEval).
  size_t fast_row = fast;
  if (!conv) {
    opt::ConvShape row = s;
    row.out_h = 1;
    fast_row = opt::DepthwiseScratchAtPrepare(row, depth_multiplier, fast_requant);
  }
  AllowConvRowWindows(ctx, g, w, fast_row, params);
  return ctx.RequestScratch(params + opt::RingAndFastBytes(ring, fast, needs_ring), &d->scratch);
}

// The same for 16x8 (int16 input and output, int8 filter; kernels/conv_util.h):
// zero points 0, bias int64 or int32, the per-channel parameters and the
// in-place ring (int16 rows) in scratch. Only the full kernels call it (the
// int8-only variants never link it).
CIRCLET_COLD inline Status PrepareConvInt16Fields(OpContext& ctx, const ConvOptionFields& opt,
                                                  int act, const TensorView& in,
                                                  const TensorView& w, const TensorView& out,
                                                  int32_t out_c, int quant_dim) {
  auto* d = ctx.AllocateOpData<ConvOpData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  ConvGeometry g{};
  CIRCLET_RETURN_IF_ERROR(ComputeConvGeometry(ctx, opt.padding, opt.stride_h, opt.stride_w,
                                              opt.dilation_h, opt.dilation_w, in.dim(1), in.dim(2),
                                              w.dim(1), w.dim(2), &g));
  KeepConvOptions(g, act, d);
  const int32_t dims[4] = {in.dim(0), g.out_h, g.out_w, out_c};
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, 4));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, DType::kInt8, "filter"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kInt16, "output"));
  CIRCLET_RETURN_IF_ERROR(CheckInt16ZeroPoint(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckInt16ZeroPoint(ctx, out, "output"));
  bool acc64 = false;
  CIRCLET_RETURN_IF_ERROR(CheckInt16Bias(ctx, out_c, &acc64));
  // Filter scales and zero points, finite multipliers (its int8 clamp in d
  // goes unused: eval computes the int16 one).
  CIRCLET_RETURN_IF_ERROR(PrepareConvQuant(ctx, in, w, out, out_c, quant_dim, act, d));
  if (acc64) CIRCLET_RETURN_IF_ERROR(CheckInt16Shifts(ctx, in, w, out));
  const ConvDims v = ConvDimsOf(in, w.dim(1), w.dim(2), g);
  const size_t ring = PlanInPlaceConv(ctx, v, out_c, sizeof(int16_t), d);
  size_t params = 0;
  CIRCLET_RETURN_IF_ERROR(ChannelParamsAtPrepare(ctx, out_c, d, &params));
  // A band has no ring. 16x8 keeps nothing from band to band: its eval
  // computes its parameters on every band (keeping them would add a check
  // to every 16x8 eval; no model here runs a 16x8 stage).
  AllowConvRowWindows(ctx, g, w, params, 0);
  return ctx.RequestScratch(params + ring, &d->scratch);
}

// eval (16x8): the output's requantization and the row ring (after the
// per-channel parameters in scratch).
inline Status StartInt16ConvEval(const OpContext& ctx, const ConvOpData& d, const ConvDims& v,
                                 const TensorView& in, const TensorView& out, int32_t out_c,
                                 ConvOutput* q, RowRing<int16_t>* ring) {
  *q = ConvOutput{};
  uint8_t* work = nullptr;
  q->p = ChannelParamsAtEval(d, nullptr, ConvScratchAt(ctx, d), out_c, &work);  // no kept bytes
  Int16ActivationRange(d.activation, d.q.out_scale, &q->act_min, &q->act_max);
  q->acc64 = Int16Acc64(ctx);
  return StartRowRing(ctx, d, v, out_c, in, out, work, ring);
}

template <typename Options>
Status PrepareConvInt16Op(OpContext& ctx, const Options& opt, int act, const TensorView& in,
                          const TensorView& w, const TensorView& out, int32_t out_c,
                          int quant_dim) {
  const ConvOptionFields f{opt.padding(), opt.stride_h(), opt.stride_w(), opt.dilation_h_factor(),
                           opt.dilation_w_factor()};
  return PrepareConvInt16Fields(ctx, f, act, in, w, out, out_c, quant_dim);
}

template <typename Options>
Status PrepareConvOp(OpContext& ctx, const Options& opt, int act, const TensorView& in,
                     const TensorView& w, const TensorView& out, int32_t out_c, int quant_dim,
                     int32_t depth_multiplier) {
  const ConvOptionFields f{opt.padding(), opt.stride_h(), opt.stride_w(), opt.dilation_h_factor(),
                           opt.dilation_w_factor()};
  return PrepareConvOpFields(ctx, f, act, in, w, out, out_c, quant_dim, depth_multiplier);
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_CONV_PREPARE_H_
