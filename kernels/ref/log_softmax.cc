// SPDX-License-Identifier: Apache-2.0
// LOG_SOFTMAX over the last axis: out = x - max - log(sum(exp(x - max))).
// float32 and int8 (TFLite Micro's log_softmax.cc with TFLite's reference
// LogSoftmax); TFLite Micro refuses int16, so does the operator table.
//
// float32 (reference_ops::LogSoftmax): per row, max starting from the lowest
// float (std::max, so NaNs do not become the max), sum of exp(x - max) in
// float, out = x - max - log(sum).
// int8 (LogSoftmaxQuantized): the output quantization must be scale 16/256,
// zero point 127. Prepare (PreprocessLogSoftmaxScalingExp, beta 1): input
// multiplier M, left shift s for in_scale * 2^26 as a multiplier > 1 (capped
// at 2^31 - 1); reverse divisor for 2^(31 - s) / M (< 1);
// diff_min = -CalculateInputRadius(5, s). Per row, d = q - max:
//   sum (Q12.19) += RoundingDivideByPOT(ExpOnNegativeValues<5>(MBQM(d, M, s)), 12)
//       for d >= diff_min;
//   L = LogXForXGreaterThanOrEqualTo1<5, 12>(sum) (Q5.26, quant/fixed_point_log.h);
//   cut = max(diff_min - 1, MBQM(L + INT32_MIN, divisor, divisor_shift));
//   out = d > cut ? clamp(RoundingDivideByPOT(MBQM(d, M, s) - L, 22) + 127) : -128.
#include "kernels/activation_util.h"
#include "quant/fixed_point_log.h"

namespace circlet {
namespace kernels {
namespace {

struct LogSoftmaxData {
  int32_t outer, depth;
  int32_t input_multiplier, input_left_shift;
  int32_t reverse_divisor, reverse_shift;  // reverse_shift <= 0
  int32_t diff_min;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  UnaryQuant q;
  CIRCLET_RETURN_IF_ERROR(PrepareActivation(ctx, &q));
  const TensorView in = ctx.input(0);
  if (in.rank < 1) {
    return ctx.Error(StatusCode::kUnsupported, "input (tensor %d) is a scalar: no axis to reduce",
                     in.index);
  }
  auto* d = ctx.AllocateOpData<LogSoftmaxData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->depth = in.dims[in.rank - 1];
  d->outer = d->depth == 0 ? 0 : static_cast<int32_t>(in.num_elements() / d->depth);
  if (in.type == DType::kFloat32) return Status::Ok();
  if (q.out_scale != 16.0f / 256.0f || q.out_zero_point != 127) {
    return ctx.Error(StatusCode::kUnsupported,
                     "int8 output (tensor %d) must have scale 16/256 and zero point 127",
                     ctx.output(0).index);
  }
  int left_shift = 0;
  if (!quant::PreprocessSoftmaxScaling(1.0, static_cast<double>(q.in_scale), 5,
                                       &d->input_multiplier, &left_shift)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input (tensor %d) scale is below 2^-26: its multiplier is not > 1", in.index);
  }
  d->input_left_shift = left_shift;
  const double reverse =
      static_cast<double>(1 << (31 - left_shift)) / static_cast<double>(d->input_multiplier);
  int reverse_shift = 0;
  quant::QuantizeMultiplierSmallerThanOneExp(reverse, &d->reverse_divisor, &reverse_shift);
  d->reverse_shift = reverse_shift;
  d->diff_min = -quant::CalculateInputRadius(5, left_shift);
  return Status::Ok();
}

void EvalFloat(const LogSoftmaxData& d, const float* x, float* y) {
  for (int32_t i = 0; i < d.outer; ++i, x += d.depth, y += d.depth) {
    float max = std::numeric_limits<float>::lowest();
    for (int32_t c = 0; c < d.depth; ++c) max = std::max(max, x[c]);
    float sum = 0.0f;
    for (int32_t c = 0; c < d.depth; ++c) sum += std::exp(x[c] - max);
    const float log_sum = std::log(sum);
    for (int32_t c = 0; c < d.depth; ++c) y[c] = x[c] - max - log_sum;
  }
}

void EvalInt8(const LogSoftmaxData& d, const int8_t* x, int8_t* y) {
  for (int32_t i = 0; i < d.outer; ++i, x += d.depth, y += d.depth) {
    int8_t max = -128;
    for (int32_t c = 0; c < d.depth; ++c) max = x[c] > max ? x[c] : max;
    int32_t sum = 0;  // Q12.19
    for (int32_t c = 0; c < d.depth; ++c) {
      const int32_t diff = static_cast<int32_t>(x[c]) - max;
      if (diff >= d.diff_min) {
        const int32_t scaled =
            quant::MultiplyByQuantizedMultiplier(diff, d.input_multiplier, d.input_left_shift);
        sum = quant::WrapAdd(sum,
                             quant::RoundingDivideByPOT(quant::ExpOnNegativeValues<5>(scaled), 12));
      }
    }
    const int32_t log_sum = quant::LogXForXGreaterThanOrEqualTo1<5, 12>(sum);
    const int32_t shifted = quant::WrapAdd(log_sum, std::numeric_limits<int32_t>::min());
    const int32_t reverse =
        quant::MultiplyByQuantizedMultiplier(shifted, d.reverse_divisor, d.reverse_shift);
    const int32_t cut = std::max(d.diff_min - 1, reverse);
    for (int32_t c = 0; c < d.depth; ++c) {
      const int32_t diff = static_cast<int32_t>(x[c]) - max;
      if (diff > cut) {
        const int32_t scaled =
            quant::MultiplyByQuantizedMultiplier(diff, d.input_multiplier, d.input_left_shift);
        const int32_t o = quant::RoundingDivideByPOT(quant::WrapSub(scaled, log_sum), 22) + 127;
        y[c] = quant::Clamp<int8_t>(o, -128, 127);
      } else {
        y[c] = -128;
      }
    }
  }
}

Status Eval(OpContext& ctx) {
  const LogSoftmaxData& d = *ctx.op_data<LogSoftmaxData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (in.type == DType::kFloat32) {
    EvalFloat(d, in.as<const float>(), out.as<float>());
  } else {
    EvalInt8(d, in.as<const int8_t>(), out.as<int8_t>());
  }
  return Status::Ok();
}

}  // namespace

// v1 float32/uint8, v2 int8.
CIRCLET_KERNEL(LOG_SOFTMAX, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
