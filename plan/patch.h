// SPDX-License-Identifier: Apache-2.0
// Patch-based execution of a stage: a chain of operators (each reads the
// previous one's output, nobody else does) run row band by row band of the
// stage's last output, so the stage's intermediate feature maps are never
// whole in memory (MCUNetV2's idea, with the halo kept instead of
// recomputed).
//
//   tensor T0 (whole) --op0--> T1 (window) --op1--> ... --op K-1--> TK (whole)
//
// TK is produced one row (a full-width band) at a time: the patch grid is
// rows(TK) x 1. Each call computes one output row of one operator, pulled
// by demand: the last operator's next row, or, when an input row it needs
// is missing, the producer of that row (and so on down). An intermediate
// tensor lives in a window of the rows its reader still needs (a 3x3
// kernel's halo stays there, moved to the window's start when older rows
// die), so no row is ever computed twice (recomputed rows: 0) and each
// window is as small as its reader's kernel: extent rows.
//
// Row maps: operator k reads, for output rows [a, b], input rows
//   [a * stride - pad, b * stride - pad + extent - 1]
// clipped to [0, in_rows) (rows outside are padding), where extent is the
// kernel's effective height ((k - 1) * dilation + 1). An operator declares
// its map at prepare (OpContext::AllowRowWindows); one that does not cannot
// join a stage.
//
// Pure integer arithmetic, no heap: the planner and the executor
// (runtime/patch.cc) use the same StageNext, so the windows the plan sizes
// are exactly those the executor fills.
#ifndef CIRCLET_PLAN_PATCH_H_
#define CIRCLET_PLAN_PATCH_H_

#include <cstddef>
#include <cstdint>

namespace circlet {

// An operator's rows: output rows [a, b] read input rows [a * stride - pad,
// b * stride - pad + extent - 1]. extent 0: the operator cannot run on rows.
struct RowMap {
  uint16_t extent;
  uint8_t stride;
  uint8_t pad;
};

// The most operators a stage holds.
constexpr int kMaxStageOps = 8;

// An operator's bytes on one-row bands: its scratch for one band, and what
// it keeps from one band to the next (OpContext::AllowRowWindows).
struct BandBytes {
  uint32_t scratch;
  uint32_t kept;
};

// The chain a stage may be cut from (Prepare()): operators [first, first +
// len), each one's row map and band bytes.
struct StageChain {
  int first, len;
  RowMap map[kMaxStageOps];
  BandBytes band[kMaxStageOps];
};

// A stage's shape: its operators' maps and each chain tensor's rows.
struct StageShape {
  int num_ops;                           // K, 2..kMaxStageOps
  RowMap map[kMaxStageOps];              // operator k
  int32_t rows[kMaxStageOps + 1];        // tensor k's rows (height)
  uint32_t row_bytes[kMaxStageOps + 1];  // tensor k's bytes per row
};

// Where a stage run is: rows computed so far of each tensor (done[0]
// unused) and the first row each window holds.
struct StageCursor {
  int32_t done[kMaxStageOps + 1];
  int32_t base[kMaxStageOps + 1];
};

// One call: operator `op` computes output row `row` from input rows
// [in_lo, in_hi]; before it writes, its output's window (an intermediate)
// drops the rows below `out_base` (its reader needs none of them again;
// never below the window's current first row). For the stage's output,
// out_base is `row`.
struct StageCall {
  int op;
  int32_t row;
  int32_t in_lo, in_hi;
  int32_t out_base;
};

// The input rows operator k reads for output row r (clipped to the input).
void StageInputRows(const StageShape& s, int k, int32_t r, int32_t* lo, int32_t* hi);

// The next call of a run that starts with a zeroed cursor: the last
// operator's next row, or the producer of the first input row it still
// lacks (and so on down). False when the stage's output is complete.
// Does not change the cursor: the caller runs the call, then StageAdvance.
bool StageNext(const StageShape& s, const StageCursor& c, StageCall* call);
void StageAdvance(StageCursor* c, const StageCall& call);

// What running the stage needs, from a dry run of every call.
struct StagePlan {
  // Intermediates 1..K-1. [0] is no window (T0 is whole): PlanStage leaves
  // it 0, and the interpreter plans the operators' kept bytes there
  // (runtime/patch.h).
  uint32_t window_bytes[kMaxStageOps + 1];
  int32_t window_rows[kMaxStageOps + 1];
  // TK may start `output_offset` bytes from T0's start (negative: before
  // it) and overwrite T0's rows once no later call reads them: the largest
  // offset for which that holds, capped at 0.
  int64_t output_offset;
  int64_t calls;            // operator calls per run (each computes one row)
  int64_t recomputed_rows;  // always 0: halo rows are kept, not recomputed
  int64_t moved_bytes;      // halo bytes moved to a window's start per run
};

// Plans `s` (num_ops 2..kMaxStageOps, every map's extent >= 1, rows >= 1).
void PlanStage(const StageShape& s, StagePlan* p);

}  // namespace circlet

#endif  // CIRCLET_PLAN_PATCH_H_
