// SPDX-License-Identifier: Apache-2.0
// GATHER: picks slices of params (input 0) along `axis` at the positions in
// indices (input 1).
//
// TFLite semantics (GatherOptions axis, batch_dims; negative axis += rank of
// params, negative batch_dims += rank of indices; 0 <= batch_dims <= axis,
// batch_dims < rank(params), batch_dims <= rank(indices), and the first
// batch_dims dimensions of params and indices equal): with
//   batch = prod(params[0..batch_dims)), outer = prod(params[batch_dims..axis)),
//   coords = prod(indices[batch_dims..]), inner = prod(params(axis..]),
//   out[b][o][c][:] = params[b][o][indices[b][c]][:]   (inner elements each),
// output shape params[0..axis) + indices[batch_dims..] + params(axis..].
// Indices are int32 or int64. An index outside [0, params[axis]) (TFLite
// Micro fails the invoke; circlet's eval cannot fail): constant indices are
// refused in prepare; computed ones give a slice of zero bytes, never a read
// outside params. Types: float32, int8, int32 params (int16 refused as TFLite
// Micro does), copied as bytes.
#include <cstring>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

struct GatherData {
  int32_t batch, outer, coords, axis_size;
  int32_t slice_bytes;  // inner * element size
  bool wide;            // int64 indices
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), idx = ctx.input(1), out = ctx.output(0);
  if (idx.type != DType::kInt32 && idx.type != DType::kInt64) {
    return ctx.Error(StatusCode::kUnsupported,
                     "indices (tensor %d) are %s, expected int32 or int64", idx.index,
                     DTypeName(idx.type));
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  const auto* opt = ctx.options<fb::GatherOptions>();
  const int32_t given_axis = opt != nullptr ? opt->axis() : 0;
  const int32_t given_batch = opt != nullptr ? opt->batch_dims() : 0;
  const int32_t axis = given_axis < 0 ? given_axis + in.rank : given_axis;
  const int32_t bd = given_batch < 0 ? given_batch + idx.rank : given_batch;
  if (axis < 0 || axis >= in.rank) {
    return ctx.Error(StatusCode::kInvalidModel, "axis %d is outside params' rank %d",
                     static_cast<int>(given_axis), static_cast<int>(in.rank));
  }
  if (bd < 0 || bd > axis || bd >= in.rank || bd > idx.rank) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "batch_dims %d must lie in [0, axis %d] and within the ranks of params (%d) "
                     "and indices (%d)",
                     static_cast<int>(given_batch), static_cast<int>(axis),
                     static_cast<int>(in.rank), static_cast<int>(idx.rank));
  }
  for (int i = 0; i < bd; ++i) {
    if (in.dim(i) != idx.dim(i)) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "batch dimension %d: params (tensor %d) have %d, indices (tensor %d) %d", i,
                       in.index, in.dim(i), idx.index, idx.dim(i));
    }
  }
  const int rank = in.rank + idx.rank - 1 - bd;
  if (rank > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "output rank %d is over %d", rank, kMaxRank);
  }
  int32_t dims[kMaxRank];
  int r = 0;
  int64_t batch = 1, outer = 1, coords = 1, inner = 1;
  for (int i = 0; i < axis; ++i) {
    dims[r++] = in.dim(i);
    (i < bd ? batch : outer) *= in.dim(i);
  }
  for (int i = bd; i < idx.rank; ++i) {
    dims[r++] = idx.dim(i);
    coords *= idx.dim(i);
  }
  for (int i = axis + 1; i < in.rank; ++i) {
    dims[r++] = in.dim(i);
    inner *= in.dim(i);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  const int32_t axis_size = in.dim(axis);
  if (idx.is_constant) {
    const int64_t n = idx.num_elements();
    for (int64_t i = 0; i < n; ++i) {
      const int64_t v =
          idx.type == DType::kInt32 ? idx.as<const int32_t>()[i] : LoadInt64(idx.data, i);
      if (v < 0 || v >= axis_size) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "indices (tensor %d) [%lld] = %lld is outside [0, %d)", idx.index,
                         static_cast<long long>(i), static_cast<long long>(v),
                         static_cast<int>(axis_size));
      }
    }
  }
  auto* d = ctx.AllocateOpData<GatherData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->batch = static_cast<int32_t>(batch);
  d->outer = static_cast<int32_t>(outer);
  d->coords = static_cast<int32_t>(coords);
  d->axis_size = axis_size;
  d->slice_bytes = static_cast<int32_t>(inner * static_cast<int64_t>(DTypeSize(in.type)));
  d->wide = idx.type == DType::kInt64;
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  const GatherData& d = *ctx.op_data<GatherData>();
  const TensorView idx = ctx.input(1);
  const auto* src = ctx.input(0).as<const uint8_t>();
  auto* dst = ctx.output(0).as<uint8_t>();
  const size_t slice = static_cast<size_t>(d.slice_bytes);
  if (slice == 0) return Status::Ok();
  for (int32_t b = 0; b < d.batch; ++b) {
    for (int32_t o = 0; o < d.outer; ++o) {
      const uint8_t* base = src + (static_cast<size_t>(b) * d.outer + o) * d.axis_size * slice;
      for (int32_t c = 0; c < d.coords; ++c) {
        const size_t k = static_cast<size_t>(b) * d.coords + c;
        const int64_t v = d.wide ? LoadInt64(idx.data, k) : idx.as<const int32_t>()[k];
        if (v >= 0 && v < d.axis_size) {
          std::memcpy(dst, base + static_cast<size_t>(v) * slice, slice);
        } else {
          std::memset(dst, 0, slice);
        }
        dst += slice;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

// Versions 1-7 (TFLite's registration) for the types above.
// int64 indices (input 1) are read with LoadInt64.
CIRCLET_KERNEL_UNALIGNED64(GATHER, Prepare, Eval, 1 << 1)

}  // namespace kernels
}  // namespace circlet
