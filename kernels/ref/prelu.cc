// SPDX-License-Identifier: Apache-2.0
// PRELU: out = x >= 0 ? x : alpha * x, alpha a second input broadcast
// against x (numpy rules, up to rank 6: kernels/broadcast_util.h; TFLite
// Micro's BroadcastPrelu4DSlow walks the same broadcast in 4-D).
//
// float32: x >= 0 ? x : x * alpha (float alpha).
// int8 (int8 alpha) and int16 (int8 alpha, as TFLite Micro requires):
//   d = q - zp_in;
//   d >= 0: out = zp_out + MultiplyByQuantizedMultiplier(d, M1, s1)
//   d <  0: out = zp_out + MultiplyByQuantizedMultiplier(d * (a - zp_alpha), M2, s2)
// clamped to the output type, with M1 = double(in_scale) / double(out_scale)
// and M2 = double(in_scale) * double(alpha_scale) / double(out_scale)
// through QuantizeMultiplier (TFLite Micro's CalculatePreluParams).
#include "kernels/activation_util.h"
#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

struct PreluData {
  Broadcast bc;
  int32_t in_zero_point, alpha_zero_point, out_zero_point;
  int32_t mult1, shift1, mult2, shift2;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), alpha = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  CIRCLET_RETURN_IF_ERROR(
      ctx.ExpectType(alpha, in.type == DType::kFloat32 ? DType::kFloat32 : DType::kInt8, "alpha"));
  auto* d = ctx.AllocateOpData<PreluData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  int32_t dims[kMaxRank];
  int rank = 0;
  CIRCLET_RETURN_IF_ERROR(PrepareBroadcast(ctx, in, alpha, &d->bc, dims, &rank));
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  if (in.num_elements() == out.num_elements()) ctx.AllowInPlace(InPlace::kSameStart);
  if (in.type == DType::kFloat32) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, alpha, "alpha"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  d->in_zero_point = in.quant.zero_point();
  d->alpha_zero_point = alpha.quant.zero_point();
  d->out_zero_point = out.quant.zero_point();
  const double si = in.quant.scale(), sa = alpha.quant.scale(), so = out.quant.scale();
  int shift = 0;
  quant::QuantizeMultiplier(si / so, &d->mult1, &shift);
  d->shift1 = shift;
  quant::QuantizeMultiplier(si * sa / so, &d->mult2, &shift);
  d->shift2 = shift;
  return Status::Ok();
}

template <typename T>
void EvalQuantized(const PreluData& d, const T* x, const int8_t* a, T* y) {
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  ForEachBroadcast(d.bc, [&](int32_t i, int32_t j, int32_t o) {
    const int32_t v = static_cast<int32_t>(x[i]) - d.in_zero_point;
    int32_t r;
    if (v >= 0) {
      r = quant::MultiplyByQuantizedMultiplier(v, d.mult1, d.shift1);
    } else {
      const int32_t av = static_cast<int32_t>(a[j]) - d.alpha_zero_point;
      r = quant::MultiplyByQuantizedMultiplier(v * av, d.mult2, d.shift2);
    }
    y[o] = quant::Clamp<T>(quant::WrapAdd(r, d.out_zero_point), kMin, kMax);
  });
}

Status Eval(OpContext& ctx) {
  const PreluData& d = *ctx.op_data<PreluData>();
  const TensorView in = ctx.input(0), alpha = ctx.input(1), out = ctx.output(0);
  switch (in.type) {
    case DType::kFloat32: {
      const float* x = in.as<const float>();
      const float* a = alpha.as<const float>();
      float* y = out.as<float>();
      ForEachBroadcast(
          d.bc, [&](int32_t i, int32_t j, int32_t o) { y[o] = x[i] >= 0.0f ? x[i] : x[i] * a[j]; });
      break;
    }
    case DType::kInt8:
      EvalQuantized(d, in.as<const int8_t>(), alpha.as<const int8_t>(), out.as<int8_t>());
      break;
    default:
      EvalQuantized(d, in.as<const int16_t>(), alpha.as<const int8_t>(), out.as<int16_t>());
      break;
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(PRELU, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
