// SPDX-License-Identifier: Apache-2.0
// Helpers shared by kernels: padding and output sizes (TFLite semantics),
// fused activations, common prepare checks. Math on quantized values lives
// in quant/.
#ifndef CIRCLET_KERNELS_KERNEL_UTIL_H_
#define CIRCLET_KERNELS_KERNEL_UTIL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "quant/fixed_point.h"
#include "quant/quantize.h"
#include "runtime/op_context.h"

namespace circlet {
namespace kernels {

// TFLite's ComputeOutSize: SAME -> ceil(in / stride); VALID ->
// ceil((in - effective_filter + 1) / stride), effective = (f - 1) * d + 1.
// In 64 bits (a hostile model's strides and dilations must not overflow);
// a VALID filter larger than the input gives 0 (callers refuse sizes < 1).
CIRCLET_COLD inline int32_t ConvOutSize(fb::Padding padding, int32_t in, int32_t filter,
                                        int32_t stride, int32_t dilation) {
  const int64_t effective = int64_t{filter - 1} * dilation + 1;
  const int64_t out = padding == fb::Padding_SAME ? (int64_t{in} + stride - 1) / stride
                                                  : (in - effective + stride) / stride;
  return out < 0 ? 0 : static_cast<int32_t>(out);
}

// TFLite's ComputePaddingWithOffset: total padding split with the extra
// pixel (offset) at the end. In 64 bits, saturated to int32.
CIRCLET_COLD inline int32_t ConvPadding(int32_t stride, int32_t dilation, int32_t in,
                                        int32_t filter, int32_t out) {
  const int64_t effective = int64_t{filter - 1} * dilation + 1;
  const int64_t total = std::max<int64_t>(int64_t{out - 1} * stride + effective - in, 0) / 2;
  return total > 0x7FFFFFFF ? 0x7FFFFFFF : static_cast<int32_t>(total);
}

// int8 accumulators: each product (x - zero_point) * w is at most 255 * 128
// in magnitude, so up to 65536 of them always fit an int32. Kernels refuse
// more in prepare; bias and output offset are added with quant::WrapAdd.
constexpr int64_t kMaxAccumulationTaps = 65536;

CIRCLET_COLD inline Status CheckAccumulationTaps(const OpContext& ctx, int64_t taps) {
  if (taps <= kMaxAccumulationTaps) return Status::Ok();
  return ctx.Error(StatusCode::kUnsupported,
                   "%lld products per output could overflow the int32 accumulator (at most %lld)",
                   static_cast<long long>(taps), static_cast<long long>(kMaxAccumulationTaps));
}

// Element i of int64 data that may sit at a 4-byte offset: constants the
// TFLite converter writes (an int64 bias), which the model loader accepts
// 4-byte aligned. A typed load there is undefined behaviour and faults on
// Cortex-M when the compiler picks an 8-byte-aligned access; memcpy lets it
// pick a safe one (two 32-bit loads, or LDRD, which needs word alignment
// only). A kernel reading an input this way registers with
// CIRCLET_KERNEL_UNALIGNED64 naming that input; other kernels' 8-byte
// constants stay 8-byte aligned (the interpreter checks).
inline int64_t LoadInt64(const void* p, ptrdiff_t i = 0) {
  int64_t v;
  std::memcpy(&v, static_cast<const uint8_t*>(p) + i * 8, sizeof(v));
  return v;
}

// Applies the float clamp of a fused activation.
inline float ActivationClamp(float v, float lo, float hi) {
  return std::min(std::max(v, lo), hi);
}

// Checks that a fused activation is one circlet implements.
CIRCLET_COLD inline Status CheckActivation(const OpContext& ctx, int activation) {
  if (quant::ActivationSupported(activation)) return Status::Ok();
  return ctx.Error(StatusCode::kUnsupported, "fused activation %s is not supported",
                   quant::ActivationName(activation));
}

// Input/output counts.
CIRCLET_COLD inline Status CheckArity(const OpContext& ctx, int min_in, int max_in, int outs) {
  if (ctx.num_inputs() < min_in || ctx.num_inputs() > max_in) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d inputs, expected %d..%d", ctx.num_inputs(),
                     min_in, max_in);
  }
  if (ctx.num_outputs() != outs) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d outputs, expected %d", ctx.num_outputs(),
                     outs);
  }
  for (int i = 0; i < min_in; ++i) {
    if (!ctx.has_input(i)) {
      return ctx.Error(StatusCode::kInvalidModel, "required input %d is missing", i);
    }
  }
  return Status::Ok();
}

// Per-tensor quantization is present (int8/int16 activations).
CIRCLET_COLD inline Status CheckPerTensorQuant(const OpContext& ctx, const TensorView& t,
                                               const char* role) {
  if (t.quant.count == 1) return Status::Ok();
  return ctx.Error(StatusCode::kInvalidModel,
                   "%s (tensor %d) needs one scale and zero point, has %d", role, t.index,
                   t.quant.count);
}

CIRCLET_COLD inline Status CheckRank(const OpContext& ctx, const TensorView& t, int rank,
                                     const char* role) {
  if (t.rank == rank) return Status::Ok();
  return ctx.Error(StatusCode::kInvalidModel, "%s (tensor %d) has rank %d, expected %d", role,
                   t.index, t.rank, rank);
}

// Prepare of an int8-only kernel variant (CIRCLET_INT8_KERNELS in
// circlet/op_resolver.h): input 0 and output 0 must be int8. Called after
// the operator's full prepare, which checked that they exist.
CIRCLET_COLD inline Status CheckInt8Variant(const OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.type == DType::kInt8 && out.type == DType::kInt8) return Status::Ok();
  return ctx.Error(StatusCode::kUnsupported,
                   "input (tensor %d) %s, output (tensor %d) %s: %s_INT8 takes int8 only", in.index,
                   DTypeName(in.type), out.index, DTypeName(out.type), ctx.op_name());
}

// Prepare of a float32-only variant (CIRCLET_FLOAT_VARIANTS): input 0 and
// output 0 must be float32.
CIRCLET_COLD inline Status CheckFloatVariant(const OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.type == DType::kFloat32 && out.type == DType::kFloat32) return Status::Ok();
  return ctx.Error(StatusCode::kUnsupported,
                   "input (tensor %d) %s, output (tensor %d) %s: %s_FLOAT takes float32 only",
                   in.index, DTypeName(in.type), out.index, DTypeName(out.type), ctx.op_name());
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_KERNEL_UTIL_H_
