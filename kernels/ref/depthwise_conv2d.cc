// SPDX-License-Identifier: Apache-2.0
// DEPTHWISE_CONV_2D: NHWC input [N, H, W, C], filter [1, KH, KW, OC] with
// OC = C * depth_multiplier, optional bias [OC], output [N, OH, OW, OC].
// Output channel o = c * depth_multiplier + m reads input channel c only:
//   out[b][y][x][o] = act(bias[o] + sum_{ky, kx} in[b][iy][ix][o / mult] * w[0][ky][kx][o])
//   iy = y * stride_h - pad_h + ky * dilation_h, ix likewise,
// taps with (iy, ix) outside the input skipped (zero padding). Output size
// and leading padding follow TFLite's ComputePaddingHeightWidth (SAME: out =
// ceil(in / stride), odd padding pixel at the end; VALID: no padding).
//
// float: accumulated in float in TFLite's order (ky, kx), bias added last.
// int8 (TFLite reference_integer_ops::DepthwiseConvPerChannel, bit for bit):
//   acc = sum (in + input_offset) * w  (int32, input_offset = -in_zero_point),
//   acc += bias[o], out = clamp(MultiplyByQuantizedMultiplier(acc, M[o],
//   shift[o]) + out_zero_point, activation range), M[o], shift[o] =
//   QuantizeMultiplier(double(in_scale) * double(w_scale[o]) / double(out_scale))
// (PopulateConvolutionQuantizationParams; per-channel scales run along the
// filter's dimension 3, a single scale is broadcast). Weights symmetric.
// M[o], shift[o] are recomputed at the start of every eval into the op's
// scratch (quant::ChannelMultiplier, bit-identical); nothing per channel
// stays in RAM between invokes.
// int16 (16x8, TFLite reference_integer_ops::DepthwiseConvPerChannel for
// int16 input, int8 filter): zero points 0, acc = sum in * w exactly, plus
// bias[o]; an int64 bias means an int64 accumulator and TFLite's int64
// MultiplyByQuantizedMultiplier, an int32 bias an int32 (wrapping)
// accumulator and the int32 one (kernels/conv_util.h, Requantize16x8); out =
// clamp(result, int16 activation range). Same M[o], shift[o] as int8.
//
// In place (kernels/conv_util.h, RowRing): when the input dies at the op the
// planner may start the output where the input starts; output rows are then
// written in order (reverse order if the output is larger, e.g. a depth
// multiplier > 1 at stride 1) and input rows about to be overwritten but
// still needed are first copied to a small ring in scratch (3x3 stride 1:
// two rows; stride 2: one). Same bytes either way.
//
// The float and int16 loops walk the output channels in blocks of kBlock
// accumulators so that the inner loop is contiguous over channels in input,
// filter and output.
#include <algorithm>
#include <cinttypes>
#include <type_traits>

#include "kernels/arm/dispatch.h"
#include "kernels/arm/int16_kernels.h"
#include "kernels/conv_prepare.h"
#include "kernels/conv_reference_int8.h"
#include "kernels/conv_util.h"
#include "kernels/optimized.h"

namespace circlet {
namespace kernels {
namespace {

constexpr int32_t kBlock = 32;
constexpr int32_t kRowCache = 16;  // input row pointers looked up once per output row

using Output = ConvOutput;

// kAllTypes false: DEPTHWISE_CONV_2D_INT8 (int8 only; no int16 code linked).
template <bool kAllTypes>
CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 3, 1));
  if (!kAllTypes) CIRCLET_RETURN_IF_ERROR(CheckInt8Variant(ctx));
  const auto* opt = ctx.options<fb::DepthwiseConv2DOptions>();
  if (opt == nullptr) {
    return ctx.Error(StatusCode::kInvalidModel, "DepthwiseConv2DOptions are missing");
  }
  const int act = opt->fused_activation_function();
  CIRCLET_RETURN_IF_ERROR(CheckActivation(ctx, act));
  const TensorView in = ctx.input(0), w = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, in, 4, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, w, 4, "filter"));
  if (w.dim(0) != 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "filter (tensor %d) has dimension 0 of %d, expected 1", w.index, w.dim(0));
  }
  const int in_c = in.dim(3), out_c = w.dim(3);
  if (in_c < 1 || out_c < 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input (tensor %d) or filter (tensor %d) has no "
                     "channels",
                     in.index, w.index);
  }
  // A depth_multiplier of 0 (left unset by some converters) is derived from
  // the filter; otherwise it must agree with it.
  int mult = opt->depth_multiplier();
  if (mult <= 0 && out_c % in_c == 0) mult = out_c / in_c;
  if (mult <= 0 || static_cast<int64_t>(in_c) * mult != out_c) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "filter (tensor %d) has %d output channels, input (tensor %d) has %d "
                     "channels and depth multiplier %" PRId32,
                     w.index, out_c, in.index, in_c, opt->depth_multiplier());
  }
  if (kAllTypes && in.type == DType::kInt16) {
    return PrepareConvInt16Op(ctx, *opt, act, in, w, out, out_c, 3);
  }
  return PrepareConvOp(ctx, *opt, act, in, w, out, out_c, 3, mult);
}

// T: float or int16_t (int8 is kernels/conv_reference_int8.h); Acc: float
// or int64_t (int16: the exact sum); B: the bias type (float; void for
// int16, read by Requantize16x8). Weights int8 for int16. kFast (int16): each pixel's
// sums from the optimized routine (kernels/arm/depthwise_int16.cc), four
// output channels at a time. Output
// rows in order (reverse order when in place with a larger output); input
// rows through `ring` (in place: saved copies of rows already overwritten).
// Always inlined: its float copy is compiled -O2 inside EvalDepthwiseFloat.
template <typename T, typename Acc, typename B, bool kFast = false>
__attribute__((always_inline)) inline void EvalDepthwise(const ConvDims& v, const Output& q,
                                                         const T* x, const TensorView& w,
                                                         const B* bias, T* y, RowRing<T>& ring) {
  constexpr bool kFloat = std::is_same<T, float>::value;
  constexpr bool kInt16 = std::is_same<T, int16_t>::value;
  using W = typename std::conditional<kInt16, int8_t, T>::type;
  const int32_t in_h = v.in_h, in_w = v.in_w, in_c = v.in_c;
  const int32_t k_h = w.dim(1), k_w = w.dim(2), out_c = w.dim(3);
  const int32_t mult = out_c / in_c;
  const ConvGeometry& g = v.g;
  const W* wt = w.as<W>();
  const ptrdiff_t row_out = static_cast<ptrdiff_t>(g.out_w) * out_c;
  const bool rev = ring.reverse();
  Acc acc[kBlock];
  for (int32_t bi = 0; bi < v.batches; ++bi) {
    const int32_t b = rev ? v.batches - 1 - bi : bi;
    const T* xb = x + static_cast<ptrdiff_t>(b) * in_h * in_w * in_c;
    T* yb = y + static_cast<ptrdiff_t>(b) * g.out_h * row_out;
    ring.NewBatch();
    for (int32_t i = 0; i < g.out_h; ++i) {
      const int32_t oy = rev ? g.out_h - 1 - i : i;
      const int32_t iy0 = oy * g.stride_h - g.pad_h;
      int32_t ky0, ky1;
      ValidTaps(iy0, g.dilation_h, k_h, in_h, &ky0, &ky1);
      ring.BeforeOutputRow(xb, oy, FirstInputRow(v, oy), LastInputRow(v, oy));
      const T* rows[kRowCache];  // the first input rows this output row reads
      for (int32_t ky = ky0; ky < ky1 && ky - ky0 < kRowCache; ++ky) {
        rows[ky - ky0] = ring.Row(xb, iy0 + ky * g.dilation_h);
      }
      T* yp = yb + oy * row_out;
      for (int32_t ox = 0; ox < g.out_w; ++ox) {
        const int32_t ix0 = ox * g.stride_w - g.pad_w;
        int32_t kx0, kx1;
        ValidTaps(ix0, g.dilation_w, k_w, in_w, &kx0, &kx1);
        if constexpr (kFast) {
          const opt::Int16Patch p{rows, kRowCache, &ring, xb,           iy0,          ix0, ky0,
                                  ky1,  kx0,       kx1,   g.dilation_h, g.dilation_w, k_w, in_c};
          for (int32_t o = 0; o < out_c;) {
            int64_t sums[4];
            const int32_t n = out_c - o >= 4 ? 4 : 1;
            if (n == 4) {
              opt::DepthwiseSumsInt16<opt::kArmDsp, 4>(p, wt, out_c, o / mult, o, sums);
            } else {
              opt::DepthwiseSumsInt16<opt::kArmDsp, 1>(p, wt, out_c, o / mult, o, sums);
            }
            for (int32_t j = 0; j < n; ++j, ++o) {
              yp[o] = Requantize16x8(sums[j], bias, o, q.p.multiplier[o], q.p.shift[o], q.acc64,
                                     q.act_min, q.act_max);
            }
          }
          yp += out_c;
          continue;
        }
        for (int32_t o0 = 0; o0 < out_c; o0 += kBlock) {
          const int32_t n = out_c - o0 < kBlock ? out_c - o0 : kBlock;
          for (int32_t j = 0; j < n; ++j) acc[j] = 0;
          for (int32_t ky = ky0; ky < ky1; ++ky) {
            const T* x_row =
                ky - ky0 < kRowCache ? rows[ky - ky0] : ring.Row(xb, iy0 + ky * g.dilation_h);
            const W* w_row = wt + ky * k_w * out_c + o0;
            for (int32_t kx = kx0; kx < kx1; ++kx) {
              const T* xp = x_row + (ix0 + kx * g.dilation_w) * in_c;
              const W* wp = w_row + kx * out_c;
              if (mult == 1) {
                const T* xc = xp + o0;
                for (int32_t j = 0; j < n; ++j) acc[j] += xc[j] * wp[j];
              } else {
                // Output channels o0 + j read input channel (o0 + j) / mult:
                // runs of up to mult accumulators share one input value.
                const T* xc = xp + o0 / mult;
                int32_t run = mult - o0 % mult;
                for (int32_t j = 0; j < n; run = mult) {
                  const auto xv = *xc++;
                  const int32_t end = j + run < n ? j + run : n;
                  for (; j < end; ++j) acc[j] += xv * wp[j];
                }
              }
            }
          }
          T* yo = yp + o0;
          for (int32_t j = 0; j < n; ++j) {
            Acc a = acc[j];
            if constexpr (kFloat) {
              if (bias != nullptr) a += bias[o0 + j];
              yo[j] = ActivationClamp(a, q.f_min, q.f_max);
            } else {
              yo[j] = Requantize16x8(a, bias, o0 + j, q.p.multiplier[o0 + j], q.p.shift[o0 + j],
                                     q.acc64, q.act_min, q.act_max);
            }
          }
        }
        yp += out_c;
      }
    }
  }
}

// The float loop (DEPTHWISE_CONV_2D's only float code).
CIRCLET_SPEED void EvalDepthwiseFloat(const ConvDims& v, const Output& q, const float* x,
                                      const TensorView& w, const float* bias, float* y,
                                      RowRing<float>& ring) {
  EvalDepthwise<float, float, float>(v, q, x, w, bias, y, ring);
}

// The 16x8 loop (bias int64, int32 or none; kernels/conv_util.h).
CIRCLET_SPEED void EvalDepthwiseInt16(const ConvDims& v, const Output& q, const int16_t* x,
                                      const TensorView& w, const void* bias, int16_t* y,
                                      RowRing<int16_t>& ring) {
  EvalDepthwise<int16_t, int64_t, void>(v, q, x, w, bias, y, ring);
}

// The same with the optimized sums (depth multiplier 1).
CIRCLET_SPEED void EvalDepthwiseInt16Fast(const ConvDims& v, const Output& q, const int16_t* x,
                                          const TensorView& w, const void* bias, int16_t* y,
                                          RowRing<int16_t>& ring) {
  EvalDepthwise<int16_t, int64_t, void, true>(v, q, x, w, bias, y, ring);
}

// kAllTypes false: DEPTHWISE_CONV_2D_INT8, whose prepare admitted int8 only.
template <bool kAllTypes>
Status Eval(OpContext& ctx) {
  const ConvOpData& d = *ctx.op_data<ConvOpData>();
  TensorView in = ctx.input(0), out = ctx.output(0);
  const TensorView w = ctx.input(1);
  const void* bias = ctx.has_input(2) ? ctx.input(2).data : nullptr;
  const int32_t out_c = w.dim(3);
  const ConvGeometry g = ConvGeometryAt(ctx, d, &in, w, &out);
  const ConvDims v = ConvDimsOf(in, w.dim(1), w.dim(2), g);
  if (kAllTypes && in.type == DType::kFloat32) {
    Output q;
    RowRing<float> ring;
    CIRCLET_RETURN_IF_ERROR(StartFloatConvEval(ctx, d, v, out_c, d.activation, in, out, &q, &ring));
    EvalDepthwiseFloat(v, q, in.as<float>(), w, static_cast<const float*>(bias), out.as<float>(),
                       ring);
    return Status::Ok();
  }
  if (kAllTypes && in.type == DType::kInt16) {
    Output q;
    RowRing<int16_t> ring;
    CIRCLET_RETURN_IF_ERROR(StartInt16ConvEval(ctx, d, v, in, out, out_c, &q, &ring));
    // The optimized 16x8 sums (any shape the reference takes), else the
    // reference loop (host tools, or CIRCLET_OPT_INT16=0).
    if (opt::OptimizedInt16Kernels()) {
      EvalDepthwiseInt16Fast(v, q, in.as<int16_t>(), w, bias, out.as<int16_t>(), ring);
    } else {
      EvalDepthwiseInt16(v, q, in.as<int16_t>(), w, bias, out.as<int16_t>(), ring);
    }
    return Status::Ok();
  }
  Int8ConvEval e;
  CIRCLET_RETURN_IF_ERROR(StartInt8ConvEval(ctx, d, g, v, in, w, out, out_c, &e));
  // The optimized routine when it applies (ConvOpData::fast; in place,
  // where it gives the same bytes); else the reference loop.
  const int32_t mult = out_c / in.dim(3);
  if (opt::OptimizedKernels() && d.fast &&
      (!e.ring.active() || opt::DepthwiseInt8InPlaceOk(e.s, mult))) {
    opt::DepthwiseInt8(e.s, mult, e.oq, in.as<int8_t>(), w.as<int8_t>(),
                       static_cast<const int32_t*>(bias), out.as<int8_t>(),
                       opt::FastScratch(e.work, RingBytes(ctx, d, v, sizeof(int8_t)),
                                        opt::DepthwiseFastNeedsRing(e.s, mult)),
                       &e.ring);
    return Status::Ok();
  }
  ConvInt8Reference(v, e.q, -d.q.in_zero_point, in.as<int8_t>(), w.as<int8_t>(),
                    DepthwiseWalk(out_c, in.dim(3)), static_cast<const int32_t*>(bias),
                    out.as<int8_t>(), e.ring);
  return Status::Ok();
}

}  // namespace

// Versions: 1 float, 2 dilation, 3 int8 (per-channel), 5 int16 (16x8). 4
// and 6 (hybrid float-int8, refused in prepare) and 7 (int4 weights) are not
// implemented.
// The 16x8 int64 bias (input 2) may sit at a 4-byte offset (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(DEPTHWISE_CONV_2D, Prepare<true>, Eval<true>, 1 << 2)
// int8 only (circlet/op_resolver.h).
CIRCLET_KERNEL_INT8(DEPTHWISE_CONV_2D, Prepare<false>, Eval<false>)

}  // namespace kernels
}  // namespace circlet
