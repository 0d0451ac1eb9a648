// SPDX-License-Identifier: Apache-2.0
// DYNAMIC_UPDATE_SLICE: out = operand with the update written over it from
// start indices s (TFLite's DynamicUpdateSlice):
//   out = operand;  out[s + i] = update[i] for every index i of the update,
// with s_d = clamp(start_indices[d], 0, operand.dims[d] - update.dims[d])
// computed at eval (the start indices may be computed by the graph), as
// TFLite and TFLite Micro clamp them, so the update always fits.
// start_indices: a 1-D int32 or int64 tensor of rank entries. The update
// has the operand's rank and type and no dimension larger than the
// operand's. Rank up to 6; types float32, int8, int16, int32, int64, moved
// by byte size; the output keeps the operand's type, scale and zero point.
#include <cstring>

#include "kernels/copy_util.h"

namespace circlet {
namespace kernels {
namespace {

struct UpdateData {
  StridedCopy copy;  // the update into the output, out_offset set at eval
  int32_t out_strides[kMaxRank];
  int32_t limit[kMaxRank];  // operand dim - update dim
  int32_t rank;
  size_t operand_bytes;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 3, 3, 1));
  const TensorView operand = ctx.input(0), update = ctx.input(1), starts = ctx.input(2);
  const TensorView out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckSameTypeAndQuant(ctx, operand, out, "operand", "output"));
  CIRCLET_RETURN_IF_ERROR(CheckElementCount(ctx, operand, "operand"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(update, operand.type, "update"));
  const int rank = operand.rank;
  if (rank > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "operand (tensor %d) has rank %d, at most %d",
                     operand.index, rank, kMaxRank);
  }
  CIRCLET_RETURN_IF_ERROR(CheckIndexTensor(ctx, starts, "start indices", rank, false));
  if (update.rank != rank) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "update (tensor %d) has rank %d, the operand (tensor %d) %d", update.index,
                     update.rank, operand.index, rank);
  }
  auto* d = ctx.AllocateOpData<UpdateData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  for (int i = 0; i < rank; ++i) {
    if (update.dim(i) > operand.dim(i)) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "update (tensor %d) has %d at axis %d, more than the operand's %d",
                       update.index, update.dim(i), i, operand.dim(i));
    }
    d->limit[i] = operand.dim(i) - update.dim(i);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, operand.dims, rank));
  int32_t update_strides[kMaxRank];
  ContiguousStrides(update.dims, rank, update_strides);
  ContiguousStrides(operand.dims, rank, d->out_strides);
  PlanCopy(&d->copy, rank, update.dims, update_strides, d->out_strides, 0, 0, operand.type);
  d->rank = rank;
  d->operand_bytes = operand.bytes();
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  const UpdateData& d = *ctx.op_data<UpdateData>();
  const TensorView operand = ctx.input(0), starts = ctx.input(2), out = ctx.output(0);
  if (out.data != operand.data) std::memcpy(out.data, operand.data, d.operand_bytes);
  StridedCopy c = d.copy;
  int64_t offset = 0;
  for (int i = 0; i < d.rank; ++i) {
    int64_t s = IndexAt(starts, i);
    s = s < 0 ? 0 : (s > d.limit[i] ? d.limit[i] : s);
    offset += s * d.out_strides[i];
  }
  c.out_offset = static_cast<int32_t>(offset);
  RunCopy(c, ctx.input(1).data, out.data);
  return Status::Ok();
}

}  // namespace

// start indices (input 2) are read with IndexAt (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(DYNAMIC_UPDATE_SLICE, Prepare, Eval, 1 << 2)

}  // namespace kernels
}  // namespace circlet
