// SPDX-License-Identifier: Apache-2.0
// DEQUANTIZE: int8 / int16 / uint8 -> float32 with per-tensor parameters:
//   out = (float)s * (float)(q - zp), one float multiply, no rounding beyond
//   float's (TFLite's reference Dequantize).
#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

struct DequantizeData {
  int32_t elements;
  float scale;
  int32_t zero_point;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, in.rank));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kFloat32, "output"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  auto* d = ctx.AllocateOpData<DequantizeData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->elements = static_cast<int32_t>(in.num_elements());
  d->scale = in.quant.scale();
  d->zero_point = in.quant.zero_point();
  return Status::Ok();
}

template <typename T>
void Dequantize(const DequantizeData& d, const T* x, float* y) {
  for (int32_t i = 0; i < d.elements; ++i) {
    y[i] = d.scale * static_cast<float>(static_cast<int32_t>(x[i]) - d.zero_point);
  }
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const DequantizeData& d = *ctx.op_data<DequantizeData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  switch (in.type) {
    case DType::kInt8: Dequantize(d, in.as<const int8_t>(), out.as<float>()); break;
    case DType::kInt16: Dequantize(d, in.as<const int16_t>(), out.as<float>()); break;
    default: Dequantize(d, in.as<const uint8_t>(), out.as<float>()); break;
  }
  return Status::Ok();
}

}  // namespace

// v1 uint8, v2 int8, v3 int16 (per-tensor; per-channel v5 is not supported).
CIRCLET_KERNEL(DEQUANTIZE, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
