// SPDX-License-Identifier: Apache-2.0
// GELU: out = x * Phi(x), exact or tanh-approximated (GeluOptions.approximate,
// default false). float32 and int8, as TFLite's reference kernels
// (kernels/gelu.cc, reference/gelu.h; TFLite Micro has no GELU).
//
//   exact:       0.5f * x * erfc(x * (float)(-1/sqrt(2)))
//   approximate: 0.5f * x * (1 + tanh((float)sqrt(2/pi) * (x + 0.044715f * x^3)))
// both evaluated in float. int8: a 256-entry table from the same float
// function (TFLite's LUTPopulate<int8_t>: dequantize in float, round half
// away from zero of f(x) * (1 / out_scale), + zp_out, clamp;
// kernels/activation_util.h PopulateInt8Table); eval looks every element up.
// TFLite's GELU refuses int16, so does the operator table.
#include "kernels/activation_util.h"

namespace circlet {
namespace kernels {
namespace {

constexpr float kMinusSqrtHalf = static_cast<float>(-0.70710678118654752440);
constexpr float kSqrt2OverPi = static_cast<float>(1.12837916709551257390 * 0.70710678118654752440);

float GeluExact(float x) {
  return 0.5f * x * std::erfc(x * kMinusSqrtHalf);
}

float GeluApproximate(float x) {
  return 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * (x + 0.044715f * x * x * x)));
}

struct GeluData {
  bool approximate;
  int8_t table[256];
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  UnaryQuant q;
  CIRCLET_RETURN_IF_ERROR(PrepareActivation(ctx, &q));
  auto* d = ctx.AllocateOpData<GeluData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  const auto* opt = ctx.options<fb::GeluOptions>();
  d->approximate = opt != nullptr && opt->approximate();
  if (ctx.input(0).type == DType::kInt8) {
    PopulateInt8Table(q, d->approximate ? GeluApproximate : GeluExact, d->table);
  }
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  const GeluData& d = *ctx.op_data<GeluData>();
  EvalActivation</*kInt16=*/false>(
      ctx, d.approximate ? GeluApproximate : GeluExact,
      [&d](const int8_t* x, int8_t* y, int64_t n) { EvalInt8Table(d.table, x, y, n); });
  return Status::Ok();
}

}  // namespace

// v1 float32/int8/uint8, v2 the approximate flag honoured for quantized types.
CIRCLET_KERNEL(GELU, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
