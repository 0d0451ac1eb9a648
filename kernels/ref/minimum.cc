// MINIMUM: out = in1 < in2 ? in1 : in2, numpy-style broadcasting up to rank 6
// (kernels/broadcast_util.h). float32, int8, int16, int32, int64.
//
// As TFLite's reference MaximumMinimumBroadcastSlow with its
// "el1 < el2 ? el1 : el2": the raw values are compared and copied, no
// requantization (the output keeps the inputs' quantization, as converters
// emit it; TFLite does not check it either). Float NaN: the comparison is
// false, so a NaN in input 1 gives input 2's value and a NaN in input 2
// gives NaN. +-0: input 2's zero unless input 1 is strictly smaller.
#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  auto* d = ctx.AllocateOpData<Broadcast>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  return PrepareBinary(ctx, d);
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const TensorView out = ctx.output(0);
  BinaryBroadcastAnyType(out.type, *ctx.op_data<Broadcast>(), ctx.input(0), ctx.input(1), out,
                         [](auto a, auto b) { return a < b ? a : b; });
  return Status::Ok();
}

}  // namespace

// v1 float32, v2 int8, v3 int16, v4 int64 (and int32).
CIRCLET_KERNEL(MINIMUM, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
