// SPDX-License-Identifier: Apache-2.0
// SHAPE: out = the input's dimensions, a 1-D tensor of rank(input) int32 or
// int64 values (ShapeOptions.out_type; the output tensor's type must match
// it). An out_type left at the schema default (float32, i.e. unset) follows
// the output tensor's type, as TFLite Micro, which ignores the option. A
// scalar input gives an empty output. Any input type; its data is not read.
#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (out.type != DType::kInt32 && out.type != DType::kInt64) {
    return ctx.Error(StatusCode::kUnsupported, "output (tensor %d) is %s, expected int32 or int64",
                     out.index, DTypeName(out.type));
  }
  if (const auto* opt = ctx.options<fb::ShapeOptions>()) {
    const auto want = static_cast<DType>(opt->out_type());
    if (want != DType::kFloat32 && want != out.type) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "ShapeOptions.out_type is %s but output (tensor %d) is %s", DTypeName(want),
                       out.index, DTypeName(out.type));
    }
  }
  const int32_t dims[1] = {in.rank};
  return ctx.CheckOutputShape(0, dims, 1);
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const TensorView in = ctx.input(0), out = ctx.output(0);
  if (out.type == DType::kInt32) {
    for (int i = 0; i < in.rank; ++i) out.as<int32_t>()[i] = in.dims[i];
  } else {
    for (int i = 0; i < in.rank; ++i) out.as<int64_t>()[i] = in.dims[i];
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(SHAPE, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
