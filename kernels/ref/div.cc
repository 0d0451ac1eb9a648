// SPDX-License-Identifier: Apache-2.0
// DIV: out = act(in1 / in2), numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32, int32, int8 (TFLite Micro's div.cc;
// it refuses int16).
//
// float32: in1 / in2 (IEEE: x / 0 is +-inf, 0 / 0 NaN), clamped to the fused
// activation's float range (NONE clamps +-inf to +-FLT_MAX, as TFLite).
// int32: C++ division truncating toward zero, clamped to the activation.
// TFLite's reference divides with no check, so a 0 divisor (and
// INT32_MIN / -1) traps on x86: circlet refuses a constant input 2 holding a
// 0 in prepare, and for a run-time 0 divisor gives 0; INT32_MIN / -1 gives
// INT32_MIN (wrapped).
// int8, as TFLite's reference DivElementwise:
//   M = (double)(float)(s1 / (s2 * s_out)), QuantizeMultiplier -> (Mq, shift)
//   a = q1 - zp1, b = q2 - zp2; if b < 0: a = -a, b = -b
//   r, k = GetReciprocal(b, 31)           (1 / b = r * 2^-k, r in Q0.31)
//   h = CountLeadingSignBits(a)
//   u = SRDHM(a * 2^h, r)
//   out = RoundingDivideByPOT(SRDHM(u, Mq), h + k - shift) + zp_out, clamped
//   to the activation's quantized range.
// The exponent h + k - shift passes 31 for small |a|; TFLite's
// RoundingDivideByPOT then computes what x86 gives (RoundingDivideByPOTX86,
// quant/fixed_point_math.h), which circlet reproduces. b == 0 (q2 == zp2)
// takes TFLite's path too: GetReciprocal(0) gives r = 1 / (1 + -1) saturated
// and k = -1, as on x86. Prepare refuses shift > 22 or < -24 (real
// multipliers >= 2^22 or < 2^-25), where the exponent could leave [0, 62].
#include "kernels/broadcast_util.h"
#include "quant/fixed_point_math.h"

namespace circlet {
namespace kernels {
namespace {

struct DivData : ElementwiseData {
  int32_t multiplier, shift;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const auto* opt = ctx.options<fb::DivOptions>();
  auto* d = ctx.AllocateOpData<DivData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  CIRCLET_RETURN_IF_ERROR(
      PrepareElementwise(ctx, opt != nullptr ? opt->fused_activation_function() : 0, d));
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  if (in1.type == DType::kInt32) return CheckConstantDivisor(ctx, in2);
  if (in1.type != DType::kInt8) return Status::Ok();
  const double m = static_cast<double>(in1.quant.scale() / (in2.quant.scale() * out.quant.scale()));
  int shift = 0;
  quant::QuantizeMultiplier(m, &d->multiplier, &shift);
  d->shift = shift;
  if (shift > 22 || shift < -24) {
    return ctx.Error(StatusCode::kUnsupported,
                     "real multiplier s1/(s2*s_out) = %g of input 1 (tensor %d), input 2 (tensor "
                     "%d) and output (tensor %d) is outside [2^-25, 2^22)",
                     m, in1.index, in2.index, out.index);
  }
  return Status::Ok();
}

int8_t DivInt8(const DivData& d, int8_t q1, int8_t q2) {
  int32_t a = d.in1_offset + q1;
  int32_t b = d.in2_offset + q2;
  if (b < 0) {
    a = -a;
    b = -b;
  }
  int recip_shift = 0;
  const int32_t recip = quant::GetReciprocal(b, 31, &recip_shift);
  const int headroom = quant::CountLeadingSignBits(a);
  const int32_t unscaled = quant::MultiplyByQuantizedMultiplierGreaterThanOne(a, recip, headroom);
  const int exponent = headroom + recip_shift - d.shift;
  const int32_t v =
      quant::RoundingDivideByPOTX86(
          quant::SaturatingRoundingDoublingHighMul(unscaled, d.multiplier), exponent) +
      d.out_offset;
  return quant::Clamp<int8_t>(v, d.act_min, d.act_max);
}

inline int32_t DivInt32(int32_t a, int32_t b) {
  if (b == 0) return 0;
  if (b == -1) return quant::WrapSubT<int32_t>(0, a);
  return a / b;
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const DivData& d = *ctx.op_data<DivData>();
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  switch (out.type) {
    case DType::kFloat32:
      BinaryBroadcast(d.bc, in1.as<const float>(), in2.as<const float>(), out.as<float>(),
                      [&](float a, float b) { return ActivationClamp(a / b, d.f_min, d.f_max); });
      break;
    case DType::kInt32:
      BinaryBroadcastIntClamped(d, in1.as<const int32_t>(), in2.as<const int32_t>(),
                                out.as<int32_t>(), DivInt32);
      break;
    default:
      BinaryBroadcast(d.bc, in1.as<const int8_t>(), in2.as<const int8_t>(), out.as<int8_t>(),
                      [&](int8_t a, int8_t b) { return DivInt8(d, a, b); });
      break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8 (and int32).
CIRCLET_KERNEL(DIV, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
