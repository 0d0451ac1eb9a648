// SPDX-License-Identifier: Apache-2.0
// Host-only model writer: builds TFLite (TFL3) or Circle (CIR0) flatbuffers
// in memory with the flatbuffers builder. Used by tests (one-op models,
// malformed models), by the tools that make the demo's models, and by
// anything else that needs a model without TensorFlow.
//
//   circlet::writer::ModelWriter w;
//   int x = w.AddTensor("x", circlet::DType::kFloat32, {1, 4});
//   int wt = w.AddConstant<float>("w", {2, 4}, {...});
//   int y = w.AddTensor("y", circlet::DType::kFloat32, {1, 2});
//   w.AddOperator(circlet::opcode::FULLY_CONNECTED, {x, wt, -1}, {y},
//                 circlet::writer::FullyConnectedOptions(0 /*NONE*/));
//   w.SetInputs({x});
//   w.SetOutputs({y});
//   std::vector<uint8_t> bytes = w.Finish();
#ifndef CIRCLET_TOOLS_WRITER_MODEL_WRITER_H_
#define CIRCLET_TOOLS_WRITER_MODEL_WRITER_H_

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "circlet/tensor.h"
#include "model/schema.h"

namespace circlet {
namespace writer {

struct Quant {
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int32_t quantized_dimension = 0;
};

inline Quant PerTensor(float scale, int64_t zero_point) {
  return Quant{{scale}, {zero_point}, 0};
}

// Builtin options: the union type and a function that writes the table.
struct Options {
  fb::BuiltinOptions type = fb::BuiltinOptions_NONE;
  std::function<flatbuffers::Offset<void>(flatbuffers::FlatBufferBuilder&)> build;
};

Options Conv2DOptions(fb::Padding padding, int stride_w, int stride_h, int activation,
                      int dilation_w = 1, int dilation_h = 1);
Options DepthwiseConv2DOptions(fb::Padding padding, int stride_w, int stride_h,
                               int depth_multiplier, int activation, int dilation_w = 1,
                               int dilation_h = 1);
Options Pool2DOptions(fb::Padding padding, int stride_w, int stride_h, int filter_w, int filter_h,
                      int activation);
Options FullyConnectedOptions(int activation, bool keep_num_dims = false);
Options SoftmaxOptions(float beta);
Options ConcatenationOptions(int axis, int activation);
Options AddOptions(int activation);
Options MulOptions(int activation);
Options ReshapeOptions(const std::vector<int32_t>& new_shape);
Options NoOptions();

class ModelWriter {
 public:
  // A non-constant tensor. Returns its index.
  int AddTensor(const std::string& name, DType type, const std::vector<int32_t>& shape,
                const Quant& quant = Quant());
  // A constant tensor with raw little-endian bytes.
  int AddConstantBytes(const std::string& name, DType type, const std::vector<int32_t>& shape,
                       const void* data, size_t bytes, const Quant& quant = Quant());
  template <typename T>
  int AddConstant(const std::string& name, DType type, const std::vector<int32_t>& shape,
                  const std::vector<T>& values, const Quant& quant = Quant()) {
    return AddConstantBytes(name, type, shape, values.data(), values.size() * sizeof(T), quant);
  }
  // A variable tensor (state kept across Invoke()); `initial` (raw bytes,
  // empty for none) is stored as its buffer.
  int AddVariable(const std::string& name, DType type, const std::vector<int32_t>& shape,
                  const Quant& quant = Quant(), const std::vector<uint8_t>& initial = {});
  // Stores constant tensor `tensor`'s data at an address 4 bytes past a
  // multiple of 8 (of 16, for a model loaded 16-byte aligned), as the TFLite
  // converter may store an int64 bias. Other buffers start 16-byte aligned.
  void StoreAtFourByteOffset(int tensor) { offset4_.push_back(tensors_.at(tensor).buffer); }
  // An operator; returns its index. `version` is the opcode version.
  int AddOperator(int32_t builtin_code, const std::vector<int32_t>& inputs,
                  const std::vector<int32_t>& outputs, const Options& options = NoOptions(),
                  int version = 1);
  // A CUSTOM operator with custom code `custom_code`; `custom_options` (the
  // bytes of a FlexBuffer, as the TFLite converter writes a custom op's
  // attributes; empty for none) are stored 16-byte aligned.
  int AddCustomOperator(const std::string& custom_code, const std::vector<int32_t>& inputs,
                        const std::vector<int32_t>& outputs,
                        const std::vector<uint8_t>& custom_options = {});
  void SetInputs(const std::vector<int32_t>& inputs) { inputs_ = inputs; }
  void SetOutputs(const std::vector<int32_t>& outputs) { outputs_ = outputs; }
  void SetDescription(const std::string& d) { description_ = d; }

  // Serializes. circle=true writes the "CIR0" identifier.
  std::vector<uint8_t> Finish(bool circle = false) const;

  int num_tensors() const { return static_cast<int>(tensors_.size()); }

 private:
  struct TensorDesc {
    std::string name;
    DType type;
    std::vector<int32_t> shape;
    Quant quant;
    int buffer;
    bool variable = false;
  };
  struct OpDesc {
    int opcode;
    std::vector<int32_t> inputs, outputs;
    Options options;
    std::vector<uint8_t> custom_options;
  };
  struct OpcodeDesc {
    int32_t code;
    int version;
    std::string custom;
  };
  int Opcode(int32_t code, int version, const std::string& custom);

  std::vector<TensorDesc> tensors_;
  std::vector<std::vector<uint8_t>> buffers_{{}};  // buffer 0: empty sentinel
  std::vector<OpDesc> ops_;
  std::vector<OpcodeDesc> opcodes_;
  std::vector<int32_t> inputs_, outputs_;
  std::vector<int> offset4_;  // buffers StoreAtFourByteOffset placed
  std::string description_ = "circlet model writer";
};

// Writes bytes to a file; false on failure.
bool WriteFile(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace writer
}  // namespace circlet

#endif  // CIRCLET_TOOLS_WRITER_MODEL_WRITER_H_
