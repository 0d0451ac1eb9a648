// SPDX-License-Identifier: Apache-2.0
// The memory plan of a prepared interpreter, as the CLI reports it (plan,
// fit, bench). Host only.
//
// Offsets come from the interpreter (Interpreter::tensor_offset,
// scratch_buffers); lifetimes are recomputed here from the model the way
// Prepare() computes them (plan/planner.h): a tensor lives from the op that
// writes it (graph inputs: op 0) to the last op that reads it or a view of
// it (graph outputs: the last op). In-place groups are the buffers that
// share bytes while both are live: the planner never lets two live buffers
// overlap otherwise, so overlap in memory and in time means an op wrote its
// output over its input.
#ifndef CIRCLET_TOOLS_CLI_MEMPLAN_H_
#define CIRCLET_TOOLS_CLI_MEMPLAN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/checked_math.h"
#include "circlet/interpreter.h"
#include "tools/cli/cli.h"

namespace circlet {
namespace cli {

struct PlanBuffer {
  // kWindow: a patch-based stage's window on an intermediate tensor
  // (runtime/patch.h), the rows its reader still needs. kKept: the stage's
  // kept area, what its operators keep from one band to the next.
  enum Kind { kTensor, kView, kScratch, kWindow, kKept } kind = kTensor;
  int tensor = -1;  // kTensor, kView, kWindow
  int root = -1;    // kView: the tensor whose bytes it shares
  int op = -1;      // kScratch: the op that requested it
  size_t bytes = 0;
  size_t offset = 0;        // in its pool (the arena with one)
  int pool = 0;             // memory pool (0 with one arena)
  int first = 0, last = 0;  // lifetime in op steps, inclusive
  int group = 0;            // in-place group number (1, 2, ...), 0 if none
};

struct PlanAnalysis {
  std::vector<PlanBuffer> buffers;  // tensors and views by index, then scratch
  int num_groups = 0;
  size_t peak = 0;   // highest end of a buffer (each rounded up to 4 bytes)
  int peak_op = -1;  // first op at which the peak is reached
  size_t lower_bound = 0;
  std::string strategy;  // the interpreter's winning strategy
  // Each strategy's peak on the plan's buffers (in-place groups merged),
  // recomputed with the planner; `recomputed_ok` says whether the best of
  // them equals the interpreter's peak.
  std::vector<std::pair<std::string, uint32_t>> strategy_peaks;
  bool recomputed_ok = false;
  size_t peak_without_inplace = 0;
  size_t inplace_ops = 0;
  // The patch-based stage: operators [stage_first, stage_last], -1 if none.
  int stage_first = -1, stage_last = -1;
  std::string stage_text;    // the grid, calls and recomputed rows
  int num_planned() const {  // tensors + scratch (views share bytes)
    int n = 0;
    for (const PlanBuffer& b : buffers) n += b.kind != PlanBuffer::kView ? 1 : 0;
    return n;
  }
};

PlanAnalysis AnalyzePlan(const Interpreter& interp, const ViewRecorder& views);

// Bytes of persistent data each op's prepare allocated (op data and scratch
// records), measured on a second interpreter whose kernels' prepare is
// wrapped between two marker allocations. -1 where it could not be measured.
std::vector<long long> MeasureOpData(const LoadedModel& model, size_t arena_bytes);

// The interpreter's own tables for `pointer_bytes`-sized pointers: one
// pointer per tensor, per operator and per opcode, each table 8-byte aligned.
size_t RuntimeTableBytes(const Model& m, size_t pointer_bytes);

// Output channels of an op whose op data may scale with them (CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED: the last dimension of output 0), else 0.
int OutputChannels(const Model& m, int op);

std::string HumanBytes(size_t bytes);  // "812 B", "4.5 KB", "1.20 MB"

int Plan(int argc, char** argv);
int Fit(int argc, char** argv);
int Ops(int argc, char** argv);

}  // namespace cli
}  // namespace circlet

#endif  // CIRCLET_TOOLS_CLI_MEMPLAN_H_
