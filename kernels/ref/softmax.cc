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
#include <cinttypes>
#include <cmath>
#include <limits>

#include "kernels/arm/int8_kernels.h"
#include "kernels/kernel_util.h"
#include "kernels/optimized.h"
#include "quant/fixed_point_math.h"

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
  // int8 (the operator table admits float32 and int8 only).
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
                     "rows of %d elements are not supported for int8 (at most %d)", d->depth,
                     kMaxQuantizedDepth);
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
  const SoftmaxData& d = *ctx.op_data<SoftmaxData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
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

// v1 float32, v2 int8 input (int8 or int16 output); SOFTMAX_INT8: int8 in and
// out only (circlet/op_resolver.h), optimized routine only.
CIRCLET_KERNEL(SOFTMAX, Prepare, Eval<true>)
CIRCLET_KERNEL_INT8(SOFTMAX, PrepareInt8, Eval<false>)

}  // namespace kernels
}  // namespace circlet
