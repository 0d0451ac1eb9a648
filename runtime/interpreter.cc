// SPDX-License-Identifier: Apache-2.0
// Interpreter: prepare (kernels, lifetimes, plan). The invoke loop and the
// tensor lookups it makes are in invoke.cc; this file runs once per
// interpreter and is compiled for size (base/code_size.h).
//
// Arena layout after Prepare():
//
//   arena_                                               arena_ + arena_size_
//   | activations + scratch (planned) | ...free... | persistent (tables, op data) |
//   0                         activation peak        ^ grows down from the end
//
// During Prepare() the start of the arena also holds temporary per-tensor
// lifetime arrays and the planner's work area; they are dead once offsets
// are assigned, and tensors overwrite them.
#include "circlet/interpreter.h"

#include <cstring>

#include "base/checked_math.h"
#include "plan/lifetimes.h"
#include "plan/planner.h"
#include "runtime/op_context.h"
#include "runtime/patch.h"
#include "runtime/pools.h"
#include "runtime/records.h"

namespace circlet {

namespace {

constexpr size_t kTensorAlign = 8;      // arena offsets of tensors and scratch (int64 elements)
constexpr size_t kPersistentAlign = 8;  // op data may hold int64

static_assert(sizeof(void*) != 4 || (sizeof(TensorRecord) == 8 && sizeof(OpRecord) == 16),
              "records: 8 B per tensor and 16 B per operator on 32-bit targets");

// An operator's tensor list as a record holds it: the flatbuffer vector's
// first element (its length is the word before), or an empty list.
const int32_t* ListOf(const flatbuffers::Vector<int32_t>* v) {
  static const uint32_t kEmpty[1] = {0};
  return v != nullptr ? v->data() : reinterpret_cast<const int32_t*>(kEmpty + 1);
}

// Marks an opcode already reported as missing during ResolveKernels().
constexpr KernelReg kMissingKernel = {-1, 0, 0, 0, nullptr, nullptr};

}  // namespace

// Custom operators: weak defaults that runtime/custom_op.cc replaces when a
// program links it (circlet/op_resolver.h). Without it, no custom kernel is
// found and a missing one is listed without the hint.
extern "C" __attribute__((weak)) const KernelReg* circlet_resolve_custom(const OpResolver&,
                                                                         const Model&, int) {
  return nullptr;
}
extern "C" __attribute__((weak)) const char circlet_custom_missing_format[] = "%sCUSTOM '%s' v%d";

Interpreter::Interpreter(const Model& model, const OpResolver& resolver, uint8_t* arena,
                         size_t arena_size)
    : model_(&model), resolver_(&resolver), arena_(arena), arena_size_(arena_size) {}

void* Interpreter::AllocatePersistent(size_t bytes) {
  const size_t aligned = AlignUp(bytes, kPersistentAlign);
  if (persistent_overflow_ == 0 && aligned <= arena_size_ - persistent_used_) {
    persistent_used_ += aligned;
    uint8_t* p = arena_ + arena_size_ - persistent_used_;
    std::memset(p, 0, aligned);
    return p;
  }
  // Out of arena: keep counting so the final message can give the exact
  // size needed. The caller still gets writable memory: a "sink" at the
  // arena's start (unused during prepare), reset per operator, so kernels
  // can finish their prepare. Prepare fails at the end.
  persistent_overflow_ += aligned;
  const size_t room = arena_size_ - persistent_used_;
  if (sink_used_ + aligned > room) return nullptr;
  uint8_t* p = arena_ + sink_used_;
  sink_used_ += aligned;
  std::memset(p, 0, aligned);
  return p;
}

Status Interpreter::ArenaTooSmall(size_t needed_at_least, const char* what) const {
  return Status::Error(StatusCode::kArenaTooSmall,
                       "arena too small: %zu bytes given, %s needs %zu bytes", arena_size_, what,
                       needed_at_least);
}

Status Interpreter::SetInput(int i, const void* data, size_t bytes) {
  if (state_ != State::kPrepared) {
    return Status::Error(StatusCode::kBadState, "SetInput(%d) before a successful Prepare()", i);
  }
  if (i < 0 || i >= model_->num_inputs()) {
    return Status::Error(StatusCode::kInvalidArgument, "SetInput(%d): the model has %d inputs", i,
                         model_->num_inputs());
  }
  const TensorView t = input(i);
  if (data == nullptr || bytes != t.bytes()) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "SetInput(%d): %zu bytes given, input tensor %d '%s' (%s) holds %zu", i,
                         data == nullptr ? static_cast<size_t>(0) : bytes, t.index,
                         model_->tensor_name(t.index), DTypeName(t.type), t.bytes());
  }
  std::memcpy(t.data, data, bytes);
  return Status::Ok();
}

Status Interpreter::GetOutput(int i, void* data, size_t bytes) const {
  if (state_ != State::kPrepared) {
    return Status::Error(StatusCode::kBadState, "GetOutput(%d) before a successful Prepare()", i);
  }
  if (i < 0 || i >= model_->num_outputs()) {
    return Status::Error(StatusCode::kInvalidArgument, "GetOutput(%d): the model has %d outputs", i,
                         model_->num_outputs());
  }
  const TensorView t = output(i);
  if (data == nullptr || bytes != t.bytes()) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "GetOutput(%d): buffer of %zu bytes, output tensor %d '%s' (%s) holds %zu",
                         i, data == nullptr ? static_cast<size_t>(0) : bytes, t.index,
                         model_->tensor_name(t.index), DTypeName(t.type), t.bytes());
  }
  std::memcpy(data, t.data, bytes);
  return Status::Ok();
}

Status Interpreter::Prepare() {
  if (state_ != State::kCreated) {
    return Status::Error(StatusCode::kBadState, state_ == State::kPrepared
                                                    ? "Prepare() called twice on one interpreter"
                                                    : "interpreter failed before; make a new one");
  }
  // Memory pools (runtime/pools.cc) choose the pool of the persistent data
  // around PrepareImpl(); only that constructor links their code.
  Status s = pool_planner_ != nullptr ? pool_planner_->prepare(*this) : PrepareImpl();
  state_ = s.ok() ? State::kPrepared : State::kFailed;
  return s;
}

Status Interpreter::ResolveKernels() {
  const int nops = model_->num_operators();
  char missing[Status::kMaxMessage - 40];
  size_t n = 0;
  int count = 0;
  missing[0] = '\0';
  for (int op = 0; op < nops; ++op) {
    const int opc = model_->op_opcode_index(op);
    // Each opcode is resolved (or reported) once.
    if (kernels_[opc] != nullptr) continue;
    const int32_t code = model_->opcode_builtin(opc);
    const int version = model_->opcode_version(opc);
    const KernelReg* reg = code == opcode::CUSTOM ? circlet_resolve_custom(*resolver_, *model_, opc)
                                                  : resolver_->Find(code);
    if (reg != nullptr && version >= 1 && version <= reg->max_version) {
      kernels_[opc] = reg;
      continue;
    }
    kernels_[opc] = &kMissingKernel;
    ++count;
    const char* sep = count > 1 ? ", " : "";
    if (code == opcode::CUSTOM) {
      // (A CUSTOM opcode without a custom code shows as '(null)'.)
      n += Format(missing + n, sizeof(missing) - n, circlet_custom_missing_format, sep,
                  model_->opcode_custom_name(opc), version);
    } else if (reg == nullptr) {
      n += Format(missing + n, sizeof(missing) - n, "%s%s v%d", sep, BuiltinOpName(code), version);
    } else {
      n += Format(missing + n, sizeof(missing) - n, "%s%s v%d (kernel has v1-v%d)", sep,
                  BuiltinOpName(code), version, reg->max_version);
    }
  }
  if (count == 0) return Status::Ok();
  return Status::Error(StatusCode::kUnsupported, "%d operator%s not registered or unsupported: %s",
                       count, count > 1 ? "s" : "", missing);
}

void Interpreter::InitVariable(int t) {
  const TensorView v = model_->tensor_view(t);  // type, shape, zero point
  const size_t n = v.bytes();
  const fb::Buffer* b = model_->fb_model()->buffers()->Get(model_->fb_tensor(t)->buffer());
  if (b->data() != nullptr && b->data()->size() == n && n > 0) {
    std::memcpy(tensors_[t].data, b->data()->data(), n);
  } else {
    std::memset(tensors_[t].data, v.type == DType::kInt8 ? v.quant.zero_point() : 0, n);
  }
}

bool Interpreter::state_claimed(int t) const {
  return tensors_[t].data >= arena_ && tensors_[t].data < arena_ + arena_size_;
}

Status Interpreter::ResetState() {
  if (state_ != State::kPrepared) {
    return Status::Error(StatusCode::kBadState, "ResetState() before a successful Prepare()");
  }
  for (int t = 0; t < model_->num_tensors(); ++t) {
    if (model_->tensor_is_variable(t) && state_claimed(t)) InitVariable(t);
  }
  return Status::Ok();
}

Status Interpreter::PlanMemory(PrepareTemp& tp, bool use_inplace, size_t* peak_out, bool assign,
                               PatchStage* st) {
  const int nt = model_->num_tensors();
  const int merges = BuildInPlaceGroups(*model_, tp, use_inplace);
  // A patch-based stage (runtime/patch.h; its caller edited the
  // lifetimes): the stage's output may overlay its input; its windows are
  // planned after the scratch.
  const int nwindows = st != nullptr ? patch_hooks_->join(*this, tp, *st) : 0;
  // Buffers to plan: one per group head (a used, non-constant alias root
  // that heads its group), then every scratch request.
  auto is_member = [&](int t) {
    return tp.root[t] == t && tp.first[t] != kNone && !model_->tensor_is_constant(t);
  };
  auto is_head = [&](int t) { return is_member(t) && tp.group[t] == t; };
  size_t n = 0;
  for (int t = 0; t < nt; ++t) n += is_head(t) ? 1 : 0;
  size_t nscratch = 0;
  for (ScratchRecord* s = scratch_; s != nullptr; s = s->next) ++nscratch;
  const size_t total = n + nscratch + static_cast<size_t>(nwindows);
  const size_t items_offset = AlignUp(tp.bytes, 8);
  const size_t need = items_offset + total * sizeof(PlanItem) + PlanWorkBytes(total);
  if (need > arena_size_ - persistent_used_) {
    return ArenaTooSmall(need + persistent_used_, "Prepare()'s planning data (at least)");
  }
  PlanItem* items = reinterpret_cast<PlanItem*>(arena_ + items_offset);
  void* work = arena_ + items_offset + total * sizeof(PlanItem);
  size_t k = 0;
  for (int t = 0; t < nt; ++t) {
    if (!is_head(t)) continue;
    // The group's extent and lifetime: the union over its members (a
    // quadratic scan; tensor counts are bounded and groups are rare).
    uint32_t size = 0;
    int32_t first = tp.first[t], last = tp.last[t];
    for (int u = 0; u < nt; ++u) {
      if (tp.group[u] != t || !is_member(u)) continue;
      const uint32_t end =
          static_cast<uint32_t>(tp.rel[u]) + static_cast<uint32_t>(model_->tensor_bytes(u));
      if (end > size) size = end;
      if (tp.first[u] < first) first = tp.first[u];
      if (tp.last[u] > last) last = tp.last[u];
    }
    items[k].size = static_cast<uint32_t>(AlignUp(size, kTensorAlign));
    items[k].first = first;
    items[k].last = last;
    items[k].offset = 0;
    ++k;
  }
  size_t largest_scratch = 0;
  for (ScratchRecord* s = scratch_; s != nullptr; s = s->next) {
    items[k].size = static_cast<uint32_t>(AlignUp(s->size, kTensorAlign));
    items[k].first = s->op;
    items[k].last = s->op;
    items[k].offset = 0;
    if (s->size > largest_scratch) largest_scratch = s->size;
    ++k;
  }
  if (st != nullptr) patch_hooks_->windows(*st, items + k, nullptr);
  const PlanResult plan = PlanArena(items, total, work);
  *peak_out = plan.peak;
  if (!use_inplace) {
    // The lower bound is a property of the tensors, without in-place.
    report_.lower_bound_bytes = plan.lower_bound;
  }
  if (!assign) return Status::Ok();
  if (pool_planner_ != nullptr) {
    // Memory pools: the same items, assigned to pools and planned per pool.
    report_.scratch_bytes = largest_scratch;
    report_.inplace_ops = static_cast<size_t>(merges);
    return pool_planner_->plan(*this, tp, items, n, total, need, work, plan, st);
  }
  // The temporary area only overlaps activations, which are not live during
  // prepare; offsets are written to the persistent table below.
  if (plan.peak > kMaxBytes) {
    return Status::Error(StatusCode::kArenaTooSmall,
                         "arena too small: %zu bytes given, the plan needs more than %llu bytes "
                         "(over 2 GiB of live tensors)",
                         arena_size_, static_cast<unsigned long long>(kMaxBytes));
  }
  // The arena must also hold the temporary planning data while preparing.
  const size_t head = plan.peak > need ? plan.peak : need;
  const size_t used = AlignUp(head, kPersistentAlign) + persistent_used_;
  if (used > arena_size_) return ArenaTooSmall(used, "the plan");
  k = 0;
  for (int t = 0; t < nt; ++t) {
    if (is_head(t)) tensors_[t].data = arena_ + items[k++].offset;
  }
  for (ScratchRecord* s = scratch_; s != nullptr; s = s->next) s->offset = items[k++].offset;
  if (st != nullptr) patch_hooks_->windows(*st, items + k, arena_);
  LinkAliases(tp);
  report_.activation_bytes = plan.peak;
  report_.prepare_temp_bytes = need;
  report_.arena_bytes = AlignUp(head, kPersistentAlign) + persistent_used_;
  report_.scratch_bytes = largest_scratch;
  report_.planned_buffers = total;
  report_.inplace_ops = static_cast<size_t>(merges);
  report_.strategy = PlanStrategyName(plan.strategy);
  return Status::Ok();
}

void Interpreter::LinkAliases(const PrepareTemp& tp) {
  const int nt = model_->num_tensors();
  for (int t = 0; t < nt; ++t) {
    if (tp.root[t] == t && tp.group[t] != t && !model_->tensor_is_constant(t) &&
        tp.first[t] != kNone) {
      tensors_[t].data = tensors_[tp.group[t]].data + tp.rel[t];
    }
  }
  for (int t = 0; t < nt; ++t) {
    if (tp.group[t] == t && tp.root[t] == t && tp.first[t] != kNone &&
        !model_->tensor_is_constant(t) && tp.rel[t] != 0) {
      tensors_[t].data += tp.rel[t];  // a head shifted inside its own group
    }
  }
  for (int t = 0; t < nt; ++t) {
    if (tp.root[t] != t) tensors_[t].data = tensors_[tp.root[t]].data + tp.rel[t];
  }
}

Status Interpreter::PrepareImpl() {
  if (!model_->valid()) {
    return Status::Error(StatusCode::kInvalidArgument, "Prepare(): the model is not valid");
  }
  if (arena_ == nullptr || arena_size_ == 0) {
    return Status::Error(StatusCode::kInvalidArgument, "Prepare(): the arena is null or empty");
  }
  if ((reinterpret_cast<uintptr_t>(arena_) & (kPersistentAlign - 1)) != 0) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "Prepare(): the arena must be %zu-byte aligned", kPersistentAlign);
  }
  if (arena_size_ > kMaxBytes) arena_size_ = kMaxBytes;
  const int nt = model_->num_tensors();
  const int nops = model_->num_operators();
  const int nopc = model_->num_opcodes();
  tensors_ = static_cast<TensorRecord*>(AllocatePersistent(nt * sizeof(TensorRecord)));
  ops_ = static_cast<OpRecord*>(AllocatePersistent(nops * sizeof(OpRecord)));
  kernels_ = static_cast<const KernelReg**>(AllocatePersistent(nopc * sizeof(KernelReg*)));
  if (persistent_overflow_ != 0) {
    return ArenaTooSmall(persistent_used_ + persistent_overflow_, "the interpreter's tables alone");
  }
  report_.runtime_bytes = persistent_used_;
  num_ops_ = nops;
  // A record per tensor: its data, and its shape's position in the model
  // (a scalar without a shape points elsewhere: 0).
  const uint8_t* const base = model_->data();
  for (int t = 0; t < nt; ++t) {
    const TensorView v = model_->tensor_view(t);
    const size_t at = static_cast<size_t>(reinterpret_cast<const uint8_t*>(v.dims) - base);
    tensors_[t].data = static_cast<uint8_t*>(v.data);
    tensors_[t].info =
        (at < model_->size() ? static_cast<uint32_t>(at / 4u) : 0u) |
        (static_cast<uint32_t>(static_cast<uint8_t>(v.type) & 15u) << TensorRecord::kTypeShift) |
        (v.is_constant ? TensorRecord::kConstant : 0u);
  }
  for (int op = 0; op < nops; ++op) {
    const fb::Operator* fop = model_->fb_operator(op);
    ops_[op].inputs = ListOf(fop->inputs());
    ops_[op].outputs = ListOf(fop->outputs());
  }
  CIRCLET_RETURN_IF_ERROR(ResolveKernels());

  // Temporary per-tensor arrays at the arena's start.
  const size_t temp_bytes = PrepareTemp::Bytes(nt, nops);
  if (temp_bytes > arena_size_ - persistent_used_) {
    return ArenaTooSmall(temp_bytes + persistent_used_, "Prepare()'s planning data (at least)");
  }
  PrepareTemp tp;
  tp.Init(arena_, nt, nops);
  // Patch-based execution: room for the kernels' row maps.
  if (patch_hooks_ != nullptr) patch_hooks_->begin(*this, tp);
  tp.records = tensors_;
  temp_ = &tp;

  // Kernel prepare. The sink used on persistent overflow starts past the
  // temporary arrays so they survive.
  for (int op = 0; op < nops; ++op) {
    sink_used_ = AlignUp(temp_bytes, kPersistentAlign);
    const KernelReg* reg = kernels_[model_->op_opcode_index(op)];
    ops_[op].eval = reg->eval;
    OpContext ctx(this, op, true);
    CIRCLET_RETURN_IF_ERROR(ctx.CheckTableTypes(reg->types));
    CIRCLET_RETURN_IF_ERROR(ctx.CheckConstantAlignment(reg->unaligned64));
    if (reg->prepare != nullptr) CIRCLET_RETURN_IF_ERROR(reg->prepare(ctx));
  }
  temp_ = nullptr;
  // Lifetimes (and the graph's order and writers checked), with the views
  // kernels asked for. Kernels' prepare reads shapes and constants only.
  CIRCLET_RETURN_IF_ERROR(ComputeLifetimes(*model_, tp));
  if (prepare_observer_ != nullptr) {
    prepare_observer_->OnLifetimes(tp.first, tp.last, tp.root, nt);
  }
  if (patch_hooks_ != nullptr) patch_hooks_->collect(*this, tp);
  report_.persistent_bytes = persistent_used_ + persistent_overflow_;
  report_.op_data_bytes = report_.persistent_bytes - report_.runtime_bytes - report_.state_bytes;
  if (persistent_overflow_ != 0) {
    return ArenaTooSmall(persistent_used_ + persistent_overflow_,
                         "persistent data (before activations) at least");
  }
  // Plan without and with in-place execution; keep the smaller peak.
  size_t plain = 0, inplace = 0;
  CIRCLET_RETURN_IF_ERROR(PlanMemory(tp, false, &plain, false));
  CIRCLET_RETURN_IF_ERROR(PlanMemory(tp, true, &inplace, false));
  report_.activation_bytes_without_inplace = plain;
  report_.activation_bytes_without_patches = inplace < plain ? inplace : plain;
  if (patch_hooks_ != nullptr) {
    // Patch-based execution (runtime/patch.cc): plans and assigns when a
    // stage lowers the peak.
    bool planned = false;
    CIRCLET_RETURN_IF_ERROR(patch_hooks_->choose(
        *this, tp, inplace < plain, report_.activation_bytes_without_patches, &planned));
    if (planned) return Status::Ok();
  }
  CIRCLET_RETURN_IF_ERROR(PlanMemory(tp, inplace < plain, &inplace, true));
  return Status::Ok();
}

}  // namespace circlet
