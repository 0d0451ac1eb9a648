// SPDX-License-Identifier: Apache-2.0
// SPLIT_V: cuts input 0 into pieces of the sizes given by input 1 along the
// axis given by input 2 (a constant int32 tensor of one element; negative
// counts from the end: axis += rank).
//
// TFLite semantics: size_splits is a constant 1-D int32 or int64 tensor with
// one entry per output (num_splits, SplitVOptions, equals the output count);
// at most one entry is -1 and gets the input's dimension minus the sum of the
// others; the other entries are >= 0 and sum to the input's dimension (to at
// most it with a -1). Output i holds the i-th run of elements along the axis
// (kernels/split_util.h). When every axis before the split axis has size 1,
// the outputs are views of the input (no copy). Types: float32, int8, int16,
// int32 (TFLite Micro's), copied as bytes.
#include "kernels/split_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const int n = ctx.num_outputs();
  if (ctx.num_inputs() != 3 || n < 1 || !ctx.has_input(0) || !ctx.has_input(1) ||
      !ctx.has_input(2)) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d inputs and %d outputs, expected 3 and 1+",
                     ctx.num_inputs(), n);
  }
  const TensorView in = ctx.input(0), s = ctx.input(1), a = ctx.input(2);
  if (!a.is_constant || a.type != DType::kInt32 || a.num_elements() != 1) {
    return ctx.Error(StatusCode::kUnsupported,
                     "axis (tensor %d) must be a constant int32 tensor of one element", a.index);
  }
  if (!s.is_constant || (s.type != DType::kInt32 && s.type != DType::kInt64) || s.rank != 1 ||
      s.dim(0) != n) {
    return ctx.Error(StatusCode::kUnsupported,
                     "size_splits (tensor %d) must be a constant 1-D int32 or int64 tensor of "
                     "%d elements (one per output)",
                     s.index, n);
  }
  const auto* opt = ctx.options<fb::SplitVOptions>();
  if (opt != nullptr && opt->num_splits() != n) {
    return ctx.Error(StatusCode::kInvalidModel, "num_splits is %d but the op has %d outputs",
                     static_cast<int>(opt->num_splits()), n);
  }
  int axis = 0;
  CIRCLET_RETURN_IF_ERROR(NormalizeAxis(ctx, a.as<const int32_t>()[0], in.rank, "axis", &axis));
  auto* sizes = AllocatePieceSizes(ctx, n);
  if (sizes == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  const int64_t dim = in.dim(axis);
  int64_t sum = 0;
  int infer = -1;
  for (int i = 0; i < n; ++i) {
    const int64_t v = s.type == DType::kInt32 ? s.as<const int32_t>()[i] : LoadInt64(s.data, i);
    if (v == -1 && infer < 0) {
      infer = i;
      continue;
    }
    if (v < 0 || v > dim) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "size_splits[%d] = %lld: not in [0, %lld] (one -1 at most)", i,
                       static_cast<long long>(v), static_cast<long long>(dim));
    }
    sizes[i] = static_cast<int32_t>(v);
    sum += v;
  }
  if (sum > dim || (infer < 0 && sum != dim)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "size_splits sum to %lld but input (tensor %d) has %lld at axis %d",
                     static_cast<long long>(sum), in.index, static_cast<long long>(dim), axis);
  }
  if (infer >= 0) sizes[infer] = static_cast<int32_t>(dim - sum);
  return PrepareCut(ctx, 0, axis, sizes, false);
}

}  // namespace

// int64 size_splits (input 1) are read with LoadInt64.
CIRCLET_KERNEL_UNALIGNED64(SPLIT_V, Prepare, EvalCut, 1 << 1)

}  // namespace kernels
}  // namespace circlet
