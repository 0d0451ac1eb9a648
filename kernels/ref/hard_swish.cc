// SPDX-License-Identifier: Apache-2.0
// HARD_SWISH: out = x * relu6(x + 3) / 6. float32 and int8 (TFLite Micro's
// hard_swish_common.cc, TFLite's reference_ops::HardSwish); TFLite Micro
// refuses int16, so does the operator table.
//
// float32: x * min(6, max(0, x + 3)) / 6 (std::min/std::max order).
// int8, all in int16 fixed point (gemmlowp's int16 rounding):
//   prepare: hires_scale = in_scale / 128 (float); the output multiplier
//     (float)(hires_scale / out_scale) and the reluish multiplier
//     (float)(hires_scale / (3 / 32768)) through QuantizeMultiplier, each
//     Q31 multiplier down-scaled to Q15 (DownScaleInt32ToInt16Multiplier:
//     (m + 2^15) >> 16, 32767 near the top); the output exponent must be <= 0.
//   eval: h = (q - zp_in) * 128 (int16);
//     pre = SRDHM16(h, out_mult16);
//     r = h, saturating-left-shifted by reluish_exp - 1 if reluish_exp > 0,
//     r = SRDHM16(r, reluish_mult16), then saturating-left-shifted by 1 if
//     reluish_exp > 0, or RoundingDivideByPOT16(r, -reluish_exp) if < 0;
//     r = (r + 2^15) >> 1  (from [-1, 1] to [0, 1] in Q15);
//     o = RoundingDivideByPOT16(SaturatingDoublingHighMul16(r, pre), -out_exp)
//     (the doubling high multiply truncating toward zero), + zp_out in
//     int16, clamped to int8.
#include "kernels/activation_util.h"

namespace circlet {
namespace kernels {
namespace {

struct HardSwishData {
  int32_t in_zero_point, out_zero_point;
  int16_t out_mult, reluish_mult;
  int32_t out_exponent, reluish_exponent;
};

// TFLite's DownScaleInt32ToInt16Multiplier.
CIRCLET_COLD int16_t DownScaleMultiplier(int32_t m) {
  constexpr int32_t kOffset = 1 << 15;
  if (m >= std::numeric_limits<int32_t>::max() - kOffset) return 32767;
  return static_cast<int16_t>((m + kOffset) >> 16);
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  UnaryQuant q;
  HardSwishData* d = nullptr;
  CIRCLET_RETURN_IF_ERROR(PrepareActivationData(ctx, &q, &d));
  if (d == nullptr) return Status::Ok();
  d->in_zero_point = q.in_zero_point;
  d->out_zero_point = q.out_zero_point;
  const float hires_scale = (1.0f / 128.0f) * q.in_scale;
  const float reluish_scale = 3.0f / 32768.0f;
  int32_t m32 = 0;
  int shift = 0;
  quant::QuantizeMultiplier(static_cast<double>(hires_scale / q.out_scale), &m32, &shift);
  d->out_mult = DownScaleMultiplier(m32);
  d->out_exponent = shift;
  if (shift > 0) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output (tensor %d) scale is below input scale / 128: output multiplier "
                     "exponent %d must be <= 0",
                     ctx.output(0).index, shift);
  }
  quant::QuantizeMultiplier(static_cast<double>(hires_scale / reluish_scale), &m32, &shift);
  d->reluish_mult = DownScaleMultiplier(m32);
  d->reluish_exponent = shift;
  return Status::Ok();
}

// gemmlowp's SaturatingRoundingDoublingHighMul on int16.
inline int16_t Srdhm16(int16_t a, int16_t b) {
  if (a == b && a == -32768) return 32767;
  const int32_t ab = static_cast<int32_t>(a) * static_cast<int32_t>(b);
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));
}

// TFLite's SaturatingDoublingHighMul: as above, truncating toward zero.
inline int16_t Sdhm16(int16_t a, int16_t b) {
  if (a == b && a == -32768) return 32767;
  return static_cast<int16_t>((static_cast<int32_t>(a) * static_cast<int32_t>(b)) / (1 << 15));
}

// gemmlowp's RoundingDivideByPOT on int16 (exponent 0..31; the mask is
// truncated to 16 bits, as gemmlowp's int16 instantiation does).
inline int16_t RoundingDivideByPOT16(int16_t x, int exponent) {
  const int16_t mask = static_cast<int16_t>((1LL << exponent) - 1);
  const int16_t remainder = static_cast<int16_t>(x & mask);
  const int16_t threshold = static_cast<int16_t>((mask >> 1) + (x < 0 ? 1 : 0));
  return static_cast<int16_t>((x >> exponent) + (remainder > threshold ? 1 : 0));
}

inline int16_t SaturatingLeftShift16(int16_t v, int amount) {
  const int64_t r = static_cast<int64_t>(v) * (int64_t{1} << amount);
  return static_cast<int16_t>(r > 32767 ? 32767 : (r < -32768 ? -32768 : r));
}

inline int8_t HardSwishInt8(const HardSwishData& d, int8_t x) {
  const int16_t h = static_cast<int16_t>((static_cast<int32_t>(x) - d.in_zero_point) * 128);
  const int16_t pre = Srdhm16(h, d.out_mult);
  int16_t r = h;
  if (d.reluish_exponent > 0) r = SaturatingLeftShift16(r, d.reluish_exponent - 1);
  r = Srdhm16(r, d.reluish_mult);
  if (d.reluish_exponent > 0) r = SaturatingLeftShift16(r, 1);
  if (d.reluish_exponent < 0) r = RoundingDivideByPOT16(r, -d.reluish_exponent);
  r = static_cast<int16_t>((static_cast<int32_t>(r) + (1 << 15)) >> 1);
  int16_t o = RoundingDivideByPOT16(Sdhm16(r, pre), -d.out_exponent);
  o = static_cast<int16_t>(o + d.out_zero_point);
  return static_cast<int8_t>(o > 127 ? 127 : (o < -128 ? -128 : o));
}

Status Eval(OpContext& ctx) {
  EvalActivation</*kInt16=*/false>(
      ctx, [](float x) { return x * std::min(6.0f, std::max(0.0f, x + 3.0f)) / 6.0f; },
      [&ctx](const int8_t* x, int8_t* y, int64_t n) {
        const HardSwishData& d = *ctx.op_data<HardSwishData>();
        MapUnary(x, y, n, [&d](int8_t v) { return HardSwishInt8(d, v); });
      });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(HARD_SWISH, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
