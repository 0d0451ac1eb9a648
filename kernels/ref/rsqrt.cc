// SPDX-License-Identifier: Apache-2.0
// RSQRT: out = 1 / sqrt(x). float32, int8, int16 (TFLite Micro's elementwise
// RSQRT; its int16 path runs because its prepare's type check is a no-op).
//
// float32: 1.f / std::sqrt(x) (0 -> +inf, x < 0 -> NaN, +inf -> 0).
// int8 / int16 (TFLite Micro's RsqrtEvalQuantized), per element:
//   v = q - zp_in
//   v == 0: out = the type's maximum
//   (m, e) = GetInvSqrtQuantizedMultiplierExp(v, -1)   (quant/fixed_point_math.h)
//   y   = MultiplyByQuantizedMultiplier(1, m, e + 20)          (2^20 / sqrt(v))
//   out = clamp(MultiplyByQuantizedMultiplier(y, M, shift - 20) + zp_out)
//   (M, shift) = QuantizeMultiplier(1 / (sqrt(double(s_in)) * double(s_out)))
// int16 needs zero points 0. Values below the input zero point (v < 0) are
// an error in TFLite Micro's invoke; circlet never fails in eval and gives
// them the reference math's value for v <= 1 (m = INT32_MAX, e = 0), the
// same output as v = 1.
// Same shape and type, in place allowed.
#include <cmath>

#include "kernels/elementwise_util.h"
#include "quant/fixed_point_math.h"

namespace circlet {
namespace kernels {
namespace {

constexpr int kRsqrtShift = 20;  // TFLite's kShift: keeps 2^20 / sqrt(v) an integer

struct RsqrtData {
  int32_t multiplier;
  int32_t shift;  // already minus kRsqrtShift
  int32_t in_offset, out_offset;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const TensorView in = ctx.input(0);
  if (in.type == DType::kFloat32) return PrepareUnarySame(ctx);
  UnaryQuant q;
  CIRCLET_RETURN_IF_ERROR(PrepareUnary(ctx, UnaryTypes::kSame, &q));
  if (in.quant.count == 0) {
    return ctx.Error(StatusCode::kUnsupported, "%s input (tensor %d) must be quantized",
                     DTypeName(in.type), in.index);
  }
  CIRCLET_RETURN_IF_ERROR(CheckUnaryRescale(ctx, in.type, q));
  auto* d = ctx.AllocateOpData<RsqrtData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  int shift = 0;
  quant::QuantizeMultiplier(
      1.0 / (std::sqrt(static_cast<double>(q.in_scale)) * static_cast<double>(q.out_scale)),
      &d->multiplier, &shift);
  if (shift - kRsqrtShift < -31) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output (tensor %d) scale is too large for the input scale: "
                     "1/(sqrt(s_in)*s_out) is below 2^-12",
                     ctx.output(0).index);
  }
  d->shift = shift - kRsqrtShift;
  d->in_offset = q.in_zero_point;
  d->out_offset = q.out_zero_point;
  return Status::Ok();
}

template <typename T>
void EvalQuantized(const OpContext& ctx, const RsqrtData& d) {
  EvalUnary<T>(ctx, [&](T x) {
    const int32_t v = x - d.in_offset;
    if (v == 0) return std::numeric_limits<T>::max();
    int32_t m = 0;
    int e = 0;
    quant::GetInvSqrtQuantizedMultiplierExp(v, -1, &m, &e);
    const int32_t y = quant::MultiplyByQuantizedMultiplier(1, m, e + kRsqrtShift);
    return SaturateTo<T>(quant::WrapAdd(
        quant::MultiplyByQuantizedMultiplier(y, d.multiplier, d.shift), d.out_offset));
  });
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  switch (ctx.input(0).type) {
    case DType::kFloat32: EvalUnary<float>(ctx, [](float x) { return 1.0f / std::sqrt(x); }); break;
    case DType::kInt8: EvalQuantized<int8_t>(ctx, *ctx.op_data<RsqrtData>()); break;
    default: EvalQuantized<int16_t>(ctx, *ctx.op_data<RsqrtData>()); break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int16.
CIRCLET_KERNEL(RSQRT, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
