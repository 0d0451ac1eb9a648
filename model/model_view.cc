// SPDX-License-Identifier: Apache-2.0
// Model's accessors: the typed view of the verified flatbuffer that the
// interpreter and the kernels read at every Invoke() (tensor views, operator
// tables). Kept apart from model.cc, whose verification runs once and is
// compiled for size (base/code_size.h).
#include "circlet/model.h"
#include "model/schema.h"

namespace circlet {

int Model::num_tensors() const {
  return static_cast<int>(subgraph_->tensors()->size());
}
int Model::num_operators() const {
  return subgraph_->operators() != nullptr ? static_cast<int>(subgraph_->operators()->size()) : 0;
}
int Model::num_opcodes() const {
  return model_->operator_codes() != nullptr ? static_cast<int>(model_->operator_codes()->size())
                                             : 0;
}
int Model::num_inputs() const {
  return static_cast<int>(subgraph_->inputs()->size());
}
int Model::num_outputs() const {
  return static_cast<int>(subgraph_->outputs()->size());
}
int Model::input_tensor(int i) const {
  return subgraph_->inputs()->Get(i);
}
int Model::output_tensor(int i) const {
  return subgraph_->outputs()->Get(i);
}

const fb::Tensor* Model::fb_tensor(int t) const {
  return subgraph_->tensors()->Get(t);
}
const fb::Operator* Model::fb_operator(int op) const {
  return subgraph_->operators()->Get(op);
}

int32_t Model::opcode_builtin(int opcode) const {
  return BuiltinCodeOf(model_->operator_codes()->Get(opcode));
}
int32_t Model::opcode_version(int opcode) const {
  return model_->operator_codes()->Get(opcode)->version();
}
const char* Model::opcode_custom_name(int opcode) const {
  const auto* s = model_->operator_codes()->Get(opcode)->custom_code();
  return s != nullptr ? s->c_str() : nullptr;
}
int Model::op_opcode_index(int op) const {
  return static_cast<int>(fb_operator(op)->opcode_index());
}
int32_t Model::op_code(int op) const {
  return opcode_builtin(op_opcode_index(op));
}
int32_t Model::op_version(int op) const {
  return opcode_version(op_opcode_index(op));
}

bool Model::tensor_is_constant(int t) const {
  const fb::Tensor* ft = fb_tensor(t);
  const fb::Buffer* b = model_->buffers()->Get(ft->buffer());
  return (b->data() != nullptr && b->data()->size() > 0) || ft->is_variable();
}

bool Model::tensor_is_variable(int t) const {
  return fb_tensor(t)->is_variable();
}

size_t Model::tensor_bytes(int t) const {
  return tensor_view(t).bytes();
}

TensorView Model::tensor_view(int t) const {
  static const int32_t kScalarDims[1] = {1};
  const fb::Tensor* ft = fb_tensor(t);
  TensorView v;
  v.index = t;
  v.type = static_cast<DType>(ft->type());
  if (ft->shape() != nullptr) {
    v.dims = ft->shape()->data();
    v.rank = static_cast<int32_t>(ft->shape()->size());
  } else {
    v.dims = kScalarDims;
    v.rank = 0;
  }
  const fb::Buffer* b = model_->buffers()->Get(ft->buffer());
  if (b->data() != nullptr && b->data()->size() > 0) {
    v.data = const_cast<uint8_t*>(b->data()->data());
    v.is_constant = true;
  }
  const fb::QuantizationParameters* q = ft->quantization();
  if (q != nullptr && q->scale() != nullptr && q->scale()->size() > 0) {
    v.quant.scales = q->scale()->data();
    v.quant.zero_points = q->zero_point()->data();
    v.quant.count = static_cast<int32_t>(q->scale()->size());
    const int32_t qd = q->quantized_dimension();
    v.quant.quantized_dimension = (qd >= 0 && qd < v.rank) ? qd : 0;
  }
  return v;
}

}  // namespace circlet
