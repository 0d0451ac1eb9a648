// SPDX-License-Identifier: Apache-2.0
// TRANSPOSE: out[i_0, ..., i_{r-1}] = in[j] with j[perm[k]] = i_k, so
// out.dims[k] = in.dims[perm[k]] (TFLite's reference Transpose).
// perm: a constant int32 or int64 tensor of shape [rank]; every entry in
// [0, rank) and each axis once (TFLite refuses entries out of range).
// Rank 0 to 6. Types float32, int8, int16, int32, int64, bool, moved by byte
// size; the output keeps the input's type, scale and zero point. Eval is one
// strided copy (kernels/copy_util.h) whose input strides are the input's
// row-major strides permuted.
#include "kernels/copy_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), perm = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckCopyTensors(ctx, in, out, /*count_output=*/false));
  const int rank = in.rank;
  CIRCLET_RETURN_IF_ERROR(CheckIndexTensor(ctx, perm, "perm", rank, true));
  int32_t dims[kMaxRank], in_strides[kMaxRank], strides[kMaxRank], out_strides[kMaxRank];
  ContiguousStrides(in.dims, rank, in_strides);
  bool seen[kMaxRank] = {};
  for (int i = 0; i < rank; ++i) {
    const int64_t p = IndexAt(perm, i);
    if (p < 0 || p >= rank || seen[p]) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "perm (tensor %d) is not a permutation of 0..%d: entry %d is %lld",
                       perm.index, rank - 1, i, static_cast<long long>(p));
    }
    seen[p] = true;
    dims[i] = in.dim(static_cast<int>(p));
    strides[i] = in_strides[p];
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  ContiguousStrides(dims, rank, out_strides);
  return PrepareCopy(ctx, rank, dims, strides, out_strides, 0, 0, in.type);
}

}  // namespace

// perm (input 1) is read with IndexAt (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(TRANSPOSE, Prepare, CopyEval, 1 << 1)

}  // namespace kernels
}  // namespace circlet
