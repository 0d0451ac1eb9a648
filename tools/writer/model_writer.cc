// SPDX-License-Identifier: Apache-2.0
#include "tools/writer/model_writer.h"

#include <algorithm>
#include <cstdio>

namespace circlet {
namespace writer {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

Options Conv2DOptions(fb::Padding padding, int stride_w, int stride_h, int activation,
                      int dilation_w, int dilation_h) {
  return {fb::BuiltinOptions_Conv2DOptions, [=](FlatBufferBuilder& b) {
            return fb::CreateConv2DOptions(b, padding, stride_w, stride_h,
                                           static_cast<fb::ActivationFunctionType>(activation),
                                           dilation_w, dilation_h)
                .Union();
          }};
}

Options DepthwiseConv2DOptions(fb::Padding padding, int stride_w, int stride_h,
                               int depth_multiplier, int activation, int dilation_w,
                               int dilation_h) {
  return {fb::BuiltinOptions_DepthwiseConv2DOptions, [=](FlatBufferBuilder& b) {
            return fb::CreateDepthwiseConv2DOptions(
                       b, padding, stride_w, stride_h, depth_multiplier,
                       static_cast<fb::ActivationFunctionType>(activation), dilation_w, dilation_h)
                .Union();
          }};
}

Options Pool2DOptions(fb::Padding padding, int stride_w, int stride_h, int filter_w, int filter_h,
                      int activation) {
  return {fb::BuiltinOptions_Pool2DOptions, [=](FlatBufferBuilder& b) {
            return fb::CreatePool2DOptions(b, padding, stride_w, stride_h, filter_w, filter_h,
                                           static_cast<fb::ActivationFunctionType>(activation))
                .Union();
          }};
}

Options FullyConnectedOptions(int activation, bool keep_num_dims) {
  return {fb::BuiltinOptions_FullyConnectedOptions, [=](FlatBufferBuilder& b) {
            return fb::CreateFullyConnectedOptions(
                       b, static_cast<fb::ActivationFunctionType>(activation),
                       fb::FullyConnectedOptionsWeightsFormat_DEFAULT, keep_num_dims)
                .Union();
          }};
}

Options SoftmaxOptions(float beta) {
  return {fb::BuiltinOptions_SoftmaxOptions,
          [=](FlatBufferBuilder& b) { return fb::CreateSoftmaxOptions(b, beta).Union(); }};
}

Options ConcatenationOptions(int axis, int activation) {
  return {fb::BuiltinOptions_ConcatenationOptions, [=](FlatBufferBuilder& b) {
            return fb::CreateConcatenationOptions(
                       b, axis, static_cast<fb::ActivationFunctionType>(activation))
                .Union();
          }};
}

Options AddOptions(int activation) {
  return {
      fb::BuiltinOptions_AddOptions, [=](FlatBufferBuilder& b) {
        return fb::CreateAddOptions(b, static_cast<fb::ActivationFunctionType>(activation)).Union();
      }};
}

Options MulOptions(int activation) {
  return {
      fb::BuiltinOptions_MulOptions, [=](FlatBufferBuilder& b) {
        return fb::CreateMulOptions(b, static_cast<fb::ActivationFunctionType>(activation)).Union();
      }};
}

Options ReshapeOptions(const std::vector<int32_t>& new_shape) {
  return {fb::BuiltinOptions_ReshapeOptions, [=](FlatBufferBuilder& b) {
            return fb::CreateReshapeOptions(b, b.CreateVector(new_shape)).Union();
          }};
}

Options NoOptions() {
  return Options();
}

int ModelWriter::AddTensor(const std::string& name, DType type, const std::vector<int32_t>& shape,
                           const Quant& quant) {
  tensors_.push_back({name, type, shape, quant, 0});
  return static_cast<int>(tensors_.size()) - 1;
}

int ModelWriter::AddVariable(const std::string& name, DType type, const std::vector<int32_t>& shape,
                             const Quant& quant, const std::vector<uint8_t>& initial) {
  int buffer = 0;
  if (!initial.empty()) {
    buffers_.push_back(initial);
    buffer = static_cast<int>(buffers_.size()) - 1;
  }
  tensors_.push_back({name, type, shape, quant, buffer, true});
  return static_cast<int>(tensors_.size()) - 1;
}

int ModelWriter::AddConstantBytes(const std::string& name, DType type,
                                  const std::vector<int32_t>& shape, const void* data, size_t bytes,
                                  const Quant& quant) {
  const auto* p = static_cast<const uint8_t*>(data);
  buffers_.emplace_back(p, p + bytes);
  tensors_.push_back({name, type, shape, quant, static_cast<int>(buffers_.size()) - 1});
  return static_cast<int>(tensors_.size()) - 1;
}

int ModelWriter::Opcode(int32_t code, int version, const std::string& custom) {
  for (size_t i = 0; i < opcodes_.size(); ++i) {
    if (opcodes_[i].code == code && opcodes_[i].version == version &&
        opcodes_[i].custom == custom) {
      return static_cast<int>(i);
    }
  }
  opcodes_.push_back({code, version, custom});
  return static_cast<int>(opcodes_.size()) - 1;
}

int ModelWriter::AddOperator(int32_t builtin_code, const std::vector<int32_t>& inputs,
                             const std::vector<int32_t>& outputs, const Options& options,
                             int version) {
  ops_.push_back({Opcode(builtin_code, version, ""), inputs, outputs, options, {}});
  return static_cast<int>(ops_.size()) - 1;
}

int ModelWriter::AddCustomOperator(const std::string& custom_code,
                                   const std::vector<int32_t>& inputs,
                                   const std::vector<int32_t>& outputs,
                                   const std::vector<uint8_t>& custom_options) {
  ops_.push_back({Opcode(32, 1, custom_code), inputs, outputs, NoOptions(), custom_options});
  return static_cast<int>(ops_.size()) - 1;
}

std::vector<uint8_t> ModelWriter::Finish(bool circle) const {
  FlatBufferBuilder b(1024);
  std::vector<Offset<fb::Buffer>> buffers;
  for (size_t i = 0; i < buffers_.size(); ++i) {
    const auto& data = buffers_[i];
    Offset<flatbuffers::Vector<uint8_t>> v = 0;
    if (!data.empty()) {
      // The builder writes back to front: padding so that data.size() + 4
      // more bytes end at a multiple of 16 puts the data's start 4 past one
      // (the 4-byte length prefix then needs no padding).
      const bool at4 =
          std::find(offset4_.begin(), offset4_.end(), static_cast<int>(i)) != offset4_.end();
      b.ForceVectorAlignment(data.size() + (at4 ? 4 : 0), 1, 16);
      v = b.CreateVector(data);
    }
    buffers.push_back(fb::CreateBuffer(b, v));
  }
  std::vector<Offset<fb::Tensor>> tensors;
  for (const auto& t : tensors_) {
    Offset<fb::QuantizationParameters> q = 0;
    if (!t.quant.scales.empty() || !t.quant.zero_points.empty()) {
      q = fb::CreateQuantizationParameters(
          b, 0, 0, b.CreateVector(t.quant.scales), b.CreateVector(t.quant.zero_points),
          fb::QuantizationDetails_NONE, 0, t.quant.quantized_dimension);
    }
    tensors.push_back(
        fb::CreateTensor(b, b.CreateVector(t.shape), static_cast<fb::TensorType>(t.type),
                         static_cast<uint32_t>(t.buffer), b.CreateString(t.name), q, t.variable));
  }
  std::vector<Offset<fb::Operator>> ops;
  for (const auto& op : ops_) {
    Offset<void> opts = 0;
    if (op.options.build) opts = op.options.build(b);
    Offset<flatbuffers::Vector<uint8_t>> custom = 0;
    if (!op.custom_options.empty()) {
      b.ForceVectorAlignment(op.custom_options.size(), 1, 16);
      custom = b.CreateVector(op.custom_options);
    }
    ops.push_back(fb::CreateOperator(b, static_cast<uint32_t>(op.opcode), b.CreateVector(op.inputs),
                                     b.CreateVector(op.outputs), op.options.type, opts, custom));
  }
  auto sg =
      fb::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(inputs_),
                         b.CreateVector(outputs_), b.CreateVector(ops), b.CreateString("main"));
  std::vector<Offset<fb::OperatorCode>> codes;
  for (const auto& c : opcodes_) {
    const int8_t dep = static_cast<int8_t>(c.code < 127 ? c.code : 127);
    codes.push_back(fb::CreateOperatorCode(b, dep, c.custom.empty() ? 0 : b.CreateString(c.custom),
                                           c.version, c.code));
  }
  std::vector<Offset<fb::SubGraph>> sgs{sg};
  auto model = fb::CreateModel(b, 3, b.CreateVector(codes), b.CreateVector(sgs),
                               b.CreateString(description_), b.CreateVector(buffers));
  b.Finish(model, circle ? "CIR0" : "TFL3");
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

bool WriteFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace writer
}  // namespace circlet
