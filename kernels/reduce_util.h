// SPDX-License-Identifier: Apache-2.0
// The reductions' scaffolding (MEAN, SUM, REDUCE_MAX, REDUCE_MIN,
// REDUCE_PROD, REDUCE_ALL, REDUCE_ANY): axes, keep_dims, output shape and
// the iteration, as TFLite's reference reduce.h defines them.
//
// Axes (input 1) come from a constant int32 or int64 tensor of any shape
// (its element count is the number of axes; none = reduce nothing). An axis
// a in [-rank, rank) means a < 0 ? a + rank : a; repeated axes count once
// (TFLite's ResolveAxis); anything else is refused in prepare. A scalar
// input ignores the axes (TFLite short-circuits axis resolution for rank 0).
// Output shape: the input's with each reduced dimension set to 1
// (keep_dims) or removed (not keep_dims; reducing every axis gives a
// scalar). ReducerOptions absent: keep_dims = false.
//
// Iteration: output element o (row-major over the kept dimensions) reduces
// the input elements whose kept coordinates are o's, in increasing input
// order. That is the order in which TFLite's Reduce() (one pass over the
// input in row-major order, accumulating into the output) meets them, so
// float sums and products round exactly as TFLite's. A zero-size reduced
// dimension leaves every output at the reduction's initial value.
#ifndef CIRCLET_KERNELS_REDUCE_UTIL_H_
#define CIRCLET_KERNELS_REDUCE_UTIL_H_

#include <cstdint>
#include <cstring>
#include <limits>

#include "kernels/kernel_util.h"
#include "quant/fixed_point_math.h"

namespace circlet {
namespace kernels {

// Kept (outer) and reduced (inner) dimensions with their input strides in
// elements. Adjacent dimensions of one kind are merged and size-1
// dimensions dropped (the element order is unchanged).
struct ReduceGeometry {
  int32_t outer_rank, inner_rank;
  int32_t outer_dims[kMaxRank], inner_dims[kMaxRank];
  int32_t outer_strides[kMaxRank], inner_strides[kMaxRank];
  int32_t num_outputs;  // product of the kept dimensions
  int32_t count;        // input elements per output: product of the reduced dims
};

namespace reduce_detail {

// Appends dimension (size, stride) of input axis `axis` to a list, merging
// it into the previous entry when that one is input axis `axis - 1`.
CIRCLET_COLD inline void AppendDim(int32_t* dims, int32_t* strides, int32_t* rank, int32_t* last,
                                   int axis, int32_t size, int32_t stride) {
  if (size == 1) return;
  if (*rank > 0 && *last == axis - 1) {
    dims[*rank - 1] *= size;
    strides[*rank - 1] = stride;
  } else {
    dims[*rank] = size;
    strides[*rank] = stride;
    ++*rank;
  }
  *last = axis;
}

}  // namespace reduce_detail

// Prepare shared by every reduction: arity (input, axes; one output), the
// output's type equals the input's, the axes, the output shape against the
// model's, and the geometry. `reduced` (optional) receives which input
// axes are reduced.
CIRCLET_COLD inline Status PrepareReduce(OpContext& ctx, ReduceGeometry* g,
                                         bool* reduced = nullptr) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), axes = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (axes.type != DType::kInt32 && axes.type != DType::kInt64) {
    return ctx.Error(StatusCode::kInvalidModel, "axes (tensor %d) is %s, expected int32 or int64",
                     axes.index, DTypeName(axes.type));
  }
  const int64_t num_axes = axes.num_elements();
  if (!axes.is_constant && num_axes > 0) {
    return ctx.Error(StatusCode::kUnsupported,
                     "axes (tensor %d) must be a constant tensor (static shapes)", axes.index);
  }
  if (in.rank > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "input (tensor %d) has rank %d, at most %d",
                     in.index, in.rank, kMaxRank);
  }
  bool red[kMaxRank] = {};
  if (in.rank > 0) {
    for (int64_t i = 0; i < num_axes; ++i) {
      int64_t a;
      if (axes.type == DType::kInt32) {
        int32_t v;
        std::memcpy(&v, static_cast<const uint8_t*>(axes.data) + i * 4, 4);
        a = v;
      } else {
        std::memcpy(&a, static_cast<const uint8_t*>(axes.data) + i * 8, 8);
      }
      if (a < -in.rank || a >= in.rank) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "axes (tensor %d) holds %lld, expected a value in [%d, %d)", axes.index,
                         static_cast<long long>(a), -in.rank, in.rank);
      }
      red[a < 0 ? a + in.rank : a] = true;
    }
  }
  const auto* opt = ctx.options<fb::ReducerOptions>();
  const bool keep_dims = opt != nullptr && opt->keep_dims();
  int32_t out_dims[kMaxRank];
  int out_rank = 0;
  int32_t strides[kMaxRank];
  int64_t stride = 1;
  for (int i = in.rank - 1; i >= 0; --i) {
    strides[i] = static_cast<int32_t>(stride);
    stride *= in.dim(i) > 0 ? in.dim(i) : 1;
    if (stride > 0x7FFFFFFF) {
      return ctx.Error(StatusCode::kUnsupported,
                       "input (tensor %d) is too large to reduce (over 2^31 elements)", in.index);
    }
  }
  *g = ReduceGeometry{};
  int32_t last_outer = -2, last_inner = -2;
  int64_t outputs = 1, count = 1;
  for (int i = 0; i < in.rank; ++i) {
    const int32_t n = in.dim(i);
    if (red[i]) {
      count *= n;
      if (keep_dims) out_dims[out_rank++] = 1;
      reduce_detail::AppendDim(g->inner_dims, g->inner_strides, &g->inner_rank, &last_inner, i, n,
                               strides[i]);
    } else {
      outputs *= n;
      out_dims[out_rank++] = n;
      reduce_detail::AppendDim(g->outer_dims, g->outer_strides, &g->outer_rank, &last_outer, i, n,
                               strides[i]);
    }
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, out_dims, out_rank));
  // A zero-size kept dimension gives no outputs, a zero-size reduced one
  // count 0; the non-zero dimensions' products stay below 2^31 (above).
  g->num_outputs = static_cast<int32_t>(outputs);
  g->count = static_cast<int32_t>(count);
  if (reduced != nullptr) {
    for (int i = 0; i < kMaxRank; ++i) reduced[i] = red[i];
  }
  return Status::Ok();
}

// Calls f(out_index, in_base) for each output element in order; the input
// elements it reduces are ForEachReduced(g, in_base, ...).
template <typename F>
inline void ForEachOutput(const ReduceGeometry& g, F&& f) {
  int32_t idx[kMaxRank] = {};
  int64_t base = 0;
  for (int32_t o = 0; o < g.num_outputs; ++o) {
    f(o, base);
    for (int k = g.outer_rank - 1; k >= 0; --k) {
      base += g.outer_strides[k];
      if (++idx[k] < g.outer_dims[k]) break;
      base -= static_cast<int64_t>(g.outer_strides[k]) * g.outer_dims[k];
      idx[k] = 0;
    }
  }
}

// Calls f(in_index) for the input elements of the output at in_base, in
// increasing input order.
template <typename F>
inline void ForEachReduced(const ReduceGeometry& g, int64_t base, F&& f) {
  if (g.count == 0) return;
  if (g.inner_rank == 0) {
    f(base);
    return;
  }
  const int last = g.inner_rank - 1;
  const int32_t n = g.inner_dims[last], step = g.inner_strides[last];
  int32_t idx[kMaxRank] = {};
  for (;;) {
    for (int32_t j = 0; j < n; ++j) f(base + static_cast<int64_t>(j) * step);
    int k = last - 1;
    for (; k >= 0; --k) {
      base += g.inner_strides[k];
      if (++idx[k] < g.inner_dims[k]) break;
      base -= static_cast<int64_t>(g.inner_strides[k]) * g.inner_dims[k];
      idx[k] = 0;
    }
    if (k < 0) return;
  }
}

// TFLite's ReduceGeneric: out = init, then out = reduce(out, x) for each x
// in input order.
template <typename T, typename R>
inline void ReduceGeneric(const ReduceGeometry& g, const T* in, T* out, T init, R reduce) {
  ForEachOutput(g, [&](int32_t o, int64_t base) {
    T acc = init;
    ForEachReduced(g, base, [&](int64_t i) { acc = reduce(acc, in[i]); });
    out[o] = acc;
  });
}

// Eval of REDUCE_ALL (kAll) and REDUCE_ANY: bool bytes read as uint8, any
// byte other than 0 is true (an input byte outside 0/1 is not undefined
// behaviour); out = true (ALL) or false (ANY), then out = x AND/OR out; the
// output is 0 or 1.
template <bool kAll>
CIRCLET_SPEED Status EvalBoolReduce(OpContext& ctx) {
  const ReduceGeometry& g = *ctx.op_data<ReduceGeometry>();
  ReduceGeneric(g, ctx.input(0).as<const uint8_t>(), ctx.output(0).as<uint8_t>(),
                uint8_t{kAll ? 1 : 0}, [](uint8_t acc, uint8_t x) {
                  return static_cast<uint8_t>(kAll ? (x != 0 && acc != 0) : (x != 0 || acc != 0));
                });
  return Status::Ok();
}

// Prepare of the reductions whose op data is the geometry alone
// (REDUCE_PROD, REDUCE_ALL, REDUCE_ANY, REDUCE_MAX, REDUCE_MIN).
CIRCLET_COLD inline Status PrepareReduceGeometry(OpContext& ctx) {
  auto* g = ctx.AllocateOpData<ReduceGeometry>();
  if (g == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  return PrepareReduce(ctx, g);
}

// REDUCE_MAX and REDUCE_MIN (TFLite Micro's reduce_common.cc): float32 and
// int8; int8 needs the output to keep the input's scale and zero point.
CIRCLET_COLD inline Status PrepareMinMax(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(PrepareReduceGeometry(ctx));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.type == DType::kFloat32) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  if (in.quant.scale() == out.quant.scale() && in.quant.zero_point() == out.quant.zero_point()) {
    return Status::Ok();
  }
  return ctx.Error(StatusCode::kInvalidModel,
                   "output (tensor %d) must have the input's (tensor %d) scale and zero point",
                   out.index, in.index);
}

// kMax: out = lowest(T), then out = x > out ? x : out; else out = max(T),
// then out = x < out ? x : out (input order). NaN never compares true, so
// NaN inputs are skipped.
template <bool kMax, typename T>
inline void EvalMinMaxOf(const ReduceGeometry& g, const TensorView& in, const TensorView& out) {
  if (kMax) {
    ReduceGeneric(g, in.as<const T>(), out.as<T>(), std::numeric_limits<T>::lowest(),
                  [](T acc, T x) { return x > acc ? x : acc; });
  } else {
    ReduceGeneric(g, in.as<const T>(), out.as<T>(), std::numeric_limits<T>::max(),
                  [](T acc, T x) { return x < acc ? x : acc; });
  }
}

template <bool kMax>
CIRCLET_SPEED inline Status EvalMinMax(OpContext& ctx) {
  const ReduceGeometry& g = *ctx.op_data<ReduceGeometry>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.type == DType::kFloat32) {
    EvalMinMaxOf<kMax, float>(g, in, out);
  } else if (in.type == DType::kInt16) {
    EvalMinMaxOf<kMax, int16_t>(g, in, out);
  } else {
    EvalMinMaxOf<kMax, int8_t>(g, in, out);
  }
  return Status::Ok();
}

// Integer MEAN and SUM (TFLite Micro's reduce_common.cc, reference
// QuantizedMeanOrSum). The TFLite Micro the goldens come from takes this
// path for MEAN with equal input and output quantization too (older ones
// divided the raw sum by the count there).
struct QuantizedReduceData {
  ReduceGeometry g;
  int32_t multiplier;
  int32_t shift;
  int32_t out_zp;
  int32_t zp_times_count;  // input zero point * count, wrapped to 32 bits
};

// multiplier/shift = QuantizeMultiplier(s_in / s_out) (doubles of the float
// scales); for MEAN, 1 / count folded in as TFLite does:
//   k = min(floor(log2(count)), 32, 31 + shift)
//   multiplier = (multiplier << k) / count (64-bit, truncating), shift -= k.
CIRCLET_COLD inline Status PrepareQuantizedMeanOrSum(OpContext& ctx, bool mean,
                                                     QuantizedReduceData* d) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  const float s_in = in.quant.scale(), s_out = out.quant.scale();
  if (!(s_in > 0.0f) || !(s_out > 0.0f)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input (tensor %d) and output (tensor %d) scales must be positive", in.index,
                     out.index);
  }
  d->out_zp = out.quant.zero_point();
  const int32_t in_zp = in.quant.zero_point();
  d->zp_times_count = static_cast<int32_t>(
      static_cast<uint32_t>(static_cast<int64_t>(in_zp) * static_cast<int64_t>(d->g.count)));
  int shift = 0;
  quant::QuantizeMultiplier(static_cast<double>(s_in) / static_cast<double>(s_out), &d->multiplier,
                            &shift);
  if (mean && d->g.count > 0) {
    const uint32_t n = static_cast<uint32_t>(d->g.count);
    int k = 31 - quant::CountLeadingZeros(n);
    if (k > 31 + shift) k = 31 + shift;
    d->multiplier =
        static_cast<int32_t>((static_cast<int64_t>(d->multiplier) << k) / static_cast<int64_t>(n));
    shift -= k;
  }
  d->shift = shift;
  return Status::Ok();
}

// Prepare of MEAN and SUM: PrepareReduce into QuantizedReduceData, then for
// int8/int16 the quantized parameters (PrepareQuantizedMeanOrSum).
CIRCLET_COLD inline Status PrepareMeanOrSum(OpContext& ctx, bool mean) {
  auto* d = ctx.AllocateOpData<QuantizedReduceData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  CIRCLET_RETURN_IF_ERROR(PrepareReduce(ctx, &d->g));
  const DType t = ctx.input(0).type;
  if (t == DType::kInt8 || t == DType::kInt16) {
    return PrepareQuantizedMeanOrSum(ctx, mean, d);
  }
  return Status::Ok();
}

// Sums in int32 (wrapping), then out = clamp(MultiplyByQuantizedMultiplier(
// sum - zp_in * count) + zp_out, T's range). A zero count writes 0 (TFLite's early
// return leaves its zero-initialized output).
template <typename T>
inline void EvalQuantizedMeanOrSum(const QuantizedReduceData& d, const T* in, T* out) {
  ForEachOutput(d.g, [&](int32_t o, int64_t base) {
    int32_t sum = 0;
    ForEachReduced(d.g, base, [&](int64_t i) { sum = quant::WrapAdd(sum, in[i]); });
    if (d.g.count == 0) {
      out[o] = 0;
    } else {
      const int32_t v =
          quant::WrapAdd(quant::MultiplyByQuantizedMultiplier(quant::WrapSub(sum, d.zp_times_count),
                                                              d.multiplier, d.shift),
                         d.out_zp);
      out[o] = quant::Clamp<T>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
    }
  });
}

// EvalQuantizedMeanOrSum on int8 tensors, else int16.
inline void EvalQuantizedMeanOrSum(const QuantizedReduceData& d, const TensorView& in,
                                   const TensorView& out) {
  if (in.type == DType::kInt8) {
    EvalQuantizedMeanOrSum(d, in.as<const int8_t>(), out.as<int8_t>());
  } else {
    EvalQuantizedMeanOrSum(d, in.as<const int16_t>(), out.as<int16_t>());
  }
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_REDUCE_UTIL_H_
