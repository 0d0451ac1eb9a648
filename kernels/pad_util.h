// SPDX-License-Identifier: Apache-2.0
// PAD and PADV2 (one prepare and eval, two operators): the output is the
// input with paddings[d][0] elements before and paddings[d][1] after it
// along every axis d, filled with the pad value:
//   out[i] = in[i - before]  where before <= i < before + in_dim (every axis)
//          = pad value        elsewhere.
// paddings: a constant int32 or int64 tensor of shape [rank, 2], entries >= 0
// (TFLite refuses negative paddings).
// Pad value, as TFLite Micro: input 2 when present (PADV2; TFLM also reads a
// third input of PAD), one element of the input's type, for int8 with the
// output's scale and zero point; else 0 for float32, int16 (TFLM pads int16
// with 0), int32 and int64, and the output zero point for int8.
// Types float32, int8, int16, int32, int64, rank up to 6; the output has the
// input's type, scale and zero point. Eval fills the output with the pad
// value and copies the input into its window (kernels/copy_util.h).
// CheckPadTensors is also MIRROR_PAD's (kernels/ref/mirror_pad.cc).
#ifndef CIRCLET_KERNELS_PAD_UTIL_H_
#define CIRCLET_KERNELS_PAD_UTIL_H_

#include <cinttypes>
#include <cstdint>
#include <cstring>

#include "kernels/copy_util.h"

namespace circlet {
namespace kernels {

struct PadData {
  StridedCopy copy;  // the input into the output's window
  int32_t out_elements;
  uint8_t value[8];       // the pad element's bytes
  bool value_from_input;  // a non-constant pad value: input 2, read in eval
};

// The prepare checks PAD, PADV2 and MIRROR_PAD share: CheckCopyTensors
// (the output's element count), then paddings, a constant int32 or int64
// tensor of shape [rank, 2].
CIRCLET_COLD inline Status CheckPadTensors(const OpContext& ctx, const TensorView& in,
                                           const TensorView& paddings, const TensorView& out) {
  CIRCLET_RETURN_IF_ERROR(CheckCopyTensors(ctx, in, out, /*count_output=*/true));
  const int rank = in.rank;
  if (paddings.type != DType::kInt32 && paddings.type != DType::kInt64) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "paddings (tensor %d) is %s, expected int32 or int64", paddings.index,
                     DTypeName(paddings.type));
  }
  if (paddings.rank != 2 || paddings.dim(0) != rank || paddings.dim(1) != 2) {
    return ctx.Error(StatusCode::kInvalidModel, "paddings (tensor %d) must have shape [%d, 2]",
                     paddings.index, rank);
  }
  if (!paddings.is_constant) {
    return ctx.Error(StatusCode::kUnsupported, "paddings (tensor %d) must be a constant tensor",
                     paddings.index);
  }
  return Status::Ok();
}

CIRCLET_COLD inline Status PadPrepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 3, 1));
  const TensorView in = ctx.input(0), paddings = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckPadTensors(ctx, in, paddings, out));
  const int rank = in.rank;
  auto* d = ctx.AllocateOpData<PadData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  int32_t dims[kMaxRank], in_strides[kMaxRank], out_strides[kMaxRank], before[kMaxRank];
  for (int i = 0; i < rank; ++i) {
    const int64_t lo = IndexAt(paddings, 2 * i), hi = IndexAt(paddings, 2 * i + 1);
    if (lo < 0 || hi < 0 || lo > kMaxCopyElements || hi > kMaxCopyElements) {
      return ctx.Error(
          StatusCode::kInvalidModel,
          "paddings (tensor %d) has %lld, %lld at axis %d: paddings must be in 0..2^31",
          paddings.index, static_cast<long long>(lo), static_cast<long long>(hi), i);
    }
    const int64_t dim = in.dim(i) + lo + hi;
    if (dim > kMaxCopyElements) {
      return ctx.Error(StatusCode::kUnsupported, "padded axis %d has more than 2^31 elements", i);
    }
    dims[i] = static_cast<int32_t>(dim);
    before[i] = static_cast<int32_t>(lo);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  ContiguousStrides(in.dims, rank, in_strides);
  ContiguousStrides(dims, rank, out_strides);
  int64_t offset = 0;
  for (int i = 0; i < rank; ++i) offset += static_cast<int64_t>(before[i]) * out_strides[i];
  PlanCopy(&d->copy, rank, in.dims, in_strides, out_strides, 0, static_cast<int32_t>(offset),
           in.type);
  d->out_elements = static_cast<int32_t>(out.num_elements());
  std::memset(d->value, 0, sizeof(d->value));
  if (ctx.has_input(2)) {
    const TensorView v = ctx.input(2);
    if (v.type != in.type || v.num_elements() != 1) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "pad value (tensor %d) must be one %s element, is %s with %lld elements",
                       v.index, DTypeName(in.type), DTypeName(v.type),
                       static_cast<long long>(v.num_elements()));
    }
    if (in.type == DType::kInt8 &&
        (v.quant.scale() != out.quant.scale() || v.quant.zero_point() != out.quant.zero_point())) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "pad value (tensor %d) must have the output's scale and zero point",
                       v.index);
    }
    if (v.is_constant) {
      std::memcpy(d->value, v.data, DTypeSize(v.type));
    } else {
      d->value_from_input = true;
    }
  } else if (in.type == DType::kInt8) {
    CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
    const int32_t zp = out.quant.zero_point();
    if (zp < -128 || zp > 127) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "output (tensor %d) zero point %" PRId32 " is not int8", out.index, zp);
    }
    const int8_t v = static_cast<int8_t>(zp);
    std::memcpy(d->value, &v, 1);
  }
  return Status::Ok();
}

template <typename T>
void PadFill(T* out, int32_t n, const void* value) {
  T v;
  std::memcpy(&v, value, sizeof(T));
  for (int32_t i = 0; i < n; ++i) out[i] = v;
}

inline Status PadEval(OpContext& ctx) {
  const PadData& d = *ctx.op_data<PadData>();
  const TensorView out = ctx.output(0);
  const void* value = d.value_from_input ? ctx.input(2).data : d.value;
  switch (d.copy.elem_size) {
    case 1: PadFill(out.as<uint8_t>(), d.out_elements, value); break;
    case 2: PadFill(out.as<uint16_t>(), d.out_elements, value); break;
    case 4: PadFill(out.as<uint32_t>(), d.out_elements, value); break;
    default: PadFill(out.as<uint64_t>(), d.out_elements, value); break;
  }
  RunCopy(d.copy, ctx.input(0).data, out.data);
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_PAD_UTIL_H_
