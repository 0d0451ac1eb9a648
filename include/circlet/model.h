// SPDX-License-Identifier: Apache-2.0
/// @file
/// circlet::Model — a zero-copy, verified view of a TFLite (TFL3) or Circle
/// (CIR0) flatbuffer. Creation verifies the untrusted bytes (flatbuffers
/// Verifier + semantic checks); afterwards the bytes are trusted and read in
/// place: weights are never copied. The bytes must outlive the Model.
#ifndef CIRCLET_MODEL_H_
#define CIRCLET_MODEL_H_

#include <cstddef>
#include <cstdint>

#include "circlet/status.h"
#include "circlet/tensor.h"

namespace circlet {

namespace fb {
struct Model;
struct SubGraph;
struct Tensor;
struct Operator;
}  // namespace fb

/// A verified, zero-copy view of a TFLite or Circle model: subgraph 0, or
/// another subgraph through Subgraph().
/// Copyable and read-only after Create: several interpreters may share one.
class Model {
 public:
  /// An invalid model; fill it with Create or CreateTrusted.
  Model() = default;

  /// Verifies `data` and sets up the view. The model must be at least 4-byte
  /// aligned, and 8-byte aligned when it holds int64 zero points or 8-byte
  /// constants (flatbuffers aligns vectors relative to the buffer start;
  /// 16 is the safe choice).
  static Status Create(const uint8_t* data, size_t size, Model* out);

  /// The same for model bytes that are part of the firmware image and were
  /// verified on the host (the host tools always use Create): skips the
  /// flatbuffers structure check (every offset and vector inside the buffer),
  /// about 3 KB of Cortex-M code, and keeps every other check. Never for
  /// bytes that arrive at run time (a file, a radio, an update): corrupted
  /// bytes can then read out of bounds.
  static Status CreateTrusted(const uint8_t* data, size_t size, Model* out);

  /// True after a successful Create/CreateTrusted.
  bool valid() const { return model_ != nullptr; }
  /// True for a Circle (CIR0) file, false for TFLite (TFL3).
  bool is_circle() const { return is_circle_; }
  /// The model bytes passed to Create.
  const uint8_t* data() const { return data_; }
  /// Their size in bytes.
  size_t size() const { return size_; }

  int num_tensors() const;         ///< tensors of the subgraph (0 unless made by Subgraph)
  int num_operators() const;       ///< operators of subgraph 0, in execution order
  int num_opcodes() const;         ///< entries of the model's operator-code table
  int num_inputs() const;          ///< graph inputs
  int num_outputs() const;         ///< graph outputs
  int input_tensor(int i) const;   ///< tensor index of graph input i
  int output_tensor(int i) const;  ///< tensor index of graph output i

  /// Builtin code of operator `op` (TFLite numbering) and its opcode version.
  int32_t op_code(int op) const;
  int32_t op_version(int op) const;   ///< opcode version of operator `op`
  int op_opcode_index(int op) const;  ///< index of operator `op`'s opcode entry
  /// Builtin code / version / custom name (or nullptr) of an opcode entry.
  int32_t opcode_builtin(int opcode) const;
  int32_t opcode_version(int opcode) const;          ///< version of an opcode entry
  const char* opcode_custom_name(int opcode) const;  ///< custom code or nullptr

  /// A view of tensor `t` with data pointing into the model for constant
  /// tensors and nullptr otherwise (the interpreter supplies arena data).
  TensorView tensor_view(int t) const;
  const char* tensor_name(int t) const;  ///< "" when the model has none
  /// Tensor `t` has storage fixed for the interpreter's life, never planned:
  /// a constant (data in the model) or a variable (see tensor_is_variable).
  bool tensor_is_constant(int t) const;
  /// Tensor `t` is a variable (state kept across Invoke(); its buffer, if
  /// any, is its initial value).
  bool tensor_is_variable(int t) const;
  size_t tensor_bytes(int t) const;  ///< elements x element size of tensor `t`

  /// Subgraphs in the model (control-flow operators run the others).
  int num_subgraphs() const;
  /// A view of subgraph `index` of the same model (tensors, operators,
  /// inputs and outputs of that subgraph), after the same checks Create made
  /// on subgraph 0. Fails for an index out of range or an invalid subgraph.
  Status Subgraph(int index, Model* out) const;

  /// Raw flatbuffer access for kernels and tools.
  const fb::Model* fb_model() const { return model_; }
  const fb::SubGraph* fb_subgraph() const { return subgraph_; }  ///< subgraph 0
  const fb::Tensor* fb_tensor(int t) const;                      ///< tensor table `t` of subgraph 0
  const fb::Operator* fb_operator(int op) const;  ///< operator table `op` of subgraph 0

 private:
  static Status CheckAndView(const uint8_t* data, size_t size, Model* out, int subgraph);
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  const fb::Model* model_ = nullptr;
  const fb::SubGraph* subgraph_ = nullptr;
  bool is_circle_ = false;
};

/// TFLite BuiltinOperator name for a code ("CONV_2D"); "UNKNOWN" otherwise.
const char* BuiltinOpName(int32_t code);

}  // namespace circlet

#endif  // CIRCLET_MODEL_H_
