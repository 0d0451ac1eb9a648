// SPDX-License-Identifier: Apache-2.0
// CONCATENATION: joins N inputs along `axis` (negative counts from the end:
// axis += rank). All inputs have the output's rank and type, and equal
// dimensions except along the axis, where the output has their sum.
//
// Layout: with outer = prod(dims[0..axis)) and inner = prod(dims(axis..rank)),
// the output is, for each outer index k, input 0's k-th block of
// dim_i(axis) * inner elements, then input 1's, ... (TFLite's Concatenation).
//
// float32/int32/int64: a plain copy (int64 as pairs of 4-byte words).
// int8/int16: an input whose scale and zero point equal the output's is
// copied; otherwise it is requantized as TFLite's
// ConcatenationWithScaling does, in float:
//   scale = s_in * (1.f / s_out), bias = -zp_in * scale,
//   out = clamp(round(q * scale + bias) + zp_out), round half away from zero.
// (TFLite Micro copies int8 bytes without rescaling and TFLite requires
// equal parameters; models from the converter always have them.)
// Fused activations other than NONE are rejected, as in TFLite.
#include <cinttypes>
#include <cmath>
#include <cstring>
#include <limits>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

struct ConcatInput {
  int32_t block;   // elements copied per outer index: dim(axis) * inner
  int32_t offset;  // where the block starts within an output row
  bool copy;       // same quantization as the output (or not quantized)
  float scale, bias;
};

struct ConcatData {
  int32_t num_inputs;
  int32_t outer;
  int32_t out_block;  // output elements per outer index: sum of blocks
  int32_t out_zero_point;
  ConcatInput* inputs;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const int n = ctx.num_inputs();
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, n > 1 ? n : 1, 1));
  for (int i = 0; i < n; ++i) {
    if (!ctx.has_input(i)) {
      return ctx.Error(StatusCode::kInvalidModel, "input %d is missing", i);
    }
  }
  const auto* opt = ctx.options<fb::ConcatenationOptions>();
  if (opt == nullptr) {
    return ctx.Error(StatusCode::kInvalidModel, "ConcatenationOptions are missing");
  }
  if (opt->fused_activation_function() != 0) {
    return ctx.Error(StatusCode::kUnsupported, "fused activation %s is not supported (NONE only)",
                     quant::ActivationName(opt->fused_activation_function()));
  }
  const TensorView out = ctx.output(0);
  const int rank = out.rank;
  int axis = opt->axis();
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) {
    return ctx.Error(StatusCode::kInvalidModel, "axis %" PRId32 " is outside the output's rank %d",
                     opt->axis(), rank);
  }
  const DType type = out.type;
  if (type != DType::kFloat32 && type != DType::kInt8 && type != DType::kInt16 &&
      type != DType::kInt32 && type != DType::kInt64) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output type %s is not supported (float32, int8, int16, int32, int64)",
                     DTypeName(type));
  }
  const bool quantized = type == DType::kInt8 || type == DType::kInt16;
  if (quantized) CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  auto* d = ctx.AllocateOpData<ConcatData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->inputs = static_cast<ConcatInput*>(ctx.AllocatePersistent(n * sizeof(ConcatInput)));
  if (d->inputs == nullptr) {
    return ctx.Error(StatusCode::kArenaTooSmall, "no room for per-input data");
  }
  d->num_inputs = n;
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < axis; ++i) outer *= out.dim(i);
  for (int i = axis + 1; i < rank; ++i) inner *= out.dim(i);
  if (type == DType::kInt64) inner *= 2;  // copied as pairs of 4-byte words
  d->outer = static_cast<int32_t>(outer);
  d->out_zero_point = quantized ? out.quant.zero_point() : 0;
  const float inverse_out_scale = quantized ? 1.0f / out.quant.scale() : 0.0f;
  int32_t dims[kMaxRank];
  for (int i = 0; i < rank; ++i) dims[i] = out.dim(i);
  int64_t axis_sum = 0;
  for (int i = 0; i < n; ++i) {
    const TensorView in = ctx.input(i);
    if (in.type != type) {
      return ctx.Error(StatusCode::kInvalidModel, "input %d (tensor %d) is %s but the output is %s",
                       i, in.index, DTypeName(in.type), DTypeName(type));
    }
    if (in.rank != rank) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "input %d (tensor %d) has rank %d, the output has rank %d", i, in.index,
                       in.rank, rank);
    }
    for (int k = 0; k < rank; ++k) {
      if (k != axis && in.dim(k) != out.dim(k)) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "input %d (tensor %d) has %d at axis %d, the output has %d", i, in.index,
                         in.dim(k), k, out.dim(k));
      }
    }
    ConcatInput& ci = d->inputs[i];
    ci.block = static_cast<int32_t>(in.dim(axis) * inner);
    ci.offset = static_cast<int32_t>(axis_sum * inner);
    ci.copy = true;
    if (quantized) {
      CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
      if (in.quant.scale() != out.quant.scale() ||
          in.quant.zero_point() != out.quant.zero_point()) {
        ci.copy = false;
        ci.scale = in.quant.scale() * inverse_out_scale;
        ci.bias = static_cast<float>(-in.quant.zero_point()) * ci.scale;
      }
    }
    axis_sum += in.dim(axis);
  }
  dims[axis] = static_cast<int32_t>(axis_sum);
  d->out_block = static_cast<int32_t>(axis_sum * inner);
  return ctx.CheckOutputShape(0, dims, rank);
}

template <typename T>
void Requantize(const ConcatInput& ci, int32_t zp_out, const T* in, T* out) {
  for (int32_t j = 0; j < ci.block; ++j) {
    // Clamp in float first: hostile scales must not overflow the int cast.
    float r = std::round(static_cast<float>(in[j]) * ci.scale + ci.bias);
    r = r > 65536.0f ? 65536.0f : (r >= -65536.0f ? r : -65536.0f);  // NaN -> min
    const int32_t v = static_cast<int32_t>(r) + zp_out;
    out[j] = quant::Clamp<T>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  }
}

template <typename T>
void EvalTyped(OpContext& ctx, const ConcatData& d) {
  T* y = ctx.output(0).as<T>();
  for (int32_t i = 0; i < d.num_inputs; ++i) {
    const ConcatInput& ci = d.inputs[i];
    const T* x = ctx.input(i).as<const T>();
    for (int32_t k = 0; k < d.outer; ++k) {
      T* dst = y + static_cast<int64_t>(k) * d.out_block + ci.offset;
      const T* src = x + static_cast<int64_t>(k) * ci.block;
      if (ci.copy) {
        std::memcpy(dst, src, static_cast<size_t>(ci.block) * sizeof(T));
      } else {
        Requantize(ci, d.out_zero_point, src, dst);
      }
    }
  }
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const ConcatData& d = *ctx.op_data<ConcatData>();
  switch (ctx.output(0).type) {
    case DType::kInt8: EvalTyped<int8_t>(ctx, d); break;
    case DType::kInt16: EvalTyped<int16_t>(ctx, d); break;
    default:  // float32, int32 and int64 (as pairs): 4-byte copies
      EvalTyped<int32_t>(ctx, d);
      break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int16.
CIRCLET_KERNEL(CONCATENATION, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
