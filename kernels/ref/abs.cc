// SPDX-License-Identifier: Apache-2.0
// ABS: out = |x|. float32, int8, int16 (TFLite Micro's elementwise ABS).
//
// float32: std::abs (|-0| = 0, |NaN| = NaN).
// int8 / int16 quantized (TFLite Micro's AbsEvalQuantized):
//   v = |q - zp_in|
//   s_in == s_out: out = clamp(v + zp_out)
//   else:          out = clamp(MultiplyByQuantizedMultiplier(v, M, shift) + zp_out),
//                  (M, shift) = QuantizeMultiplier(double(s_in) / double(s_out))
//   clamped to the type's range. int16 needs both zero points 0.
// int16 without quantization: the plain integer |x| (|-32768| wraps to
// -32768, as TFLite's static_cast<int16_t>(std::abs(x))).
// Same shape and type, in place allowed.
#include <cstdlib>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

enum class AbsMode : uint8_t { kPlain, kShift, kRescale };

struct AbsData {
  int32_t multiplier;
  int32_t shift;
  int32_t in_offset, out_offset;
  AbsMode mode;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(PrepareUnaryShape(ctx, UnaryTypes::kSame));
  auto* d = ctx.AllocateOpData<AbsData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  const TensorView in = ctx.input(0);
  d->mode = AbsMode::kPlain;
  if (in.type == DType::kFloat32 || (in.type == DType::kInt16 && in.quant.count == 0)) {
    return Status::Ok();
  }
  UnaryQuant q;
  CIRCLET_RETURN_IF_ERROR(PrepareUnary(ctx, UnaryTypes::kSame, &q));
  CIRCLET_RETURN_IF_ERROR(CheckUnaryRescale(ctx, in.type, q));
  d->in_offset = q.in_zero_point;
  d->out_offset = q.out_zero_point;
  d->mode = AbsMode::kShift;
  if (q.in_scale != q.out_scale) {
    int shift = 0;
    quant::QuantizeMultiplier(static_cast<double>(q.in_scale) / static_cast<double>(q.out_scale),
                              &d->multiplier, &shift);
    d->shift = shift;
    d->mode = AbsMode::kRescale;
  }
  return Status::Ok();
}

template <typename T>
void EvalQuantized(const OpContext& ctx, const AbsData& d) {
  if (d.mode == AbsMode::kShift) {
    EvalUnary<T>(ctx, [&](T x) { return SaturateTo<T>(std::abs(x - d.in_offset) + d.out_offset); });
  } else {
    EvalUnary<T>(ctx, [&](T x) {
      const int32_t v = std::abs(x - d.in_offset);
      return SaturateTo<T>(quant::WrapAdd(
          quant::MultiplyByQuantizedMultiplier(v, d.multiplier, d.shift), d.out_offset));
    });
  }
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const AbsData& d = *ctx.op_data<AbsData>();
  switch (ctx.input(0).type) {
    case DType::kFloat32: EvalUnary<float>(ctx, [](float x) { return std::abs(x); }); break;
    case DType::kInt8: EvalQuantized<int8_t>(ctx, d); break;
    default:
      if (d.mode == AbsMode::kPlain) {
        EvalUnary<int16_t>(ctx, [](int16_t x) { return static_cast<int16_t>(std::abs(x)); });
      } else {
        EvalQuantized<int16_t>(ctx, d);
      }
      break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8 (rescaled), v3 int16, v4 int16 unquantized, v5 int32
// (not taken: TFLite Micro has no int32 ABS).
CIRCLET_KERNEL(ABS, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
