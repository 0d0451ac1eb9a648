// SPDX-License-Identifier: Apache-2.0
// circlet::OpContext — what a kernel sees of the interpreter: its inputs and
// outputs as TensorViews, its options, persistent op data and scratch.
//
// prepare(ctx): validate everything, compute the output shape and compare it
// with the model's, precompute parameters into AllocatePersistent() memory
// (set_op_data), RequestScratch() any working buffer. eval(ctx): compute only.
//
// While invoking, the context reads only the records Prepare() resolved
// (runtime/records.h): input()/output() give views without quantization,
// and the flatbuffer (options(), op(), custom_options(), version()) is not
// for eval. Debug builds trap if eval asks for it; release builds walk the
// flatbuffer then, slowly but correctly.
// The prepare-only members are CIRCLET_COLD (base/code_size.h): compiled for
// size, and error paths that call them are laid out as unlikely.
#ifndef CIRCLET_RUNTIME_OP_CONTEXT_H_
#define CIRCLET_RUNTIME_OP_CONTEXT_H_

#include <cstddef>
#include <cstdint>

#include "base/code_size.h"
#include "circlet/interpreter.h"
#include "model/schema.h"
#include "plan/lifetimes.h"
#include "runtime/records.h"

// Whether the interpreter refuses an int64 constant stored at a 4-byte offset
// (the loader accepts 8-byte elements 4-byte aligned) on an input whose
// kernel reads it with typed 8-byte loads instead of LoadInt64. On an Arm
// M-profile core every 64-bit load instruction (LDRD, LDM, VLDR, VLDM) needs
// only word alignment, which the loader guarantees, so such a load is safe
// and the check is compiled out (it costs about 400 bytes of flash).
// Elsewhere (hosts: vectorized loads that assume the type's alignment, and
// the sanitizers) it stays. The one place this choice is made.
#ifndef CIRCLET_INT64_ALIGNMENT_CHECK
#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define CIRCLET_INT64_ALIGNMENT_CHECK 0
#else
#define CIRCLET_INT64_ALIGNMENT_CHECK 1
#endif
#endif

namespace circlet {

// One call of an operator on a band of rows (patch-based execution,
// plan/patch.h): input 0 holds rows [in_row0, in_row0 + in_dims[1]) of the
// whole tensor and output 0 receives rows [out_row0, out_row0 +
// out_dims[1]); the views' data pointers are already the band's. Only
// kernels that called AllowRowWindows() in prepare are run this way.
// An operator's calls compute its output rows in order, each once per run of
// the stage: its first call of a run is the one with out_row0 == 0.
struct RowWindow {
  const int32_t* in_dims;   // input 0's dimensions for this call
  const int32_t* out_dims;  // output 0's
  int32_t in_row0, out_row0;
  // The `kept` bytes the op asked for (AllowRowWindows), 8-byte aligned:
  // what it writes there on one call of a run it reads back on the next
  // (nothing else writes them during the run); undefined on the first call.
  uint8_t* kept;
};

struct ScratchRecord {
  uint32_t size;
  int32_t op;
  // Planned offset from the arena's start (with memory pools: from the
  // persistent data's pool, modulo the address width, as its bytes may be
  // in another pool; Interpreter::scratch_data). 16 B on 32-bit targets.
  uintptr_t offset;
  ScratchRecord* next;
};

class OpContext {
 public:
  // Prepare (the interpreter's prepare loop).
  OpContext(Interpreter* interp, int op, bool preparing);
  // Eval: from the op's record only.
  OpContext(Interpreter* interp, int op, const OpRecord& rec)
      : interp_(interp), op_(op), preparing_(false), rec_(&rec), fbop_(nullptr) {}

  int op_index() const { return op_; }
  CIRCLET_COLD const char* op_name() const;
  CIRCLET_COLD int32_t version() const;
  // The operator's flatbuffer table: for prepare (see above).
  const fb::Operator* op() const;

  int num_inputs() const;
  int num_outputs() const;
  // Input i exists and is not the optional placeholder (-1).
  bool has_input(int i) const;
  // prepare only: input i is this op's state, a variable tensor kept across
  // Invoke() that eval updates in place. Gives it persistent storage (once,
  // if several ops share it) with its initial value; fails unless input i is
  // a variable tensor. Only stateful kernels link this (and the state code).
  CIRCLET_COLD Status UseState(int i);
  // Input/output i; an empty view (index -1, rank 0, no data) when the op
  // has no such tensor.
  TensorView input(int i) const;
  TensorView output(int i) const;
  // Input i's bytes, nullptr when the op has no such input (an optional
  // bias): cheaper than input(i).data.
  void* input_data(int i) const;
  // Output i's bytes.
  void* output_data(int i) const;
  // Input i's dimensions (its rank is the word before the first), as
  // input(i).dims without building the view; nullptr without such input.
  const int32_t* input_dims(int i) const;
  // eval only, inline: bytes straight from the records, for an eval that
  // its prepare chose (SetEval) after checking the op's arity. Input i and
  // output i must be in the op's lists (eval_input_data of the optional
  // placeholder -1 gives nullptr); eval_optional_input_data(i) also takes
  // an i past the inputs (nullptr).
  __attribute__((always_inline)) void* eval_input_data(int i) const {
    const int32_t t = rec_->inputs[i];
    return t >= 0 ? interp_->tensors_[t].data : nullptr;
  }
  __attribute__((always_inline)) void* eval_optional_input_data(int i) const {
    return static_cast<uint32_t>(i) < static_cast<uint32_t>(ListSize(rec_->inputs))
               ? eval_input_data(i)
               : nullptr;
  }
  __attribute__((always_inline)) void* eval_output_data(int i) const {
    return interp_->tensors_[rec_->outputs[i]].data;
  }

  // The op's options table of type T, or nullptr if absent/other type.
  template <typename T>
  const T* options() const {
    return static_cast<const T*>(OptionsOfType(fb::BuiltinOptionsTraits<T>::enum_value));
  }

  // A custom operator's options: the operator's custom_options bytes as the
  // model stores them (a FlexBuffer map from the TFLite converter; read it
  // with kernels/custom_options.h), {nullptr, 0} when it has none.
  struct Bytes {
    const uint8_t* data;
    size_t size;
  };
  Bytes custom_options() const {
    const auto* v = op()->custom_options();
    return v != nullptr && v->size() > 0 ? Bytes{v->data(), v->size()} : Bytes{nullptr, 0};
  }

  // prepare only: persistent memory (8-byte aligned, zeroed) or nullptr.
  CIRCLET_COLD void* AllocatePersistent(size_t bytes);
  template <typename T>
  __attribute__((always_inline)) T* AllocateOpData() {
    return static_cast<T*>(AllocateOpData(sizeof(T)));
  }
  // prepare only: `bytes` of op data (op_data<T>() returns them), or nullptr.
  __attribute__((always_inline)) void* AllocateOpData(size_t bytes) {
    void* p = AllocatePersistent(bytes);
    op_data_slot() = p;
    return p;
  }
  // prepare only: a working buffer of `bytes` live during this op's eval.
  CIRCLET_COLD Status RequestScratch(size_t bytes, ScratchRecord** ref);
  // eval only.
  void* scratch(const ScratchRecord* ref) const;
  // prepare only: lets the planner put output 0 over input 0 (see InPlace).
  CIRCLET_COLD void AllowInPlace(InPlace kind);
  // prepare only: the op may run on row bands of its output (patch-based
  // execution): output rows [a, b] read input rows [a * stride - pad,
  // b * stride - pad + extent - 1] of input 0 (rows outside it are padding)
  // and nothing else varies along rows. Eval must then honour row_window().
  // `row_scratch`: the scratch bytes a one-row band needs (at most what
  // RequestScratch asked for; the stage's plan gives it only that).
  // `kept`: bytes the op keeps from one band to the next (RowWindow::kept),
  // for what does not vary along rows, such as requantization parameters:
  // computed on the first band instead of every band. The stage plans them
  // beside its windows, live across the stage.
  // Ignored when a value does not fit RowMap.
  CIRCLET_COLD void AllowRowWindows(int stride, int pad, int extent, size_t row_scratch,
                                    size_t kept);
  // eval only: the band to compute, or nullptr for the whole tensor (while
  // preparing, the field holds the operator's table: no kernel's prepare
  // has a band to ask about; debug builds trap on such a call).
  const RowWindow* row_window() const {
#ifndef NDEBUG
    if (preparing_) __builtin_trap();
#endif
    return window_;
  }
  // prepare only: output `out` is a view of input `in`: its bytes are the
  // input's from `byte_offset` on (RESHAPE, SQUEEZE, an outer-axis SPLIT).
  // Nothing is copied and eval must not write it; the planner keeps the
  // input's memory alive as long as the view. The kernel has checked that
  // the output's bytes lie inside the input's.
  CIRCLET_COLD void ViewOutput(int out, int in, size_t byte_offset = 0);

  template <typename T>
  T* op_data() const {
    return static_cast<T*>(op_data_slot());
  }
  // prepare only: Invoke() runs `eval` for this op instead of the kernel's
  // registered eval (KernelReg::eval), e.g. a routine specialized for what
  // prepare found (types, quantization, shapes) that reads its op data
  // without dispatching again; nullptr: nothing to run.
  void SetEval(Status (*eval)(OpContext& ctx)) { const_cast<OpRecord*>(rec_)->eval = eval; }

  // An error prefixed with "op N NAME: ".
  CIRCLET_COLD Status Error(StatusCode code, const char* fmt, ...) const
      __attribute__((format(printf, 3, 4)));
  // Fails unless output `i`'s shape in the model equals dims[0..rank).
  CIRCLET_COLD Status CheckOutputShape(int i, const int32_t* dims, int rank) const;
  // Fails unless input 0's element type is one of `types` (optype bits, the
  // operator table's TYPES column); the interpreter calls it before prepare.
  CIRCLET_COLD Status CheckTableTypes(uint16_t types) const;
  // Fails if an input's 8-byte constant data (int64) is not 8-byte aligned
  // and the input's bit in `unaligned_ok` (KernelReg::unaligned64) is not
  // set (bit 7 stands for every input from 7 on); the interpreter calls it
  // before prepare. (The model loader has checked 4-byte alignment.)
  // Compiled out on Cortex-M (see CIRCLET_INT64_ALIGNMENT_CHECK).
#if CIRCLET_INT64_ALIGNMENT_CHECK
  CIRCLET_COLD Status CheckConstantAlignment(uint8_t unaligned_ok) const;
#else
  Status CheckConstantAlignment(uint8_t) const {
    return Status::Ok();
  }
#endif
  // Fails unless input/output i has type t (names the tensor).
  CIRCLET_COLD Status ExpectType(const TensorView& t, DType want, const char* role) const;

 private:
  friend struct SubgraphAccess;  // runtime/subgraph.cc
  friend struct PatchAccess;     // sets window_ (runtime/patch.cc)
  void*& op_data_slot() const {
    return const_cast<OpRecord*>(rec_)->data;
  }
  // Tensor index of input i, -1 when the list lacks it or holds the
  // optional placeholder: a kernel's prepare may look at a tensor before
  // checking the arity.
  int32_t InputIndex(int i) const;
  // Tensor index of output i, -1 when the list lacks it.
  int32_t OutputIndex(int i) const;
  // Prepare: the model's full view (quantization included) with the
  // interpreter's data pointer. Eval: the record's view.
  TensorView View(int32_t t) const;
  CIRCLET_COLD const fb::Operator* FlatbufferInEval() const;
  // The options table if its type is `type`, else nullptr (one copy for
  // every options<T>()).
  CIRCLET_COLD const void* OptionsOfType(int type) const;

  Interpreter* interp_;
  int op_;
  bool preparing_;
  const OpRecord* rec_;
  // Prepare: the operator's table. Eval: the row band, or nullptr (the
  // constructor's null serves both at no cost per operator).
  union {
    const fb::Operator* fbop_;
    const RowWindow* window_;
  };
};

}  // namespace circlet

#endif  // CIRCLET_RUNTIME_OP_CONTEXT_H_
