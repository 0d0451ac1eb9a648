// SPDX-License-Identifier: Apache-2.0
// GATHER_ND: picks slices of params (input 0) addressed by the last
// dimension of indices (input 1, int32).
//
// TFLite semantics: with nd = indices.shape[-1] (<= rank(params); rank of
// params and indices >= 1), each of the prod(indices.shape[:-1]) index
// tuples (i_0 .. i_nd-1) selects params[i_0, .., i_nd-1, ...], a slice of
// prod(params.shape[nd:]) elements, copied in order. Output shape
// indices.shape[:-1] + params.shape[nd:]. An index outside [0, dim) (TFLite
// fails; TFLite Micro does not check and reads out of bounds): constant
// indices are refused in prepare; computed ones give a slice of zero bytes.
// Types: float32, int8, int32 params (int16 refused as TFLite Micro does),
// copied as bytes.
#include <cstring>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

struct GatherNdData {
  int32_t slices;             // index tuples
  int32_t nd;                 // indices per tuple
  int32_t slice_bytes;        // bytes per slice
  int32_t dims[kMaxRank];     // params' dimensions 0..nd
  int32_t strides[kMaxRank];  // slices of params per step of dimension j
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), idx = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(idx, DType::kInt32, "indices"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (in.rank < 1 || idx.rank < 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "params (tensor %d) and indices (tensor %d) must have rank >= 1", in.index,
                     idx.index);
  }
  const int32_t nd = idx.dim(idx.rank - 1);
  if (nd > in.rank) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "indices (tensor %d) address %d dimensions, params (tensor %d) have %d",
                     idx.index, static_cast<int>(nd), in.index, static_cast<int>(in.rank));
  }
  const int rank = idx.rank - 1 + in.rank - nd;
  if (rank > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "output rank %d is over %d", rank, kMaxRank);
  }
  int32_t dims[kMaxRank];
  int r = 0;
  int64_t slices = 1, slice = 1;
  for (int i = 0; i + 1 < idx.rank; ++i) {
    dims[r++] = idx.dim(i);
    slices *= idx.dim(i);
  }
  for (int i = nd; i < in.rank; ++i) {
    dims[r++] = in.dim(i);
    slice *= in.dim(i);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  auto* d = ctx.AllocateOpData<GatherNdData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->slices = static_cast<int32_t>(slices);
  d->nd = nd;
  d->slice_bytes = static_cast<int32_t>(slice * static_cast<int64_t>(DTypeSize(in.type)));
  int64_t stride = 1;
  for (int j = nd - 1; j >= 0; --j) {
    d->dims[j] = in.dim(j);
    d->strides[j] = static_cast<int32_t>(stride);
    stride *= in.dim(j);
  }
  if (idx.is_constant) {
    const int32_t* v = idx.as<const int32_t>();
    for (int64_t i = 0; i < slices * nd; ++i) {
      const int32_t dim = d->dims[i % nd];
      if (v[i] < 0 || v[i] >= dim) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "indices (tensor %d) [%lld] = %d is outside [0, %d)", idx.index,
                         static_cast<long long>(i), static_cast<int>(v[i]), static_cast<int>(dim));
      }
    }
  }
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  const GatherNdData& d = *ctx.op_data<GatherNdData>();
  const int32_t* idx = ctx.input(1).as<const int32_t>();
  const auto* src = ctx.input(0).as<const uint8_t>();
  auto* dst = ctx.output(0).as<uint8_t>();
  const size_t slice = static_cast<size_t>(d.slice_bytes);
  if (slice == 0) return Status::Ok();
  for (int32_t i = 0; i < d.slices; ++i) {
    size_t from = 0;
    bool inside = true;
    for (int32_t j = 0; j < d.nd; ++j) {
      const int32_t v = idx[static_cast<size_t>(i) * d.nd + j];
      inside = inside && v >= 0 && v < d.dims[j];
      from += static_cast<size_t>(v) * static_cast<size_t>(d.strides[j]);
    }
    if (inside) {
      std::memcpy(dst, src + from * slice, slice);
    } else {
      std::memset(dst, 0, slice);
    }
    dst += slice;
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(GATHER_ND, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
