// SPDX-License-Identifier: Apache-2.0
// Several memory pools (Interpreter's pools constructor): the hooks the
// interpreter calls through a pointer that only that constructor sets, so
// that firmware built with one arena links none of runtime/pools.cc.
//
//   prepare  chooses the pool of the persistent data ("home"): the first
//            pool in which PrepareImpl() gets past its persistent data and
//            its own planning data; the interpreter's arena_ is that pool.
//   plan     called by PlanMemory() with the items of the one-arena plan
//            (group heads in tensor order, scratch buffers, a patch-based
//            stage's kept area and windows): puts each in a pool and plans
//            each pool with PlanArena (plan/planner.h).
#ifndef CIRCLET_RUNTIME_POOLS_H_
#define CIRCLET_RUNTIME_POOLS_H_

#include <cstddef>

#include "circlet/interpreter.h"
#include "plan/lifetimes.h"
#include "plan/planner.h"

namespace circlet {

struct PoolPlanner {
  Status (*prepare)(Interpreter& in);
  // items[0, heads): group heads in tensor order; then scratch buffers in
  // list order; then, with a patch-based stage `st` (else nullptr), its
  // kept area and windows (runtime/patch.h), up to items[total). `need`: the planning
  // data at the home pool's start; `work`: PlanWorkBytes(total) bytes;
  // `one_pool`: the plan of all items in one arena (their offsets are its).
  Status (*plan)(Interpreter& in, PrepareTemp& tp, PlanItem* items, size_t heads, size_t total,
                 size_t need, void* work, const PlanResult& one_pool, PatchStage* st);
};

}  // namespace circlet

#endif  // CIRCLET_RUNTIME_POOLS_H_
