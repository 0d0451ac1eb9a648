// SPDX-License-Identifier: Apache-2.0
// REVERSE_V2: out[i] = in[j] with j_d = n_d - 1 - i_d on every axis d listed
// in the axis tensor and j_d = i_d elsewhere (TFLite's ReverseV2). axis: a
// constant 1-D int32 or int64 tensor of at most rank entries; negative
// entries count from the end (axis += rank); an axis listed twice is
// refused. TFLite (Micro) refuses axis sets that are not contiguous after
// sorting; circlet reverses any set of distinct axes, which gives the same
// result where TFLite runs. Rank up to 6; types float32, int8, int16,
// int32, int64, bool, moved by byte size; the output keeps the input's type,
// scale and zero point. Eval is one strided copy with negative steps
// (kernels/copy_util.h).
#include "kernels/copy_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), axis = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckCopyTensors(ctx, in, out, /*count_output=*/false));
  const int rank = in.rank;
  CIRCLET_RETURN_IF_ERROR(CheckIndexTensor(ctx, axis, "axis", -1, true));
  if (axis.dim(0) > rank) {
    return ctx.Error(StatusCode::kInvalidModel, "axis (tensor %d) has %d entries, rank is %d",
                     axis.index, axis.dim(0), rank);
  }
  int32_t start[kMaxRank], step[kMaxRank], count[kMaxRank];
  for (int i = 0; i < rank; ++i) {
    start[i] = 0;
    step[i] = 1;
    count[i] = in.dim(i);
  }
  for (int i = 0; i < axis.dim(0); ++i) {
    int64_t a = IndexAt(axis, i);
    if (a < 0) a += rank;
    if (a < 0 || a >= rank || step[a] < 0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "axis (tensor %d) entry %d is %lld: outside rank %d or repeated", axis.index,
                       i, static_cast<long long>(IndexAt(axis, i)), rank);
    }
    start[a] = in.dim(static_cast<int>(a)) - 1;
    step[a] = -1;
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, rank));
  return PrepareSliceCopy(ctx, in.dims, rank, in.type, start, step, count);
}

}  // namespace

// axes (input 1) are read with IndexAt (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(REVERSE_V2, Prepare, CopyEval, 1 << 1)

}  // namespace kernels
}  // namespace circlet
