// SPDX-License-Identifier: Apache-2.0
// Subgraphs run by control-flow operators (IF, WHILE, CALL_ONCE) and the
// resource variables they share (VAR_HANDLE, READ_VARIABLE, ASSIGN_VARIABLE).
// Linked only by programs whose resolver holds one of those kernels.
//
// A subgraph runs in its own Interpreter over a view of the same model
// (Model::Subgraph), carved from the arena of the interpreter whose operator
// runs it:
//
//   parent arena   [ temp | ...... free ...... | persistent ]
//   prepare        the child prepares in the free part, its persistent data
//                  (tables, op data, nested subgraphs) at the part's end,
//                  right below the parent's persistent data; the parent then
//                  counts those bytes as its own persistent data;
//   activations    the child's tensors are one scratch buffer of the parent
//                  operator (OpContext::RequestScratch), planned like a
//                  tensor: live only while that operator runs. At the first
//                  run the child's tensor pointers move there (Rebase).
//
// So a subgraph costs its tables and op data for good, and its activations
// only while its operator runs, in the same arena; ArenaReport counts both.
// Inputs and outputs are copied between the operator's tensors and the
// subgraph's, as TFLite Micro does. Subgraphs nest at most kMaxSubgraphDepth
// deep (a subgraph that runs itself is refused at prepare).
#ifndef CIRCLET_RUNTIME_SUBGRAPH_H_
#define CIRCLET_RUNTIME_SUBGRAPH_H_

#include <cstdint>

#include "circlet/interpreter.h"
#include "runtime/op_context.h"

namespace circlet {

constexpr int kMaxSubgraphDepth = 8;

struct SubgraphRun {
  Interpreter* interp = nullptr;
  ScratchRecord* activations = nullptr;  // nullptr when it has none
  int index = 0;                         // subgraph index in the model
};

// prepare only: prepares subgraph `index` for the operator of `ctx` (`role`
// names it in messages: "then", "body", ...).
Status PrepareSubgraph(OpContext& ctx, int index, const char* role, SubgraphRun* out);
// Fails unless the operator's inputs [first, first + n) and the subgraph's
// n inputs (or outputs, `outputs` true) have the same types and byte sizes,
// n being the subgraph's count; `op_outputs`: compare with the operator's
// outputs instead of its inputs.
Status CheckSubgraphSignature(OpContext& ctx, const SubgraphRun& run, const char* role,
                              bool subgraph_outputs, bool op_outputs, int first);
// eval: runs the subgraph once: its inputs copied from the operator's
// inputs (or outputs, `from_op_outputs`) [first, first + n), then, with
// `copy_out`, its outputs copied to the operator's outputs. Its tensors are
// in the operator's scratch (moved there at the first run).
Status RunSubgraph(OpContext& ctx, const SubgraphRun& run, bool from_op_outputs, int first,
                   bool copy_out);

// The cap on a WHILE operator's iterations per Invoke() (SECURITY.md):
// circlet::SetWhileIterationLimit in circlet/interpreter.h.
uint32_t WhileIterationLimit();

// Resource variables: one per (container, shared_name) for the whole model,
// kept across Invoke() in the persistent part of the arena, sized by the
// first READ_VARIABLE or ASSIGN_VARIABLE prepared on it, zero at first.
struct ResourceVar {
  const char* container;
  const char* name;
  uint8_t* data;
  uint32_t bytes;
  int8_t type;
  ResourceVar* next;
};
// VAR_HANDLE's prepare: its output tensor is the handle of that variable.
Status BindResourceHandle(OpContext& ctx, int tensor, const char* container, const char* name);
// READ_VARIABLE / ASSIGN_VARIABLE prepare: the variable of input 0's handle
// becomes the operator's op data, given storage like `value` if it has none
// (else `value` must match it).
Status PrepareResourceAccess(OpContext& ctx, const TensorView& value);
// Their eval: that variable.
inline const ResourceVar& OpResource(const OpContext& ctx) {
  return **ctx.op_data<ResourceVar*>();
}

}  // namespace circlet

#endif  // CIRCLET_RUNTIME_SUBGRAPH_H_
