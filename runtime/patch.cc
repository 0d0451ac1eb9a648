// SPDX-License-Identifier: Apache-2.0
// Patch-based execution: choosing the stage at Prepare() and running it at
// Invoke() (runtime/patch.h, plan/patch.h). Linked only by
// EnablePatchExecution(). The choosing part is compiled for size like the
// rest of prepare; Run is compiled for speed.
#include "runtime/patch.h"

#include <cstring>

#include "base/checked_math.h"
#include "runtime/op_context.h"
#include "runtime/records.h"

namespace circlet {

namespace {

// Operators reading tensor t (any input slot).
int Readers(const Model& m, int t) {
  int n = 0;
  for (int op = 0; op < m.num_operators(); ++op) {
    const auto* ins = m.fb_operator(op)->inputs();
    if (ins == nullptr) continue;
    for (uint32_t j = 0; j < ins->size(); ++j) n += ins->Get(j) == t ? 1 : 0;
  }
  return n;
}

// A batch-1 rank-4 (NHWC) non-constant tensor with at least one row.
bool IsFeatureMap(const Model& m, int t) {
  if (t < 0 || m.tensor_is_constant(t)) return false;
  const TensorView v = m.tensor_view(t);
  return v.rank == 4 && v.dims[0] == 1 && v.dims[1] >= 1 && v.dims[1] <= 32767 &&
         m.tensor_bytes(t) > 0;
}

// Operator `op` can be a stage member: it may run on row bands, has one
// output, and input 0 is its only non-constant input.
bool CanJoin(const Model& m, const PrepareTemp& tp, int op) {
  if (tp.rows[op].extent == 0) return false;
  const fb::Operator* fop = m.fb_operator(op);
  if (fop->inputs() == nullptr || fop->inputs()->size() == 0 || fop->outputs() == nullptr ||
      fop->outputs()->size() != 1) {
    return false;
  }
  for (uint32_t j = 1; j < fop->inputs()->size(); ++j) {
    const int32_t t = fop->inputs()->Get(j);
    if (t >= 0 && !m.tensor_is_constant(t)) return false;
  }
  return IsFeatureMap(m, fop->inputs()->Get(0)) && IsFeatureMap(m, fop->outputs()->Get(0));
}

int InputOf(const Model& m, int op) {
  return m.fb_operator(op)->inputs()->Get(0);
}
int OutputOf(const Model& m, int op) {
  return m.fb_operator(op)->outputs()->Get(0);
}

// The first chain of operators that can run on row bands: *first and its
// length (0: none). Each link tensor is read by the next operator only,
// is its own alias root and no graph output.
int FindChain(const Model& m, const PrepareTemp& tp, int* first) {
  for (int s = 0; s < m.num_operators(); ++s) {
    if (!CanJoin(m, tp, s)) continue;
    int len = 1;
    while (len < kMaxStageOps && s + len < m.num_operators()) {
      const int op = s + len;
      const int t = OutputOf(m, op - 1);
      if (!CanJoin(m, tp, op) || InputOf(m, op) != t || tp.root[t] != t || Readers(m, t) != 1 ||
          IsGraphOutput(m, t)) {
        break;
      }
      ++len;
    }
    if (len >= 2) {
      *first = s;
      return len;
    }
  }
  return 0;
}

// Lifetime edits for planning with a stage, undone afterwards.
struct StageEdits {
  uint16_t t0_last, tk_first;
  uint16_t first[kMaxStageOps + 1];
  uint8_t inplace[kMaxStageOps];
};

void EditForStage(PrepareTemp& tp, const PatchStage& st, StageEdits* e) {
  const int n = st.shape.num_ops;
  const uint16_t r0 = tp.root[st.tensor[0]];
  const uint16_t end = static_cast<uint16_t>(st.first_op + n - 1);
  e->t0_last = tp.last[r0];
  if (tp.last[r0] < end) tp.last[r0] = end;
  e->tk_first = tp.first[st.tensor[n]];
  tp.first[st.tensor[n]] = static_cast<uint16_t>(st.first_op);
  for (int k = 1; k < n; ++k) {
    e->first[k] = tp.first[st.tensor[k]];
    tp.first[st.tensor[k]] = kNone;  // not planned: its window is
  }
  for (int k = 0; k < n; ++k) {
    e->inplace[k] = tp.inplace[st.first_op + k];
    tp.inplace[st.first_op + k] = 0;
  }
}

void RestoreAfterStage(PrepareTemp& tp, const PatchStage& st, const StageEdits& e) {
  const int n = st.shape.num_ops;
  for (int k = 0; k < n; ++k) tp.inplace[st.first_op + k] = e.inplace[k];
  for (int k = n - 1; k >= 1; --k) tp.first[st.tensor[k]] = e.first[k];
  tp.first[st.tensor[n]] = e.tk_first;
  tp.last[tp.root[st.tensor[0]]] = e.t0_last;
}

// Fills `st` for the chain's first `num_ops` operators from `first`.
void MakeStage(const Model& m, const PrepareTemp& tp, int num_ops, PatchStage* st) {
  const int first = tp.chain->first;
  std::memset(st, 0, sizeof(*st));
  st->first_op = first;
  st->shape.num_ops = num_ops;
  for (int k = 0; k <= num_ops; ++k) {
    const int t = k < num_ops ? InputOf(m, first + k) : OutputOf(m, first + num_ops - 1);
    st->tensor[k] = t;
    const int32_t rows = m.tensor_view(t).dims[1];
    st->shape.rows[k] = rows;
    st->shape.row_bytes[k] = static_cast<uint32_t>(m.tensor_bytes(t) / static_cast<size_t>(rows));
    if (k < num_ops) st->shape.map[k] = tp.chain->map[k];
  }
  PlanStage(st->shape, &st->plan);
  // The kept area (runtime/patch.h): the operators' kept bytes side by side.
  for (int k = 0; k < num_ops; ++k) {
    st->plan.window_bytes[0] += static_cast<uint32_t>(AlignUp(tp.chain->band[k].kept, 8));
  }
  // The output may overlay the input when only the stage's first operator
  // reads it (its bytes are dead once the stage has read them).
  const int t0 = st->tensor[0];
  st->overlay = tp.root[t0] == t0 && tp.last[t0] == first && !IsGraphOutput(m, t0);
}

// The chain's operators' scratch for one band.
void BandScratch(const StageChain& c, uint32_t* sizes) {
  for (int k = 0; k < c.len; ++k) sizes[k] = c.band[k].scratch;
}

// Exchanges the size of each stage operator's first scratch record (the
// convolutions have one) with sizes[k]. Shrinking (sizes: the one-row band
// sizes, OpContext::AllowRowWindows) a record never grows; `sizes` then
// holds the old sizes, and a second call puts them back.
void ExchangeScratch(ScratchRecord* list, const PatchStage& st, uint32_t* sizes, bool shrink) {
  bool seen[kMaxStageOps] = {};
  for (ScratchRecord* r = list; r != nullptr; r = r->next) {
    const int k = r->op - st.first_op;
    if (k < 0 || k >= st.shape.num_ops || seen[k]) continue;
    seen[k] = true;
    const uint32_t size = r->size;
    r->size = shrink && sizes[k] > size ? size : sizes[k];
    sizes[k] = size;
  }
}

// OpContext::AllowRowWindows() during the kernels' prepare: op's row map,
// one-row band scratch and kept bytes, unless a value does not fit RowMap
// or the kept bytes exceed 16 MiB (kMaxStageOps of them sum within 32 bits).
void KeepRows(PrepareTemp& tp, int op, int stride, int pad, int extent, size_t row_scratch,
              size_t kept) {
  if (stride < 1 || stride > 255 || pad < 0 || pad > 255 || extent < 1 || extent > 65535 ||
      pad >= extent || kept > 0xFFFFFFu) {
    return;
  }
  tp.rows[op] = RowMap{static_cast<uint16_t>(extent), static_cast<uint8_t>(stride),
                       static_cast<uint8_t>(pad)};
  tp.band[op].scratch =
      row_scratch < 0xFFFFFFFFu ? static_cast<uint32_t>(row_scratch) : 0xFFFFFFFFu;
  tp.band[op].kept = static_cast<uint32_t>(kept);
}

}  // namespace

struct PatchAccess {
  static Status PlanWith(Interpreter& in, PrepareTemp& tp, bool use_inplace, size_t* peak,
                         bool assign, PatchStage* st) {
    StageEdits e;
    EditForStage(tp, *st, &e);
    const Status s = in.PlanMemory(tp, use_inplace, peak, assign, st);
    RestoreAfterStage(tp, *st, e);
    return s;
  }

  CIRCLET_COLD static void Begin(Interpreter& in, PrepareTemp& tp) {
    const size_t nops = static_cast<size_t>(in.model_->num_operators());
    const size_t at = AlignUp(tp.bytes, 8);
    if (at + PrepareTemp::RowBytes(nops) > in.arena_size_ - in.persistent_used_) return;
    tp.band = reinterpret_cast<BandBytes*>(in.arena_ + at);
    tp.rows = reinterpret_cast<RowMap*>(tp.band + nops);
    std::memset(tp.rows, 0, nops * sizeof(RowMap));
    tp.row_sink = KeepRows;
  }

  CIRCLET_COLD static void Collect(Interpreter& in, PrepareTemp& tp) {
    if (tp.rows == nullptr) return;  // no room for the row maps
    const Model& m = *in.model_;
    const int nops = m.num_operators();
    const size_t at = AlignUp(tp.bytes, 8);
    StageChain c;
    // Not when persistent data reached the row maps (then their values are
    // not the kernels') or the arena is already short of it.
    const bool intact = in.persistent_overflow_ == 0 &&
                        at + PrepareTemp::RowBytes(nops) <= in.arena_size_ - in.persistent_used_;
    c.len = intact ? FindChain(m, tp, &c.first) : 0;
    if (c.len >= 2) {
      for (int k = 0; k < c.len; ++k) {
        c.map[k] = tp.rows[c.first + k];
        c.band[k] = tp.band[c.first + k];
      }
      std::memcpy(in.arena_ + at, &c, sizeof(c));
      tp.chain = reinterpret_cast<const StageChain*>(in.arena_ + at);
      tp.bytes = at + sizeof(c);
    }
    tp.rows = nullptr;  // overwritten from here on
    tp.band = nullptr;
    tp.row_sink = nullptr;
  }

  CIRCLET_COLD static Status Choose(Interpreter& in, PrepareTemp& tp, bool use_inplace, size_t peak,
                                    bool* planned) {
    *planned = false;
    const Model& m = *in.model_;
    // With memory pools (runtime/pools.cc) the stage is chosen by the same
    // one-arena peak; the pools then place its windows with the rest.
    if (tp.chain == nullptr) return Status::Ok();
    const int first = tp.chain->first, len = tp.chain->len;
    // The candidate sits in the temporary area, after the chain.
    const size_t temp0 = tp.bytes, at = AlignUp(temp0, 8);
    if (at + sizeof(PatchStage) > in.arena_size_ - in.persistent_used_) return Status::Ok();
    auto* cand = reinterpret_cast<PatchStage*>(in.arena_ + at);
    tp.bytes = at + sizeof(PatchStage);
    uint32_t sizes[kMaxStageOps];
    size_t best = peak;
    int best_ops = 0;
    for (int ops = 2; ops <= len; ++ops) {
      MakeStage(m, tp, ops, cand);
      BandScratch(*tp.chain, sizes);
      ExchangeScratch(in.scratch_, *cand, sizes, true);
      size_t p = 0;
      const bool ok = PlanWith(in, tp, use_inplace, &p, false, cand).ok();
      ExchangeScratch(in.scratch_, *cand, sizes, false);
      // The stage's own record counts against it.
      if (ok && p + AlignUp(sizeof(PatchStage), 8) < best) {
        best = p + AlignUp(sizeof(PatchStage), 8);
        best_ops = ops;
      }
    }
    tp.bytes = temp0;  // the candidate is done with
    if (in.patch_hooks_->always) best_ops = len;
    if (best_ops == 0) return Status::Ok();
    auto* st = static_cast<PatchStage*>(in.AllocatePersistent(sizeof(PatchStage)));
    if (in.persistent_overflow_ != 0 || st == nullptr) {
      return in.ArenaTooSmall(in.persistent_used_ + in.persistent_overflow_,
                              "persistent data with the patch-based stage (at least)");
    }
    MakeStage(m, tp, best_ops, st);
    BandScratch(*tp.chain, sizes);
    ExchangeScratch(in.scratch_, *st, sizes, true);  // for good: eval gets these sizes
    size_t p = 0;
    CIRCLET_RETURN_IF_ERROR(PlanWith(in, tp, use_inplace, &p, true, st));
    in.stage_ = st;
    // The first operator's eval runs the stage; the others' are cleared.
    uint8_t* kept = st->window[0];
    for (int k = 0; k < best_ops; ++k) {
      st->eval[k] = in.ops_[first + k].eval;
      in.ops_[first + k].eval = k == 0 ? Run : nullptr;
      st->kept[k] = kept;
      kept += AlignUp(tp.chain->band[k].kept, 8);
    }
    st->in_dims[0] = st->out_dims[0] = 1;
    st->out_dims[1] = 1;
    st->window_of_call.in_dims = st->in_dims;
    st->window_of_call.out_dims = st->out_dims;
    st->t0_data = in.tensors_[st->tensor[0]].data;
    st->tk_data = in.tensors_[st->tensor[best_ops]].data;
    ArenaReport& r = in.report_;
    r.runtime_bytes += AlignUp(sizeof(PatchStage), 8);
    r.persistent_bytes = in.persistent_used_;
    r.patch_first_op = first;
    r.patch_ops = best_ops;
    r.patch_grid_rows = st->shape.rows[best_ops];
    r.patch_calls = static_cast<size_t>(st->plan.calls);
    r.patch_recomputed_rows = static_cast<size_t>(st->plan.recomputed_rows);
    r.patch_moved_bytes = static_cast<size_t>(st->plan.moved_bytes);
    r.patch_window_bytes = 0;
    for (int k = 1; k < best_ops; ++k) r.patch_window_bytes += AlignUp(st->plan.window_bytes[k], 8);
    *planned = true;
    return Status::Ok();
  }

  CIRCLET_COLD static int Join(const Interpreter& in, PrepareTemp& tp, const PatchStage& st) {
    const int n = st.shape.num_ops;
    if (st.overlay) {
      JoinGroup(tp, in.model_->num_tensors(), st.tensor[0], st.tensor[n],
                static_cast<int32_t>(st.plan.output_offset));
    }
    return n;
  }

  // The stage's buffers, each live across the whole stage: item w is
  // window w (intermediate T1..TK-1), item 0 the kept area (runtime/patch.h).
  CIRCLET_COLD static void Windows(PatchStage& st, PlanItem* items, uint8_t* base) {
    const int n = st.shape.num_ops;
    for (int w = 0; w < n; ++w) {
      PlanItem& it = items[w];
      if (base != nullptr) {
        st.window[w] = base + it.offset;
        continue;
      }
      it.size = static_cast<uint32_t>(AlignUp(st.plan.window_bytes[w], 8));
      it.first = st.first_op;
      it.last = st.first_op + n - 1;
      it.offset = 0;
    }
  }

  // The stage's first operator's eval: runs the whole stage (the others'
  // evals are cleared; Invoke() skips them).
  CIRCLET_SPEED static Status Run(OpContext& ctx) {
    // Few locals: this frame sits under every kernel's (stack budget).
    Interpreter& in = *ctx.interp_;
    PatchStage& st = *in.stage_;
    const int n = st.shape.num_ops;
    TensorRecord* const tr = in.tensors_;
    StageCursor& c = st.cursor;
    StageCall& call = st.call;
    std::memset(&c, 0, sizeof(c));
    Status s = Status::Ok();
    while (StageNext(st.shape, c, &call)) {
      const int k = call.op;
      Band(in, st, k);
      // The stage's first operator's context serves every call.
      ctx.op_ = st.first_op + k;
      ctx.rec_ = &in.ops_[ctx.op_];
      ctx.window_ = &st.window_of_call;
      s = st.eval[k](ctx);
      if (!s.ok()) break;
      StageAdvance(&c, call);
    }
    tr[st.tensor[0]].data = st.t0_data;
    tr[st.tensor[n]].data = st.tk_data;
    return s;
  }

  // Points operator k's input and output records at the current call's
  // rows and fills the band's shapes (a window first drops the rows its
  // reader is done with).
  CIRCLET_SPEED __attribute__((noinline)) static void Band(Interpreter& in, PatchStage& st, int k) {
    const StageShape& sh = st.shape;
    const StageCall& call = st.call;
    const StageCursor& c = st.cursor;
    const int n = sh.num_ops, t = k + 1;
    TensorRecord* const tr = in.tensors_;
    uint8_t* out;
    if (t < n) {
      if (call.out_base > c.base[t] && call.row > call.out_base) {
        std::memmove(st.window[t], st.window[t] + (call.out_base - c.base[t]) * sh.row_bytes[t],
                     static_cast<size_t>(call.row - call.out_base) * sh.row_bytes[t]);
      }
      out = st.window[t] + (call.row - call.out_base) * sh.row_bytes[t];
    } else {
      out = st.tk_data + call.row * sh.row_bytes[n];
    }
    const auto* model = reinterpret_cast<const int32_t*>(in.model_->data());
    const int32_t* din = model + (tr[st.tensor[k]].info & TensorRecord::kShapeMask);
    const int32_t* dout = model + (tr[st.tensor[t]].info & TensorRecord::kShapeMask);
    st.in_dims[1] = call.in_hi - call.in_lo + 1;
    st.in_dims[2] = din[2];
    st.in_dims[3] = din[3];
    st.out_dims[2] = dout[2];
    st.out_dims[3] = dout[3];
    tr[st.tensor[k]].data = k == 0 ? st.t0_data + call.in_lo * sh.row_bytes[0]
                                   : st.window[k] + (call.in_lo - c.base[k]) * sh.row_bytes[k];
    tr[st.tensor[t]].data = out;
    st.window_of_call.in_row0 = call.in_lo;
    st.window_of_call.out_row0 = call.row;
    st.window_of_call.kept = st.kept[k];
  }
};

void EnablePatchExecution(Interpreter& interp, bool always) {
  static const PatchHooks kHooks[2] = {
      {PatchAccess::Begin, PatchAccess::Collect, PatchAccess::Choose, PatchAccess::Join,
       PatchAccess::Windows, false},
      {PatchAccess::Begin, PatchAccess::Collect, PatchAccess::Choose, PatchAccess::Join,
       PatchAccess::Windows, true}};
  if (interp.state_ == Interpreter::State::kCreated && interp.parent_ == nullptr) {
    interp.patch_hooks_ = &kHooks[always ? 1 : 0];
  }
}

}  // namespace circlet
