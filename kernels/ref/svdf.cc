// SPDX-License-Identifier: Apache-2.0
// SVDF: a rank-r singular-value-decomposition filter over time, with its
// memory in a variable tensor (kept across Invoke()). Tensors:
//   0 input [batch, input_size], 1 weights_feature [filters, input_size],
//   2 weights_time [filters, memory], 3 bias [units] (optional),
//   4 state (variable) [batch, memory * filters]; output [batch, units],
//   units = filters / rank.
// Each Invoke(), as TFLite Micro's reference (svdf_common.cc):
//   1. the whole state buffer shifts left by one element;
//   2. for each batch b and filter f, the newest slot state[b][f][memory-1]
//      = dot(weights_feature[f], input[b]);
//   3. t[b][f] = dot(weights_time[f], state[b][f][0..memory));
//   4. out[b][u] = bias[u] + sum of t[b][u*rank .. u*rank+rank), then the
//      fused activation (float32).
// float32: sums in float in that order. int8 (input, weights_feature and
// output int8; weights_time and state both int16 or both int8; bias int32):
//   step 2: clamp(state_zp + MBQM(sum w * (x - in_zp), M1), state type range),
//   step 3: sum wt * (s - state_zp) in int32,
//   step 4: clamp(MBQM(bias + sum, M2) + out_zp, -128, 127), no activation;
//   M1 = QuantizeMultiplier(double(float(s_in * s_wf / s_state))),
//   M2 = QuantizeMultiplier(double(float(s_state * s_wt / s_out))) — the scale
//   products in float, as TFLite Micro computes them.
#include <limits>

#include "kernels/kernel_util.h"
#include "quant/quantize.h"

namespace circlet {
namespace kernels {
namespace {

struct SvdfData {
  ScratchRecord* scratch;  // t[batch][filters], then (int8) out[batch][units] in int32
  int32_t batch, input_size, filters, memory, rank;
  int8_t activation;
  int32_t m1, m2;
  int8_t s1, s2;
  int32_t in_zp, out_zp, state_zp;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 3, 5, 1));  // bias (3) is optional, the state is not
  const TensorView in = ctx.input(0), wf = ctx.input(1), wt = ctx.input(2), st = ctx.input(4),
                   out = ctx.output(0);
  const bool has_bias = ctx.has_input(3);
  const TensorView bias = ctx.input(3);
  const auto* opt = ctx.options<fb::SVDFOptions>();
  const int rank = opt != nullptr ? opt->rank() : 0;
  CIRCLET_RETURN_IF_ERROR(ctx.UseState(4));
  if (in.rank != 2 || wf.rank != 2 || wt.rank != 2 || st.rank != 2) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input, weights_feature, weights_time and state must have rank 2 (have %d, "
                     "%d, %d, %d)",
                     in.rank, wf.rank, wt.rank, st.rank);
  }
  const int32_t batch = in.dim(0), input_size = in.dim(1), filters = wf.dim(0), memory = wt.dim(1);
  if (rank <= 0 || filters % rank != 0) {
    return ctx.Error(StatusCode::kInvalidModel, "rank %d does not divide the %d filters", rank,
                     static_cast<int>(filters));
  }
  const int32_t units = filters / rank;
  if (wf.dim(1) != input_size || wt.dim(0) != filters || memory < 1 || st.dim(0) != batch ||
      st.dim(1) != static_cast<int64_t>(memory) * filters ||
      (has_bias && (bias.rank != 1 || bias.dim(0) != units))) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "shapes do not agree: weights_feature [filters, %d], weights_time "
                     "[%d, memory >= 1], bias [%d], state [%d, memory x %d]",
                     static_cast<int>(input_size), static_cast<int>(filters),
                     static_cast<int>(units), static_cast<int>(batch), static_cast<int>(filters));
  }
  const int32_t out_dims[2] = {batch, units};
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, out_dims, 2));
  auto* d = ctx.AllocateOpData<SvdfData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->batch = batch;
  d->input_size = input_size;
  d->filters = filters;
  d->memory = memory;
  d->rank = rank;
  d->activation = static_cast<int8_t>(opt->fused_activation_function());
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (in.type == DType::kFloat32) {
    CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(wf, DType::kFloat32, "weights_feature"));
    CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(wt, DType::kFloat32, "weights_time"));
    CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(st, DType::kFloat32, "state"));
    if (has_bias) CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(bias, DType::kFloat32, "bias"));
    return ctx.RequestScratch(static_cast<size_t>(batch) * filters * sizeof(float), &d->scratch);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(wf, DType::kInt8, "weights_feature"));
  if (wt.type != DType::kInt16 && wt.type != DType::kInt8) {
    return ctx.Error(StatusCode::kUnsupported, "weights_time (tensor %d) is %s: int16 or int8",
                     wt.index, DTypeName(wt.type));
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(st, wt.type, "state"));
  if (has_bias) CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(bias, DType::kInt32, "bias"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, wf, "weights_feature"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, wt, "weights_time"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, st, "state"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  const float e1 = in.quant.scale() * wf.quant.scale() / st.quant.scale();
  const float e2 = st.quant.scale() * wt.quant.scale() / out.quant.scale();
  int s1 = 0, s2 = 0;
  quant::QuantizeMultiplier(static_cast<double>(e1), &d->m1, &s1);
  quant::QuantizeMultiplier(static_cast<double>(e2), &d->m2, &s2);
  d->s1 = static_cast<int8_t>(s1);
  d->s2 = static_cast<int8_t>(s2);
  d->in_zp = in.quant.zero_point();
  d->out_zp = out.quant.zero_point();
  d->state_zp = st.quant.zero_point();
  return ctx.RequestScratch(static_cast<size_t>(batch) * (filters + units) * sizeof(int32_t),
                            &d->scratch);
}

// Step 1: the whole state buffer moves one element towards its start.
template <typename T>
void ShiftState(T* state, int32_t n) {
  for (int32_t i = 0; i + 1 < n; ++i) state[i] = state[i + 1];
}

void EvalFloat(const SvdfData& d, const float* x, const float* wf, const float* wt,
               const float* bias, float* state, float* t, float* y) {
  const int32_t units = d.filters / d.rank;
  ShiftState(state, d.batch * d.filters * d.memory);
  for (int32_t b = 0; b < d.batch; ++b) {
    const float* xb = x + b * d.input_size;
    for (int32_t f = 0; f < d.filters; ++f) {
      const float* w = wf + f * d.input_size;
      float acc = 0.0f;
      for (int32_t c = 0; c < d.input_size; ++c) acc += w[c] * xb[c];
      state[(b * d.filters + f) * d.memory + d.memory - 1] = acc;
    }
  }
  for (int32_t b = 0; b < d.batch; ++b) {
    for (int32_t f = 0; f < d.filters; ++f) {
      const float* s = state + (b * d.filters + f) * d.memory;
      const float* w = wt + f * d.memory;
      float acc = 0.0f;
      for (int32_t j = 0; j < d.memory; ++j) acc += w[j] * s[j];
      t[b * d.filters + f] = acc;
    }
  }
  float lo = 0.0f, hi = 0.0f;
  quant::ActivationRangeFloat(d.activation, &lo, &hi);
  for (int32_t b = 0; b < d.batch; ++b) {
    for (int32_t u = 0; u < units; ++u) {
      float v = bias != nullptr ? bias[u] : 0.0f;
      for (int32_t r = 0; r < d.rank; ++r) v += t[b * d.filters + u * d.rank + r];
      y[b * units + u] = v < lo ? lo : (v > hi ? hi : v);
    }
  }
}

template <typename T>
void EvalInteger(const SvdfData& d, const int8_t* x, const int8_t* wf, const T* wt,
                 const int32_t* bias, T* state, int32_t* t, int8_t* y) {
  const int32_t units = d.filters / d.rank;
  int32_t* acc_out = t + d.batch * d.filters;
  ShiftState(state, d.batch * d.filters * d.memory);
  const int32_t smin = std::numeric_limits<T>::min(), smax = std::numeric_limits<T>::max();
  for (int32_t b = 0; b < d.batch; ++b) {
    const int8_t* xb = x + b * d.input_size;
    for (int32_t f = 0; f < d.filters; ++f) {
      const int8_t* w = wf + f * d.input_size;
      uint32_t sum = 0;  // wraps as TFLite's int32 sum does on hardware
      for (int32_t c = 0; c < d.input_size; ++c) {
        sum += static_cast<uint32_t>(w[c] * (xb[c] - d.in_zp));
      }
      const auto acc = static_cast<int32_t>(sum);
      int32_t v = quant::WrapAdd(d.state_zp, quant::MultiplyByQuantizedMultiplier(acc, d.m1, d.s1));
      v = v < smin ? smin : (v > smax ? smax : v);
      state[(b * d.filters + f) * d.memory + d.memory - 1] = static_cast<T>(v);
    }
  }
  for (int32_t b = 0; b < d.batch; ++b) {
    for (int32_t f = 0; f < d.filters; ++f) {
      const T* s = state + (b * d.filters + f) * d.memory;
      const T* w = wt + f * d.memory;
      uint32_t acc = 0;  // wraps as TFLite's int32 sum does on hardware
      for (int32_t j = 0; j < d.memory; ++j) {
        acc += static_cast<uint32_t>(static_cast<int32_t>(w[j]) * (s[j] - d.state_zp));
      }
      t[b * d.filters + f] = static_cast<int32_t>(acc);
    }
  }
  for (int32_t b = 0; b < d.batch; ++b) {
    for (int32_t u = 0; u < units; ++u) {
      int32_t v = bias != nullptr ? bias[u] : 0;
      for (int32_t r = 0; r < d.rank; ++r) v = quant::WrapAdd(v, t[b * d.filters + u * d.rank + r]);
      acc_out[b * units + u] = v;
    }
  }
  for (int32_t i = 0; i < d.batch * units; ++i) {
    const int32_t v =
        quant::WrapAdd(quant::MultiplyByQuantizedMultiplier(acc_out[i], d.m2, d.s2), d.out_zp);
    y[i] = static_cast<int8_t>(v < -128 ? -128 : (v > 127 ? 127 : v));
  }
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const SvdfData& d = *ctx.op_data<SvdfData>();
  const TensorView in = ctx.input(0), wf = ctx.input(1), wt = ctx.input(2), st = ctx.input(4);
  const void* bias = ctx.has_input(3) ? ctx.input(3).data : nullptr;
  void* scratch = ctx.scratch(d.scratch);
  if (in.type == DType::kFloat32) {
    EvalFloat(d, in.as<const float>(), wf.as<const float>(), wt.as<const float>(),
              static_cast<const float*>(bias), st.as<float>(), static_cast<float*>(scratch),
              ctx.output(0).as<float>());
  } else if (wt.type == DType::kInt16) {
    EvalInteger(d, in.as<const int8_t>(), wf.as<const int8_t>(), wt.as<const int16_t>(),
                static_cast<const int32_t*>(bias), st.as<int16_t>(), static_cast<int32_t*>(scratch),
                ctx.output(0).as<int8_t>());
  } else {
    EvalInteger(d, in.as<const int8_t>(), wf.as<const int8_t>(), wt.as<const int8_t>(),
                static_cast<const int32_t*>(bias), st.as<int8_t>(), static_cast<int32_t*>(scratch),
                ctx.output(0).as<int8_t>());
  }
  return Status::Ok();
}

}  // namespace

// Versions up to 4, TFLite's highest for SVDF: v1 float32, v2 the hybrid
// (float input with int8 weights: refused by its types), v3 int8, v4 the
// asymmetric hybrid option (refused with v2's hybrid).
CIRCLET_KERNEL(SVDF, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
