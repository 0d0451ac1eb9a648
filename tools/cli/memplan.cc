// SPDX-License-Identifier: Apache-2.0
// The memory plan as the CLI reports it: see memplan.h.
#include "tools/cli/memplan.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>

#include "model/schema.h"
#include "plan/planner.h"
#include "runtime/op_context.h"
#include "runtime/patch.h"
#include "runtime/records.h"

namespace circlet {
namespace cli {

std::string HumanBytes(size_t bytes) {
  char buf[32];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof(buf), "%zu B", bytes);
  } else if (bytes < 1024 * 1024) {
    std::snprintf(buf, sizeof(buf), "%.1f KB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buf, sizeof(buf), "%.2f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buf;
}

size_t RuntimeTableBytes(const Model& m, size_t pointer_bytes) {
  return RuntimeTableBytesFor(static_cast<size_t>(m.num_tensors()),
                              static_cast<size_t>(m.num_operators()),
                              static_cast<size_t>(m.num_opcodes()), pointer_bytes);
}

int OutputChannels(const Model& m, int op) {
  const int code = m.op_code(op);
  if (code != opcode::CONV_2D && code != opcode::DEPTHWISE_CONV_2D &&
      code != opcode::FULLY_CONNECTED) {
    return 0;
  }
  const fb::Operator* fop = m.fb_operator(op);
  if (fop->outputs() == nullptr || fop->outputs()->size() == 0) return 0;
  const TensorView out = m.tensor_view(fop->outputs()->Get(0));
  return out.rank > 0 ? out.dims[out.rank - 1] : 0;
}

namespace {

// Union-find over buffer indices.
int Find(std::vector<int>& parent, int i) {
  while (parent[static_cast<size_t>(i)] != i) {
    parent[static_cast<size_t>(i)] = parent[static_cast<size_t>(parent[static_cast<size_t>(i)])];
    i = parent[static_cast<size_t>(i)];
  }
  return i;
}

}  // namespace

PlanAnalysis AnalyzePlan(const Interpreter& interp, const ViewRecorder& views) {
  const Model& m = interp.model();
  const int nt = m.num_tensors();
  const int nops = m.num_operators();
  const ArenaReport& rep = interp.report();
  PlanAnalysis a;
  a.lower_bound = rep.lower_bound_bytes;
  a.strategy = rep.strategy != nullptr ? rep.strategy : "";
  a.peak_without_inplace = rep.activation_bytes_without_inplace;
  a.inplace_ops = rep.inplace_ops;

  // Lifetimes and alias roots as Prepare() computed them (the interpreter
  // tells the recorder; nothing is recomputed here).
  const std::vector<int>& first = views.first;
  const std::vector<int>& last = views.last;
  const std::vector<int>& root = views.root;
  if (first.size() != static_cast<size_t>(nt)) return a;
  for (int t = 0; t < nt; ++t) {
    int64_t off = interp.tensor_offset(t);
    int pool = 0;
    if (interp.num_pools() > 0 && interp.prepared() && !m.tensor_is_constant(t)) {
      size_t in_pool = 0;  // memory pools: the offset in the tensor's pool
      pool = interp.pool_of(interp.tensor(t).data, &in_pool);
      off = pool >= 0 ? static_cast<int64_t>(in_pool) : -1;
    }
    if (off < 0) continue;
    PlanBuffer b;
    b.tensor = t;
    b.bytes = m.tensor_bytes(t);
    b.offset = static_cast<size_t>(off);
    b.pool = pool;
    const size_t r = static_cast<size_t>(root[static_cast<size_t>(t)]);
    if (static_cast<int>(r) != t) {
      b.kind = PlanBuffer::kView;
      b.root = static_cast<int>(r);
    }
    b.first = first[r];
    b.last = last[r];
    a.buffers.push_back(b);
  }
  // A patch-based stage: its input lives across it, its output from its
  // first operator on, and its intermediates have windows instead.
  if (const PatchStage* st = interp.patch_stage()) {
    const int n = st->shape.num_ops;
    a.stage_first = st->first_op;
    a.stage_last = st->first_op + n - 1;
    a.stage_text = std::to_string(rep.patch_grid_rows) + " x 1 one-row bands, " +
                   std::to_string(rep.patch_calls) + " calls, " +
                   std::to_string(rep.patch_recomputed_rows) + " recomputed rows";
    const int t0 = st->tensor[0], tk = st->tensor[n];
    const uint8_t* base =
        static_cast<const uint8_t*>(interp.tensor(tk).data) - interp.tensor_offset(tk);
    for (PlanBuffer& b : a.buffers) {
      if (b.tensor == t0 || (b.kind == PlanBuffer::kView && b.root == t0)) {
        b.last = std::max(b.last, a.stage_last);
      }
      if (b.tensor == tk) b.first = a.stage_first;
    }
    // Its buffers: window[0] the kept area (when it holds anything), the
    // others the intermediates' windows.
    for (int k = st->plan.window_bytes[0] > 0 ? 0 : 1; k < n; ++k) {
      PlanBuffer b;
      b.kind = k == 0 ? PlanBuffer::kKept : PlanBuffer::kWindow;
      if (k > 0) {
        b.tensor = st->tensor[k];
        b.op = st->first_op + k;  // its reader
      }
      b.bytes = st->plan.window_bytes[k];
      b.offset = static_cast<size_t>(st->window[k] - base);
      if (interp.num_pools() > 0) {
        size_t in_pool = 0;  // memory pools: the offset in the buffer's pool
        b.pool = interp.pool_of(st->window[k], &in_pool);
        b.offset = in_pool;
      }
      b.first = a.stage_first;
      b.last = a.stage_last;
      a.buffers.push_back(b);
    }
  }
  std::vector<const ScratchRecord*> scratch;
  for (const ScratchRecord* s = interp.scratch_buffers(); s != nullptr; s = s->next) {
    scratch.push_back(s);
  }
  for (const ScratchRecord* s : scratch) {
    PlanBuffer b;
    b.kind = PlanBuffer::kScratch;
    b.op = s->op;
    b.bytes = s->size;
    b.offset = s->offset;
    if (interp.num_pools() > 0) {
      size_t in_pool = 0;
      b.pool = interp.pool_of(interp.scratch_data(s), &in_pool);
      b.offset = in_pool;
    }
    b.first = b.last = s->op;
    a.buffers.push_back(b);
  }

  // In-place groups: planned tensors live at the same step whose bytes overlap.
  const size_t nb = a.buffers.size();
  std::vector<int> parent(nb);
  std::iota(parent.begin(), parent.end(), 0);
  for (size_t i = 0; i < nb; ++i) {
    const PlanBuffer& x = a.buffers[i];
    if (x.kind != PlanBuffer::kTensor || x.bytes == 0) continue;
    for (size_t j = i + 1; j < nb; ++j) {
      const PlanBuffer& y = a.buffers[j];
      if (y.kind != PlanBuffer::kTensor || y.bytes == 0) continue;
      const bool time = x.first <= y.last && y.first <= x.last;
      const bool mem =
          x.pool == y.pool && x.offset < y.offset + y.bytes && y.offset < x.offset + x.bytes;
      if (time && mem)
        parent[static_cast<size_t>(Find(parent, static_cast<int>(i)))] =
            Find(parent, static_cast<int>(j));
    }
  }
  std::vector<int> members(nb, 0), number(nb, 0);
  for (size_t i = 0; i < nb; ++i) ++members[static_cast<size_t>(Find(parent, static_cast<int>(i)))];
  for (size_t i = 0; i < nb; ++i) {
    const size_t r = static_cast<size_t>(Find(parent, static_cast<int>(i)));
    if (members[r] < 2) continue;
    if (number[r] == 0) number[r] = ++a.num_groups;
    a.buffers[i].group = number[r];
  }

  // Peak and the op where it is first reached.
  std::vector<size_t> top(static_cast<size_t>(std::max(nops, 1)), 0);
  for (const PlanBuffer& b : a.buffers) {
    if (b.kind == PlanBuffer::kView) continue;
    const size_t e = AlignUp(b.offset + b.bytes, 4);
    a.peak = std::max(a.peak, e);
    for (int s = std::max(b.first, 0); s <= b.last && s < static_cast<int>(top.size()); ++s) {
      top[static_cast<size_t>(s)] = std::max(top[static_cast<size_t>(s)], e);
    }
  }
  for (size_t s = 0; s < top.size() && nops > 0; ++s) {
    if (top[s] == a.peak && a.peak > 0) {
      a.peak_op = static_cast<int>(s);
      break;
    }
  }

  // The planner's items for this plan: one per in-place group (its extent
  // and the union of its lifetimes) or lone tensor, then the scratch
  // buffers; ordered as Prepare() orders them (group head: the member
  // written first).
  struct Item {
    int order;
    PlanItem item;
  };
  std::vector<Item> items;
  std::vector<int> group_item(static_cast<size_t>(a.num_groups + 1), -1);
  for (const PlanBuffer& b : a.buffers) {
    if (b.kind != PlanBuffer::kTensor) continue;
    const uint32_t size = static_cast<uint32_t>(b.bytes);
    if (b.group == 0) {
      items.push_back({b.tensor, PlanItem{static_cast<uint32_t>(AlignUp(size, 4)), b.first, b.last,
                                          static_cast<uint32_t>(b.offset)}});
      continue;
    }
    int& gi = group_item[static_cast<size_t>(b.group)];
    if (gi < 0) {
      gi = static_cast<int>(items.size());
      items.push_back({b.tensor, PlanItem{0, b.first, b.last, static_cast<uint32_t>(b.offset)}});
    }
    Item& it = items[static_cast<size_t>(gi)];
    // item.size holds the end until the pass below.
    it.item.size = std::max(it.item.size, static_cast<uint32_t>(b.offset + b.bytes));
    it.item.offset = std::min(it.item.offset, static_cast<uint32_t>(b.offset));
    if (b.first < it.item.first) it.order = b.tensor;
    it.item.first = std::min(it.item.first, b.first);
    it.item.last = std::max(it.item.last, b.last);
  }
  for (int g = 1; g <= a.num_groups; ++g) {
    const int gi = group_item[static_cast<size_t>(g)];
    if (gi < 0) continue;
    PlanItem& p = items[static_cast<size_t>(gi)].item;
    p.size = static_cast<uint32_t>(AlignUp(p.size - p.offset, 4));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& x, const Item& y) { return x.order < y.order; });
  std::vector<PlanItem> plan_items;
  for (const Item& it : items) plan_items.push_back(it.item);
  for (const PlanBuffer& b : a.buffers) {
    if (b.kind != PlanBuffer::kScratch) continue;
    plan_items.push_back(PlanItem{static_cast<uint32_t>(AlignUp(b.bytes, 4)), b.op, b.op,
                                  static_cast<uint32_t>(b.offset)});
  }
  for (const PlanBuffer& b : a.buffers) {
    if (b.kind != PlanBuffer::kWindow && b.kind != PlanBuffer::kKept) continue;
    plan_items.push_back(PlanItem{static_cast<uint32_t>(AlignUp(b.bytes, 8)), b.first, b.last,
                                  static_cast<uint32_t>(b.offset)});
  }
  std::vector<uint32_t> work(PlanWorkBytes(plan_items.size()) / 4 + 1);
  uint32_t best = UINT32_MAX;
  for (int s = 0; s < static_cast<int>(PlanStrategy::kCount); ++s) {
    std::vector<PlanItem> copy = plan_items;
    const uint32_t peak =
        PlanWithStrategy(copy.data(), copy.size(), static_cast<PlanStrategy>(s), work.data());
    a.strategy_peaks.emplace_back(PlanStrategyName(static_cast<PlanStrategy>(s)), peak);
    best = std::min(best, peak);
  }
  a.recomputed_ok = best == rep.activation_bytes && a.peak == rep.activation_bytes;
  return a;
}

namespace {

// MeasureOpData: the real kernels and the bytes each op's prepare allocated.
const Model* g_model = nullptr;
std::vector<long long>* g_op_bytes = nullptr;

Status WrappedPrepare(OpContext& ctx) {
  const KernelReg* real = AllOpsResolver().Find(g_model->op_code(ctx.op_index()));
  auto* before = static_cast<uint8_t*>(ctx.AllocatePersistent(8));
  Status s = real->prepare != nullptr ? real->prepare(ctx) : Status::Ok();
  auto* after = static_cast<uint8_t*>(ctx.AllocatePersistent(8));
  // Persistent data grows down from the arena's end.
  if (before != nullptr && after != nullptr && after < before) {
    (*g_op_bytes)[static_cast<size_t>(ctx.op_index())] = (before - after) - 8;
  }
  return s;
}

}  // namespace

std::vector<long long> MeasureOpData(const LoadedModel& lm, size_t arena_bytes) {
  const Model& m = lm.model;
  std::vector<long long> bytes(static_cast<size_t>(m.num_operators()), -1);
  const OpResolver& all = AllOpsResolver();
  static std::vector<KernelReg> wrapped(all.size());
  static std::vector<const KernelReg*> table(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    wrapped[i] = *all.at(i);
    wrapped[i].prepare = WrappedPrepare;
    table[i] = &wrapped[i];
  }
  const OpResolver resolver(table.data(), table.size());
  g_model = &m;
  g_op_bytes = &bytes;
  AlignedBuffer arena(arena_bytes);
  Interpreter interp(m, resolver, arena.data(), arena.size());
  const Status s = interp.Prepare();
  g_model = nullptr;
  g_op_bytes = nullptr;
  if (!s.ok()) std::fill(bytes.begin(), bytes.end(), -1);
  return bytes;
}

}  // namespace cli
}  // namespace circlet
