// SPDX-License-Identifier: Apache-2.0
// Interpreter: the invoke loop and the tensor lookups of every Invoke()
// (the kernels' inputs and outputs). Compiled for speed; the prepare code in
// interpreter.cc is compiled for size (base/code_size.h).
#include "circlet/interpreter.h"
#include "runtime/op_context.h"
#include "runtime/records.h"

namespace circlet {

TensorView Interpreter::tensor(int t) const {
  if (!model_->valid() || t < 0 || t >= model_->num_tensors()) return TensorView();
  TensorView v = model_->tensor_view(t);
  if (tensors_ != nullptr && tensors_[t].data != nullptr) v.data = tensors_[t].data;
  return v;
}

int64_t Interpreter::tensor_offset(int t) const {
  if (state_ != State::kPrepared || t < 0 || t >= model_->num_tensors() ||
      model_->tensor_is_constant(t)) {
    return -1;
  }
  const uint8_t* p = tensors_[t].data;
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
  // Only the records: nothing here or in the kernels' eval reads the
  // flatbuffer (runtime/records.h).
  const int nops = num_ops_;
  for (int op = 0; op < nops; ++op) {
    if (observer_ != nullptr) observer_->OnOpBegin(op);
    const OpRecord& rec = ops_[op];
    if (rec.eval != nullptr) {
      OpContext ctx(this, op, rec);
      Status s = rec.eval(ctx);
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
