// SPDX-License-Identifier: Apache-2.0
// WHILE: loop variables v = inputs 0..n-1; while cond(v) (the
// cond-subgraph's one bool output) v = body(v) (WhileOptions); the outputs
// are the final v. As TFLite Micro, the variables are copied into each
// subgraph's inputs and out of the body's outputs; shapes are static, so
// both subgraphs take the operator's n inputs (types and sizes) and the body
// gives n outputs like them. The operator's outputs hold v between
// iterations. At most WhileIterationLimit() iterations per Invoke()
// (circlet::SetWhileIterationLimit; SECURITY.md), then an error: a loop that
// never ends cannot hang the device. Memory: runtime/subgraph.h.
#include <cstring>

#include "kernels/kernel_util.h"
#include "runtime/subgraph.h"

namespace circlet {
namespace kernels {
namespace {

struct WhileData {
  SubgraphRun cond, body;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  const auto* opt = ctx.options<fb::WhileOptions>();
  if (opt == nullptr) return ctx.Error(StatusCode::kInvalidModel, "WhileOptions missing");
  if (ctx.num_inputs() != ctx.num_outputs()) {
    return ctx.Error(StatusCode::kInvalidModel, "has %d inputs and %d outputs, expected as many",
                     ctx.num_inputs(), ctx.num_outputs());
  }
  for (int i = 0; i < ctx.num_inputs(); ++i) {
    const TensorView in = ctx.input(i), out = ctx.output(i);
    if (in.type != out.type || in.bytes() != out.bytes()) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "input %d (tensor %d) and output %d (tensor %d) differ in type or size", i,
                       in.index, i, out.index);
    }
  }
  auto* d = ctx.AllocateOpData<WhileData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  CIRCLET_RETURN_IF_ERROR(PrepareSubgraph(ctx, opt->cond_subgraph_index(), "cond", &d->cond));
  CIRCLET_RETURN_IF_ERROR(CheckSubgraphSignature(ctx, d->cond, "cond", false, false, 0));
  const Interpreter& cond = *d->cond.interp;
  if (cond.num_outputs() != 1 || cond.output(0).type != DType::kBool ||
      cond.output(0).num_elements() != 1) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "cond subgraph %d must have one output, a single bool", d->cond.index);
  }
  CIRCLET_RETURN_IF_ERROR(PrepareSubgraph(ctx, opt->body_subgraph_index(), "body", &d->body));
  CIRCLET_RETURN_IF_ERROR(CheckSubgraphSignature(ctx, d->body, "body", false, false, 0));
  return CheckSubgraphSignature(ctx, d->body, "body", true, true, 0);
}

Status Eval(OpContext& ctx) {
  const WhileData& d = *ctx.op_data<WhileData>();
  for (int i = 0; i < ctx.num_inputs(); ++i) {
    const TensorView in = ctx.input(i), out = ctx.output(i);
    if (out.data != in.data) std::memcpy(out.data, in.data, in.bytes());
  }
  const uint32_t limit = WhileIterationLimit();
  for (uint32_t iterations = 0;; ++iterations) {
    CIRCLET_RETURN_IF_ERROR(RunSubgraph(ctx, d.cond, true, 0, false));
    if (*d.cond.interp->output(0).as<uint8_t>() == 0) return Status::Ok();
    if (iterations == limit) {
      return ctx.Error(StatusCode::kUnsupported,
                       "stopped after %lu iterations (the limit: SetWhileIterationLimit)",
                       static_cast<unsigned long>(limit));
    }
    CIRCLET_RETURN_IF_ERROR(RunSubgraph(ctx, d.body, true, 0, true));
  }
}

}  // namespace

CIRCLET_KERNEL(WHILE, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
