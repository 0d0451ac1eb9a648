// SPDX-License-Identifier: Apache-2.0
// ADD_N: out = in_0 + in_1 + ... + in_(n-1), n >= 2 inputs of one shape and
// type (no broadcasting). float32, int32 (TFLite), int8 (TFLite Micro).
//
// float32: x = 0, then x += in_j in input order (TFLite's reference AddN;
// the 0 start turns a sum of -0 into +0). int32: the same, wrapping.
// int8, TFLite Micro's add_n.cc (every input has the same scale s and zero
// point zp, as TFLite Micro requires):
//   left_shift = 20, Mi = s / (2 * s) = 1/2, Mo = 2 * s / (2^20 * s_out)
//   (double), both QuantizeMultiplierSmallerThanOneExp (Mo must be < 1)
//   acc = R(-zp) + sum_j R(q_j - zp),  R(v) = RoundingDivideByPOT(SRDHM(v * 2^20, Mi), -shift_i)
//   out = RoundingDivideByPOT(SRDHM(acc, Mo), -shift_o) + zp_out, clamped to int8.
// The R(-zp) term is TFLite Micro's (its accumulator starts from the input
// offset, not 0) and is reproduced. The accumulator wraps like TFLite's
// int32 sum when many inputs overflow it.
#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

struct AddNData {
  ScratchRecord* scratch;  // n input data pointers
  int32_t n, elements;
  int32_t in_offset, out_offset;
  int32_t in_multiplier, in_shift, out_multiplier, out_shift;
};

constexpr int kAddNLeftShift = 20;

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 1 << 16, 1));
  const int n = ctx.num_inputs();
  const TensorView in0 = ctx.input(0), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in0.type, "output"));
  for (int j = 1; j < n; ++j) {
    if (!ctx.has_input(j)) {
      return ctx.Error(StatusCode::kInvalidModel, "input %d is missing", j);
    }
    const TensorView in = ctx.input(j);
    CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(in, in0.type, "input"));
    bool same = in.rank == in0.rank;
    for (int k = 0; same && k < in.rank; ++k) same = in.dims[k] == in0.dims[k];
    if (!same) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "input %d (tensor %d) has another shape than input 0 (tensor %d)", j,
                       in.index, in0.index);
    }
    if (in0.type == DType::kInt8) {
      CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
      if (in.quant.scale() != in0.quant.scale() ||
          in.quant.zero_point() != in0.quant.zero_point()) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "input %d (tensor %d) has another scale or zero point than input 0 "
                         "(tensor %d)",
                         j, in.index, in0.index);
      }
    }
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, in0.dims, in0.rank));
  if (in0.num_elements() > 0x7FFFFFFF) {
    return ctx.Error(StatusCode::kUnsupported, "input 0 (tensor %d) has more than 2^31 elements",
                     in0.index);
  }
  auto* d = ctx.AllocateOpData<AddNData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->n = n;
  d->elements = static_cast<int32_t>(in0.num_elements());
  CIRCLET_RETURN_IF_ERROR(ctx.RequestScratch(sizeof(const void*) * n, &d->scratch));
  if (in0.type != DType::kInt8) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in0, "input 0"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  d->in_offset = -in0.quant.zero_point();
  d->out_offset = out.quant.zero_point();
  const double twice = 2 * static_cast<double>(in0.quant.scale());
  const double mi = static_cast<double>(in0.quant.scale()) / twice;
  const double mo = twice / ((1 << kAddNLeftShift) * static_cast<double>(out.quant.scale()));
  if (!(mo < 1.0)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output (tensor %d) scale is too small for the input scale: output "
                     "multiplier 2*s/(2^20*s_out) must be < 1",
                     out.index);
  }
  int shift = 0;
  quant::QuantizeMultiplierSmallerThanOneExp(mi, &d->in_multiplier, &shift);
  d->in_shift = shift;
  quant::QuantizeMultiplierSmallerThanOneExp(mo, &d->out_multiplier, &shift);
  d->out_shift = shift;
  return Status::Ok();
}

template <typename T>
const T** InputPointers(OpContext& ctx, const AddNData& d) {
  const T** p = static_cast<const T**>(ctx.scratch(d.scratch));
  for (int j = 0; j < d.n; ++j) p[j] = ctx.input(j).as<const T>();
  return p;
}

template <typename T, typename Add>
void EvalSum(OpContext& ctx, const AddNData& d, Add add) {
  const T** in = InputPointers<T>(ctx, d);
  T* y = ctx.output(0).as<T>();
  for (int32_t i = 0; i < d.elements; ++i) {
    T x = 0;
    for (int j = 0; j < d.n; ++j) x = add(x, in[j][i]);
    y[i] = x;
  }
}

void EvalInt8(OpContext& ctx, const AddNData& d) {
  const int8_t** in = InputPointers<int8_t>(ctx, d);
  int8_t* y = ctx.output(0).as<int8_t>();
  const int32_t start = quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(
      d.in_offset * (1 << kAddNLeftShift), d.in_multiplier, d.in_shift);
  for (int32_t i = 0; i < d.elements; ++i) {
    int32_t acc = start;
    for (int j = 0; j < d.n; ++j) {
      acc = quant::WrapAdd(
          acc, quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(
                   (d.in_offset + in[j][i]) * (1 << kAddNLeftShift), d.in_multiplier, d.in_shift));
    }
    const int32_t v = quant::WrapAdd(
        quant::MultiplyByQuantizedMultiplierSmallerThanOneExp(acc, d.out_multiplier, d.out_shift),
        d.out_offset);
    y[i] = quant::Clamp<int8_t>(v, -128, 127);
  }
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const AddNData& d = *ctx.op_data<AddNData>();
  switch (ctx.output(0).type) {
    case DType::kFloat32: EvalSum<float>(ctx, d, [](float x, float v) { return x + v; }); break;
    case DType::kInt32: EvalSum<int32_t>(ctx, d, quant::WrapAddT<int32_t>); break;
    default: EvalInt8(ctx, d); break;
  }
  return Status::Ok();
}

}  // namespace

// v1: float32, int32, int8.
CIRCLET_KERNEL(ADD_N, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
