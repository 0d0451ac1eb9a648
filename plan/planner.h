// SPDX-License-Identifier: Apache-2.0
// Arena offset planner.
//
// Input: buffers with a byte size and a lifetime [first, last] measured in
// operator steps (a tensor is live from the op that writes it to the last op
// that reads it; graph inputs from step 0 to their last reader, graph
// outputs to the last step;
// a kernel's scratch buffer only during its own op). Output: an offset for
// each buffer such that two buffers whose lifetimes overlap never overlap in
// memory, and the high-water mark (peak) is as low as the strategies find.
//
//   offset ^
//          |  +------+            +----+
//          |  |  t3  |      +-----| t7 |
//          |  +------+--+   | t5  +----+
//          |  |   t1    |   +-----+------+
//          |  +---------+---| t2 (reuses t1's bytes once t1 is dead)
//          +----------------------------------> op step
//
// Each strategy orders the buffers one way and places them one by one at the
// lowest offset where they fit between the already placed buffers that are
// live at the same time ("first fit by offset"). The strategies:
//   - largest size first (the classic greedy-by-size),
//   - longest lifetime first, ties by size,
//   - earliest first use, ties by size,
//   - largest size x lifetime area first.
// All run; the lowest peak wins (ties: the earlier strategy). The lower bound
// is the largest sum of sizes live at one step: no plan without in-place
// execution can beat it, and the report shows how close the plan gets.
//
// No heap: the caller passes the items and a work area of
// PlanWorkBytes(n) bytes.
#ifndef CIRCLET_PLAN_PLANNER_H_
#define CIRCLET_PLAN_PLANNER_H_

#include <cstddef>
#include <cstdint>

namespace circlet {

struct PlanItem {
  uint32_t size;    // bytes, already rounded to the arena alignment
  int32_t first;    // first op step (inclusive)
  int32_t last;     // last op step (inclusive)
  uint32_t offset;  // output
};

enum class PlanStrategy : uint8_t {
  kLargestFirst = 0,
  kLongestFirst,
  kEarliestFirst,
  kAreaFirst,
  kCount,
};
const char* PlanStrategyName(PlanStrategy s);

struct PlanResult {
  uint32_t peak = 0;         // bytes
  uint32_t lower_bound = 0;  // largest sum of simultaneously live sizes
  PlanStrategy strategy = PlanStrategy::kLargestFirst;
  uint32_t peaks[static_cast<int>(PlanStrategy::kCount)] = {};
};

size_t PlanWorkBytes(size_t n);

// Plans `n` items; `work` must hold PlanWorkBytes(n) bytes, 4-byte aligned.
PlanResult PlanArena(PlanItem* items, size_t n, void* work);

// Runs a single strategy (for tests and for the plan tool).
uint32_t PlanWithStrategy(PlanItem* items, size_t n, PlanStrategy s, void* work);

// Largest sum of sizes of items live at the same step.
uint32_t PlanLowerBound(const PlanItem* items, size_t n);

// True when no two items with overlapping lifetimes overlap in memory.
bool PlanIsValid(const PlanItem* items, size_t n);

}  // namespace circlet

#endif  // CIRCLET_PLAN_PLANNER_H_
