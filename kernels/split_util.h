// SPDX-License-Identifier: Apache-2.0
// Pieces along an axis, shared by SPLIT, SPLIT_V and UNPACK (one tensor cut
// into pieces) and PACK (pieces joined into one tensor).
//
// With outer = prod(dims[0..axis)) of the whole tensor and, per piece i,
// bytes_i = size_i(axis) * prod(dims(axis..rank)) * element size, the whole
// tensor is, for each outer index k, piece 0's k-th block of bytes_i, then
// piece 1's, ... (TFLite's reference Split/Unpack/Pack loops). Data moves as
// bytes: one implementation for every element type.
//
// Cutting: when outer <= 1 every piece is one contiguous byte range of the
// input, so the pieces are views (OpContext::ViewOutput at the sum of the
// earlier pieces' bytes) and eval does nothing.
#ifndef CIRCLET_KERNELS_SPLIT_UTIL_H_
#define CIRCLET_KERNELS_SPLIT_UTIL_H_

#include <cstring>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {

struct PieceData {
  int32_t count;         // pieces (outputs when cutting, inputs when joining)
  int32_t outer;         // blocks per piece
  int32_t whole;         // bytes of the whole tensor per outer index
  int32_t whole_input;   // the op input that is the whole tensor (cutting)
  bool views;            // cutting: every output is a view, eval does nothing
  const int32_t* bytes;  // per piece: bytes per outer index
};

// Normalizes a possibly negative axis of a tensor of rank `rank`
// (axis += rank); fails unless 0 <= axis < rank.
CIRCLET_COLD inline Status NormalizeAxis(const OpContext& ctx, int32_t axis, int rank,
                                         const char* what, int* out) {
  const int32_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    return ctx.Error(StatusCode::kInvalidModel, "%s %d is outside [-%d, %d)", what,
                     static_cast<int>(axis), rank, rank);
  }
  *out = a;
  return Status::Ok();
}

// Prepare only: an array of n piece sizes in persistent memory (PrepareCut
// turns it into the per-piece byte counts in place), or nullptr.
CIRCLET_COLD inline int32_t* AllocatePieceSizes(OpContext& ctx, int n) {
  return static_cast<int32_t*>(ctx.AllocatePersistent(static_cast<size_t>(n) * sizeof(int32_t)));
}

// Prepare of a cut: the op's input `whole_input` is cut along `axis` into
// ctx.num_outputs() pieces of sizes[i] along the axis (from
// AllocatePieceSizes; their sum is the input's dimension, checked by the
// caller). Output i must have the input's
// type and its shape with sizes[i] at the axis, or, with `drop_axis`
// (UNPACK), without the axis. Makes the outputs views when outer <= 1.
CIRCLET_COLD inline Status PrepareCut(OpContext& ctx, int whole_input, int axis, int32_t* sizes,
                                      bool drop_axis) {
  const TensorView in = ctx.input(whole_input);
  const int n = ctx.num_outputs();
  const size_t elem = DTypeSize(in.type);
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= in.dim(i);
  for (int i = axis + 1; i < in.rank; ++i) inner *= in.dim(i);
  auto* d = ctx.AllocateOpData<PieceData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  int32_t* bytes = sizes;
  d->count = n;
  d->outer = static_cast<int32_t>(outer);
  d->whole = static_cast<int32_t>(in.dim(axis) * inner * static_cast<int64_t>(elem));
  d->whole_input = whole_input;
  d->views = outer <= 1;
  d->bytes = bytes;
  int32_t dims[kMaxRank];
  size_t offset = 0;
  for (int j = 0; j < n; ++j) {
    const TensorView out = ctx.output(j);
    if (out.type != in.type) {
      return ctx.Error(StatusCode::kInvalidModel, "output %d (tensor %d) is %s but the input is %s",
                       j, out.index, DTypeName(out.type), DTypeName(in.type));
    }
    int rank = 0;
    for (int i = 0; i < in.rank; ++i) {
      if (i != axis) {
        dims[rank++] = in.dim(i);
      } else if (!drop_axis) {
        dims[rank++] = sizes[j];
      }
    }
    CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(j, dims, rank));
    bytes[j] = static_cast<int32_t>(sizes[j] * inner * static_cast<int64_t>(elem));
    if (d->views) ctx.ViewOutput(j, whole_input, offset);
    offset += static_cast<size_t>(bytes[j]);
  }
  return Status::Ok();
}

// Eval of a cut: copies each outer block of the input into the outputs.
inline Status EvalCut(OpContext& ctx) {
  const PieceData& d = *ctx.op_data<PieceData>();
  if (d.views) return Status::Ok();
  const auto* src = ctx.input(d.whole_input).as<const uint8_t>();
  for (int32_t k = 0; k < d.outer; ++k) {
    for (int32_t j = 0; j < d.count; ++j) {
      const size_t n = static_cast<size_t>(d.bytes[j]);
      if (n == 0) continue;
      std::memcpy(ctx.output(j).as<uint8_t>() + static_cast<size_t>(k) * n, src, n);
      src += n;
    }
  }
  return Status::Ok();
}

// Eval of a join: copies each input's outer blocks into output 0.
inline Status EvalJoin(OpContext& ctx) {
  const PieceData& d = *ctx.op_data<PieceData>();
  auto* dst = ctx.output(0).as<uint8_t>();
  for (int32_t k = 0; k < d.outer; ++k) {
    for (int32_t j = 0; j < d.count; ++j) {
      const size_t n = static_cast<size_t>(d.bytes[j]);
      if (n == 0) continue;
      std::memcpy(dst, ctx.input(j).as<const uint8_t>() + static_cast<size_t>(k) * n, n);
      dst += n;
    }
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_SPLIT_UTIL_H_
