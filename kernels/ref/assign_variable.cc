// SPDX-License-Identifier: Apache-2.0
// ASSIGN_VARIABLE: the resource variable whose handle is input 0
// (VAR_HANDLE) takes the value of input 1; no outputs. The variable keeps
// it across Invoke() (persistent arena memory). It takes input 1's type and
// size if it has none yet; otherwise they must match (runtime/subgraph.h).
#include <cstring>

#include "kernels/kernel_util.h"
#include "runtime/subgraph.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 0));
  return PrepareResourceAccess(ctx, ctx.input(1));
}

Status Eval(OpContext& ctx) {
  const ResourceVar& var = OpResource(ctx);
  std::memcpy(var.data, ctx.input(1).data, var.bytes);
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(ASSIGN_VARIABLE, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
