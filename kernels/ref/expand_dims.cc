// SPDX-License-Identifier: Apache-2.0
// EXPAND_DIMS: inserts a dimension of size 1 at `axis`; the output is a view
// of the input's bytes (OpContext::ViewOutput), so there is no eval.
//
// TFLite semantics: the axis is input 1, a constant int32 or int64 tensor
// with one element; a negative axis counts from the end of the output
// (axis += rank + 1) and must lie in [-rank - 1, rank]. The output shape is
// dims[0..axis) + [1] + dims[axis..rank) (the model's output shape is
// checked). Types: any (bytes are not interpreted).
#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), a = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (!a.is_constant || (a.type != DType::kInt32 && a.type != DType::kInt64) ||
      a.num_elements() != 1) {
    return ctx.Error(StatusCode::kUnsupported,
                     "axis (tensor %d) must be a constant int32 or int64 tensor of one element",
                     a.index);
  }
  const int64_t given = a.type == DType::kInt32 ? a.as<const int32_t>()[0] : LoadInt64(a.data);
  const int64_t axis = given < 0 ? given + in.rank + 1 : given;
  if (axis < 0 || axis > in.rank) {
    return ctx.Error(StatusCode::kInvalidModel, "axis %lld is outside [%d, %d]",
                     static_cast<long long>(given), -static_cast<int>(in.rank) - 1,
                     static_cast<int>(in.rank));
  }
  if (in.rank + 1 > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "output rank %d is over %d",
                     static_cast<int>(in.rank) + 1, kMaxRank);
  }
  int32_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i <= in.rank; ++i) {
    if (i == axis) dims[rank++] = 1;
    if (i < in.rank) dims[rank++] = in.dim(i);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  ctx.ViewOutput(0, 0);
  return Status::Ok();
}

}  // namespace

// an int64 axis (input 1) is read with LoadInt64.
CIRCLET_KERNEL_UNALIGNED64(EXPAND_DIMS, Prepare, nullptr, 1 << 1)

}  // namespace kernels
}  // namespace circlet
