// SPDX-License-Identifier: Apache-2.0
// What ARG_MAX and ARG_MIN share (TFLite's reference ArgMinMax):
//   out[outer, inner] = the index i along `axis` of the first element that
//   is strictly better (greater for ARG_MAX, less for ARG_MIN) than every
//   element before it; ties keep the lowest index. Starting from element 0,
//   element i replaces the best so far only if cmp(x_i, best) holds, so with
//   float32 a NaN at index 0 stays the answer (nothing compares greater or
//   less than NaN) and a NaN later is skipped, exactly as TFLite.
// The axis is a constant int32 or int64 tensor of one element, in
// [-rank, rank) (negative counts from the end); the output drops that
// dimension and is int32 or int64 (ArgMaxOptions/ArgMinOptions.output_type,
// which must then match the output tensor; absent options: the output
// tensor's type, as TFLite Micro). int8/uint8 compare raw values (scale and
// zero point do not change the order). An empty axis (size 0) gives index 0
// everywhere without reading the input.
#ifndef CIRCLET_KERNELS_ARG_MIN_MAX_UTIL_H_
#define CIRCLET_KERNELS_ARG_MIN_MAX_UTIL_H_

#include <cstdint>

#include "kernels/kernel_util.h"
#include "kernels/predicate_util.h"

namespace circlet {
namespace kernels {

struct ArgMinMaxData {
  int32_t outer, axis_size, inner;
};

// `output_type`: the options' output type, or -1 when the options are absent.
CIRCLET_COLD inline Status PrepareArgMinMax(OpContext& ctx, int output_type) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), axis = ctx.input(1), out = ctx.output(0);
  if (out.type != DType::kInt32 && out.type != DType::kInt64) {
    return ctx.Error(StatusCode::kUnsupported, "output (tensor %d) is %s, expected int32 or int64",
                     out.index, DTypeName(out.type));
  }
  if (output_type >= 0 && output_type != static_cast<int>(out.type)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "output_type option (%d) differs from the output (tensor %d), which is %s",
                     output_type, out.index, DTypeName(out.type));
  }
  if ((axis.type != DType::kInt32 && axis.type != DType::kInt64) || !axis.is_constant ||
      axis.num_elements() != 1 || axis.data == nullptr) {
    return ctx.Error(StatusCode::kUnsupported,
                     "axis (tensor %d) must be a constant int32 or int64 tensor of one element",
                     axis.index);
  }
  // TFLite reads an int64 axis as int.
  int a = axis.type == DType::kInt32 ? *axis.as<const int32_t>()
                                     : static_cast<int32_t>(LoadInt64(axis.data));
  if (a < -in.rank || a >= in.rank) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "axis %d is out of range for input (tensor %d) of rank %d", a, in.index,
                     in.rank);
  }
  if (a < 0) a += in.rank;
  auto* d = ctx.AllocateOpData<ArgMinMaxData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  int32_t dims[kMaxRank];
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < in.rank; ++i) {
    if (i < a) outer *= in.dims[i];
    if (i > a) inner *= in.dims[i];
    if (i != a) dims[i < a ? i : i - 1] = in.dims[i];
    if (outer > 0x7FFFFFFF || inner > 0x7FFFFFFF || outer * inner > 0x7FFFFFFF) {
      return ctx.Error(StatusCode::kUnsupported, "output has more than 2^31 elements");
    }
  }
  d->axis_size = in.dims[a];
  d->outer = static_cast<int32_t>(outer);
  d->inner = static_cast<int32_t>(inner);
  if (d->axis_size == 0) {  // eval writes outer * inner zeros
    d->outer = static_cast<int32_t>(outer * inner);
    d->inner = 1;
  }
  return ctx.CheckOutputShape(0, dims, in.rank - 1);
}

template <typename T, typename Index, typename Cmp>
inline void ArgMinMaxRows(const ArgMinMaxData& d, const T* x, Index* y, Cmp cmp) {
  if (d.axis_size == 0) {
    for (int32_t o = 0; o < d.outer; ++o) y[o] = 0;
    return;
  }
  for (int32_t outer = 0; outer < d.outer; ++outer) {
    const T* base = x + static_cast<int64_t>(outer) * d.axis_size * d.inner;
    Index* row = y + static_cast<int64_t>(outer) * d.inner;
    for (int32_t inner = 0; inner < d.inner; ++inner) {
      T best = base[inner];
      Index best_index = 0;
      for (int32_t i = 1; i < d.axis_size; ++i) {
        const T v = base[static_cast<int64_t>(i) * d.inner + inner];
        if (cmp(v, best)) {
          best = v;
          best_index = static_cast<Index>(i);
        }
      }
      row[inner] = best_index;
    }
  }
}

template <typename T, typename Cmp>
inline void ArgMinMaxTo(const ArgMinMaxData& d, const T* x, const TensorView& out, Cmp cmp) {
  if (out.type == DType::kInt32) {
    ArgMinMaxRows(d, x, out.as<int32_t>(), cmp);
  } else {
    ArgMinMaxRows(d, x, out.as<int64_t>(), cmp);
  }
}

// Cmp has a template operator()(T, T) -> bool (strictly better).
template <typename Cmp>
inline Status EvalArgMinMax(OpContext& ctx) {
  const ArgMinMaxData& d = *ctx.op_data<ArgMinMaxData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  switch (in.type) {
    case DType::kFloat32: ArgMinMaxTo(d, in.as<const float>(), out, Cmp()); break;
    case DType::kInt8: ArgMinMaxTo(d, in.as<const int8_t>(), out, Cmp()); break;
    case DType::kInt32: ArgMinMaxTo(d, in.as<const int32_t>(), out, Cmp()); break;
    default: ArgMinMaxTo(d, in.as<const uint8_t>(), out, Cmp()); break;  // uint8, bool
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ARG_MIN_MAX_UTIL_H_
