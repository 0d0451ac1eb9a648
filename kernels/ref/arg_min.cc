// SPDX-License-Identifier: Apache-2.0
// ARG_MIN: out = the index of the smallest element along one axis (the
// axis dimension dropped), ties and NaN as TFLite's reference ArgMinMax with
// std::less: the lowest index wins a tie (see
// kernels/arg_min_max_util.h). Types: input float32, int8, uint8, int32,
// bool; axis a constant int32/int64 scalar (negative from the end); output
// int32 or int64.
#include "kernels/arg_min_max_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const auto* opt = ctx.options<fb::ArgMinOptions>();
  return PrepareArgMinMax(ctx, opt != nullptr ? static_cast<int>(opt->output_type()) : -1);
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  return EvalArgMinMax<Less>(ctx);
}

}  // namespace

// Up to version 3, TFLite's highest for ARG_MIN (the type checks decide what
// runs).
// an int64 axis (input 1) is read with LoadInt64.
CIRCLET_KERNEL_UNALIGNED64(ARG_MIN, Prepare, Eval, 1 << 1)

}  // namespace kernels
}  // namespace circlet
