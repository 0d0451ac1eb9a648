// SPDX-License-Identifier: Apache-2.0
// CUMSUM: running sums along one axis (input 1: a constant int32 tensor
// of one element, negative counts from the end; the output has the input's
// shape and type). exclusive: out[k] = sum of x[j], j < k (0 first);
// reverse: the sums run from the end of the axis. float32, int8, int32.
//
// float32 (TFLite's reference CumSum): one float accumulator per line from
// 0, added in the order the sums run. int32 (TFLite's reference): the same
// in int32, wrapping.
// int8 (TFLite Micro's cumsum.cc, reference CumSum with ArithmeticParams):
//   left_shift = 20, twice = 2 * (double)s_in,
//   (Mi, si) = QuantizeMultiplierSmallerThanOneExp(s_in / twice)  (= 1/2),
//   (Mo, so) = QuantizeMultiplierSmallerThanOneExp(twice / (2^20 * s_out)),
//   scale(v) = MultiplyByQuantizedMultiplierSmallerThanOneExp(v * 2^20, Mi, si).
//   The accumulator starts at scale(-zp_in) (not 0, as TFLite Micro does),
//   then adds scale(x - zp_in) per element (int32, wrapping); the output is
//   clamp(MultiplyByQuantizedMultiplierSmallerThanOneExp(acc, Mo, so) +
//   zp_out, -128, 127) of the accumulator after (inclusive) or before
//   (exclusive) the element. Rounding: SRDHM ties up, RoundingDivideByPOT
//   ties away from zero. An output multiplier >= 1 is refused.
#include <cinttypes>
#include <cstring>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

constexpr int kLeftShift = 20;

struct CumsumData {
  int32_t lines_before;  // product of the dimensions before the axis
  int32_t depth;         // the axis' size
  int32_t after;         // product of the dimensions after it (the axis' stride)
  bool exclusive, reverse;
  int32_t in_offset, out_offset;
  int32_t in_multiplier, out_multiplier;
  int32_t in_shift, out_shift;
  int32_t start;  // int8: the accumulator's start, scale(-zp_in)
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), axis = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (axis.type != DType::kInt32 || axis.num_elements() != 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "axis (tensor %d) must be an int32 tensor of one element", axis.index);
  }
  if (!axis.is_constant) {
    return ctx.Error(StatusCode::kUnsupported, "axis (tensor %d) must be a constant tensor",
                     axis.index);
  }
  if (in.rank < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "input (tensor %d) must have rank 1 or more",
                     in.index);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in.dims, in.rank));
  int32_t a;
  std::memcpy(&a, axis.data, sizeof(a));
  if (a < -in.rank || a >= in.rank) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "axis (tensor %d) is %" PRId32 ", expected a value in [%d, %d)", axis.index, a,
                     -in.rank, in.rank);
  }
  if (a < 0) a += in.rank;
  auto* d = ctx.AllocateOpData<CumsumData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  int64_t before = 1, after = 1;
  for (int i = 0; i < in.rank; ++i) {
    if (i < a) before *= in.dim(i);
    if (i > a) after *= in.dim(i);
  }
  d->lines_before = static_cast<int32_t>(before);
  d->after = static_cast<int32_t>(after);
  d->depth = in.dim(a);
  const auto* opt = ctx.options<fb::CumsumOptions>();
  d->exclusive = opt != nullptr && opt->exclusive();
  d->reverse = opt != nullptr && opt->reverse();
  if (in.type != DType::kInt8) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  const double twice = 2 * static_cast<double>(in.quant.scale());
  const double mi = static_cast<double>(in.quant.scale()) / twice;
  const double mo = twice / ((1 << kLeftShift) * static_cast<double>(out.quant.scale()));
  if (!(mi > 0.0 && mi < 1.0) || !(mo > 0.0 && mo < 1.0)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input (tensor %d) and output (tensor %d) scales give multipliers outside "
                     "(0, 1): 2*s_in/(2^20*s_out) must be < 1",
                     in.index, out.index);
  }
  if (in.quant.zero_point() < -128 || in.quant.zero_point() > 127) {
    return ctx.Error(StatusCode::kInvalidModel, "input (tensor %d) zero point %d is not an int8",
                     in.index, static_cast<int>(in.quant.zero_point()));
  }
  int shift = 0;
  quant::QuantizeMultiplierSmallerThanOneExp(mi, &d->in_multiplier, &shift);
  d->in_shift = shift;
  quant::QuantizeMultiplierSmallerThanOneExp(mo, &d->out_multiplier, &shift);
  d->out_shift = shift;
  d->in_offset = -in.quant.zero_point();
  d->out_offset = out.quant.zero_point();
  d->start = quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(d->in_offset * (1 << kLeftShift),
                                                                   d->in_multiplier, d->in_shift);
  return Status::Ok();
}

// Calls f(index, first) along each line in the order the sums run; first
// is true at a line's first element.
template <typename F>
inline void ForEachLine(const CumsumData& d, F&& f) {
  const int64_t step = d.reverse ? -int64_t{d.after} : int64_t{d.after};
  for (int32_t b = 0; b < d.lines_before; ++b) {
    for (int32_t j = 0; j < d.after; ++j) {
      int64_t i = (int64_t{b} * d.depth + (d.reverse ? d.depth - 1 : 0)) * d.after + j;
      for (int32_t k = 0; k < d.depth; ++k, i += step) f(i, k == 0);
    }
  }
}

template <typename T, typename Add>
void EvalPlain(const CumsumData& d, const T* x, T* y, Add add) {
  T acc = 0;
  ForEachLine(d, [&](int64_t i, bool first) {
    if (first) acc = 0;
    const T v = x[i];
    if (d.exclusive) {
      y[i] = acc;
      acc = add(acc, v);
    } else {
      acc = add(acc, v);
      y[i] = acc;
    }
  });
}

void EvalInt8(const CumsumData& d, const int8_t* x, int8_t* y) {
  int32_t acc = 0;
  ForEachLine(d, [&](int64_t i, bool first) {
    if (first) acc = d.start;
    const int32_t scaled = quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(
        (d.in_offset + x[i]) * (1 << kLeftShift), d.in_multiplier, d.in_shift);
    const int32_t before = acc;
    acc = quant::WrapAdd(acc, scaled);
    const int32_t v = quant::WrapAdd(quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(
                                         d.exclusive ? before : acc, d.out_multiplier, d.out_shift),
                                     d.out_offset);
    y[i] = quant::Clamp<int8_t>(v, -128, 127);
  });
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const CumsumData& d = *ctx.op_data<CumsumData>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  switch (in.type) {
    case DType::kFloat32:
      EvalPlain(d, in.as<const float>(), out.as<float>(), [](float a, float b) { return a + b; });
      break;
    case DType::kInt32:
      EvalPlain(d, in.as<const int32_t>(), out.as<int32_t>(),
                [](int32_t a, int32_t b) { return quant::WrapAdd(a, b); });
      break;
    default: EvalInt8(d, in.as<const int8_t>(), out.as<int8_t>()); break;
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(CUMSUM, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
