// SPDX-License-Identifier: Apache-2.0
// Interpreter: the invoke loop and the tensor lookups of every Invoke()
// (the kernels' inputs and outputs). Compiled for speed; the prepare code in
// interpreter.cc is compiled for size (base/code_size.h).
#include "circlet/interpreter.h"
#include "runtime/op_context.h"

namespace circlet {

const KernelReg* Interpreter::kernel_for_op(int op) const {
  return kernels_[model_->op_opcode_index(op)];
}

TensorView Interpreter::tensor(int t) const {
  if (!model_->valid() || t < 0 || t >= model_->num_tensors()) return TensorView();
  TensorView v = model_->tensor_view(t);
  if (tensor_data_ != nullptr && tensor_data_[t] != nullptr) v.data = tensor_data_[t];
  return v;
}

int64_t Interpreter::tensor_offset(int t) const {
  if (state_ != State::kPrepared || t < 0 || t >= model_->num_tensors() ||
      model_->tensor_is_constant(t)) {
    return -1;
  }
  const uint8_t* p = tensor_data_[t];
  if (p == nullptr || p < arena_ || p >= arena_ + arena_size_) return -1;
  return static_cast<int64_t>(p - arena_);
}

TensorView Interpreter::input(int i) const {
  if (!model_->valid() || i < 0 || i >= model_->num_inputs()) return TensorView();
  return tensor(model_->input_tensor(i));
}
TensorView Interpreter::output(int i) const {
  if (!model_->valid() || i < 0 || i >= model_->num_outputs()) return TensorView();
  return tensor(model_->output_tensor(i));
}

Status Interpreter::Invoke() {
  if (state_ != State::kPrepared) {
    return Status::Error(StatusCode::kBadState, state_ == State::kCreated
                                                    ? "Invoke() before a successful Prepare()"
                                                    : "interpreter failed before; make a new one");
  }
  const int nops = model_->num_operators();
  for (int op = 0; op < nops; ++op) {
    if (observer_ != nullptr) observer_->OnOpBegin(op);
    const KernelReg* reg = kernel_for_op(op);
    if (reg->eval != nullptr) {
      OpContext ctx(this, op, false);
      Status s = reg->eval(ctx);
      if (!s.ok()) {
        state_ = State::kFailed;
        return s;
      }
    }
    if (observer_ != nullptr) observer_->OnOpEnd(op);
  }
  return Status::Ok();
}

}  // namespace circlet
