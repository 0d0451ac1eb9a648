// SPDX-License-Identifier: Apache-2.0
// QUANTIZE: float32 -> int8/int16, and requantization of int8/int16/int32/
// uint8 -> int8/int16 and of int8/int16 -> int32 (per-tensor parameters
// only), the pairs TFLite Micro's QUANTIZE runs.
//
// float input (TFLite's AffineQuantize): q = clamp(round(x / s_out) + zp_out)
//   with x / s_out a float division and round half away from zero (roundf).
// integer input (TFLite's Requantize):
//   M = (double)s_in / (double)s_out quantized with QuantizeMultiplier;
//   q = clamp(MultiplyByQuantizedMultiplier(x - zp_in, M) + zp_out)
//   (SaturatingRoundingDoublingHighMul, ties toward +infinity, then
//   RoundingDivideByPOT, ties away from zero). For an int32 output the clamp
//   is to int32's range and the zero point is added wrapping (TFLite Micro's
//   Requantize; its signed overflow is undefined there); likewise an int32
//   input's zero point is subtracted wrapping.
#include <cmath>
#include <limits>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

struct QuantizeData {
  int32_t elements;
  float scale;  // output scale (float input)
  int32_t in_zero_point, out_zero_point;
  int32_t multiplier, shift;  // s_in / s_out (integer input)
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, in.rank));
  const bool to_int32 =
      out.type == DType::kInt32 && (in.type == DType::kInt8 || in.type == DType::kInt16);
  if (out.type != DType::kInt8 && out.type != DType::kInt16 && !to_int32) {
    return ctx.Error(StatusCode::kUnsupported, "output (tensor %d) is %s, expected int8 or int16",
                     out.index, DTypeName(out.type));
  }
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  auto* d = ctx.AllocateOpData<QuantizeData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->elements = static_cast<int32_t>(in.num_elements());
  d->scale = out.quant.scale();
  d->out_zero_point = out.quant.zero_point();
  if (in.type == DType::kFloat32) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  d->in_zero_point = in.quant.zero_point();
  int shift = 0;
  quant::QuantizeMultiplier(
      static_cast<double>(in.quant.scale()) / static_cast<double>(out.quant.scale()),
      &d->multiplier, &shift);
  d->shift = shift;
  return Status::Ok();
}

template <typename OutT>
void FromFloat(const QuantizeData& d, const float* x, OutT* y) {
  constexpr int32_t kMin = std::numeric_limits<OutT>::min();
  constexpr int32_t kMax = std::numeric_limits<OutT>::max();
  for (int32_t i = 0; i < d.elements; ++i) {
    // Clamp in float first so that huge values cannot overflow the int32 cast
    // (undefined in TFLite); any value beyond the type's range saturates.
    float q = std::round(x[i] / d.scale);
    q = q > 65536.0f ? 65536.0f : q;
    q = q >= -65536.0f ? q : -65536.0f;  // also maps NaN to the minimum
    y[i] = quant::Clamp<OutT>(static_cast<int32_t>(q) + d.out_zero_point, kMin, kMax);
  }
}

template <typename InT, typename OutT>
void Requantize(const QuantizeData& d, const InT* x, OutT* y) {
  constexpr int32_t kMin = std::numeric_limits<OutT>::min();
  constexpr int32_t kMax = std::numeric_limits<OutT>::max();
  for (int32_t i = 0; i < d.elements; ++i) {
    y[i] = static_cast<OutT>(quant::Requantize(quant::WrapSub(x[i], d.in_zero_point), d.multiplier,
                                               d.shift, d.out_zero_point, kMin, kMax));
  }
}

template <typename OutT>
void EvalTo(const QuantizeData& d, const TensorView& in, OutT* y) {
  switch (in.type) {
    case DType::kFloat32: FromFloat(d, in.as<const float>(), y); break;
    case DType::kInt8: Requantize(d, in.as<const int8_t>(), y); break;
    case DType::kInt16: Requantize(d, in.as<const int16_t>(), y); break;
    case DType::kInt32: Requantize(d, in.as<const int32_t>(), y); break;
    default: Requantize(d, in.as<const uint8_t>(), y); break;
  }
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const QuantizeData& d = *ctx.op_data<QuantizeData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (out.type == DType::kInt8) {
    EvalTo(d, in, out.as<int8_t>());
  } else if (out.type == DType::kInt16) {
    EvalTo(d, in, out.as<int16_t>());
  } else if (in.type == DType::kInt8) {  // int32 output
    Requantize(d, in.as<const int8_t>(), out.as<int32_t>());
  } else {
    Requantize(d, in.as<const int16_t>(), out.as<int32_t>());
  }
  return Status::Ok();
}

}  // namespace

// v1 float32 -> int8 and requantization (int32 inputs and outputs
// included), v2 int16 output.
CIRCLET_KERNEL(QUANTIZE, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
