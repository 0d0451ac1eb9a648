// SPDX-License-Identifier: Apache-2.0
// READ_VARIABLE: output 0 = the value of the resource variable whose handle
// is input 0 (VAR_HANDLE). A variable read before anything was assigned to
// it reads zeros. The variable takes the output's type and size if it has
// none yet; otherwise they must match (runtime/subgraph.h).
#include <cstring>

#include "kernels/kernel_util.h"
#include "runtime/subgraph.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 1, 1, 1));
  return PrepareResourceAccess(ctx, ctx.output(0));
}

Status Eval(OpContext& ctx) {
  const ResourceVar& var = OpResource(ctx);
  std::memcpy(ctx.output(0).data, var.data, var.bytes);
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(READ_VARIABLE, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
