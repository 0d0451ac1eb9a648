// SPDX-License-Identifier: Apache-2.0
// FULLY_CONNECTED: out[b][o] = act(sum_i in[b][i] * w[o][i] + bias[o]).
//
// Input of any rank: batches = elements / in_depth, with in_depth = w.dim(1).
// Output shape: [batches, units], or with keep_num_dims the input's shape
// with its last dimension replaced by units. Bias is optional (input 2
// absent or -1).
//
// int8 (TFLite reference integer kernel): acc = sum (in + in_offset) * w
// (weights symmetric: zero point 0) + bias (int32), then
// MultiplyByQuantizedMultiplier(acc, M) + out_zero_point, clamped to the
// activation range. M = (float)(in_scale * w_scale) / out_scale computed in
// double, as TFLite's GetQuantizedConvolutionMultipler does; per-channel
// weights use double(in_scale) * double(w_scale[o]) / double(out_scale) per
// output row, recomputed at eval (quant::ChannelMultiplier, bit-identical to
// QuantizeMultiplier) instead of being kept in RAM.
//
// int16 (16x8, TFLite reference_integer_ops::FullyConnected and
// FullyConnectedPerChannel for int16 input, int8 weights): zero points 0,
// acc = sum in * w exactly, plus bias[o]; an int64 bias means an int64
// accumulator and TFLite's int64 MultiplyByQuantizedMultiplier, an int32
// bias an int32 (wrapping) accumulator and the int32 one
// (kernels/conv_util.h, Requantize16x8); out = clamp(result, int16
// activation range). Multipliers as for int8.
#include <cinttypes>
#include <cmath>
#include <cstring>

#include "kernels/arm/dot_f32.h"
#include "kernels/arm/int16_kernels.h"
#include "kernels/arm/int8_kernels.h"
#include "kernels/conv_util.h"
#include "kernels/kernel_util.h"
#include "kernels/optimized.h"
#include "quant/multiplier.h"

namespace circlet {
namespace kernels {
namespace {

// Persistent op data, 16 bytes: what eval needs of the
// options and the quantization (eval reads no flatbuffer). Per-channel
// multipliers are recomputed at eval from the scales FcChannelData keeps.
struct FcData {
  int32_t multiplier;       // int8, per-tensor weights
  int8_t shift;             // int8, per-tensor weights (in [-31, 30])
  int8_t act_min, act_max;  // int8 activation clamp (int16: computed at eval)
  bool per_channel;         // one weight scale per unit
  uint8_t activation;       // fused activation function
  int8_t in_zero_point;     // int8 (int16: 0)
  int8_t out_zero_point;    // int8 (int16: 0)
  int32_t batches;          // input elements / depth (under 2^31)
#if CIRCLET_PERSISTENT_CHANNEL_PARAMS
  void* params;  // per-unit parameters (kernels/conv_util.h)
#endif
};
// Per-channel int8 and all int16 ops: the scales too (KeepQuant).
struct FcChannelData : FcData {
  KeptQuant q;
};
inline const FcChannelData& Wide(const FcData& d) {
  return static_cast<const FcChannelData&>(d);
}

// Whether the op keeps FcChannelData: int16, or int8 with per-unit scales.
inline bool IsWide(const TensorView& in, const TensorView& w) {
  return in.type == DType::kInt16 || w.quant.count > 1;
}

// An int8 op with per-tensor weights whose optimized routine takes it
// (opt::FullyConnectedInt8PerTensorApplies) runs EvalInt8PerTensor, chosen
// at prepare (ChooseInt8Eval): its op data, first an FcData for prepare's
// checks, then holds the routine's opt::FcPerTensor instead.
constexpr size_t kInt8OpDataBytes = sizeof(opt::FcPerTensor) > sizeof(FcData)
                                        ? sizeof(opt::FcPerTensor)
                                        : sizeof(FcData);
template <int kTypes>
__attribute__((always_inline)) inline Status ChooseInt8Eval(OpContext& ctx, FcData* d,
                                                            int32_t units, int32_t depth);

// The weights' quantization and the requantization multipliers (int8 and
// int16): per-tensor input and output, one weight scale or one per unit,
// symmetric weights, finite non-negative effective scales. Always inlined:
// FULLY_CONNECTED_INT8's prepare stays one function (firmware flash).
__attribute__((always_inline)) inline Status PrepareQuant(OpContext& ctx, const TensorView& in,
                                                          const TensorView& w,
                                                          const TensorView& out, int units,
                                                          FcData* d) {
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  if (w.quant.count != 1 && w.quant.count != units) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "weights (tensor %d) have %d scales, expected 1 or %d (one per unit)", w.index,
                     w.quant.count, units);
  }
  CIRCLET_RETURN_IF_ERROR(KeepZeroPoints(ctx, in, out, &d->in_zero_point, &d->out_zero_point));
  if (IsWide(in, w)) {
    CIRCLET_RETURN_IF_ERROR(KeepQuant(ctx, in, w, out, &static_cast<FcChannelData*>(d)->q));
  }
  for (int c = 0; c < w.quant.count; ++c) {
    if (w.quant.zero_points[c] != 0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "weights (tensor %d) zero point %lld, int8 weights must be symmetric (0)",
                       w.index, static_cast<long long>(w.quant.zero_points[c]));
    }
  }
  if (w.quant.count == 1) {
    const double product = static_cast<double>(in.quant.scale() * w.quant.scale());
    const double m = product / static_cast<double>(out.quant.scale());
    if (!std::isfinite(m) || m < 0.0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "effective scale %g is not a finite non-negative number", m);
    }
    int32_t multiplier = 0;
    int shift = 0;
    quant::QuantizeMultiplier(m, &multiplier, &shift);
    d->multiplier = multiplier;
    d->shift = static_cast<int8_t>(shift);
    return Status::Ok();
  }
  // Per-channel: each unit's multiplier is recomputed at eval
  // (quant::ChannelMultiplier), or kept from prepare (conv_util.h's choice).
  d->per_channel = true;
  for (int c = 0; c < units; ++c) {
    const double m = static_cast<double>(in.quant.scale()) *
                     static_cast<double>(w.quant.scales[c]) /
                     static_cast<double>(out.quant.scale());
    if (!std::isfinite(m) || m < 0.0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "unit %d has effective scale %g, not a finite non-negative number", c, m);
    }
  }
  size_t scratch_bytes = 0;  // FC computes each unit's parameters in its loop instead
  return ChannelParamsAtPrepare(ctx, units, static_cast<FcChannelData*>(d), &scratch_bytes);
}

// 16x8 (kernels/conv_util.h): int8 weights, int16 output, zero points 0,
// bias int64 or int32; with an int64 accumulator every shift at most 14.
CIRCLET_COLD Status PrepareInt16(OpContext& ctx, const TensorView& in, const TensorView& w,
                                 const TensorView& out, int units, FcData* d) {
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, DType::kInt8, "weights"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kInt16, "output"));
  CIRCLET_RETURN_IF_ERROR(CheckInt16ZeroPoint(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckInt16ZeroPoint(ctx, out, "output"));
  bool acc64 = false;
  CIRCLET_RETURN_IF_ERROR(CheckInt16Bias(ctx, units, &acc64));
  CIRCLET_RETURN_IF_ERROR(PrepareQuant(ctx, in, w, out, units, d));
  if (!acc64) return Status::Ok();
  if (d->per_channel) return CheckInt16Shifts(ctx, in, w, out);
  if (d->shift > 14) {
    return ctx.Error(StatusCode::kUnsupported,
                     "effective scale with shift %d: 16x8 with an int64 accumulator needs a "
                     "scale below 16384",
                     d->shift);
  }
  return Status::Ok();
}

// kAllTypes false: FULLY_CONNECTED_INT8 (int8 only; no int16 code linked).
// Which types a kernel object takes: the full kernel, or a variant.
enum : int { kAllTypes = 0, kInt8Only = 1, kFloatOnly = 2 };

template <int kTypes>
CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 3, 1));
  if (kTypes == kInt8Only) CIRCLET_RETURN_IF_ERROR(CheckInt8Variant(ctx));
  if (kTypes == kFloatOnly) CIRCLET_RETURN_IF_ERROR(CheckFloatVariant(ctx));
  const auto* opt = ctx.options<fb::FullyConnectedOptions>();
  const int act = opt != nullptr ? opt->fused_activation_function() : 0;
  const bool keep = opt != nullptr && opt->keep_num_dims();
  if (opt != nullptr && opt->weights_format() != fb::FullyConnectedOptionsWeightsFormat_DEFAULT) {
    return ctx.Error(StatusCode::kUnsupported, "shuffled weights format is not supported");
  }
  CIRCLET_RETURN_IF_ERROR(CheckActivation(ctx, act));
  const TensorView in = ctx.input(0), w = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, w, 2, "weights"));
  const int units = w.dim(0), depth = w.dim(1);
  const int64_t elems = in.num_elements();
  if (depth <= 0 || elems % depth != 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input (tensor %d) has %lld elements, not a multiple of the weights' "
                     "depth %d",
                     in.index, static_cast<long long>(elems), depth);
  }
  int32_t dims[kMaxRank];
  int rank;
  if (keep) {
    rank = in.rank;
    for (int i = 0; i < rank; ++i) dims[i] = in.dim(i);
    if (rank == 0 || dims[rank - 1] != depth) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "keep_num_dims needs the input's last dimension to be %d", depth);
    }
    dims[rank - 1] = units;
  } else {
    rank = 2;
    dims[0] = static_cast<int32_t>(elems / depth);
    dims[1] = units;
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  const bool has_bias = ctx.has_input(2);
  TensorView bias;
  if (has_bias) {
    bias = ctx.input(2);
    if (bias.num_elements() != units) {
      return ctx.Error(StatusCode::kInvalidModel, "bias (tensor %d) has %lld elements, expected %d",
                       bias.index, static_cast<long long>(bias.num_elements()), units);
    }
  }
  auto* d = static_cast<FcData*>(ctx.AllocateOpData(
      in.type == DType::kFloat32 ? sizeof(FcData)
                                 : (IsWide(in, w) ? sizeof(FcChannelData) : kInt8OpDataBytes)));
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->activation = static_cast<uint8_t>(act);
  d->batches = static_cast<int32_t>(elems / depth);
  if (kTypes != kInt8Only && in.type == DType::kFloat32) {
    CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, DType::kFloat32, "weights"));
    CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kFloat32, "output"));
    if (has_bias) CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(bias, DType::kFloat32, "bias"));
    return Status::Ok();
  }
  if (kTypes == kAllTypes && in.type == DType::kInt16) {
    return PrepareInt16(ctx, in, w, out, units, d);
  }
  if (kTypes == kFloatOnly) return Status::Ok();  // CheckFloatVariant refused the rest
  // int8.
  CIRCLET_RETURN_IF_ERROR(CheckAccumulationTaps(ctx, depth));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(w, DType::kInt8, "weights"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kInt8, "output"));
  if (has_bias) CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(bias, DType::kInt32, "bias"));
  int32_t lo = 0, hi = 0;
  quant::ActivationRangeQuantized(act, out.quant.scale(), out.quant.zero_point(), out.type, &lo,
                                  &hi);
  d->act_min = static_cast<int8_t>(lo);
  d->act_max = static_cast<int8_t>(hi);
  CIRCLET_RETURN_IF_ERROR(PrepareQuant(ctx, in, w, out, units, d));
  return ChooseInt8Eval<kTypes>(ctx, d, units, depth);
}

CIRCLET_SPEED void EvalFloat(int act, int32_t batches, int32_t units, int32_t depth, const float* x,
                             const float* w, const float* bias, float* y) {
  float range[2] = {0.0f, 0.0f};
  quant::ActivationRangeFloat(act, &range[0], &range[1]);
  const float lo = range[0], hi = range[1];  // in registers for the loops
  for (int32_t b = 0; b < batches; ++b, x += depth) {
    if (depth == 1) {
      // One input per batch (a scalar feature): one product per unit.
      const float xv = x[0];
      for (int32_t o = 0; o < units; ++o) {
        float acc = 0.0f;
        acc += xv * w[o];
        if (bias != nullptr) acc += bias[o];
        *y++ = ActivationClamp(acc, lo, hi);
      }
      continue;
    }
    const float* row = w;
    for (int32_t o = 0; o < units; ++o, row += depth) {
      // The products added in order, as TFLite's loop adds them.
      float acc = DotF32(x, row, depth, 0.0f);
      if (bias != nullptr) acc += bias[o];
      *y++ = ActivationClamp(acc, lo, hi);
    }
  }
}

// The 16x8 loop (bias int64, int32 or none; kernels/conv_util.h). Units
// outer, as the int8 reference loop.
CIRCLET_SPEED void EvalInt16(const FcData& d, int act, bool acc64, const TensorView& in,
                             const TensorView& w, const void* bias, const TensorView& out) {
  int32_t lo = 0, hi = 0;
  Int16ActivationRange(act, Wide(d).q.out_scale, &lo, &hi);
  const int units = w.dim(0), depth = w.dim(1);
  const int32_t batches = d.batches;
  const int16_t* x = in.as<int16_t>();
  const int8_t* wt = w.as<int8_t>();
  int16_t* y = out.as<int16_t>();
  for (int32_t o = 0; o < units; ++o) {
    int32_t m = d.multiplier;
    int s = d.shift;
    if (d.per_channel) ChannelParamAtEval(Wide(d), o, units, &m, &s);
    const int8_t* row = wt + static_cast<int64_t>(o) * depth;
    for (int32_t b = 0; b < batches; ++b) {
      const int16_t* xb = x + b * depth;
      int64_t acc = 0;
      for (int32_t i = 0; i < depth; ++i) acc += xb[i] * row[i];
      y[b * units + o] = Requantize16x8(acc, bias, o, m, s, acc64, lo, hi);
    }
  }
}

// Per-channel parameters for the optimized routine, unit by unit as the
// reference loop computes them (nothing stored).
struct UnitParamsCtx {
  const FcData* d;
  int32_t units;
};

void UnitParams(const void* ctx, int32_t unit, int32_t* m, int* s) {
  const auto& c = *static_cast<const UnitParamsCtx*>(ctx);
  ChannelParamAtEval(Wide(*c.d), unit, c.units, m, s);
}

// The optimized 16x8 routine (any shape the reference takes).
void EvalInt16Fast(const FcData& d, int act, bool acc64, const TensorView& in, const TensorView& w,
                   const void* bias, const TensorView& out) {
  opt::Int16FcQuant q{d.multiplier, d.shift, d.per_channel, acc64, 0, 0};
  Int16ActivationRange(act, Wide(d).q.out_scale, &q.act_min, &q.act_max);
  const int32_t depth = w.dim(1);
  const UnitParamsCtx ctx{&d, w.dim(0)};
  opt::FullyConnectedInt16(d.batches, depth, w.dim(0), q, UnitParams, &ctx, in.as<int16_t>(),
                           w.as<int8_t>(), bias, out.as<int16_t>());
}

// The reference loop, when the optimized routine does not apply. Units
// outer: a per-channel unit's multiplier is computed once for all batches.
CIRCLET_FALLBACK void EvalInt8Reference(const FcData& d, int32_t units, int32_t depth,
                                        const int8_t* x, const int8_t* wt, const int32_t* bias,
                                        int8_t* y) {
  const int32_t batches = d.batches;
  const int32_t in_offset = -d.in_zero_point;
  const int32_t out_offset = d.out_zero_point;
  for (int32_t o = 0; o < units; ++o) {
    int32_t m = d.multiplier;
    int s = d.shift;
    if (d.per_channel) ChannelParamAtEval(Wide(d), o, units, &m, &s);
    const int8_t* row = wt + static_cast<int64_t>(o) * depth;
    for (int32_t b = 0; b < batches; ++b) {
      const int8_t* xb = x + b * depth;
      int32_t acc = 0;
      for (int32_t i = 0; i < depth; ++i) acc += (xb[i] + in_offset) * row[i];
      if (bias != nullptr) acc = quant::WrapAdd(acc, bias[o]);
      y[b * units + o] =
          static_cast<int8_t>(quant::Requantize(acc, m, s, out_offset, d.act_min, d.act_max));
    }
  }
}

// The optimized routine's view of the op's quantization.
opt::OutQuant OutQuantOf(const FcData& d) {
  return opt::OutQuant{&d.multiplier,    &d.shift,  d.per_channel, -d.in_zero_point,
                       d.out_zero_point, d.act_min, d.act_max};
}

// Whether the optimized routine takes the op: always for what Prepare
// accepts (depth 1..65536 by CheckAccumulationTaps, int8 zero points by the
// model's verification, fewer than 2^31 batches by its shape limit), which
// FULLY_CONNECTED_INT8's prepare checks.
bool RoutineApplies(int64_t batches, int32_t depth, const opt::OutQuant& q) {
  return batches <= INT32_MAX && opt::FullyConnectedInt8Applies(depth, q);
}

// kAllTypes false: FULLY_CONNECTED_INT8, whose prepare admitted only ops the
// optimized routine takes: on firmware (no kernel switch) no reference loop.
template <bool kAllTypes>
void EvalInt8(const FcData& d, int32_t units, int32_t depth, const int8_t* x, const int8_t* w,
              const int32_t* bias, int8_t* y) {
  const opt::OutQuant q = OutQuantOf(d);
  if (opt::OptimizedKernels() && (!kAllTypes || RoutineApplies(d.batches, depth, q))) {
    const UnitParamsCtx ctx{&d, units};
    opt::FullyConnectedInt8(d.batches, depth, units, q, UnitParams, &ctx, x, w, bias, y);
    return;
  }
  EvalInt8Reference(d, units, depth, x, w, bias, y);
}

// The op's fused activation (NONE without options), kept at prepare.
__attribute__((always_inline)) inline int FusedActivation(const OpContext& ctx) {
  return ctx.op_data<FcData>()->activation;
}

// The eval ChooseInt8Eval picks: the per-tensor routine on the op data
// prepare computed for it, the tensors' bytes straight from the records.
Status EvalInt8PerTensor(OpContext& ctx) {
  const opt::FcPerTensor& p = *ctx.op_data<opt::FcPerTensor>();
  const auto* x = static_cast<const int8_t*>(ctx.eval_input_data(0));
  const auto* w = static_cast<const int8_t*>(ctx.eval_input_data(1));
  const auto* bias = static_cast<const int32_t*>(ctx.eval_optional_input_data(2));
  auto* y = static_cast<int8_t*>(ctx.eval_output_data(0));
#if CIRCLET_KERNEL_SWITCH
  if (!opt::OptimizedKernels()) {  // circlet bench --ref: the reference loop
    FcData d{};
    d.multiplier = p.multiplier;
    d.shift = static_cast<int8_t>(p.multiplier != 0 ? -1 - p.rshift : 0);
    d.act_min = p.act_min;
    d.act_max = p.act_max;
    d.in_zero_point = static_cast<int8_t>(-opt::Lo16(p.off2));
    d.out_zero_point = p.out_zp;
    d.batches = p.batches;
    EvalInt8Reference(d, p.units, p.depth, x, w, bias, y);
    return Status::Ok();
  }
#endif
  opt::FullyConnectedInt8PerTensor(p, x, w, bias, y);
  return Status::Ok();
}

// After a successful int8 prepare: EvalInt8PerTensor for the op when the
// per-tensor routine takes it, its opt::FcPerTensor over the FcData.
// FULLY_CONNECTED_INT8 (kInt8Only), whose eval has no reference loop on
// firmware, also refuses an op the optimized routine cannot run.
// Inlined into Prepare (firmware flash).
template <int kTypes>
inline Status ChooseInt8Eval(OpContext& ctx, FcData* d, int32_t units, int32_t depth) {
  const opt::OutQuant q = OutQuantOf(*d);
  if (kTypes == kInt8Only && !RoutineApplies(d->batches, depth, q)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "depth %" PRId32
                     ", zero points %d and %d: FULLY_CONNECTED_INT8 cannot run it "
                     "(FULLY_CONNECTED can)",
                     depth, d->in_zero_point, d->out_zero_point);
  }
  opt::FcPerTensor p;
  if (opt::OptimizedKernels() && opt::FcPerTensorAtPrepare(d->batches, depth, units, q, &p)) {
    static_assert(sizeof(p) <= kInt8OpDataBytes, "the op data holds it");
    std::memcpy(static_cast<void*>(d), &p, sizeof(p));
    ctx.SetEval(EvalInt8PerTensor);
  }
  return Status::Ok();
}

// FULLY_CONNECTED_FLOAT's eval (FULLY_CONNECTED's float branch calls
// EvalFloat with the views it already has).
CIRCLET_SPEED __attribute__((flatten)) Status EvalFloatOnly(OpContext& ctx) {
  const FcData& d = *ctx.op_data<FcData>();
  const int32_t* wd = ctx.input_dims(1);
  EvalFloat(d.activation, d.batches, wd[0], wd[1], static_cast<const float*>(ctx.input_data(0)),
            static_cast<const float*>(ctx.input_data(1)),
            static_cast<const float*>(ctx.input_data(2)), static_cast<float*>(ctx.output_data(0)));
  return Status::Ok();
}

// kAllTypes false: FULLY_CONNECTED_INT8, whose prepare admitted int8 only.
template <bool kAllTypes>
Status Eval(OpContext& ctx) {
  const FcData& d = *ctx.op_data<FcData>();
  if (!kAllTypes) {  // int8 only: no views
    const int32_t* wd = ctx.input_dims(1);
    EvalInt8<false>(d, wd[0], wd[1], static_cast<const int8_t*>(ctx.input_data(0)),
                    static_cast<const int8_t*>(ctx.input_data(1)),
                    static_cast<const int32_t*>(ctx.input_data(2)),
                    static_cast<int8_t*>(ctx.output_data(0)));
    return Status::Ok();
  }
  const TensorView in = ctx.input(0), w = ctx.input(1), out = ctx.output(0);
  const void* bias = ctx.input_data(2);
  if (kAllTypes && in.type == DType::kFloat32) {
    EvalFloat(d.activation, d.batches, w.dim(0), w.dim(1), in.as<const float>(),
              w.as<const float>(), static_cast<const float*>(bias), out.as<float>());
  } else if (kAllTypes && in.type == DType::kInt16) {
    const int act = FusedActivation(ctx);
    // The optimized routine, else (host tools, CIRCLET_OPT_INT16=0) the
    // reference loop.
    if (opt::OptimizedInt16Kernels()) {
      EvalInt16Fast(d, act, Int16Acc64(ctx), in, w, bias, out);
    } else {
      EvalInt16(d, act, Int16Acc64(ctx), in, w, bias, out);
    }
  } else {
    EvalInt8<kAllTypes>(d, w.dim(0), w.dim(1), in.as<const int8_t>(), w.as<const int8_t>(),
                        static_cast<const int32_t*>(bias), out.as<int8_t>());
  }
  return Status::Ok();
}

}  // namespace

// FULLY_CONNECTED_INT8: int8 only (circlet/op_resolver.h), optimized routine
// only.
// The 16x8 int64 bias (input 2) may sit at a 4-byte offset (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(FULLY_CONNECTED, Prepare<kAllTypes>, Eval<true>, 1 << 2)
CIRCLET_KERNEL_INT8(FULLY_CONNECTED, Prepare<kInt8Only>, Eval<false>)
// FULLY_CONNECTED_FLOAT: float32 only (no int8 or 16x8 code in firmware).
CIRCLET_KERNEL_FLOAT(FULLY_CONNECTED, Prepare<kFloatOnly>, EvalFloatOnly)

}  // namespace kernels
}  // namespace circlet
