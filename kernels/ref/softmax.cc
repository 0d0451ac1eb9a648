// SPDX-License-Identifier: Apache-2.0
// SOFTMAX along the last dimension: out[r][c] = exp(beta * (x[r][c] - max_r))
// / sum_c' exp(beta * (x[r][c'] - max_r)).
//
// float32 (TFLite reference): max of the row, e_c = std::exp((x_c - max) *
// beta) in float, summed in order, out_c = e_c / sum.
//
// int8 input (TFLite's reference integer Softmax, gemmlowp fixed point,
// quant/fixed_point_math.h):
//   prepare: (M, left_shift) = PreprocessSoftmaxScaling(beta, s_in, 5), i.e.
//     beta * s_in * 2^26 as a multiplier > 1; diff_min =
//     -CalculateInputRadius(5, left_shift).
//   per row: d_c = x_c - max (int); cells with d_c < diff_min are ignored
//     and output the type's minimum. Others: z_c = SRDHM(d_c * 2^left_shift, M)
//     read as Q5.26; e_c = ExpOnNegativeValues<5>(z_c) in Q0.31;
//     sum = sum_c RoundingDivideByPOT(e_c, 12) in Q12.19;
//     r = GetReciprocal(sum, 12, &k);
//     out_c = RoundingDivideByPOT(SRDHM(r, e_c), k + 31 - bits) + min(T),
//     clamped to T (bits = 8 for int8 output, 16 for int16 output).
//   Output: int8 with scale exactly 1/256 and zero point -128, or int16
//   with scale 1/65536 (within 0.1%) and zero point -32768, as TFLite Micro
//   requires. Rows longer than 4095 are rejected (the Q12.19 sum could
//   overflow); a shift above 31 (only for sums >= 512, i.e. very long rows)
//   gives 0 + min(T), the exact rounding of a value below 1/2.
//
// int16 input, int16 output (TFLite's reference SoftmaxInt16, with TFLite
// Micro's tables, quant/lut.h):
//   prepare: exp table on [-10, 0] and 1 / (1 + x) table on [0, 1];
//     (M, shift) = QuantizeMultiplier(double(s_in) * double(beta) /
//     (10.0 / 65535.0)), so that [-65535, 0] stands for [-10, 0].
//   per row: d_c = x_c - max; e_c = exp_lut(clamp16(MBQM(d_c, M, shift) +
//     32767)) in Q0.15 (MBQM: TFLite's MultiplyByQuantizedMultiplier);
//     sum = sum_c e_c; h = clz(sum); s = ((sum << (h - 1)) + 2^13) >> 14
//     (in 64 bits); r = recip_lut(clamp16(s - 3 * 2^15)) (1 / sum in
//     Q0.15, scaled by 2^(h - ...)); out_c = clamp((e_c * r + 2^(30 - h))
//     >> (31 - h), 0, 32767).
//   Output: scale 1/32768 (within 0.1%) and zero point 0, as TFLite Micro
//   requires. The tables (2 x 513 int16) are op data.
#include <cinttypes>
#include <cmath>
#include <limits>

#include "kernels/arm/int8_kernels.h"
#include "kernels/kernel_util.h"
#include "kernels/optimized.h"
#include "quant/fixed_point_math.h"
#include "quant/lut.h"

namespace circlet {
namespace kernels {
namespace {

constexpr int kScaledDiffIntegerBits = 5;
constexpr int kAccumulationIntegerBits = 12;
constexpr int kMaxQuantizedDepth = 4095;

struct SoftmaxData {
  int rows, depth;
  float beta;
  int32_t multiplier, left_shift;
  int32_t diff_min;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const auto* opt = ctx.options<fb::SoftmaxOptions>();
  if (opt == nullptr) return ctx.Error(StatusCode::kInvalidModel, "SoftmaxOptions are missing");
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.rank < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "input (tensor %d) must have rank >= 1", in.index);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, in.rank));
  auto* d = ctx.AllocateOpData<SoftmaxData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->depth = in.dim(in.rank - 1);
  d->rows = d->depth > 0 ? static_cast<int>(in.num_elements() / d->depth) : 0;
  d->beta = opt->beta();
  if (in.type == DType::kFloat32) {
    return ctx.ExpectType(out, DType::kFloat32, "output");
  }
  // int8 (int16 goes to PrepareInt16; SOFTMAX_INT8 refuses it after this).
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  if (out.type != DType::kInt8 && out.type != DType::kInt16) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output (tensor %d) is %s, expected int8 or int16 for an int8 input",
                     out.index, DTypeName(out.type));
  }
  // TFLite's fixed output quantization: scale 1/256 (int8) or 1/65536
  // (int16) within 0.1%, zero point at the type's minimum.
  const bool int8_out = out.type == DType::kInt8;
  const int32_t want_zp = int8_out ? -128 : -32768;
  const float want_scale = int8_out ? 1.0f / 256 : 1.0f / 65536;
  if (out.quant.zero_point() != want_zp ||
      !(std::fabs(out.quant.scale() - want_scale) <= 0.001f * want_scale)) {
    return ctx.Error(
        StatusCode::kInvalidModel, "%s output (tensor %d) must have scale 1/%d and zero point %d",
        DTypeName(out.type), out.index, int8_out ? 256 : 65536, static_cast<int>(want_zp));
  }
  if (d->depth > kMaxQuantizedDepth) {
    return ctx.Error(StatusCode::kUnsupported,
                     "rows of %d elements are not supported for %s (at most %d)", d->depth,
                     DTypeName(in.type), kMaxQuantizedDepth);
  }
  int shift = 0;
  if (!quant::PreprocessSoftmaxScaling(static_cast<double>(opt->beta()),
                                       static_cast<double>(in.quant.scale()),
                                       kScaledDiffIntegerBits, &d->multiplier, &shift)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "beta * input scale (tensor %d) is below 2^-26, too small for the integer "
                     "softmax",
                     in.index);
  }
  d->left_shift = shift;
  d->diff_min = -quant::CalculateInputRadius(kScaledDiffIntegerBits, shift);
  return Status::Ok();
}

struct SoftmaxInt16Data {
  int rows, depth;
  int32_t multiplier, shift;
  int16_t exp_lut[quant::kInt16LutSize];
  int16_t recip_lut[quant::kInt16LutSize];
};

// int16 in and out: the tables and the input multiplier.
CIRCLET_COLD Status PrepareInt16(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const auto* opt = ctx.options<fb::SoftmaxOptions>();
  if (opt == nullptr) return ctx.Error(StatusCode::kInvalidModel, "SoftmaxOptions are missing");
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.rank < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "input (tensor %d) must have rank >= 1", in.index);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, in.rank));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kInt16, "output"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  const float want_scale = 1.0f / 32768;
  if (out.quant.zero_point() != 0 ||
      !(std::fabs(out.quant.scale() - want_scale) <= 0.001f * want_scale)) {
    // The int8 prepare's message (one copy of the string in flash).
    return ctx.Error(StatusCode::kInvalidModel,
                     "%s output (tensor %d) must have scale 1/%d and zero point %d",
                     DTypeName(out.type), out.index, 32768, 0);
  }
  auto* d = ctx.AllocateOpData<SoftmaxInt16Data>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->depth = in.dim(in.rank - 1);
  d->rows = d->depth > 0 ? static_cast<int>(in.num_elements() / d->depth) : 0;
  // Each e_c is at most 32767: the sum stays below 2^31 for rows of up
  // to 65536 values.
  if (d->depth > 65536) {
    return ctx.Error(StatusCode::kUnsupported,
                     "rows of %d elements are not supported for %s (at most %d)", d->depth,
                     DTypeName(in.type), 65536);
  }
  int shift = 0;
  quant::QuantizeMultiplier(
      static_cast<double>(in.quant.scale()) * static_cast<double>(opt->beta()) / (10.0 / 65535.0),
      &d->multiplier, &shift);
  d->shift = shift;
  quant::GenerateInt16Lut([](float x) { return std::exp(x); }, -10.0f, 0.0f, -1.0f, 1.0f,
                          d->exp_lut);
  quant::GenerateInt16Lut([](float x) { return 1.0f / (1.0f + x); }, 0.0f, 1.0f, -1.0f, 1.0f,
                          d->recip_lut);
  return Status::Ok();
}

// exp((x - max) * s_in * beta) in Q0.15 from the table.
inline int16_t ExpInt16(const SoftmaxInt16Data& d, int32_t diff) {
  // In 64 bits: a hostile beta (negative, or huge) must not overflow the
  // recentring; real ones give [-65535 * ..., 0] + 32767.
  const int64_t scaled =
      int64_t{quant::MultiplyByQuantizedMultiplier(diff, d.multiplier, d.shift)} + 32767;
  const auto v = static_cast<int32_t>(scaled < -32768 ? -32768 : (scaled > 32767 ? 32767 : scaled));
  return quant::LookupInt16Lut(static_cast<int16_t>(v), d.exp_lut);
}

CIRCLET_SPEED void EvalInt16(const SoftmaxInt16Data& d, const int16_t* x, int16_t* y) {
  for (int32_t r = 0; r < d.rows; ++r) {
    const int16_t* xr = x + static_cast<int64_t>(r) * d.depth;
    int16_t* yr = y + static_cast<int64_t>(r) * d.depth;
    int32_t max = std::numeric_limits<int16_t>::min();
    for (int32_t c = 0; c < d.depth; ++c) max = xr[c] > max ? xr[c] : max;
    int32_t sum = 0;  // Q16.15
    for (int32_t c = 0; c < d.depth; ++c) sum += ExpInt16(d, xr[c] - max);
    // sum >= 1: the row's maximum contributes exp(0).
    const int headroom_plus_one = quant::CountLeadingZeros(static_cast<uint32_t>(sum));
    const auto shifted = static_cast<int32_t>(
        ((static_cast<int64_t>(sum) << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    const int32_t centred = shifted - ((1 << 15) + (1 << 16));
    const int32_t v = centred < -32768 ? -32768 : (centred > 32767 ? 32767 : centred);
    const int64_t reciprocal = quant::LookupInt16Lut(static_cast<int16_t>(v), d.recip_lut);
    const int right_shift = 31 - headroom_plus_one;
    const int64_t round = int64_t{1} << (right_shift - 1);
    for (int32_t c = 0; c < d.depth; ++c) {
      const int64_t e = ExpInt16(d, xr[c] - max);
      const auto result = static_cast<int32_t>((e * reciprocal + round) >> right_shift);
      yr[c] = static_cast<int16_t>(result < 0 ? 0 : (result > 32767 ? 32767 : result));
    }
  }
}

// SOFTMAX's prepare: int16 here, float32 and int8 in Prepare (which the
// int8-only variant shares).
CIRCLET_COLD Status PrepareAll(OpContext& ctx) {
  if (ctx.num_inputs() >= 1 && ctx.has_input(0) && ctx.input(0).type == DType::kInt16) {
    return PrepareInt16(ctx);
  }
  return Prepare(ctx);
}

CIRCLET_SPEED void EvalFloat(const SoftmaxData& d, const float* x, float* y) {
  for (int32_t r = 0; r < d.rows; ++r) {
    const float* xr = x + static_cast<int64_t>(r) * d.depth;
    float* yr = y + static_cast<int64_t>(r) * d.depth;
    float max = std::numeric_limits<float>::lowest();
    for (int32_t c = 0; c < d.depth; ++c) max = xr[c] > max ? xr[c] : max;
    float sum = 0.0f;
    for (int32_t c = 0; c < d.depth; ++c) {
      yr[c] = std::exp((xr[c] - max) * d.beta);
      sum += yr[c];
    }
    for (int32_t c = 0; c < d.depth; ++c) yr[c] = yr[c] / sum;
  }
}

// exp(beta * s_in * diff) in Q0.31 for an in-range diff (diff >= diff_min).
inline int32_t ExpOfDiff(const SoftmaxData& d, int32_t diff) {
  const int32_t scaled =
      quant::MultiplyByQuantizedMultiplierGreaterThanOne(diff, d.multiplier, d.left_shift);
  return quant::ExpOnNegativeValues<kScaledDiffIntegerBits>(scaled);
}

template <typename OutT>
CIRCLET_SPEED void EvalInt8(const SoftmaxData& d, const int8_t* x, OutT* y) {
  constexpr int32_t kMin = std::numeric_limits<OutT>::min();
  constexpr int32_t kMax = std::numeric_limits<OutT>::max();
  constexpr int kOutBits = 8 * sizeof(OutT);
  for (int32_t r = 0; r < d.rows; ++r) {
    const int8_t* xr = x + static_cast<int64_t>(r) * d.depth;
    OutT* yr = y + static_cast<int64_t>(r) * d.depth;
    int32_t max = std::numeric_limits<int8_t>::min();
    for (int32_t c = 0; c < d.depth; ++c) max = xr[c] > max ? xr[c] : max;
    int32_t sum = 0;  // Q12.19; at most depth * 2^19 < 2^31
    for (int32_t c = 0; c < d.depth; ++c) {
      const int32_t diff = xr[c] - max;
      if (diff >= d.diff_min) {
        sum += quant::RoundingDivideByPOT(ExpOfDiff(d, diff), kAccumulationIntegerBits);
      }
    }
    int bits_over_unit = 0;
    const int32_t reciprocal = quant::GetReciprocal(sum, kAccumulationIntegerBits, &bits_over_unit);
    const int exponent = bits_over_unit + 31 - kOutBits;
    for (int32_t c = 0; c < d.depth; ++c) {
      const int32_t diff = xr[c] - max;
      if (diff < d.diff_min) {
        yr[c] = static_cast<OutT>(kMin);
        continue;
      }
      const int32_t p = quant::SaturatingRoundingDoublingHighMul(reciprocal, ExpOfDiff(d, diff));
      const int32_t unsat = exponent <= 31 ? quant::RoundingDivideByPOT(p, exponent) : 0;
      yr[c] = quant::Clamp<OutT>(unsat + kMin, kMin, kMax);
    }
  }
}

// The reference loops, when the optimized routine does not apply.
template <bool kAllTypes>
CIRCLET_FALLBACK void EvalInt8Reference(const SoftmaxData& d, const TensorView& in,
                                        const TensorView& out) {
  if (!kAllTypes || out.type == DType::kInt8) {
    EvalInt8(d, in.as<const int8_t>(), out.as<int8_t>());
  } else {
    EvalInt8(d, in.as<const int8_t>(), out.as<int16_t>());
  }
}

// kAllTypes false: SOFTMAX_INT8, whose prepare admitted int8 in and out only.
template <bool kAllTypes>
Status Eval(OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (kAllTypes && in.type == DType::kInt16) {
    EvalInt16(*ctx.op_data<SoftmaxInt16Data>(), in.as<const int16_t>(), out.as<int16_t>());
    return Status::Ok();
  }
  const SoftmaxData& d = *ctx.op_data<SoftmaxData>();
  if (kAllTypes && in.type == DType::kFloat32) {
    EvalFloat(d, in.as<const float>(), out.as<float>());
    return Status::Ok();
  }
  const opt::SoftmaxParams p{d.rows, d.depth, d.multiplier, d.left_shift, d.diff_min};
  // SOFTMAX_INT8's prepare admitted only parameters the routine takes: on
  // firmware (no kernel switch) it has no reference loop.
  if (opt::OptimizedKernels() && (!kAllTypes || opt::SoftmaxInt8Applies(p))) {
    if (!kAllTypes || out.type == DType::kInt8) {
      opt::SoftmaxInt8(p, in.as<const int8_t>(), out.as<int8_t>());
    } else {
      opt::SoftmaxInt8ToInt16(p, in.as<const int8_t>(), out.as<int16_t>());
    }
  } else {
    EvalInt8Reference<kAllTypes>(d, in, out);
  }
  return Status::Ok();
}

// The full prepare first: it checks the inputs and outputs exist. Then the
// optimized routine must take the parameters: it does for every beta and
// input scale Prepare accepts (multiplier > 0 and left shift 1..30 from
// PreprocessSoftmaxScaling, rows of 1..4095 values; an empty tensor has no
// rows), so SOFTMAX_INT8 needs no reference loop.
CIRCLET_COLD Status PrepareInt8(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(Prepare(ctx));
  CIRCLET_RETURN_IF_ERROR(CheckInt8Variant(ctx));
  const SoftmaxData& d = *ctx.op_data<SoftmaxData>();
  const opt::SoftmaxParams p{d.rows, d.depth, d.multiplier, d.left_shift, d.diff_min};
  if (d.rows > 0 && !opt::SoftmaxInt8Applies(p)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "multiplier %" PRId32 ", left shift %" PRId32
                     ", rows of %d: SOFTMAX_INT8 cannot run it "
                     "(SOFTMAX can)",
                     d.multiplier, d.left_shift, d.depth);
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8 input (int8 or int16 output) and int16 (TFLite's
// 16x8 softmax); SOFTMAX_INT8: int8 in and out only (circlet/op_resolver.h),
// optimized routine only.
CIRCLET_KERNEL(SOFTMAX, PrepareAll, Eval<true>)
CIRCLET_KERNEL_INT8(SOFTMAX, PrepareInt8, Eval<false>)

}  // namespace kernels
}  // namespace circlet
