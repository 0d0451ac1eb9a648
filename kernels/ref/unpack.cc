// SPDX-License-Identifier: Apache-2.0
// UNPACK: cuts the input into `num` tensors along `axis`, removing the axis
// (negative counts from the end: axis += rank).
//
// TFLite semantics: UnpackOptions.num equals the input's dimension at the
// axis and the number of outputs; output i is input[..., i, ...] with the
// axis dropped (kernels/split_util.h with pieces of size 1). When every axis
// before the unpacked one has size 1, the outputs are views of the input (no
// copy). Types: float32, int8, int16, int32 (TFLite Micro's), copied as bytes.
#include "kernels/split_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const int n = ctx.num_outputs();
  if (ctx.num_inputs() != 1 || n < 1 || !ctx.has_input(0)) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d inputs and %d outputs, expected 1 and 1+",
                     ctx.num_inputs(), n);
  }
  const TensorView in = ctx.input(0);
  const auto* opt = ctx.options<fb::UnpackOptions>();
  int axis = 0;
  CIRCLET_RETURN_IF_ERROR(
      NormalizeAxis(ctx, opt != nullptr ? opt->axis() : 0, in.rank, "axis", &axis));
  const int32_t num = opt != nullptr ? opt->num() : 0;
  if (num != n || in.dim(axis) != n) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "num is %d, the op has %d outputs and input (tensor %d) has %d at axis %d",
                     static_cast<int>(num), n, in.index, in.dim(axis), axis);
  }
  auto* sizes = AllocatePieceSizes(ctx, n);
  if (sizes == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  for (int i = 0; i < n; ++i) sizes[i] = 1;
  return PrepareCut(ctx, 0, axis, sizes, true);
}

}  // namespace

CIRCLET_KERNEL(UNPACK, Prepare, EvalCut)

}  // namespace kernels
}  // namespace circlet
