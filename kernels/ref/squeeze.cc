// SPDX-License-Identifier: Apache-2.0
// SQUEEZE: removes dimensions of size 1; the output is a view of the input's
// bytes (OpContext::ViewOutput), so there is no eval.
//
// TFLite semantics: SqueezeOptions.squeeze_dims lists the axes to remove
// (negative counts from the end: axis += rank; repeats allowed); each must
// lie in [-rank, rank) and have size 1 in the input. An empty or missing
// list removes every dimension of size 1. The output shape must equal the
// input's with those axes removed (the model's output shape is checked).
// Types: any (bytes are not interpreted).
#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  const TensorView in = ctx.input(0), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  const auto* opt = ctx.options<fb::SqueezeOptions>();
  const auto* list = opt != nullptr ? opt->squeeze_dims() : nullptr;
  bool remove[kMaxRank] = {};
  if (list == nullptr || list->size() == 0) {
    for (int i = 0; i < in.rank; ++i) remove[i] = in.dim(i) == 1;
  } else {
    for (unsigned k = 0; k < list->size(); ++k) {
      const int given = list->Get(k);
      const int axis = given < 0 ? given + in.rank : given;
      if (axis < 0 || axis >= in.rank) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "squeeze_dims[%u] = %d is outside the input's rank %d", k, given, in.rank);
      }
      if (in.dim(axis) != 1) {
        return ctx.Error(StatusCode::kInvalidModel,
                         "squeeze_dims[%u] = %d: input (tensor %d) has size %d there, not 1", k,
                         given, in.index, in.dim(axis));
      }
      remove[axis] = true;
    }
  }
  int32_t dims[kMaxRank];
  int rank = 0;
  for (int i = 0; i < in.rank; ++i) {
    if (!remove[i]) dims[rank++] = in.dim(i);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  ctx.ViewOutput(0, 0);
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(SQUEEZE, Prepare, nullptr)

}  // namespace kernels
}  // namespace circlet
