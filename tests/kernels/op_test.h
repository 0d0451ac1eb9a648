// SPDX-License-Identifier: Apache-2.0
// OpTest: one operator built in memory and run, for kernel unit tests.
//
//   OpTest t(opcode::PAD);
//   t.Input<float>({1, 2}, {1, 2});              // op input 0, fed at Run()
//   t.Const<int32_t>({2, 2}, {0, 0, 1, 1});      // op input 1, a constant
//   t.Output<float>({1, 4});                     // op output 0
//   ASSERT_EQ(t.Run(), "");                      // "" or the error message
//   EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0, 1, 2, 0}));
//
// Run() writes a one-operator model with the model writer and runs it twice,
// from TFLite and from Circle bytes, through Model + Interpreter with every
// kernel (prepare, then eval); the two runs must agree byte for byte. A
// test's body is its cases: shapes, values, options and expected outputs.
#ifndef CIRCLET_TESTS_KERNELS_OP_TEST_H_
#define CIRCLET_TESTS_KERNELS_OP_TEST_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "tests/harness.h"

namespace circlet {
namespace test {

template <typename T>
constexpr DType DTypeOf() {
  if (std::is_same<T, float>::value) return DType::kFloat32;
  if (std::is_same<T, int8_t>::value) return DType::kInt8;
  if (std::is_same<T, int16_t>::value) return DType::kInt16;
  if (std::is_same<T, int32_t>::value) return DType::kInt32;
  if (std::is_same<T, int64_t>::value) return DType::kInt64;
  if (std::is_same<T, bool>::value) return DType::kBool;
  return DType::kUInt8;
}

// Builtin options from a table builder: Opt(fb::BuiltinOptions_PadOptions,
// [](auto& b) { return fb::CreatePadOptions(b).Union(); }).
template <typename F>
writer::Options Opt(fb::BuiltinOptions type, F build) {
  return writer::Options{type, [build](flatbuffers::FlatBufferBuilder& b) { return build(b); }};
}

class OpTest {
 public:
  explicit OpTest(int32_t code, writer::Options options = writer::NoOptions(), int version = 1)
      : code_(code), options_(std::move(options)), version_(version) {}

  // A graph input of the op, fed with `values` at Run(). Returns its tensor.
  template <typename T>
  int Input(const std::vector<int32_t>& shape, const std::vector<T>& values,
            const writer::Quant& quant = writer::Quant()) {
    const int t =
        w_.AddTensor("in" + std::to_string(op_inputs_.size()), DTypeOf<T>(), shape, quant);
    op_inputs_.push_back(t);
    graph_inputs_.push_back(t);
    feeds_.push_back(BytesOf(values));
    return t;
  }
  // A constant input of the op.
  template <typename T>
  int Const(const std::vector<int32_t>& shape, const std::vector<T>& values,
            const writer::Quant& quant = writer::Quant()) {
    const std::vector<uint8_t> b = BytesOf(values);
    const int t = w_.AddConstantBytes("c" + std::to_string(op_inputs_.size()), DTypeOf<T>(), shape,
                                      b.data(), b.size(), quant);
    op_inputs_.push_back(t);
    return t;
  }
  // Stores constant `tensor`'s data 4 bytes past an 8-byte boundary (as
  // the TFLite converter may store an int64 bias).
  // Op input: a variable tensor (state), initialized from `initial` (its
  // buffer; empty: zero / the int8 zero point).
  template <typename T>
  int Variable(const std::vector<int32_t>& shape, const writer::Quant& quant = writer::Quant(),
               const std::vector<T>& initial = {}) {
    const int t = w_.AddVariable("v" + std::to_string(op_inputs_.size()), DTypeOf<T>(), shape,
                                 quant, BytesOf(initial));
    op_inputs_.push_back(t);
    return t;
  }
  // Extra invokes: Run() then feeds each step's inputs (one vector per
  // graph input) and invokes again without resetting state; StepOut(s, i) is
  // output i after step s (step 0 is Run()'s own invoke).
  template <typename T>
  void Step(const std::vector<T>& input0) {
    steps_.push_back({BytesOf(input0)});
  }
  template <typename T>
  std::vector<T> StepOut(int step, int i) const {
    return As<T>(step_outputs_.at(static_cast<size_t>(step)).at(static_cast<size_t>(i)));
  }

  void AtFourByteOffset(int tensor) { w_.StoreAtFourByteOffset(tensor); }
  // An absent optional input (-1).
  void NoInput() { op_inputs_.push_back(-1); }
  // An output of the op (and of the graph).
  template <typename T>
  int Output(const std::vector<int32_t>& shape, const writer::Quant& quant = writer::Quant()) {
    const int t = w_.AddTensor("out" + std::to_string(outputs_.size()), DTypeOf<T>(), shape, quant);
    outputs_.push_back(t);
    return t;
  }

  // Builds and runs the op; "" on success, else the Status message (or a
  // note that the TFLite and Circle runs disagree).
  std::string Run(size_t arena_bytes = 1 << 20) {
    w_.AddOperator(code_, op_inputs_, outputs_, options_, version_);
    w_.SetInputs(graph_inputs_);
    w_.SetOutputs(outputs_);
    const auto* steps = steps_.empty() ? nullptr : &steps_;
    result_ = RunModel(w_.Finish(false), feeds_, arena_bytes, nullptr, steps);
    if (!result_.status.ok()) return result_.status.message();
    const RunResult circle = RunModel(w_.Finish(true), feeds_, arena_bytes, nullptr, steps);
    if (!circle.status.ok()) return std::string("Circle copy: ") + circle.status.message();
    if (circle.outputs != result_.outputs || circle.step_outputs != result_.step_outputs) {
      return "Circle copy gives other outputs";
    }
    step_outputs_ = result_.step_outputs;
    return "";
  }

  template <typename T>
  std::vector<T> Out(int i) const {
    return As<T>(result_.outputs.at(static_cast<size_t>(i)));
  }
  const RunResult& result() const { return result_; }

 private:
  template <typename T>
  static std::vector<uint8_t> BytesOf(const std::vector<T>& v) {
    std::vector<uint8_t> b(v.size() * sizeof(T));
    for (size_t i = 0; i < v.size(); ++i) {
      const T x = v[i];
      std::memcpy(b.data() + i * sizeof(T), &x, sizeof(T));
    }
    return b;
  }

  std::vector<std::vector<std::vector<uint8_t>>> steps_, step_outputs_;
  int32_t code_;
  writer::Options options_;
  int version_;
  writer::ModelWriter w_;
  std::vector<int32_t> op_inputs_, graph_inputs_, outputs_;
  std::vector<std::vector<uint8_t>> feeds_;
  RunResult result_;
};

}  // namespace test
}  // namespace circlet

#endif  // CIRCLET_TESTS_KERNELS_OP_TEST_H_
