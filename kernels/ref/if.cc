// SPDX-License-Identifier: Apache-2.0
// IF: runs the then-subgraph when input 0 (a bool with one element) is
// true, else the else-subgraph (IfOptions), on inputs 1..n; the subgraph's
// outputs are the operator's. As TFLite Micro: the operator's tensors are
// copied into the subgraph's inputs and out of its outputs; shapes are
// static, so each subgraph's inputs and outputs must have the operator's
// types and sizes. Memory: runtime/subgraph.h (each branch's tensors live
// only while the operator runs).
#include "kernels/kernel_util.h"
#include "runtime/subgraph.h"

namespace circlet {
namespace kernels {
namespace {

struct IfData {
  SubgraphRun branch[2];  // 0 else, 1 then
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const auto* opt = ctx.options<fb::IfOptions>();
  if (opt == nullptr) return ctx.Error(StatusCode::kInvalidModel, "IfOptions missing");
  if (ctx.num_inputs() < 1 || !ctx.has_input(0)) {
    return ctx.Error(StatusCode::kInvalidModel, "needs the condition as input 0");
  }
  const TensorView cond = ctx.input(0);
  if (cond.type != DType::kBool || cond.num_elements() != 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "condition (tensor %d) must be one bool, found %s of %lld elements",
                     cond.index, DTypeName(cond.type), static_cast<long long>(cond.num_elements()));
  }
  auto* d = ctx.AllocateOpData<IfData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  const int index[2] = {opt->else_subgraph_index(), opt->then_subgraph_index()};
  const char* role[2] = {"else", "then"};
  for (int b = 0; b < 2; ++b) {
    CIRCLET_RETURN_IF_ERROR(PrepareSubgraph(ctx, index[b], role[b], &d->branch[b]));
    CIRCLET_RETURN_IF_ERROR(CheckSubgraphSignature(ctx, d->branch[b], role[b], false, false, 1));
    CIRCLET_RETURN_IF_ERROR(CheckSubgraphSignature(ctx, d->branch[b], role[b], true, true, 0));
  }
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  const IfData& d = *ctx.op_data<IfData>();
  return RunSubgraph(ctx, d.branch[*ctx.input(0).as<uint8_t>() != 0 ? 1 : 0], false, 1, true);
}

}  // namespace

CIRCLET_KERNEL(IF, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
