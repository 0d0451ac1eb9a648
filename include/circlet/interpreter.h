// SPDX-License-Identifier: Apache-2.0
// circlet::Interpreter — runs a Model in a caller-owned arena.
//
//   circlet::Model model;
//   Status s = circlet::Model::Create(bytes, size, &model);
//   alignas(16) static uint8_t arena[64 * 1024];
//   circlet::Interpreter interp(model, circlet::AllOpsResolver(), arena, sizeof(arena));
//   s = interp.Prepare();            // shapes, kernel prepare, memory plan
//   memcpy(interp.input(0).data, input, interp.input(0).bytes());
//   s = interp.Invoke();             // runs every operator; no allocation
//   const int8_t* out = interp.output(0).as<int8_t>();
//
// Everything the interpreter keeps lives in the arena: persistent data
// (tables, kernels' precomputed parameters) at its end, tensors and scratch
// buffers at its start at offsets chosen by the planner (plan/planner.h).
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
struct PrepareTemp;

// Hooks called around every operator during Invoke() (profiling, dumps).
class InvokeObserver {
 public:
  virtual void OnOpBegin(int op) { (void)op; }
  virtual void OnOpEnd(int op) { (void)op; }

 protected:
  ~InvokeObserver() = default;
};

// Told, during Prepare(), of every view a kernel asks for (OpContext::
// ViewOutput) and of the tensor lifetimes the plan is made from: `circlet
// plan` reports the interpreter's own figures instead of recomputing them.
class PrepareObserver {
 public:
  virtual void OnView(int op, int out_tensor, int in_tensor, size_t byte_offset) = 0;
  // Per tensor: first and last op of its alias root's lifetime (0xFFFF:
  // unused or constant) and the alias root (views share their root's bytes).
  virtual void OnLifetimes(const uint16_t* first, const uint16_t* last, const uint16_t* root,
                           int num_tensors) = 0;

 protected:
  ~PrepareObserver() = default;
};

struct ArenaReport {
  size_t arena_bytes = 0;                       // the arena size needed: max(activations,
                                                // prepare temp) + persistent
  size_t activation_bytes = 0;                  // planned peak of tensors + scratch
  size_t persistent_bytes = 0;                  // runtime tables + kernels' op data
  size_t runtime_bytes = 0;                     // of persistent: the interpreter's own tables
  size_t op_data_bytes = 0;                     // of persistent: kernels' precomputed parameters
  size_t scratch_bytes = 0;                     // of activations: the largest scratch buffer
  size_t lower_bound_bytes = 0;                 // largest sum of simultaneously live buffers
  size_t activation_bytes_without_inplace = 0;  // the plan if no op ran in place
  size_t inplace_ops = 0;                       // ops whose output overwrites their input
  size_t prepare_temp_bytes = 0;                // Prepare()'s temporary planning data (arena
                                                // start); counts when larger than activations
  size_t planned_buffers = 0;                   // number of buffers the planner placed
  const char* strategy = "";                    // the planner strategy that won
};

class Interpreter {
 public:
  Interpreter(const Model& model, const OpResolver& resolver, uint8_t* arena, size_t arena_size);

  Status Prepare();
  Status Invoke();

  int num_inputs() const { return model_->num_inputs(); }
  int num_outputs() const { return model_->num_outputs(); }
  // Views of graph input/output i (an empty view for a bad index).
  TensorView input(int i) const;
  TensorView output(int i) const;
  // Checked copies: fail with a Status on a bad index, a size that is not
  // the tensor's, or before Prepare().
  Status SetInput(int i, const void* data, size_t bytes);
  Status GetOutput(int i, void* data, size_t bytes) const;
  // Inputs are read by the first operators that use them and their bytes
  // may be reused afterwards (as in TFLite Micro): fill them before every
  // Invoke(). Outputs stay valid until the next Invoke().
  // Any tensor by subgraph index. A non-constant tensor's bytes are only
  // meaningful right after the op that writes it (the arena is reused).
  TensorView tensor(int t) const;

  const ArenaReport& report() const { return report_; }
  bool prepared() const { return state_ == State::kPrepared; }
  void set_observer(InvokeObserver* o) { observer_ = o; }
  void set_prepare_observer(PrepareObserver* o) { prepare_observer_ = o; }
  const Model& model() const { return *model_; }
  // Read-only views of the plan (reports, `circlet plan`), after Prepare():
  // the arena offset of non-constant tensor t's bytes, or -1 (constant,
  // unused, out of range, or not prepared);
  int64_t tensor_offset(int t) const;
  // the scratch buffers (op, size, planned offset; runtime/op_context.h),
  // a linked list, nullptr when there are none.
  const ScratchRecord* scratch_buffers() const { return scratch_; }

 private:
  friend class OpContext;
  enum class State : uint8_t { kCreated, kPrepared, kFailed };

  Status PrepareImpl();
  Status ResolveKernels();
  Status PlanMemory(PrepareTemp& tp, bool use_inplace, size_t* peak, bool assign);
  void* AllocatePersistent(size_t bytes);
  Status ArenaTooSmall(size_t needed_at_least, const char* what) const;
  const KernelReg* kernel_for_op(int op) const;

  const Model* model_;
  const OpResolver* resolver_;
  uint8_t* arena_;
  size_t arena_size_;
  State state_ = State::kCreated;
  InvokeObserver* observer_ = nullptr;

  // Persistent tables (carved from the arena's end).
  uint8_t** tensor_data_ = nullptr;      // num_tensors
  void** op_data_ = nullptr;             // num_operators
  const KernelReg** kernels_ = nullptr;  // num_opcodes
  ScratchRecord* scratch_ = nullptr;     // list of scratch requests
  size_t persistent_used_ = 0;           // bytes at the arena's end
  size_t persistent_overflow_ = 0;       // bytes requested beyond the arena
  size_t sink_used_ = 0;                 // see AllocatePersistent
  PrepareTemp* temp_ = nullptr;          // prepare only: in-place and view requests
  PrepareObserver* prepare_observer_ = nullptr;
  ArenaReport report_;
};

}  // namespace circlet

#endif  // CIRCLET_INTERPRETER_H_
