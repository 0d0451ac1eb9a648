// SPDX-License-Identifier: Apache-2.0
// CALL_ONCE: runs the init subgraph (CallOnceOptions) at the first Invoke()
// and never again, as TFLite Micro does; no inputs or outputs. Its use is
// to initialize resource variables (ASSIGN_VARIABLE in the init subgraph).
// Memory: runtime/subgraph.h.
#include "kernels/kernel_util.h"
#include "runtime/subgraph.h"

namespace circlet {
namespace kernels {
namespace {

struct CallOnceData {
  SubgraphRun init;
  bool done;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const auto* opt = ctx.options<fb::CallOnceOptions>();
  if (opt == nullptr) return ctx.Error(StatusCode::kInvalidModel, "CallOnceOptions missing");
  if (ctx.num_inputs() != 0 || ctx.num_outputs() != 0) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d inputs and %d outputs, expected none",
                     ctx.num_inputs(), ctx.num_outputs());
  }
  auto* d = ctx.AllocateOpData<CallOnceData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  CIRCLET_RETURN_IF_ERROR(PrepareSubgraph(ctx, opt->init_subgraph_index(), "init", &d->init));
  if (d->init.interp->num_inputs() != 0 || d->init.interp->num_outputs() != 0) {
    return ctx.Error(StatusCode::kInvalidModel, "init subgraph %d must have no inputs or outputs",
                     d->init.index);
  }
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  CallOnceData& d = *ctx.op_data<CallOnceData>();
  if (d.done) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(RunSubgraph(ctx, d.init, false, 0, false));
  d.done = true;
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(CALL_ONCE, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
