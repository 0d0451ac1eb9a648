// SPDX-License-Identifier: Apache-2.0
// SLICE: out[i] = in[begin + i] along every axis, out.dims[d] = size[d]
// (TFLite's Slice). begin and size: constant int32 or int64 tensors of shape
// [rank]; size -1 means "to the end" (size = dim - begin); otherwise
// 0 <= begin, 0 <= size and begin + size <= dim (TFLite refuses "Invalid
// begin and size" and sizes below -1; circlet also refuses a negative
// begin, which TFLite would read out of bounds with). Rank up to 6; types
// float32, int8, int16, int32, int64, bool, moved by byte size; the output
// keeps the input's type, scale and zero point. Eval is one strided copy
// (kernels/copy_util.h).
#include "kernels/copy_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 3, 3, 1));
  const TensorView in = ctx.input(0), begin = ctx.input(1), size = ctx.input(2);
  const TensorView out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckCopyTensors(ctx, in, out, /*count_output=*/false));
  const int rank = in.rank;
  CIRCLET_RETURN_IF_ERROR(CheckIndexTensor(ctx, begin, "begin", rank, true));
  CIRCLET_RETURN_IF_ERROR(CheckIndexTensor(ctx, size, "size", rank, true));
  int32_t start[kMaxRank], step[kMaxRank], count[kMaxRank];
  for (int i = 0; i < rank; ++i) {
    const int64_t b = IndexAt(begin, i), dim = in.dim(i);
    int64_t s = IndexAt(size, i);
    const bool begin_ok = b >= 0 && b <= dim;
    if (begin_ok && s == -1) s = dim - b;
    if (!begin_ok || s < 0 || s > dim - b) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "begin %lld and size %lld at axis %d do not fit the input's %lld",
                       static_cast<long long>(b), static_cast<long long>(IndexAt(size, i)), i,
                       static_cast<long long>(dim));
    }
    start[i] = static_cast<int32_t>(b);
    step[i] = 1;
    count[i] = static_cast<int32_t>(s);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, count, rank));
  return PrepareSliceCopy(ctx, in.dims, rank, in.type, start, step, count);
}

}  // namespace

// begin and size (inputs 1, 2) are read with IndexAt (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(SLICE, Prepare, CopyEval, (1 << 1) | (1 << 2))

}  // namespace kernels
}  // namespace circlet
