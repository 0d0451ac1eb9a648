// SPDX-License-Identifier: Apache-2.0
// Subgraphs of control-flow operators and resource variables (see
// runtime/subgraph.h for the memory layout).
#include "runtime/subgraph.h"

#include <cstring>
#include <new>

#include "base/code_size.h"

namespace circlet {

namespace {
uint32_t g_while_limit = kDefaultWhileIterationLimit;
}  // namespace

void SetWhileIterationLimit(uint32_t limit) {
  g_while_limit = limit;
}
uint32_t WhileIterationLimit() {
  return g_while_limit;
}

// The interpreter internals the control-flow operators need.
struct SubgraphAccess {
  static Interpreter* Of(const OpContext& ctx) { return ctx.interp_; }
  static Interpreter* Root(Interpreter* in) {
    while (in->parent_ != nullptr) in = in->parent_;
    return in;
  }
  static int Depth(const Interpreter* in) {
    int depth = 0;
    for (; in->parent_ != nullptr; in = in->parent_) ++depth;
    return depth;
  }
  // The free part of the parent's arena during its prepare, [*begin, *end).
  static void FreePart(const Interpreter* in, uint8_t** begin, uint8_t** end) {
    const uintptr_t start = reinterpret_cast<uintptr_t>(in->arena_ + in->sink_used_);
    *begin = reinterpret_cast<uint8_t*>((start + 7u) & ~static_cast<uintptr_t>(7u));
    *end = in->arena_ + in->arena_size_ - in->persistent_used_;
  }
  static bool Overflowed(const Interpreter* in) { return in->persistent_overflow_ != 0; }
  static size_t Persistent(const Interpreter* in) { return in->persistent_used_; }
  // Counts the child's persistent bytes, right below the parent's, as the
  // parent's (they are already there and filled: no clearing).
  static void Adopt(Interpreter* parent, size_t bytes) { parent->persistent_used_ += bytes; }
  static void Link(Interpreter* child, Interpreter* parent) { child->parent_ = parent; }
  static const OpResolver& Resolver(const Interpreter* in) { return *in->resolver_; }
  // Moves the child's activations (at its arena's start) to `base`.
  static void Rebase(Interpreter* in, uint8_t* base) {
    uint8_t* const old = in->arena_;
    const size_t n = in->report_.activation_bytes;
    for (int t = 0; t < in->model_->num_tensors(); ++t) {
      uint8_t* p = in->tensors_[t].data;
      if (p != nullptr && p >= old && p < old + n) in->tensors_[t].data = base + (p - old);
    }
    in->arena_ = base;
    in->arena_size_ = n;
  }
  static const uint8_t* Arena(const Interpreter* in) { return in->arena_; }
  static void*& Resources(Interpreter* in) { return in->resources_; }
};

namespace {

struct ResourceHandle {
  const Interpreter* interp;
  int32_t tensor;
  ResourceVar* var;
  ResourceHandle* next;
};

struct ResourceTable {
  ResourceVar* vars;
  ResourceHandle* handles;
};

}  // namespace

CIRCLET_COLD Status PrepareSubgraph(OpContext& ctx, int index, const char* role, SubgraphRun* out) {
  Interpreter* parent = SubgraphAccess::Of(ctx);
  if (SubgraphAccess::Depth(parent) + 1 > kMaxSubgraphDepth) {
    return ctx.Error(StatusCode::kUnsupported,
                     "%s subgraph %d: subgraphs nest more than %d deep (one that runs itself?)",
                     role, index, kMaxSubgraphDepth);
  }
  if (index == 0) {
    return ctx.Error(StatusCode::kInvalidModel, "%s subgraph 0 is the model's main subgraph", role);
  }
  void* model_mem = ctx.AllocatePersistent(sizeof(Model));
  void* interp_mem = ctx.AllocatePersistent(sizeof(Interpreter));
  if (model_mem == nullptr || interp_mem == nullptr || SubgraphAccess::Overflowed(parent)) {
    return ctx.Error(StatusCode::kArenaTooSmall, "%s subgraph %d: no room in the arena", role,
                     index);
  }
  Model* model = new (model_mem) Model();
  Status s = parent->model().Subgraph(index, model);
  if (!s.ok()) return ctx.Error(s.code(), "%s subgraph %d: %s", role, index, s.message());
  uint8_t *begin = nullptr, *end = nullptr;
  SubgraphAccess::FreePart(parent, &begin, &end);
  if (end <= begin + 64) {
    return ctx.Error(StatusCode::kArenaTooSmall, "%s subgraph %d: no room in the arena", role,
                     index);
  }
  auto* child = new (interp_mem) Interpreter(*model, SubgraphAccess::Resolver(parent), begin,
                                             static_cast<size_t>(end - begin));
  SubgraphAccess::Link(child, parent);
  s = child->Prepare();
  if (!s.ok()) return ctx.Error(s.code(), "%s subgraph %d: %s", role, index, s.message());
  // The child's persistent data ends where the parent's begins: adopt it.
  SubgraphAccess::Adopt(parent, SubgraphAccess::Persistent(child));
  out->interp = child;
  out->index = index;
  out->activations = nullptr;
  // The scratch holds the child's tensors at Invoke(). It is also as large
  // as the part of the arena the child's prepare used above the parent's
  // planning data (its activations or planning data, whichever is larger),
  // so that an arena of the size the report gives is enough to prepare.
  const ArenaReport& rep = child->report();
  const size_t child_head = rep.arena_bytes - SubgraphAccess::Persistent(child);
  const size_t at_prepare = static_cast<size_t>(begin - SubgraphAccess::Arena(parent)) + child_head;
  const size_t bytes = rep.activation_bytes > 0 && rep.activation_bytes > at_prepare
                           ? rep.activation_bytes
                           : at_prepare;
  CIRCLET_RETURN_IF_ERROR(ctx.RequestScratch(bytes, &out->activations));
  return Status::Ok();
}

CIRCLET_COLD Status CheckSubgraphSignature(OpContext& ctx, const SubgraphRun& run, const char* role,
                                           bool subgraph_outputs, bool op_outputs, int first) {
  const Interpreter& sub = *run.interp;
  const int n = subgraph_outputs ? sub.num_outputs() : sub.num_inputs();
  const int have = op_outputs ? ctx.num_outputs() : ctx.num_inputs();
  const char* sub_what = subgraph_outputs ? "output" : "input";
  const char* op_what = op_outputs ? "output" : "input";
  if (have - first != n) {
    return ctx.Error(StatusCode::kInvalidModel, "%s subgraph %d has %d %ss, the operator %d %ss",
                     role, run.index, n, sub_what, have - first, op_what);
  }
  for (int i = 0; i < n; ++i) {
    const TensorView a = subgraph_outputs ? sub.output(i) : sub.input(i);
    const TensorView b = op_outputs ? ctx.output(first + i) : ctx.input(first + i);
    if (b.index < 0) {
      return ctx.Error(StatusCode::kInvalidModel, "%s %d is missing (%s subgraph %d takes it)",
                       op_what, first + i, role, run.index);
    }
    if (a.data == nullptr && a.bytes() > 0) {
      return ctx.Error(StatusCode::kInvalidModel, "%s subgraph %d %s %d (tensor %d) has no data",
                       role, run.index, sub_what, i, a.index);
    }
    if (a.type != b.type || a.bytes() != b.bytes()) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "%s subgraph %d %s %d is %s of %zu bytes, the operator's %s %d (tensor "
                       "%d) %s of %zu",
                       role, run.index, sub_what, i, DTypeName(a.type), a.bytes(), op_what,
                       first + i, b.index, DTypeName(b.type), b.bytes());
    }
  }
  return Status::Ok();
}

Status RunSubgraph(OpContext& ctx, const SubgraphRun& run, bool from_op_outputs, int first,
                   bool copy_out) {
  Interpreter* sub = run.interp;
  if (run.activations != nullptr) {
    // The first run moves the subgraph's tensors into the operator's scratch.
    auto* base = static_cast<uint8_t*>(ctx.scratch(run.activations));
    if (base != SubgraphAccess::Arena(sub)) SubgraphAccess::Rebase(sub, base);
  }
  for (int i = 0; i < sub->num_inputs(); ++i) {
    const TensorView from = from_op_outputs ? ctx.output(first + i) : ctx.input(first + i);
    std::memcpy(sub->input(i).data, from.data, from.bytes());
  }
  CIRCLET_RETURN_IF_ERROR(sub->Invoke());
  if (!copy_out) return Status::Ok();
  for (int i = 0; i < sub->num_outputs(); ++i) {
    const TensorView to = ctx.output(i);
    std::memcpy(to.data, sub->output(i).data, to.bytes());
  }
  return Status::Ok();
}

CIRCLET_COLD Status BindResourceHandle(OpContext& ctx, int tensor, const char* container,
                                       const char* name) {
  Interpreter* in = SubgraphAccess::Of(ctx);
  void*& slot = SubgraphAccess::Resources(SubgraphAccess::Root(in));
  if (slot == nullptr) slot = ctx.AllocatePersistent(sizeof(ResourceTable));
  auto* table = static_cast<ResourceTable*>(slot);
  if (table == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for variables");
  ResourceVar* var = table->vars;
  while (var != nullptr &&
         (std::strcmp(var->container, container) != 0 || std::strcmp(var->name, name) != 0)) {
    var = var->next;
  }
  if (var == nullptr) {
    var = static_cast<ResourceVar*>(ctx.AllocatePersistent(sizeof(ResourceVar)));
    if (var == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for variables");
    var->container = container;
    var->name = name;
    var->next = table->vars;
    table->vars = var;
  }
  auto* h = static_cast<ResourceHandle*>(ctx.AllocatePersistent(sizeof(ResourceHandle)));
  if (h == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for variables");
  h->interp = in;
  h->tensor = tensor;
  h->var = var;
  h->next = table->handles;
  table->handles = h;
  return Status::Ok();
}

CIRCLET_COLD Status PrepareResourceAccess(OpContext& ctx, const TensorView& value) {
  Interpreter* in = SubgraphAccess::Of(ctx);
  const TensorView handle = ctx.input(0);
  if (handle.type != static_cast<DType>(kResourceType)) {
    return ctx.Error(StatusCode::kInvalidModel, "input 0 (tensor %d) is %s, not a resource",
                     handle.index, DTypeName(handle.type));
  }
  const auto* table =
      static_cast<const ResourceTable*>(SubgraphAccess::Resources(SubgraphAccess::Root(in)));
  const ResourceHandle* h = table != nullptr ? table->handles : nullptr;
  while (h != nullptr && (h->interp != in || h->tensor != handle.index)) h = h->next;
  if (h == nullptr) {
    return ctx.Error(StatusCode::kUnsupported,
                     "resource tensor %d does not come from a VAR_HANDLE before it in this "
                     "subgraph",
                     handle.index);
  }
  ResourceVar* var = h->var;
  const size_t bytes = value.bytes();
  if (var->data == nullptr) {
    var->data = static_cast<uint8_t*>(ctx.AllocatePersistent(bytes > 0 ? bytes : 1));
    if (var->data == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for variables");
    var->bytes = static_cast<uint32_t>(bytes);
    var->type = static_cast<int8_t>(value.type);
  } else if (var->bytes != bytes || var->type != static_cast<int8_t>(value.type)) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "variable '%s' holds %s of %lu bytes; tensor %d is %s of %zu bytes", var->name,
                     DTypeName(static_cast<DType>(var->type)),
                     static_cast<unsigned long>(var->bytes), value.index, DTypeName(value.type),
                     bytes);
  }
  auto** slot = ctx.AllocateOpData<ResourceVar*>();
  if (slot == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  *slot = var;
  return Status::Ok();
}

}  // namespace circlet
