// SPDX-License-Identifier: Apache-2.0
// Scaffolding of unary elementwise operators (ABS, EXP, LOGISTIC, CAST, ...):
// one input, one output of the same shape, element i of the output computed
// from element i of the input. Binary operators with broadcasting are in
// kernels/broadcast_util.h; lookup tables and fixed-point helpers in quant/.
#ifndef CIRCLET_KERNELS_ELEMENTWISE_UTIL_H_
#define CIRCLET_KERNELS_ELEMENTWISE_UTIL_H_

#include <cstdint>
#include <limits>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {

// The quantization of a unary operator's input and output (zero when float).
struct UnaryQuant {
  float in_scale, out_scale;
  int32_t in_zero_point, out_zero_point;
};

enum class UnaryTypes : uint8_t {
  kSame,  // the output has the input's type
  kAny,   // any output type (CAST, QUANTIZE): the kernel checks it
};

// The shape part of every unary prepare: one input, one output of the
// input's shape (and type, unless kAny), in place allowed when input and
// output have the same element size. No quantization is read (CAST, ABS of
// an unquantized int16 tensor, ZEROS_LIKE).
CIRCLET_COLD inline Status PrepareUnaryShape(OpContext& ctx, UnaryTypes types) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (types == UnaryTypes::kSame) CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, in.rank));
  if (DTypeSize(in.type) == DTypeSize(out.type)) ctx.AllowInPlace(InPlace::kSameStart);
  return Status::Ok();
}

// The common prepare: PrepareUnaryShape, and the per-tensor quantization
// read into `q` when the input is int8/int16 (both tensors must have one
// scale and zero point).
CIRCLET_COLD inline Status PrepareUnary(OpContext& ctx, UnaryTypes types, UnaryQuant* q) {
  CIRCLET_RETURN_IF_ERROR(PrepareUnaryShape(ctx, types));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  *q = UnaryQuant{0.0f, 0.0f, 0, 0};
  if (in.type == DType::kInt8 || in.type == DType::kInt16) {
    CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
    CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
    *q = UnaryQuant{in.quant.scale(), out.quant.scale(), in.quant.zero_point(),
                    out.quant.zero_point()};
  }
  return Status::Ok();
}

// Prepare of a unary operator with no op data whose output has the input's
// type and shape (the float32 math operators, LOGICAL_NOT).
CIRCLET_COLD inline Status PrepareUnarySame(OpContext& ctx) {
  return PrepareUnaryShape(ctx, UnaryTypes::kSame);
}

// Checks of the quantized unary operators that rescale (ABS, RSQRT), as
// TFLite Micro's PrepareAbsRsqrt: scales positive and finite, int8 zero
// points within int8 (so no int32 arithmetic can overflow), int16 zero points 0.
CIRCLET_COLD inline Status CheckUnaryRescale(const OpContext& ctx, DType type,
                                             const UnaryQuant& q) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (!(q.in_scale > 0.0f && q.in_scale <= 3.4e38f) ||
      !(q.out_scale > 0.0f && q.out_scale <= 3.4e38f)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "input (tensor %d) scale %g and output (tensor %d) scale %g must be "
                     "positive and finite",
                     in.index, static_cast<double>(q.in_scale), out.index,
                     static_cast<double>(q.out_scale));
  }
  const auto out_of_int8 = [](int32_t zp) { return zp < -128 || zp > 127; };
  if (type == DType::kInt8 && (out_of_int8(q.in_zero_point) || out_of_int8(q.out_zero_point))) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "int8 input (tensor %d) and output (tensor %d) zero points %d and %d must "
                     "lie in [-128, 127]",
                     in.index, out.index, static_cast<int>(q.in_zero_point),
                     static_cast<int>(q.out_zero_point));
  }
  if (type == DType::kInt16 && (q.in_zero_point != 0 || q.out_zero_point != 0)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "int16 input (tensor %d) and output (tensor %d) need zero point 0, have "
                     "%d and %d",
                     in.index, out.index, static_cast<int>(q.in_zero_point),
                     static_cast<int>(q.out_zero_point));
  }
  return Status::Ok();
}

// out[i] = f(in[i]) for the n elements (in place allowed: i read, then written).
template <typename TIn, typename TOut, typename F>
inline void MapUnary(const TIn* in, TOut* out, int64_t n, F&& f) {
  for (int64_t i = 0; i < n; ++i) out[i] = f(in[i]);
}

// Eval of a same-type unary operator: output 0 = f(input 0), elementwise.
template <typename T, typename F>
inline void EvalUnary(const OpContext& ctx, F&& f) {
  const TensorView in = ctx.input(0);
  MapUnary(in.as<const T>(), ctx.output(0).as<T>(), in.num_elements(), f);
}

// Saturates an int32 to T's range (the quantized unary kernels' final clamp).
template <typename T>
inline T SaturateTo(int32_t v) {
  return quant::Clamp<T>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ELEMENTWISE_UTIL_H_
