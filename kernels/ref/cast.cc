// SPDX-License-Identifier: Apache-2.0
// CAST: out[i] = static_cast<To>(in[i]), the raw values (quantization
// parameters are ignored, as in TFLite). Pairs as TFLite Micro's cast.cc:
// input float32, int8, int16, int32 or bool; output float32, int8, int16 or
// int32 (bool, uint8 and int64 outputs and uint8/int64 inputs are refused,
// as TFLite Micro does).
//
// Conversions (C++ static_cast as compiled for the x86-64 reference):
//   integer -> narrower integer: two's complement wrap (int32 300 -> int8 44)
//   integer -> float32: rounded to nearest even (int32 16777217 -> 16777216)
//   bool -> any: 0 or 1 (any non-zero byte is true)
//   float32 -> integer: truncation toward zero through an int32 (x86's
//     cvttss2si): NaN and values outside [-2^31, 2^31) give INT32_MIN; int8
//     and int16 outputs keep the low bits of that int32 (300.7 -> 44,
//     -129.9 -> 127, 1e10 -> 0), exactly as TFLite Micro's goldens.
// Same shape; in place allowed when the element sizes match.
#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

// float -> int32 as x86's cvttss2si: truncation, INT32_MIN when not representable.
inline int32_t TruncateToInt32(float x) {
  if (!(x >= -2147483648.0f && x < 2147483648.0f)) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(x);
}

template <typename To>
struct Convert {
  template <typename From>
  To operator()(From x) const {
    return static_cast<To>(static_cast<uint32_t>(static_cast<int32_t>(x)));
  }
  To operator()(float x) const {
    return static_cast<To>(static_cast<uint32_t>(TruncateToInt32(x)));
  }
};

template <>
struct Convert<float> {
  template <typename From>
  float operator()(From x) const {
    return static_cast<float>(x);
  }
};

template <typename From, typename To>
void CastAll(const From* in, To* out, int64_t n) {
  MapUnary(in, out, n, Convert<To>());
}

template <typename To>
void CastBool(const uint8_t* in, To* out, int64_t n) {
  MapUnary(in, out, n, [](uint8_t b) { return static_cast<To>(b != 0 ? 1 : 0); });
}

template <typename To>
void CastFrom(const TensorView& in, To* out) {
  const int64_t n = in.num_elements();
  switch (in.type) {
    case DType::kFloat32: CastAll(in.as<const float>(), out, n); break;
    case DType::kInt8: CastAll(in.as<const int8_t>(), out, n); break;
    case DType::kInt16: CastAll(in.as<const int16_t>(), out, n); break;
    case DType::kInt32: CastAll(in.as<const int32_t>(), out, n); break;
    default: CastBool(in.as<const uint8_t>(), out, n); break;
  }
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(PrepareUnaryShape(ctx, UnaryTypes::kAny));
  const TensorView out = ctx.output(0);
  switch (out.type) {
    case DType::kFloat32:
    case DType::kInt8:
    case DType::kInt16:
    case DType::kInt32: return Status::Ok();
    default:
      return ctx.Error(StatusCode::kUnsupported,
                       "output (tensor %d) is %s: CAST writes float32, int8, int16 or int32",
                       out.index, DTypeName(out.type));
  }
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  switch (out.type) {
    case DType::kFloat32: CastFrom(in, out.as<float>()); break;
    case DType::kInt8: CastFrom(in, out.as<int8_t>()); break;
    case DType::kInt16: CastFrom(in, out.as<int16_t>()); break;
    default: CastFrom(in, out.as<int32_t>()); break;
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(CAST, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
