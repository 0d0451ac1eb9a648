// SPDX-License-Identifier: Apache-2.0
/// @file
/// circlet::Interpreter — runs a Model in a caller-owned arena.
///
/// circlet::Model model;
/// Status s = circlet::Model::Create(bytes, size, &model);
/// alignas(16) static uint8_t arena[64 * 1024];
/// circlet::Interpreter interp(model, circlet::AllOpsResolver(), arena, sizeof(arena));
/// s = interp.Prepare();            // shapes, kernel prepare, memory plan
/// memcpy(interp.input(0).data, input, interp.input(0).bytes());
/// s = interp.Invoke();             // runs every operator; no allocation
/// const int8_t* out = interp.output(0).as<int8_t>();
///
/// Everything the interpreter keeps lives in the arena: persistent data
/// (tables, kernels' precomputed parameters) at its end, tensors and scratch
/// buffers at its start at offsets chosen by the planner (plan/planner.h).
///
/// Several memory pools instead of one arena (fast DTCM, SRAM, external
/// SDRAM: docs/mcu.md, "Memory pools"), fastest first:
///
/// alignas(8) static uint8_t dtcm[48 * 1024] __attribute__((section(".dtcm_pool")));
/// alignas(8) static uint8_t sdram[1 << 20] __attribute__((section(".sdram_pool")));
/// static const circlet::MemoryPool pools[] = {{dtcm, sizeof(dtcm), "dtcm"},
///                                             {sdram, sizeof(sdram), "sdram"}};
/// circlet::Interpreter interp(model, resolver, pools, 2);
///
/// The buffers read and written most per byte go to the first pool that
/// holds them, the rest spill to the next ones; report().pools[] gives each
/// pool's bytes and its traffic per inference.
#ifndef CIRCLET_INTERPRETER_H_
#define CIRCLET_INTERPRETER_H_

#include <cstddef>
#include <cstdint>

#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "circlet/tensor.h"

namespace circlet {

struct ScratchRecord;
struct TensorRecord;
struct OpRecord;
struct PrepareTemp;
struct SubgraphAccess;
struct PatchStage;
struct PatchHooks;
struct PatchAccess;
struct PoolAccess;
struct PoolPlanner;

/// A WHILE operator stops with an error after this many iterations of its
/// body in one Invoke(), so that a model whose loop never ends cannot hang
/// the device (SECURITY.md).
constexpr uint32_t kDefaultWhileIterationLimit = 1000000;
/// Changes that cap for every interpreter (0: no iteration allowed).
void SetWhileIterationLimit(uint32_t limit);

/// Hooks called around every operator during Invoke() (profiling, dumps).
class InvokeObserver {
 public:
  /// Before operator `op` runs.
  virtual void OnOpBegin(int op) { (void)op; }
  /// After operator `op` ran (its outputs are valid now).
  virtual void OnOpEnd(int op) { (void)op; }

 protected:
  ~InvokeObserver() = default;
};

/// Told, during Prepare(), of every view a kernel asks for (OpContext::
/// ViewOutput) and of the tensor lifetimes the plan is made from: `circlet
/// plan` reports the interpreter's own figures instead of recomputing them.
class PrepareObserver {
 public:
  /// Operator `op`'s output `out_tensor` is a view of `in_tensor` from
  /// `byte_offset` on (no bytes of its own).
  virtual void OnView(int op, int out_tensor, int in_tensor, size_t byte_offset) = 0;
  /// Per tensor: first and last op of its alias root's lifetime (0xFFFF:
  /// unused or constant) and the alias root (views share their root's bytes).
  virtual void OnLifetimes(const uint16_t* first, const uint16_t* last, const uint16_t* root,
                           int num_tensors) = 0;

 protected:
  ~PrepareObserver() = default;
};

/// One region of memory an interpreter may use (Interpreter's pools
/// constructor): `base` 8-byte aligned, `size` bytes, `name` for reports
/// and messages ("dtcm", "sram", "sdram"; nullptr: "pool<i>").
struct MemoryPool {
  uint8_t* base;     ///< the pool's first byte, 8-byte aligned
  size_t size;       ///< its bytes
  const char* name;  ///< for reports and messages (nullptr: "pool<i>")
};

/// Pools an interpreter takes at most.
constexpr int kMaxMemoryPools = 4;

/// One pool's share of the plan (ArenaReport::pools), after Prepare().
/// Traffic is a model computed from the plan, not a measurement: each
/// tensor is written once by its producer (a graph input by the caller)
/// and read once by each operator input that names it (a graph output also
/// once by the caller); views move no bytes; a scratch buffer counts as
/// read and written once in full per inference. docs/mcu.md, "Memory pools".
struct PoolReport {
  const char* name = nullptr;      ///< MemoryPool::name (or "pool<i>")
  size_t used_bytes = 0;           ///< what the plan needs of the pool (all of the below)
  size_t activation_bytes = 0;     ///< planned peak of its tensors and scratch
  size_t persistent_bytes = 0;     ///< tables, op data, state (one pool holds them all)
  size_t read_bytes = 0;           ///< bytes read from it per inference (the model above)
  size_t written_bytes = 0;        ///< bytes written to it per inference
  const char* strategy = nullptr;  ///< the planner strategy that won for its buffers
};

/// Where the arena's bytes go, after Prepare() (Interpreter::report()).
struct ArenaReport {
  /// The arena size needed: max(activations, prepare temp) + persistent.
  size_t arena_bytes = 0;
  size_t activation_bytes = 0;   ///< planned peak of tensors + scratch
  size_t persistent_bytes = 0;   ///< runtime tables + kernels' op data
  size_t runtime_bytes = 0;      ///< of persistent: the interpreter's own tables
  size_t op_data_bytes = 0;      ///< of persistent: kernels' precomputed parameters
  size_t state_bytes = 0;        ///< of persistent: variable tensors (kept across Invoke())
  size_t scratch_bytes = 0;      ///< of activations: the largest scratch buffer
  size_t lower_bound_bytes = 0;  ///< largest sum of simultaneously live buffers
  size_t activation_bytes_without_inplace = 0;  ///< the plan if no op ran in place
  size_t inplace_ops = 0;                       ///< ops whose output overwrites their input
  /// Prepare()'s temporary planning data (at the arena's start); counts
  /// when larger than the activations.
  size_t prepare_temp_bytes = 0;
  size_t planned_buffers = 0;  ///< number of buffers the planner placed
  const char* strategy = "";   ///< the planner strategy that won
  /// Patch-based execution (EnablePatchExecution): the stage's first
  /// operator, -1 when none runs.
  int patch_first_op = -1;
  int patch_ops = 0;  ///< the stage's operators, from patch_first_op on (0: none)
  /// The patch grid: the stage's output in patch_grid_rows x 1 full-width
  /// one-row bands.
  int patch_grid_rows = 0;
  size_t patch_calls = 0;            ///< the stage's operator calls per Invoke()
  size_t patch_recomputed_rows = 0;  ///< rows computed twice (0: halos are kept)
  size_t patch_moved_bytes = 0;      ///< halo bytes moved per Invoke()
  size_t patch_window_bytes = 0;     ///< the intermediates' windows, together
  /// The activations' plan without a stage (equal to activation_bytes when
  /// none runs).
  size_t activation_bytes_without_patches = 0;
  /// Per pool (the pools constructor; 0 and empty with one arena, whose
  /// figures are the ones above). With pools, arena_bytes is the sum of the
  /// pools' used_bytes and activation_bytes the sum of their peaks.
  int num_pools = 0;                  ///< pools given (0: one arena)
  PoolReport pools[kMaxMemoryPools];  ///< the first num_pools are filled
};

/// Runs one Model in a caller's arena: Prepare() once, then Invoke() per
/// inference. No heap: every byte it needs (tensors, its tables, kernels'
/// parameters) comes from the arena. One interpreter per arena; not
/// thread-safe (one thread at a time).
///
/// Inputs are read by the first operators that use them and their bytes may
/// be reused afterwards (as in TFLite Micro): fill them before every
/// Invoke(). Outputs stay valid until the next Invoke().
class Interpreter {
 public:
  /// Nothing is checked or allocated yet; `model`, `resolver` and the arena
  /// must outlive the interpreter. The arena must be 8-byte aligned.
  Interpreter(const Model& model, const OpResolver& resolver, uint8_t* arena, size_t arena_size);
  /// Several memory pools, fastest first (at most kMaxMemoryPools; each
  /// base 8-byte aligned, no two overlapping; the array must outlive the
  /// interpreter). Prepare() puts the persistent data and its own planning
  /// data in the first pool that holds them, then each planned buffer, by
  /// bytes accessed per inference per byte (scratch first), in the first
  /// pool where it still fits; each pool is planned like one arena. One pool
  /// gives the plan of the one-arena constructor. The planning code is
  /// linked only into programs that call this constructor.
  Interpreter(const Model& model, const OpResolver& resolver, const MemoryPool* pools,
              int num_pools);
  /// A null arena stays the one-arena constructor's (Prepare() says so).
  Interpreter(const Model& model, const OpResolver& resolver, std::nullptr_t, size_t arena_size)
      : Interpreter(model, resolver, static_cast<uint8_t*>(nullptr), arena_size) {}
  /// (The same, for an int size.)
  Interpreter(const Model& model, const OpResolver& resolver, std::nullptr_t, int arena_size)
      : Interpreter(model, resolver, static_cast<uint8_t*>(nullptr),
                    static_cast<size_t>(arena_size)) {}

  /// Resolves kernels, runs their prepare, plans the arena. Fails with a
  /// message naming the op/tensor (kUnsupported, kArenaTooSmall with the
  /// bytes needed, ...).
  Status Prepare();
  /// Runs every operator once. Fails (kBadState) before a successful Prepare().
  /// Variable tensors (the state of recurrent operators) keep their values
  /// from one Invoke() to the next: a stream of inputs is a stream of calls.
  Status Invoke();
  /// Puts every variable tensor back to its initial value: its buffer in the
  /// model when it has one, otherwise zero (int8: its zero point, as TFLite
  /// Micro's ResetVariableTensors). Prepare() does it once (in the stateful
  /// kernel's prepare, which claims the variable: OpContext::UseState).
  /// Fails (kBadState) before a successful Prepare().
  Status ResetState();

  int num_inputs() const { return model_->num_inputs(); }    ///< graph inputs
  int num_outputs() const { return model_->num_outputs(); }  ///< graph outputs
  /// View of graph input i (an empty view for a bad index).
  TensorView input(int i) const;
  /// View of graph output i (an empty view for a bad index).
  TensorView output(int i) const;
  /// Copies `bytes` into input i; fails on a bad index, a size that is not
  /// the tensor's, or before Prepare().
  Status SetInput(int i, const void* data, size_t bytes);
  /// Copies output i into `data`; the same checks as SetInput.
  Status GetOutput(int i, void* data, size_t bytes) const;
  /// Any tensor by subgraph index. A non-constant tensor's bytes are only
  /// meaningful right after the op that writes it (the arena is reused).
  TensorView tensor(int t) const;

  /// The arena's use, after Prepare().
  const ArenaReport& report() const { return report_; }
  /// True after a successful Prepare() (and no failure since).
  bool prepared() const { return state_ == State::kPrepared; }
  /// Hooks around every operator of Invoke() (nullptr: none).
  void set_observer(InvokeObserver* o) { observer_ = o; }
  /// Hooks during Prepare() (nullptr: none).
  void set_prepare_observer(PrepareObserver* o) { prepare_observer_ = o; }
  /// The patch-based stage after Prepare() (runtime/patch.h), nullptr if
  /// none runs.
  const PatchStage* patch_stage() const { return stage_; }
  /// The model this interpreter runs.
  const Model& model() const { return *model_; }
  /// Read-only views of the plan (reports, `circlet plan`), after Prepare():
  /// the arena offset of non-constant tensor t's bytes, or -1 (constant,
  /// unused, out of range, or not prepared);
  int64_t tensor_offset(int t) const;
  /// the scratch buffers (op, size, planned offset; runtime/op_context.h),
  /// a linked list, nullptr when there are none.
  const ScratchRecord* scratch_buffers() const { return scratch_; }
  /// Memory pools given (0: the one-arena constructor).
  int num_pools() const { return num_pools_; }
  /// Which pool holds `p` (the one arena is pool 0) and its offset there;
  /// -1 when none does (a constant in the model, nullptr).
  int pool_of(const void* p, size_t* offset) const;
  /// A scratch buffer's planned bytes, after Prepare().
  uint8_t* scratch_data(const ScratchRecord* s) const;

 private:
  friend class OpContext;
  friend struct SubgraphAccess;  // runtime/subgraph.cc: control-flow operators
  friend struct PatchAccess;     // runtime/patch.cc: patch-based execution
  friend void EnablePatchExecution(Interpreter& interp, bool always);
  friend struct PoolAccess;      // runtime/pools.cc: several memory pools
  enum class State : uint8_t { kCreated, kPrepared, kFailed };

  Status PrepareImpl();
  Status ResolveKernels();
  Status PlanMemory(PrepareTemp& tp, bool use_inplace, size_t* peak, bool assign,
                    PatchStage* stage = nullptr);
  /// Points views and in-place group members at their bytes, once the
  /// group heads' data pointers are set.
  void LinkAliases(const PrepareTemp& tp);
  void* AllocatePersistent(size_t bytes);
  Status ArenaTooSmall(size_t needed_at_least, const char* what) const;
  void InitVariable(int t);
  /// A stateful kernel claimed variable t (UseState): its bytes are in the
  /// arena. Unclaimed, its pointer is null or its buffer in the model.
  bool state_claimed(int t) const;

  const Model* model_;
  const OpResolver* resolver_;
  uint8_t* arena_;
  size_t arena_size_;
  State state_ = State::kCreated;
  InvokeObserver* observer_ = nullptr;

  /// Persistent tables (carved from the arena's end).
  /// What eval reads (runtime/records.h), resolved by Prepare().
  TensorRecord* tensors_ = nullptr;      ///< num_tensors
  OpRecord* ops_ = nullptr;              ///< num_operators
  int num_ops_ = 0;                      ///< ops_'s length
  const KernelReg** kernels_ = nullptr;  ///< num_opcodes
  ScratchRecord* scratch_ = nullptr;     ///< list of scratch requests
  size_t persistent_used_ = 0;           ///< bytes at the arena's end
  size_t persistent_overflow_ = 0;       ///< bytes requested beyond the arena
  size_t sink_used_ = 0;                 ///< see AllocatePersistent
  PrepareTemp* temp_ = nullptr;          ///< prepare only: in-place and view requests
  PrepareObserver* prepare_observer_ = nullptr;
  /// A subgraph's interpreter (runtime/subgraph.h): the interpreter of the
  /// operator that runs it; nullptr for the model's own.
  Interpreter* parent_ = nullptr;
  /// The model's own interpreter: its resource variables (runtime/resource.h).
  void* resources_ = nullptr;
  /// The pools constructor's (nullptr, 0: one arena). arena_ is then the
  /// pool that holds the persistent data (home_pool_).
  const MemoryPool* pools_ = nullptr;
  const PoolPlanner* pool_planner_ = nullptr;
  uint8_t num_pools_ = 0;
  uint8_t home_pool_ = 0;
  ArenaReport report_;
  /// Patch-based execution (runtime/patch.h): linked by EnablePatchExecution.
  const PatchHooks* patch_hooks_ = nullptr;
  PatchStage* stage_ = nullptr;  ///< persistent, when a stage runs
};

/// Lets Prepare() run a chain of convolutions (CONV_2D, DEPTHWISE_CONV_2D)
/// on full-width row bands when that lowers the arena: the stage's
/// intermediate feature maps are then never whole in memory, only the rows
/// the next operator still reads (patch-based execution, MCUNetV2's idea,
/// with halo rows kept rather than recomputed; docs/performance.md). The
/// outputs are byte for byte the same. Prepare() decides per model and
/// reports it (ArenaReport::patch_*). Call before Prepare(); it links the
/// planner and executor (runtime/patch.cc). The InvokeObserver sees the
/// whole stage as its first operator (the others take no time), and the
/// stage's intermediate tensors are never whole: a tool that reads every
/// intermediate tensor leaves this off. With memory pools (the pools
/// constructor) the stage is chosen the same way and its windows are placed
/// in the pools like the other buffers. `always`: run the longest such chain
/// (up to 8 operators) on bands even when that does not lower the peak
/// (tests and measurements).
void EnablePatchExecution(Interpreter& interp, bool always = false);

}  // namespace circlet

#endif  // CIRCLET_INTERPRETER_H_
