// SPDX-License-Identifier: Apache-2.0
// PACK: stacks `values_count` tensors of one shape along a new axis.
//
// TFLite semantics: PackOptions.values_count equals the number of inputs;
// every input has input 0's type and shape; axis counts in the output's rank
// (negative: axis += rank + 1, so it lies in [-rank - 1, rank]). The output
// shape is dims[0..axis) + [values_count] + dims[axis..rank); for each outer
// index k (prod(dims[0..axis))), the output holds input 0's k-th block of
// prod(dims[axis..rank)) elements, then input 1's, ... (kernels/split_util.h,
// EvalJoin). Types: float32, int8, int16, int32, int64, copied as bytes.
#include "kernels/split_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const int n = ctx.num_inputs();
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, n > 1 ? n : 1, 1));
  const TensorView in0 = ctx.input(0);
  const auto* opt = ctx.options<fb::PackOptions>();
  const int32_t count = opt != nullptr ? opt->values_count() : 0;
  if (count != n) {
    return ctx.Error(StatusCode::kInvalidModel, "values_count is %d but the op has %d inputs",
                     static_cast<int>(count), n);
  }
  const int32_t given = opt->axis();
  const int32_t axis = given < 0 ? given + in0.rank + 1 : given;
  if (axis < 0 || axis > in0.rank) {
    return ctx.Error(StatusCode::kInvalidModel, "axis %d is outside [%d, %d]",
                     static_cast<int>(given), -static_cast<int>(in0.rank) - 1,
                     static_cast<int>(in0.rank));
  }
  if (in0.rank + 1 > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "output rank %d is over %d",
                     static_cast<int>(in0.rank) + 1, kMaxRank);
  }
  for (int i = 0; i < n; ++i) {
    if (!ctx.has_input(i)) return ctx.Error(StatusCode::kInvalidModel, "input %d is missing", i);
    const TensorView in = ctx.input(i);
    if (in.type != in0.type || in.rank != in0.rank) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "input %d (tensor %d) differs from input 0 in type or rank", i, in.index);
    }
    for (int k = 0; k < in0.rank; ++k) {
      if (in.dim(k) != in0.dim(k)) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "input %d (tensor %d) has %d at axis %d, input 0 has %d", i, in.index,
                         in.dim(k), k, in0.dim(k));
      }
    }
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(0), in0.type, "output"));
  int32_t dims[kMaxRank];
  int rank = 0;
  int64_t outer = 1, inner = 1;
  for (int i = 0; i <= in0.rank; ++i) {
    if (i == axis) dims[rank++] = n;
    if (i < in0.rank) {
      dims[rank++] = in0.dim(i);
      (i < axis ? outer : inner) *= in0.dim(i);
    }
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  auto* d = ctx.AllocateOpData<PieceData>();
  int32_t* bytes = AllocatePieceSizes(ctx, n);
  if (d == nullptr || bytes == nullptr) {
    return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  }
  const int32_t block = static_cast<int32_t>(inner * static_cast<int64_t>(DTypeSize(in0.type)));
  for (int i = 0; i < n; ++i) bytes[i] = block;
  d->count = n;
  d->outer = static_cast<int32_t>(outer);
  d->whole = block * n;
  d->bytes = bytes;
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(PACK, Prepare, EvalJoin)

}  // namespace kernels
}  // namespace circlet
