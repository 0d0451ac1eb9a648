// SPDX-License-Identifier: Apache-2.0
// ADD: out = act(in1 + in2), numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32, int8 and int16 (general scales),
// int32 and int64 (not quantized: the wrapping sum clamped to TFLite's
// integer activation range, ActivationRangeInt).
//
// Quantized (TFLite's reference AddElementwise, as TFLite Micro runs it for
// int8 and for int16 with pot_scale_int16 = false):
//   left_shift = 20 (int8) or 15 (int16)
//   twice_max  = 2 * (double)max(s1, s2)             (max taken in float)
//   M1 = s1 / twice_max, M2 = s2 / twice_max          (both <= 1/2)
//   Mo = twice_max / ((1 << left_shift) * s_out)      (must be < 1)
//   each quantized with QuantizeMultiplierSmallerThanOneExp (shift <= 0).
// Per element:
//   x_i = (q_i - zp_i) * 2^left_shift
//   y_i = RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x_i, M_i), -shift_i)
//   out = RoundingDivideByPOT(SRDHM(y_1 + y_2, Mo), -shift_o) + zp_out,
//   clamped to the fused activation's range (ActivationRangeQuantized).
// Rounding (gemmlowp semantics): SaturatingRoundingDoublingHighMul rounds to
// nearest with ties toward +infinity, RoundingDivideByPOT ties away from zero.
#include <cinttypes>

#include "kernels/arm/int8_kernels.h"
#include "kernels/broadcast_util.h"
#include "kernels/optimized.h"

namespace circlet {
namespace kernels {
namespace {

struct AddData : ElementwiseData {
  int32_t left_shift;
  int32_t in1_multiplier, in2_multiplier, out_multiplier;
  int32_t in1_shift, in2_shift, out_shift;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const auto* opt = ctx.options<fb::AddOptions>();
  auto* d = ctx.AllocateOpData<AddData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  CIRCLET_RETURN_IF_ERROR(
      PrepareElementwise(ctx, opt != nullptr ? opt->fused_activation_function() : 0, d));
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  if (in1.type == DType::kFloat32 || in1.type == DType::kInt32 || in1.type == DType::kInt64) {
    return Status::Ok();
  }
  const float s1 = in1.quant.scale(), s2 = in2.quant.scale(), so = out.quant.scale();
  d->left_shift = in1.type == DType::kInt16 ? 15 : 20;
  const double twice_max = 2 * static_cast<double>(s1 > s2 ? s1 : s2);
  const double m1 = static_cast<double>(s1) / twice_max;
  const double m2 = static_cast<double>(s2) / twice_max;
  const double mo = twice_max / ((1 << d->left_shift) * static_cast<double>(so));
  if (!(mo < 1.0)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output (tensor %d) scale is too small for the input scales: output "
                     "multiplier 2*max(s1,s2)/(2^%" PRId32 "*s_out) must be < 1",
                     out.index, d->left_shift);
  }
  int shift = 0;
  quant::QuantizeMultiplierSmallerThanOneExp(m1, &d->in1_multiplier, &shift);
  d->in1_shift = shift;
  quant::QuantizeMultiplierSmallerThanOneExp(m2, &d->in2_multiplier, &shift);
  d->in2_shift = shift;
  quant::QuantizeMultiplierSmallerThanOneExp(mo, &d->out_multiplier, &shift);
  d->out_shift = shift;
  return Status::Ok();
}

template <typename T>
void EvalQuantized(const AddData& d, const T* a, const T* b, T* y) {
  const int32_t scale = static_cast<int32_t>(1) << d.left_shift;
  ForEachBroadcast(d.bc, [&](int32_t i, int32_t j, int32_t o) {
    const int32_t x1 = (d.in1_offset + a[i]) * scale;
    const int32_t x2 = (d.in2_offset + b[j]) * scale;
    const int32_t y1 =
        quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(x1, d.in1_multiplier, d.in1_shift);
    const int32_t y2 =
        quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(x2, d.in2_multiplier, d.in2_shift);
    const int32_t sum = quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(
                            y1 + y2, d.out_multiplier, d.out_shift) +
                        d.out_offset;
    y[o] = quant::Clamp<T>(sum, d.act_min, d.act_max);
  });
}

// The optimized int8 routine over the broadcast: one run for same shapes,
// else one run per innermost row (each input's innermost step is 0 or 1).
// Returns false when the routine does not apply.
bool EvalInt8Optimized(const AddData& d, const int8_t* a, const int8_t* b, int8_t* y) {
  const opt::AddQuant q{d.in1_offset, d.in2_offset,     d.out_offset, d.in1_multiplier,
                        d.in1_shift,  d.in2_multiplier, d.in2_shift,  d.out_multiplier,
                        d.out_shift,  d.left_shift,     d.act_min,    d.act_max};
  if (!opt::AddInt8Applies(q)) return false;
  ForEachBroadcastRow(d.bc, [&](int32_t i1, int32_t s1, int32_t i2, int32_t s2, int32_t o,
                                int32_t n) { opt::AddInt8(q, a + i1, s1, b + i2, s2, y + o, n); });
  return true;
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const AddData& d = *ctx.op_data<AddData>();
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  switch (out.type) {
    case DType::kFloat32: {
      const float* a = in1.as<const float>();
      const float* b = in2.as<const float>();
      float* y = out.as<float>();
      ForEachBroadcast(d.bc, [&](int32_t i, int32_t j, int32_t o) {
        y[o] = ActivationClamp(a[i] + b[j], d.f_min, d.f_max);
      });
      break;
    }
    case DType::kInt8:
      if (!opt::OptimizedKernels() ||
          !EvalInt8Optimized(d, in1.as<const int8_t>(), in2.as<const int8_t>(), out.as<int8_t>())) {
        EvalQuantized(d, in1.as<const int8_t>(), in2.as<const int8_t>(), out.as<int8_t>());
      }
      break;
    case DType::kInt32:
      BinaryBroadcastIntClamped(d, in1.as<const int32_t>(), in2.as<const int32_t>(),
                                out.as<int32_t>(), quant::WrapAddT<int32_t>);
      break;
    case DType::kInt64:
      BinaryBroadcastIntClamped(d, in1.as<const int64_t>(), in2.as<const int64_t>(),
                                out.as<int64_t>(), quant::WrapAddT<int64_t>);
      break;
    default:
      EvalQuantized(d, in1.as<const int16_t>(), in2.as<const int16_t>(), out.as<int16_t>());
      break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int16 with general scales; int32 and int64 up to
// TFLite's highest ADD version (5).
CIRCLET_KERNEL(ADD, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
