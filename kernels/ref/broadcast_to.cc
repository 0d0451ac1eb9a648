// SPDX-License-Identifier: Apache-2.0
// BROADCAST_TO: out = in broadcast to the shape held by the constant 1-D
// shape tensor (input 2, int32 or int64), numpy-style: the input's shape is
// aligned at its last dimension, each input dimension must be 1 or equal
// the target's, the output has the target shape (rank up to 6; TFLite Micro
// stops at 5, TFLite at 8). Elements are copied as bytes (no
// requantization, as TFLite): float32, int8, int16, int32, int64, bool.
#include <cinttypes>
#include <cstring>

#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

struct BroadcastToData {
  Broadcast bc;
  int32_t element_size;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), shape = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (shape.type != DType::kInt32 && shape.type != DType::kInt64) {
    return ctx.Error(StatusCode::kInvalidModel, "shape (tensor %d) is %s, expected int32 or int64",
                     shape.index, DTypeName(shape.type));
  }
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, shape, 1, "shape"));
  if (!shape.is_constant || shape.data == nullptr) {
    return ctx.Error(StatusCode::kUnsupported, "shape (tensor %d) must be a constant", shape.index);
  }
  const int rank = shape.dims[0];
  if (rank > kMaxRank || rank < in.rank) {
    return ctx.Error(StatusCode::kUnsupported,
                     "shape (tensor %d) has %d entries: expected %d..%d (input rank..%d)",
                     shape.index, rank, in.rank, kMaxRank, kMaxRank);
  }
  int32_t dims[kMaxRank];
  for (int i = 0; i < rank; ++i) {
    const int64_t v =
        shape.type == DType::kInt32 ? shape.as<const int32_t>()[i] : LoadInt64(shape.data, i);
    if (v < 0 || v > 0x7FFFFFFF) {
      return ctx.Error(StatusCode::kInvalidModel, "shape (tensor %d) entry %d is %lld", shape.index,
                       i, static_cast<long long>(v));
    }
    dims[i] = static_cast<int32_t>(v);
  }
  for (int i = 0; i < in.rank; ++i) {
    const int32_t want = dims[rank - in.rank + i];
    if (in.dims[i] != 1 && in.dims[i] != want) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "input (tensor %d) dimension %d is %" PRId32
                       ": cannot broadcast to %" PRId32,
                       in.index, i, in.dims[i], want);
    }
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  auto* d = ctx.AllocateOpData<BroadcastToData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->element_size = static_cast<int32_t>(DTypeSize(in.type));
  int32_t bdims[kMaxRank];
  int brank = 0;
  return PrepareBroadcast(ctx, in, out, &d->bc, bdims, &brank);
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const BroadcastToData& d = *ctx.op_data<BroadcastToData>();
  const uint8_t* x = ctx.input(0).as<const uint8_t>();
  uint8_t* y = ctx.output(0).as<uint8_t>();
  const size_t es = static_cast<size_t>(d.element_size);
  ForEachBroadcastRow(d.bc, [&](int32_t i1, int32_t s1, int32_t, int32_t, int32_t o, int32_t n) {
    if (n <= 0) return;
    if (s1 != 0) {
      std::memcpy(y + static_cast<size_t>(o) * es, x + static_cast<size_t>(i1) * es,
                  static_cast<size_t>(n) * es);
      return;
    }
    for (int32_t k = 0; k < n; ++k) {
      std::memcpy(y + static_cast<size_t>(o + k) * es, x + static_cast<size_t>(i1) * es, es);
    }
  });
  return Status::Ok();
}

}  // namespace

// v2 and v3 (TFLite has no v1: its code was reassigned).
// an int64 shape (input 1) is read with LoadInt64.
CIRCLET_KERNEL_UNALIGNED64(BROADCAST_TO, Prepare, Eval, 1 << 1)

}  // namespace kernels
}  // namespace circlet
