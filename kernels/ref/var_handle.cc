// SPDX-License-Identifier: Apache-2.0
// VAR_HANDLE: output 0 (a RESOURCE tensor) is the handle of the resource
// variable named by VarHandleOptions' container and shared_name (empty when
// absent): one variable per name for the whole model, its subgraphs
// included (runtime/subgraph.h). The handle is resolved at prepare, so the
// operator does nothing at Invoke() and the handle tensor has no bytes.
#include "kernels/kernel_util.h"
#include "runtime/subgraph.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  if (ctx.num_inputs() != 0 || ctx.num_outputs() != 1) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d inputs and %d outputs, expected 0 and 1",
                     ctx.num_inputs(), ctx.num_outputs());
  }
  const TensorView out = ctx.output(0);
  if (out.type != static_cast<DType>(kResourceType)) {
    return ctx.Error(StatusCode::kInvalidModel, "output (tensor %d) is %s, expected a resource",
                     out.index, DTypeName(out.type));
  }
  const auto* opt = ctx.options<fb::VarHandleOptions>();
  const char* container =
      opt != nullptr && opt->container() != nullptr ? opt->container()->c_str() : "";
  const char* name =
      opt != nullptr && opt->shared_name() != nullptr ? opt->shared_name()->c_str() : "";
  return BindResourceHandle(ctx, out.index, container, name);
}

}  // namespace

CIRCLET_KERNEL(VAR_HANDLE, Prepare, nullptr)

}  // namespace kernels
}  // namespace circlet
