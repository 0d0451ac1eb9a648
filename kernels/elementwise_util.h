// Scaffolding of unary elementwise operators (ABS, EXP, LOGISTIC, CAST, ...):
// one input, one output of the same shape, element i of the output computed
// from element i of the input. Binary operators with broadcasting are in
// kernels/broadcast_util.h; lookup tables and fixed-point helpers in quant/.
#ifndef CIRCLET_KERNELS_ELEMENTWISE_UTIL_H_
#define CIRCLET_KERNELS_ELEMENTWISE_UTIL_H_

#include <cstdint>

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

// The common prepare: one input, one output of the input's shape (and type,
// unless kAny), per-tensor quantization read into `q` when the input is
// int8/int16 (both tensors must have one scale and zero point), in place
// allowed when input and output have the same element size.
CIRCLET_COLD inline Status PrepareUnary(OpContext& ctx, UnaryTypes types, UnaryQuant* q) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (types == UnaryTypes::kSame) CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, in.rank));
  *q = UnaryQuant{0.0f, 0.0f, 0, 0};
  if (in.type == DType::kInt8 || in.type == DType::kInt16) {
    CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
    CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
    *q = UnaryQuant{in.quant.scale(), out.quant.scale(), in.quant.zero_point(),
                    out.quant.zero_point()};
  }
  if (DTypeSize(in.type) == DTypeSize(out.type)) ctx.AllowInPlace(InPlace::kSameStart);
  return Status::Ok();
}

// out[i] = f(in[i]) for the n elements (in place allowed: i read, then written).
template <typename TIn, typename TOut, typename F>
inline void MapUnary(const TIn* in, TOut* out, int64_t n, F&& f) {
  for (int64_t i = 0; i < n; ++i) out[i] = f(in[i]);
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ELEMENTWISE_UTIL_H_
