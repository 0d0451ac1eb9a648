// SPDX-License-Identifier: Apache-2.0
// SPLIT: cuts input 1 into num_splits equal pieces along the axis given by
// input 0 (a constant int32 tensor of one element; negative counts from the
// end: axis += rank).
//
// TFLite semantics: the input's dimension at the axis must be a multiple of
// num_splits (SplitOptions) and the op must have num_splits outputs; output
// i holds elements [i * d, (i + 1) * d) along the axis, d = dim / num_splits
// (kernels/split_util.h: for each outer index, the pieces follow each
// other). When every axis before the split axis has size 1, the outputs are
// views of the input (no copy, no eval work). Types of the data: float32,
// int8, int16, int32 (TFLite Micro's), copied as bytes. The operator table's
// TYPES column is input 0's, the axis: int32.
#include "kernels/split_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const int n = ctx.num_outputs();
  if (ctx.num_inputs() != 2 || n < 1 || !ctx.has_input(0) || !ctx.has_input(1)) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d inputs and %d outputs, expected 2 and 1+",
                     ctx.num_inputs(), n);
  }
  const TensorView a = ctx.input(0), in = ctx.input(1);
  if (!a.is_constant || a.num_elements() != 1) {
    return ctx.Error(StatusCode::kUnsupported,
                     "axis (tensor %d) must be a constant int32 tensor of one element", a.index);
  }
  if (in.type != DType::kFloat32 && in.type != DType::kInt8 && in.type != DType::kInt16 &&
      in.type != DType::kInt32) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input 1 (tensor %d) is %s: SPLIT takes float32, int8, int16, int32", in.index,
                     DTypeName(in.type));
  }
  int axis = 0;
  CIRCLET_RETURN_IF_ERROR(NormalizeAxis(ctx, a.as<const int32_t>()[0], in.rank, "axis", &axis));
  const auto* opt = ctx.options<fb::SplitOptions>();
  const int32_t splits = opt != nullptr ? opt->num_splits() : 0;
  if (splits != n) {
    return ctx.Error(StatusCode::kInvalidModel, "num_splits is %d but the op has %d outputs",
                     static_cast<int>(splits), n);
  }
  if (in.dim(axis) % splits != 0) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input (tensor %d) has %d at axis %d: not a multiple of num_splits %d",
                     in.index, in.dim(axis), axis, static_cast<int>(splits));
  }
  auto* sizes = AllocatePieceSizes(ctx, n);
  if (sizes == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  for (int i = 0; i < n; ++i) sizes[i] = in.dim(axis) / splits;
  return PrepareCut(ctx, 1, axis, sizes, false);
}

}  // namespace

CIRCLET_KERNEL(SPLIT, Prepare, EvalCut)

}  // namespace kernels
}  // namespace circlet
