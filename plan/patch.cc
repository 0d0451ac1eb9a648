// SPDX-License-Identifier: Apache-2.0
#include "plan/patch.h"

namespace circlet {

void StageInputRows(const StageShape& s, int k, int32_t r, int32_t* lo, int32_t* hi) {
  const RowMap& m = s.map[k];
  const int32_t a = r * m.stride - m.pad;
  const int32_t b = a + m.extent - 1;
  *lo = a < 0 ? 0 : a;
  *hi = b > s.rows[k] - 1 ? s.rows[k] - 1 : b;
}

bool StageNext(const StageShape& s, const StageCursor& c, StageCall* call) {
  int k = s.num_ops - 1;
  if (c.done[k + 1] >= s.rows[k + 1]) return false;
  for (;;) {
    const int32_t r = c.done[k + 1];
    int32_t lo, hi;
    StageInputRows(s, k, r, &lo, &hi);
    if (k == 0 || c.done[k] > hi) {
      call->op = k;
      call->row = r;
      call->in_lo = lo;
      call->in_hi = hi;
      call->out_base = r;
      if (k + 1 < s.num_ops) {
        // The reader's next row needs rows from its first input row on;
        // the window never moves back.
        int32_t next_lo, next_hi;
        StageInputRows(s, k + 1, c.done[k + 2], &next_lo, &next_hi);
        const int32_t base = next_lo < r ? next_lo : r;
        call->out_base = base > c.base[k + 1] ? base : c.base[k + 1];
      }
      return true;
    }
    --k;  // input row done[k] of operator k is missing: its producer runs
  }
}

void StageAdvance(StageCursor* c, const StageCall& call) {
  const int t = call.op + 1;
  c->base[t] = call.out_base;
  c->done[t] = call.row + 1;
}

void PlanStage(const StageShape& s, StagePlan* p) {
  const int n = s.num_ops;
  StageCursor c = {};
  for (int k = 0; k <= n; ++k) {
    p->window_rows[k] = 0;
    p->window_bytes[k] = 0;
  }
  p->calls = 0;
  p->recomputed_rows = 0;
  p->moved_bytes = 0;
  // TK's bytes written so far (from TK's start) and the offset bound.
  int64_t written = 0;
  int64_t bound = 0;
  bool bounded = false;
  StageCall call;
  while (StageNext(s, c, &call)) {
    ++p->calls;
    const int t = call.op + 1;
    if (call.op == 0) {
      // T0's rows from in_lo on are read now: TK's bytes written before
      // must end before them.
      const int64_t limit = static_cast<int64_t>(call.in_lo) * s.row_bytes[0] - written;
      if (!bounded || limit < bound) bound = limit;
      bounded = true;
    }
    if (t < n) {
      // The window keeps rows [out_base, row]: the older ones move down.
      const int32_t base = call.out_base;
      if (base > c.base[t] && call.row > base) {
        p->moved_bytes += static_cast<int64_t>(call.row - base) * s.row_bytes[t];
      }
      const int32_t rows = call.row - base + 1;
      if (rows > p->window_rows[t]) p->window_rows[t] = rows;
    } else {
      written = static_cast<int64_t>(call.row + 1) * s.row_bytes[n];
    }
    StageAdvance(&c, call);
  }
  for (int k = 1; k < n; ++k) {
    p->window_bytes[k] = static_cast<uint32_t>(p->window_rows[k]) * s.row_bytes[k];
  }
  p->output_offset = bounded && bound < 0 ? bound : 0;
}

}  // namespace circlet
