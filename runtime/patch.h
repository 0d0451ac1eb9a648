// SPDX-License-Identifier: Apache-2.0
// Patch-based execution in the interpreter (the row arithmetic is
// plan/patch.h). EnablePatchExecution() (circlet/interpreter.h) links this:
// without it, Prepare() never looks for a stage and Invoke() pays one
// comparison per operator.
//
// Prepare: the first chain of operators that can run on row bands
// (OpContext::AllowRowWindows) is tried with 2..kMaxStageOps operators;
// each candidate is planned like the whole graph
// (Interpreter::PlanMemory with the stage: the intermediates replaced by
// their windows, the stage's input kept and its output live across the
// stage, the output overlaying the input where no later step reads it).
// The lowest peak wins if it is below the plan without a stage.
#ifndef CIRCLET_RUNTIME_PATCH_H_
#define CIRCLET_RUNTIME_PATCH_H_

#include <cstdint>

#include "circlet/interpreter.h"
#include "plan/lifetimes.h"
#include "plan/patch.h"
#include "plan/planner.h"
#include "runtime/op_context.h"

namespace circlet {

// A stage as Invoke() runs it (persistent, 512 bytes on M7), or a candidate
// during Prepare() (in the temporary area).
//
// Its planned buffers, all live across the stage, are window[1..K-1], the
// intermediates' windows (plan.window_bytes), and window[0] (T0 is whole, so
// it has none): the kept area, plan.window_bytes[0] bytes, where each
// operator keeps what its bands share (OpContext::AllowRowWindows' `kept`:
// the int8 convolutions' channel parameters, computed on an operator's
// first band of each run instead of on every band), kept[k] for operator k.
struct PatchStage {
  StageShape shape;
  StagePlan plan;
  StageCursor cursor;                            // Invoke's position in the run
  StageCall call;                                // Invoke's current call
  int32_t in_dims[4], out_dims[4];               // its band's shapes
  RowWindow window_of_call;                      // what the kernel sees
  Status (*eval[kMaxStageOps])(OpContext& ctx);  // the operators' own evals
  uint8_t* window[kMaxStageOps + 1];             // [0] kept area, then windows (planned)
  uint8_t* kept[kMaxStageOps];                   // each operator's part of the kept area
  uint8_t* t0_data;                              // the stage's input and output (planned)
  uint8_t* tk_data;
  int32_t tensor[kMaxStageOps + 1];  // the chain's tensors, T0..TK
  int32_t first_op;
  bool overlay;  // TK overlays T0 at plan.output_offset
};

struct PatchHooks {
  // Prepare, before the kernels' prepare: room for their row maps
  // (OpContext::AllowRowWindows) past the temporary arrays, if there is.
  void (*begin)(Interpreter& interp, PrepareTemp& tp);
  // Prepare, right after the kernels' prepare: keeps the first chain of
  // operators that may run on row bands (tp.chain).
  void (*collect)(Interpreter& interp, PrepareTemp& tp);
  // Prepare: picks the stage (or none) given the plan's peak without one;
  // when one wins, plans with it and sets *planned.
  Status (*choose)(Interpreter& interp, PrepareTemp& tp, bool use_inplace, size_t peak,
                   bool* planned);
  // Prepare (PlanMemory with a stage, after the in-place groups): the
  // stage's output joins its input's group when it overlays it. Returns the
  // number of the stage's buffers (its kept area and windows) the plan
  // holds besides the tensors and scratch.
  int (*join)(const Interpreter& interp, PrepareTemp& tp, const PatchStage& st);
  // PlanMemory with a stage: fills the windows' plan items (base nullptr),
  // or takes their planned addresses from them (base: the arena).
  void (*windows)(PatchStage& st, PlanItem* items, uint8_t* base);
  bool always;  // the whole chain, even when it does not lower the peak
};

}  // namespace circlet

#endif  // CIRCLET_RUNTIME_PATCH_H_
