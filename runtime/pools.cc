// SPDX-License-Identifier: Apache-2.0
// Several memory pools (Interpreter's pools constructor; runtime/pools.h).
// Only that constructor takes the address of kPoolPlanner, so a program that
// uses the one-arena constructor links none of this file (sections gc).
//
// What goes where:
//   - persistent data (the interpreter's tables, kernels' op data, state)
//     and Prepare()'s temporary planning data: the first pool that holds
//     them (the "home" pool; it is read on every Invoke(), for every op);
//     the planning data overlaps that pool's activations, as with one arena.
//   - planned buffers (tensors, in-place groups, scratch): by access
//     density, bytes read and written per inference per byte of buffer,
//     hottest first; scratch buffers before every tensor (kernels walk them
//     many times per op). Each goes to the first pool, fastest first, in
//     which its pool's plan with it still fits (first fit by pool).
//   - each pool is then planned by PlanArena (plan/planner.h) over its own
//     buffers, so lifetimes share bytes inside a pool as in one arena.
//
// The traffic model (PoolReport): every tensor is written once per
// inference by its producer (a graph input by the caller) and read once by
// each operator input that names it (a graph output also once by the
// caller); an operator's output that is a view of an input (RESHAPE...)
// moves no bytes; a scratch buffer is read and written once in full. A
// patch-based stage's window (runtime/patch.h) moves what its intermediate
// tensor would (written and read once), its kept area is read and written
// once in full; both rank with the scratch buffers.
#include "runtime/pools.h"

#include <cstring>

#include "base/checked_math.h"
#include "runtime/op_context.h"
#include "runtime/patch.h"
#include "runtime/records.h"

namespace circlet {

namespace {

constexpr uint32_t kNoItem = 0xFFFFFFFFu;
constexpr uint8_t kNoPool = 0xFF;

const char* PoolName(const MemoryPool* pools, int p) {
  static const char* const kDefault[kMaxMemoryPools] = {"pool0", "pool1", "pool2", "pool3"};
  return pools[p].name != nullptr ? pools[p].name : kDefault[p];
}

}  // namespace

struct PoolAccess {
  static Status Prepare(Interpreter& in);
  static Status Plan(Interpreter& in, PrepareTemp& tp, PlanItem* items, size_t heads, size_t total,
                     size_t need, void* work, const PlanResult& one_pool, PatchStage* st);

  // Back to the state of a new interpreter, before another home pool is tried.
  static void Reset(Interpreter& in) {
    in.tensors_ = nullptr;
    in.ops_ = nullptr;
    in.num_ops_ = 0;
    in.kernels_ = nullptr;
    in.scratch_ = nullptr;
    in.persistent_used_ = 0;
    in.persistent_overflow_ = 0;
    in.sink_used_ = 0;
    in.temp_ = nullptr;
    in.resources_ = nullptr;
    in.report_ = ArenaReport();
  }

  // The planned buffers, as PlanMemory() makes them.
  static bool IsMember(const Interpreter& in, const PrepareTemp& tp, int t) {
    return tp.root[t] == t && tp.first[t] != kNone && !in.model_->tensor_is_constant(t);
  }
  static bool IsHead(const Interpreter& in, const PrepareTemp& tp, int t) {
    return IsMember(in, tp, t) && tp.group[t] == t;
  }
  // Whether tensor t's bytes are planned (its alias root is a member).
  static bool Planned(const Interpreter& in, const PrepareTemp& tp, int t) {
    const int r = tp.root[t];
    return r != kNoTensor && r < in.model_->num_tensors() && IsMember(in, tp, r);
  }

  // Calls add(t, read, written) for every access of the traffic model.
  template <typename F>
  static void ForEachAccess(const Interpreter& in, const PrepareTemp& tp, F add) {
    const Model& m = *in.model_;
    for (int op = 0; op < in.num_ops_; ++op) {
      const OpRecord& r = in.ops_[op];
      const int ni = ListSize(r.inputs), no = ListSize(r.outputs);
      for (int j = 0; j < no; ++j) {
        const int o = r.outputs[j];
        if (o >= 0 && tp.root[o] == o) add(o, 0, m.tensor_bytes(o));
      }
      for (int i = 0; i < ni; ++i) {
        const int x = r.inputs[i];
        if (x < 0) continue;
        bool viewed = false;  // an output of this op is a view of x's bytes
        for (int j = 0; j < no; ++j) {
          const int o = r.outputs[j];
          viewed |= o >= 0 && tp.root[o] != o && tp.root[o] == tp.root[x];
        }
        if (!viewed) add(x, m.tensor_bytes(x), 0);
      }
    }
    for (int i = 0; i < m.num_inputs(); ++i)
      add(m.input_tensor(i), 0, m.tensor_bytes(m.input_tensor(i)));
    for (int i = 0; i < m.num_outputs(); ++i) {
      add(m.output_tensor(i), m.tensor_bytes(m.output_tensor(i)), 0);
    }
  }
};

namespace {
const PoolPlanner kPoolPlanner = {PoolAccess::Prepare, PoolAccess::Plan};
}  // namespace

Interpreter::Interpreter(const Model& model, const OpResolver& resolver, const MemoryPool* pools,
                         int num_pools)
    : model_(&model), resolver_(&resolver), arena_(nullptr), arena_size_(0) {
  pools_ = pools;
  pool_planner_ = &kPoolPlanner;
  num_pools_ = static_cast<uint8_t>(num_pools < 0 ? 0 : num_pools > 255 ? 255 : num_pools);
}

int Interpreter::pool_of(const void* p, size_t* offset) const {
  const uintptr_t a = reinterpret_cast<uintptr_t>(p);
  const int n = pool_planner_ != nullptr ? num_pools_ : 1;
  for (int i = 0; p != nullptr && i < n && i < kMaxMemoryPools; ++i) {
    const uintptr_t base = reinterpret_cast<uintptr_t>(pool_planner_ ? pools_[i].base : arena_);
    const size_t size = pool_planner_ != nullptr ? pools_[i].size : arena_size_;
    if (base != 0 && a >= base && a - base < size) {
      if (offset != nullptr) *offset = a - base;
      return i;
    }
  }
  return -1;
}

uint8_t* Interpreter::scratch_data(const ScratchRecord* s) const {
  if (s == nullptr || state_ != State::kPrepared) return nullptr;
  return reinterpret_cast<uint8_t*>(reinterpret_cast<uintptr_t>(arena_) + s->offset);
}

Status PoolAccess::Prepare(Interpreter& in) {
  const int np = in.num_pools_;
  const MemoryPool* pools = in.pools_;
  if (pools == nullptr || np < 1 || np > kMaxMemoryPools) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "Prepare(): %d memory pools given (1 to %d, as an array)",
                         pools == nullptr ? 0 : np, kMaxMemoryPools);
  }
  for (int i = 0; i < np; ++i) {
    const uintptr_t b = reinterpret_cast<uintptr_t>(pools[i].base);
    if (b == 0 || pools[i].size == 0) {
      return Status::Error(StatusCode::kInvalidArgument, "Prepare(): memory pool %d '%s' is %s", i,
                           PoolName(pools, i), b == 0 ? "null" : "empty");
    }
    if ((b & 7u) != 0) {
      return Status::Error(StatusCode::kInvalidArgument,
                           "Prepare(): memory pool %d '%s' must be 8-byte aligned", i,
                           PoolName(pools, i));
    }
    for (int j = 0; j < i; ++j) {
      const uintptr_t c = reinterpret_cast<uintptr_t>(pools[j].base);
      if (b < c + pools[j].size && c < b + pools[i].size) {
        return Status::Error(StatusCode::kInvalidArgument,
                             "Prepare(): memory pools %d '%s' and %d '%s' overlap", j,
                             PoolName(pools, j), i, PoolName(pools, i));
      }
    }
  }
  // The persistent data's pool: the first with room for it and the planning
  // data. A failure once buffers are being placed (report_.num_pools set)
  // says the most; keep the first such message, else the first pool's.
  char msg[Status::kMaxMessage];
  msg[0] = '\0';
  bool msg_placing = false;
  int msg_pool = 0;
  for (int home = 0; home < np; ++home) {
    Reset(in);
    in.home_pool_ = static_cast<uint8_t>(home);
    in.arena_ = pools[home].base;
    // Whole 8-byte units: the persistent data grows down from the end.
    in.arena_size_ = pools[home].size & ~static_cast<size_t>(7);
    Status s = in.PrepareImpl();
    if (s.ok() || s.code() != StatusCode::kArenaTooSmall) return s;
    const bool placing = in.report_.num_pools != 0;
    if (msg[0] == '\0' || (placing && !msg_placing)) {
      std::strncpy(msg, s.message(), sizeof(msg) - 1);
      msg[sizeof(msg) - 1] = '\0';
      msg_placing = placing;
      msg_pool = home;
    }
  }
  if (msg_placing) return Status::Error(StatusCode::kArenaTooSmall, "%s", msg);
  return Status::Error(StatusCode::kArenaTooSmall,
                       "no memory pool holds the persistent and planning data; pool '%s': %s",
                       PoolName(pools, msg_pool), msg);
}

Status PoolAccess::Plan(Interpreter& in, PrepareTemp& tp, PlanItem* items, size_t heads,
                        size_t total, size_t need, void* work, const PlanResult& one_pool,
                        PatchStage* st) {
  const Model& m = *in.model_;
  const int nt = m.num_tensors();
  const int np = in.num_pools_;
  const int home = in.home_pool_;
  const MemoryPool* pools = in.pools_;
  ArenaReport& rep = in.report_;
  const size_t room = in.arena_size_ - in.persistent_used_;  // the home pool's
  // A stage's buffers are the last items (runtime/patch.h): its kept area
  // (0), then its windows (1..K-1). A window holds one intermediate,
  // written once and read once by the next stage operator (as a tensor);
  // the kept area counts the same (its reads on later bands do not).
  const int nstage = st != nullptr ? st->shape.num_ops : 0;
  const size_t first_window = total - static_cast<size_t>(nstage);
  auto window_bytes = [&](int w) {
    return w == 0 ? st->plan.window_bytes[0] : m.tensor_bytes(st->tensor[w]);
  };
  // Bytes each pool has for planned buffers.
  size_t cap[kMaxMemoryPools];
  for (int p = 0; p < np; ++p) {
    cap[p] = (p == home ? room : pools[p].size) & ~static_cast<size_t>(7);
    if (cap[p] > kMaxBytes) cap[p] = kMaxBytes;
  }
  // With several pools, more planning data after `need` (home pool):
  //   rd, wr  per item: bytes read and written per inference
  //   sub, sub_index  one pool's items for PlanArena, and their indices
  //   item_of  per tensor: the item holding its bytes
  //   order  items, hottest first;  pool  per item: its pool
  size_t temp = need;
  size_t *rd = nullptr, *wr = nullptr;
  PlanItem* sub = nullptr;
  uint32_t *sub_index = nullptr, *item_of = nullptr, *order = nullptr;
  uint8_t* pool = nullptr;
  if (np > 1) {
    uint8_t* const b = in.arena_;
    size_t at = AlignUp(need, 8);
    rd = reinterpret_cast<size_t*>(b + at);
    at += total * sizeof(size_t);
    wr = reinterpret_cast<size_t*>(b + at);
    at += total * sizeof(size_t);
    sub = reinterpret_cast<PlanItem*>(b + at);
    at += total * sizeof(PlanItem);
    sub_index = reinterpret_cast<uint32_t*>(b + at);
    at += total * sizeof(uint32_t);
    item_of = reinterpret_cast<uint32_t*>(b + at);
    at += static_cast<size_t>(nt) * sizeof(uint32_t);
    order = reinterpret_cast<uint32_t*>(b + at);
    at += total * sizeof(uint32_t);
    pool = b + at;
    at += total;
    temp = at;
    if (temp > room) {
      return in.ArenaTooSmall(temp + in.persistent_used_, "Prepare()'s planning data (at least)");
    }
  }
  rep.num_pools = np;  // from here on, a failure is the placement's

  uint32_t peak[kMaxMemoryPools] = {};
  PlanStrategy strategy[kMaxMemoryPools] = {};
  auto pool_of = [&](size_t k) { return np == 1 ? 0 : static_cast<int>(pool[k]); };
  if (np == 1) {
    // The one-arena plan as it is (items hold its offsets).
    peak[0] = one_pool.peak;
    strategy[0] = one_pool.strategy;
    PoolReport& pr = rep.pools[0];
    ForEachAccess(in, tp, [&](int t, size_t r, size_t w) {
      if (!Planned(in, tp, t)) return;
      pr.read_bytes += r;
      pr.written_bytes += w;
    });
    for (ScratchRecord* s = in.scratch_; s != nullptr; s = s->next) {
      pr.read_bytes += s->size;
      pr.written_bytes += s->size;
    }
    for (int w = 0; w < nstage; ++w) {
      pr.read_bytes += window_bytes(w);
      pr.written_bytes += window_bytes(w);
    }
    const size_t head = one_pool.peak > need ? one_pool.peak : need;
    if (one_pool.peak > cap[0] || AlignUp(head, 8) > room) {
      return Status::Error(StatusCode::kArenaTooSmall,
                           "memory pool '%s' too small: %zu bytes given, the plan needs %zu bytes",
                           PoolName(pools, 0), pools[0].size,
                           AlignUp(head, 8) + in.persistent_used_);
    }
  } else {
    // Traffic per item.
    uint32_t k = 0;
    for (int t = 0; t < nt; ++t) item_of[t] = IsHead(in, tp, t) ? k++ : kNoItem;
    for (int t = 0; t < nt; ++t) {
      if (IsMember(in, tp, t) && tp.group[t] != t) item_of[t] = item_of[tp.group[t]];
    }
    for (int t = 0; t < nt; ++t) {
      if (tp.root[t] != t && Planned(in, tp, t)) item_of[t] = item_of[tp.root[t]];
    }
    for (size_t i = 0; i < total; ++i) rd[i] = wr[i] = 0;
    ForEachAccess(in, tp, [&](int t, size_t r, size_t w) {
      if (!Planned(in, tp, t) || item_of[t] == kNoItem) return;
      rd[item_of[t]] += r;
      wr[item_of[t]] += w;
    });
    size_t i = heads;
    for (ScratchRecord* s = in.scratch_; s != nullptr; s = s->next, ++i) rd[i] = wr[i] = s->size;
    for (int w = 0; w < nstage; ++w, ++i) rd[i] = wr[i] = window_bytes(w);

    // Hottest first: scratch and windows, then by density; ties by index
    // (deterministic).
    auto density = [&](uint32_t a) {
      return items[a].size == 0
                 ? 0.0f
                 : static_cast<float>(rd[a] + wr[a]) / static_cast<float>(items[a].size);
    };
    auto hotter = [&](uint32_t a, uint32_t b) {
      const bool sa = a >= heads, sb = b >= heads;
      if (sa != sb) return sa;
      if (!sa) {
        const float da = density(a), db = density(b);
        if (da != db) return da > db;
      }
      return a < b;
    };
    for (uint32_t j = 0; j < total; ++j) {
      order[j] = j;
      pool[j] = kNoPool;
    }
    for (size_t j = 1; j < total; ++j) {  // insertion sort: a few hundred items
      const uint32_t v = order[j];
      size_t q = j;
      while (q > 0 && hotter(v, order[q - 1])) {
        order[q] = order[q - 1];
        --q;
      }
      order[q] = v;
    }

    // One pool's items, in index order (as with one arena), into `sub`.
    auto gather = [&](int p) {
      size_t n = 0;
      for (uint32_t j = 0; j < total; ++j) {
        if (pool[j] != p) continue;
        sub[n] = items[j];
        sub_index[n++] = j;
      }
      return n;
    };
    uint64_t sum[kMaxMemoryPools] = {};  // sizes placed, without reuse
    for (size_t j = 0; j < total; ++j) {
      const uint32_t it = order[j];
      const uint32_t size = items[it].size;
      int chosen = -1;
      for (int p = 0; p < np && chosen < 0; ++p) {
        if (size > cap[p]) continue;
        if (sum[p] + size <= cap[p]) {
          chosen = p;  // fits even if nothing shared bytes
          break;
        }
        pool[it] = static_cast<uint8_t>(p);
        const size_t n = gather(p);
        if (PlanLowerBound(sub, n) <= cap[p] && PlanArena(sub, n, work).peak <= cap[p]) chosen = p;
        pool[it] = kNoPool;
      }
      if (chosen < 0) {
        char list[96];
        size_t w = 0;
        list[0] = '\0';
        for (int p = 0; p < np; ++p) {
          w += Format(list + w, sizeof(list) - w, "%s'%s' %zu B", p ? ", " : "", PoolName(pools, p),
                      cap[p]);
        }
        int what = -1;  // the head tensor of item `it`, or -1: scratch or window
        for (int t = 0, c = 0; t < nt && it < heads; ++t) {
          if (IsHead(in, tp, t) && static_cast<uint32_t>(c++) == it) what = t;
        }
        return Status::Error(StatusCode::kArenaTooSmall,
                             "memory pools too small: %s %d (%u B) fits none of %s; one pool "
                             "would need %u B of buffers",
                             what >= 0           ? "tensor"
                             : it < first_window ? "scratch of op"
                                                 : "patch-based stage's buffer at op",
                             what >= 0 ? what : static_cast<int>(items[it].first),
                             static_cast<unsigned>(size), list,
                             static_cast<unsigned>(one_pool.peak));
      }
      pool[it] = static_cast<uint8_t>(chosen);
      sum[chosen] += size;
    }
    // Each pool's final plan.
    for (int p = 0; p < np; ++p) {
      const size_t n = gather(p);
      const PlanResult r = PlanArena(sub, n, work);
      for (size_t q = 0; q < n; ++q) items[sub_index[q]].offset = sub[q].offset;
      peak[p] = r.peak;
      strategy[p] = r.strategy;
    }
    for (uint32_t j = 0; j < total; ++j) {
      rep.pools[pool[j]].read_bytes += rd[j];
      rep.pools[pool[j]].written_bytes += wr[j];
    }
  }

  // Data pointers: each head and scratch buffer in its pool.
  size_t k = 0;
  for (int t = 0; t < nt; ++t) {
    if (!IsHead(in, tp, t)) continue;
    in.tensors_[t].data = pools[pool_of(k)].base + items[k].offset;
    ++k;
  }
  for (ScratchRecord* s = in.scratch_; s != nullptr; s = s->next, ++k) {
    uint8_t* const p = pools[pool_of(k)].base + items[k].offset;
    s->offset = reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(in.arena_);
  }
  for (int w = 0; w < nstage; ++w, ++k) st->window[w] = pools[pool_of(k)].base + items[k].offset;
  in.LinkAliases(tp);

  // The report: per pool, and the sums.
  rep.activation_bytes = 0;
  rep.arena_bytes = 0;
  int widest = 0;
  for (int p = 0; p < np; ++p) {
    PoolReport& pr = rep.pools[p];
    pr.name = PoolName(pools, p);
    pr.activation_bytes = peak[p];
    pr.strategy = PlanStrategyName(strategy[p]);
    if (p == home) {
      const size_t head = peak[p] > temp ? peak[p] : temp;
      pr.persistent_bytes = in.persistent_used_;
      pr.used_bytes = AlignUp(head, 8) + in.persistent_used_;
    } else {
      pr.used_bytes = peak[p];
    }
    rep.activation_bytes += peak[p];
    rep.arena_bytes += pr.used_bytes;
    if (peak[p] > peak[widest]) widest = p;
  }
  rep.prepare_temp_bytes = temp;
  rep.planned_buffers = total;
  rep.strategy = PlanStrategyName(strategy[widest]);
  return Status::Ok();
}

}  // namespace circlet
