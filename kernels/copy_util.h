// SPDX-License-Identifier: Apache-2.0
// What the data-movement kernels share (PAD, PADV2, MIRROR_PAD, TRANSPOSE,
// SLICE, STRIDED_SLICE, REVERSE_V2, DYNAMIC_UPDATE_SLICE): reading constant
// index tensors (int32 or int64), the quantization check (the output keeps
// the input's scale and zero point), and one strided N-D copy.
//
// The strided copy is planned in prepare and run in eval. Up to rank 6,
// right-aligned (leading dimensions have count 1); for every index
// (i0..i5) < count it copies one element
//   out[out_offset + sum_d i_d * out_stride[d]] =
//       in[in_offset + sum_d i_d * in_stride[d]]
// Strides are in elements and may be negative (REVERSE_V2, STRIDED_SLICE)
// or permuted (TRANSPOSE). Elements move by their byte size (1, 2, 4 or 8
// bytes), whatever their type: one instantiation per size.
#ifndef CIRCLET_KERNELS_COPY_UTIL_H_
#define CIRCLET_KERNELS_COPY_UTIL_H_

#include <cstdint>
#include <cstring>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {

// Element i of an int32 or int64 tensor (checked by CheckIndexTensor).
// int64 through LoadInt64: a constant index tensor may sit at a 4-byte
// offset (the kernels reading theirs here say so at registration).
inline int64_t IndexAt(const TensorView& t, int i) {
  if (t.type == DType::kInt64) return LoadInt64(t.data, i);
  return t.as<const int32_t>()[i];
}

// `t` is a 1-D int32 or int64 tensor of `count` entries (count < 0: any
// count), constant when `need_constant`. `role` names it in the error.
CIRCLET_COLD inline Status CheckIndexTensor(const OpContext& ctx, const TensorView& t,
                                            const char* role, int count, bool need_constant) {
  if (t.type != DType::kInt32 && t.type != DType::kInt64) {
    return ctx.Error(StatusCode::kInvalidModel, "%s (tensor %d) is %s, expected int32 or int64",
                     role, t.index, DTypeName(t.type));
  }
  if (t.rank != 1 || (count >= 0 && t.dim(0) != count)) {
    return ctx.Error(StatusCode::kInvalidModel, "%s (tensor %d) must have shape [%d]", role,
                     t.index, count);
  }
  if (need_constant && !t.is_constant) {
    return ctx.Error(StatusCode::kUnsupported, "%s (tensor %d) must be a constant tensor", role,
                     t.index);
  }
  return Status::Ok();
}

// The output has the input's type and, when either is quantized, the same
// scale and zero point (data movement does not requantize).
CIRCLET_COLD inline Status CheckSameTypeAndQuant(const OpContext& ctx, const TensorView& in,
                                                 const TensorView& out, const char* in_role,
                                                 const char* out_role) {
  if (in.type != out.type) {
    return ctx.Error(StatusCode::kInvalidModel, "%s (tensor %d) is %s but %s (tensor %d) is %s",
                     out_role, out.index, DTypeName(out.type), in_role, in.index,
                     DTypeName(in.type));
  }
  if (in.quant.count == 0 && out.quant.count == 0) return Status::Ok();
  if (in.quant.scale() != out.quant.scale() || in.quant.zero_point() != out.quant.zero_point()) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "%s (tensor %d) must have the scale and zero point of %s (tensor %d)",
                     out_role, out.index, in_role, in.index);
  }
  return Status::Ok();
}

// Element counts above this are refused, so that element offsets fit int32.
constexpr int64_t kMaxCopyElements = 0x7FFFFFFF;

CIRCLET_COLD inline Status CheckElementCount(const OpContext& ctx, const TensorView& t,
                                             const char* role) {
  if (t.num_elements() <= kMaxCopyElements) return Status::Ok();
  return ctx.Error(StatusCode::kUnsupported, "%s (tensor %d) has more than 2^31 elements", role,
                   t.index);
}

// The checks every data-movement prepare starts with: the output has the
// input's type, scale and zero point (CheckSameTypeAndQuant, roles "input"
// and "output"), the input (or the output when `count_output`: PAD grows the
// tensor) has at most kMaxCopyElements elements, and the input's rank is at
// most kMaxRank.
CIRCLET_COLD inline Status CheckCopyTensors(const OpContext& ctx, const TensorView& in,
                                            const TensorView& out, bool count_output) {
  CIRCLET_RETURN_IF_ERROR(CheckSameTypeAndQuant(ctx, in, out, "input", "output"));
  CIRCLET_RETURN_IF_ERROR(count_output ? CheckElementCount(ctx, out, "output")
                                       : CheckElementCount(ctx, in, "input"));
  if (in.rank > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "input (tensor %d) has rank %d, at most %d",
                     in.index, in.rank, kMaxRank);
  }
  return Status::Ok();
}

// Row-major element strides of `dims`.
inline void ContiguousStrides(const int32_t* dims, int rank, int32_t* strides) {
  int64_t s = 1;
  for (int i = rank - 1; i >= 0; --i) {
    strides[i] = static_cast<int32_t>(s);
    s *= dims[i];
  }
}

struct StridedCopy {
  int32_t count[kMaxRank];
  int32_t in_stride[kMaxRank];
  int32_t out_stride[kMaxRank];
  int32_t in_offset;
  int32_t out_offset;
  uint8_t elem_size;  // bytes per element
  bool empty;         // some count is 0: nothing to copy
};

// Plans a copy of rank `rank` (<= 6); arrays are indexed by dimension.
// The caller guarantees that every index reached lies inside both tensors.
CIRCLET_COLD inline void PlanCopy(StridedCopy* c, int rank, const int32_t* count,
                                  const int32_t* in_stride, const int32_t* out_stride,
                                  int32_t in_offset, int32_t out_offset, DType type) {
  const int lead = kMaxRank - rank;
  c->empty = false;
  for (int i = 0; i < kMaxRank; ++i) {
    const int k = i - lead;
    c->count[i] = k >= 0 ? count[k] : 1;
    c->in_stride[i] = k >= 0 ? in_stride[k] : 0;
    c->out_stride[i] = k >= 0 ? out_stride[k] : 0;
    if (c->count[i] == 0) c->empty = true;
  }
  c->in_offset = in_offset;
  c->out_offset = out_offset;
  c->elem_size = static_cast<uint8_t>(DTypeSize(type));
}

// A slice of an input of shape dims[0..rank) written contiguously: along
// axis d, count[d] elements from start[d] in steps of step[d] (step may be
// negative). The caller has checked that every index reached is in range.
CIRCLET_COLD inline void PlanSliceCopy(StridedCopy* c, const int32_t* dims, int rank, DType type,
                                       const int32_t* start, const int32_t* step,
                                       const int32_t* count) {
  int32_t in_strides[kMaxRank], out_strides[kMaxRank], steps[kMaxRank];
  ContiguousStrides(dims, rank, in_strides);
  ContiguousStrides(count, rank, out_strides);
  int64_t offset = 0;
  bool empty = false;
  for (int d = 0; d < rank; ++d) {
    offset += static_cast<int64_t>(start[d]) * in_strides[d];
    steps[d] = in_strides[d] * step[d];
    if (count[d] == 0) empty = true;
  }
  PlanCopy(c, rank, count, steps, out_strides, empty ? 0 : static_cast<int32_t>(offset), 0, type);
}

// The end of prepare for a kernel whose op data is one StridedCopy
// (TRANSPOSE, SLICE, STRIDED_SLICE, REVERSE_V2): allocates it and plans it
// with PlanCopy (PrepareCopy) or PlanSliceCopy (PrepareSliceCopy). Such a
// kernel's eval is CopyEval.
CIRCLET_COLD inline Status AllocateCopy(OpContext& ctx, StridedCopy** c) {
  *c = ctx.AllocateOpData<StridedCopy>();
  if (*c == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  return Status::Ok();
}

CIRCLET_COLD inline Status PrepareCopy(OpContext& ctx, int rank, const int32_t* count,
                                       const int32_t* in_stride, const int32_t* out_stride,
                                       int32_t in_offset, int32_t out_offset, DType type) {
  StridedCopy* c = nullptr;
  CIRCLET_RETURN_IF_ERROR(AllocateCopy(ctx, &c));
  PlanCopy(c, rank, count, in_stride, out_stride, in_offset, out_offset, type);
  return Status::Ok();
}

CIRCLET_COLD inline Status PrepareSliceCopy(OpContext& ctx, const int32_t* dims, int rank,
                                            DType type, const int32_t* start, const int32_t* step,
                                            const int32_t* count) {
  StridedCopy* c = nullptr;
  CIRCLET_RETURN_IF_ERROR(AllocateCopy(ctx, &c));
  PlanSliceCopy(c, dims, rank, type, start, step, count);
  return Status::Ok();
}

template <typename T>
void RunCopyTyped(const StridedCopy& c, const T* in, T* out) {
  const int32_t* n = c.count;
  const int32_t* si = c.in_stride;
  const int32_t* so = c.out_stride;
  const bool rows = si[5] == 1 && so[5] == 1;
  for (int32_t i0 = 0, a0 = c.in_offset, b0 = c.out_offset; i0 < n[0];
       ++i0, a0 += si[0], b0 += so[0]) {
    for (int32_t i1 = 0, a1 = a0, b1 = b0; i1 < n[1]; ++i1, a1 += si[1], b1 += so[1]) {
      for (int32_t i2 = 0, a2 = a1, b2 = b1; i2 < n[2]; ++i2, a2 += si[2], b2 += so[2]) {
        for (int32_t i3 = 0, a3 = a2, b3 = b2; i3 < n[3]; ++i3, a3 += si[3], b3 += so[3]) {
          for (int32_t i4 = 0, a4 = a3, b4 = b3; i4 < n[4]; ++i4, a4 += si[4], b4 += so[4]) {
            if (rows) {
              std::memcpy(out + b4, in + a4, static_cast<size_t>(n[5]) * sizeof(T));
              continue;
            }
            for (int32_t i5 = 0, a5 = a4, b5 = b4; i5 < n[5]; ++i5, a5 += si[5], b5 += so[5]) {
              out[b5] = in[a5];
            }
          }
        }
      }
    }
  }
}

// Runs a planned copy (eval).
inline void RunCopy(const StridedCopy& c, const void* in, void* out) {
  if (c.empty) return;
  switch (c.elem_size) {
    case 1: RunCopyTyped(c, static_cast<const uint8_t*>(in), static_cast<uint8_t*>(out)); break;
    case 2: RunCopyTyped(c, static_cast<const uint16_t*>(in), static_cast<uint16_t*>(out)); break;
    case 4: RunCopyTyped(c, static_cast<const uint32_t*>(in), static_cast<uint32_t*>(out)); break;
    default: RunCopyTyped(c, static_cast<const uint64_t*>(in), static_cast<uint64_t*>(out)); break;
  }
}

// Eval of a kernel whose op data is one StridedCopy from input 0 to output 0.
inline Status CopyEval(OpContext& ctx) {
  RunCopy(*ctx.op_data<StridedCopy>(), ctx.input(0).data, ctx.output(0).data);
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_COPY_UTIL_H_
