// MUL: out = act(in1 * in2), numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32, int8 and int16.
//
// Quantized (TFLite's reference MulElementwise, as TFLite Micro runs it):
//   M = (double)s1 * (double)s2 / (double)s_out, any magnitude, quantized
//   with QuantizeMultiplier (multiplier in [2^30, 2^31), shift in [-31, 30])
//   acc = (q1 - zp1) * (q2 - zp2)
//   out = MultiplyByQuantizedMultiplier(acc, M) + zp_out, clamped to the
//   fused activation's range; int16 needs all zero points 0 (as TFLite).
// Rounding: SaturatingRoundingDoublingHighMul to nearest (ties toward
// +infinity), then RoundingDivideByPOT (ties away from zero).
#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

struct MulData {
  Broadcast bc;
  float f_min, f_max;
  int32_t in1_offset, in2_offset, out_offset;
  int32_t multiplier, shift;
  int32_t act_min, act_max;
};

Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const auto* opt = ctx.options<fb::MulOptions>();
  const int act = opt != nullptr ? opt->fused_activation_function() : 0;
  CIRCLET_RETURN_IF_ERROR(CheckActivation(ctx, act));
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  if (in1.type != DType::kFloat32 && in1.type != DType::kInt8 && in1.type != DType::kInt16) {
    return ctx.Error(StatusCode::kUnsupported,
                     "input type %s is not supported (float32, int8, int16)", DTypeName(in1.type));
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(in2, in1.type, "input 2"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in1.type, "output"));
  auto* d = ctx.AllocateOpData<MulData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  int32_t dims[kMaxRank];
  int rank = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareBroadcast(ctx, in1, in2, &d->bc, dims, &rank));
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  // Elementwise, element o read before it is written (see ADD).
  if (in1.num_elements() == out.num_elements()) ctx.AllowInPlace(InPlace::kSameStart);
  if (in1.type == DType::kFloat32) {
    quant::ActivationRangeFloat(act, &d->f_min, &d->f_max);
    return Status::Ok();
  }
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in1, "input 1"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in2, "input 2"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  d->in1_offset = -in1.quant.zero_point();
  d->in2_offset = -in2.quant.zero_point();
  d->out_offset = out.quant.zero_point();
  if (in1.type == DType::kInt16 &&
      (d->in1_offset != 0 || d->in2_offset != 0 || d->out_offset != 0)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "int16 inputs and output must have zero point 0 (tensors %d, %d, %d)",
                     in1.index, in2.index, out.index);
  }
  const double m = static_cast<double>(in1.quant.scale()) * static_cast<double>(in2.quant.scale()) /
                   static_cast<double>(out.quant.scale());
  int shift = 0;
  quant::QuantizeMultiplier(m, &d->multiplier, &shift);
  d->shift = shift;
  quant::ActivationRangeQuantized(act, out.quant.scale(), out.quant.zero_point(), out.type,
                                  &d->act_min, &d->act_max);
  return Status::Ok();
}

template <typename T>
void EvalQuantized(const MulData& d, const T* a, const T* b, T* y) {
  ForEachBroadcast(d.bc, [&](int32_t i, int32_t j, int32_t o) {
    const int32_t acc = (d.in1_offset + a[i]) * (d.in2_offset + b[j]);
    y[o] = static_cast<T>(quant::Requantize(acc, d.multiplier, d.shift, d.out_offset,
                                            d.act_min, d.act_max));
  });
}

Status Eval(OpContext& ctx) {
  const MulData& d = *ctx.op_data<MulData>();
  const TensorView in1 = ctx.input(0), in2 = ctx.input(1), out = ctx.output(0);
  switch (out.type) {
    case DType::kFloat32: {
      const float* a = in1.as<const float>();
      const float* b = in2.as<const float>();
      float* y = out.as<float>();
      ForEachBroadcast(d.bc, [&](int32_t i, int32_t j, int32_t o) {
        y[o] = ActivationClamp(a[i] * b[j], d.f_min, d.f_max);
      });
      break;
    }
    case DType::kInt8:
      EvalQuantized(d, in1.as<const int8_t>(), in2.as<const int8_t>(), out.as<int8_t>());
      break;
    default:
      EvalQuantized(d, in1.as<const int16_t>(), in2.as<const int16_t>(), out.as<int16_t>());
      break;
  }
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int8 with a multiplier >= 1, v4 int16.
const KernelReg MUL = {18, 4, kKernelNone, Prepare, Eval};

}  // namespace kernels
}  // namespace circlet
