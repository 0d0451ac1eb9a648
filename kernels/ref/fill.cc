// SPDX-License-Identifier: Apache-2.0
// FILL: out = an array of the shape given by input 0 (dims, 1-D int32 or
// int64) with every element equal to input 1 (value, a scalar). The value's
// raw bytes are copied: float32, int32, int64, int8 (the value's quantized
// byte, as TFLite Micro; quantization is not compared) and bool. int16 is
// refused as TFLite Micro does.
//
// Shapes are static: a constant dims tensor must equal the model's output
// shape (every entry >= 0); a computed dims tensor is trusted to give the
// model's output shape, as TFLite Micro does.
#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

template <typename T>
CIRCLET_COLD Status ReadDims(const OpContext& ctx, const TensorView& dims, int32_t* out) {
  for (int i = 0; i < dims.dim(0); ++i) {
    const T v = dims.as<const T>()[i];
    if (v < 0 || v > 0x7FFFFFFF) {
      return ctx.Error(StatusCode::kInvalidModel, "dims (tensor %d) has %lld at index %d",
                       dims.index, static_cast<long long>(v), i);
    }
    out[i] = static_cast<int32_t>(v);
  }
  return Status::Ok();
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView dims = ctx.input(0), value = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, dims, 1, "dims"));
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, value, 0, "value"));
  switch (value.type) {
    case DType::kFloat32:
    case DType::kInt32:
    case DType::kInt64:
    case DType::kInt8:
    case DType::kBool: break;
    default:
      return ctx.Error(StatusCode::kUnsupported,
                       "value (tensor %d) is %s: FILL takes float32, int32, int64, int8 or bool",
                       value.index, DTypeName(value.type));
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, value.type, "output"));
  if (!dims.is_constant) return Status::Ok();
  if (dims.dim(0) > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "dims (tensor %d) has %d entries, at most %d",
                     dims.index, dims.dim(0), kMaxRank);
  }
  int32_t shape[kMaxRank];
  if (dims.type == DType::kInt32) {
    CIRCLET_RETURN_IF_ERROR(ReadDims<int32_t>(ctx, dims, shape));
  } else {
    CIRCLET_RETURN_IF_ERROR(ReadDims<int64_t>(ctx, dims, shape));
  }
  return ctx.CheckOutputShape(0, shape, dims.dim(0));
}

template <typename T>
void FillAll(const TensorView& value, const TensorView& out) {
  const T v = *value.as<const T>();
  T* y = out.as<T>();
  const int64_t n = out.num_elements();
  for (int64_t i = 0; i < n; ++i) y[i] = v;
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const TensorView value = ctx.input(1), out = ctx.output(0);
  switch (DTypeSize(value.type)) {
    case 1: FillAll<uint8_t>(value, out); break;
    case 4: FillAll<uint32_t>(value, out); break;
    default: FillAll<uint64_t>(value, out); break;
  }
  return Status::Ok();
}

}  // namespace

// Input 0 is the dims tensor: int32 or int64.
CIRCLET_KERNEL(FILL, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
