// SPDX-License-Identifier: Apache-2.0
// ELU: out = x < 0 ? exp(x) - 1 : x. float32 and int8 (TFLite Micro's
// elu.cc); TFLite Micro refuses int16, so does the operator table.
//
// float32: x < 0 ? expm1(x) : x (reference_ops::Elu; NaN passes through).
// int8: a 256-entry table built in prepare (kernels/activation_util.h
// PopulateInt8Table: dequantize in float, f(x) = x < 0 ? exp(x) - 1.0f : x
// in float, round(f * (1 / out_scale)) + zp_out, clamp to int8); eval looks
// every element up.
#include "kernels/activation_util.h"

namespace circlet {
namespace kernels {
namespace {

struct EluData {
  int8_t table[256];
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  UnaryQuant q;
  EluData* d = nullptr;
  CIRCLET_RETURN_IF_ERROR(PrepareActivationData(ctx, &q, &d));
  if (d == nullptr) return Status::Ok();
  PopulateInt8Table(
      q, [](float x) { return x < 0.0f ? std::exp(x) - 1.0f : x; }, d->table);
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  EvalActivation</*kInt16=*/false>(
      ctx, [](float x) { return x < 0.0f ? std::expm1(x) : x; },
      [&ctx](const int8_t* x, int8_t* y, int64_t n) {
        EvalInt8Table(ctx.op_data<EluData>()->table, x, y, n);
      });
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(ELU, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
