// SPDX-License-Identifier: Apache-2.0
// Test harness: run a model given as bytes (usually a one-op model made with
// the model writer) through Model + Interpreter and collect the outputs.
#ifndef CIRCLET_TESTS_HARNESS_H_
#define CIRCLET_TESTS_HARNESS_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "circlet/interpreter.h"
#include "circlet/op_resolver.h"
#include "tools/writer/model_writer.h"

namespace circlet {
namespace test {

// A model's bytes and the Model made from them (the bytes stay alive with it).
struct Loaded {
  std::vector<uint8_t> bytes;
  Model model;
  explicit Loaded(std::vector<uint8_t> b) : bytes(std::move(b)) {
    const Status s = Model::Create(bytes.data(), bytes.size(), &model);
    EXPECT_TRUE(s.ok()) << s.message();
  }
};

struct RunResult {
  Status status;  // first failure (create, prepare or invoke), or ok
  std::vector<std::vector<uint8_t>> outputs;
  ArenaReport report;
  // With `steps`: the outputs of every invoke (step 0 = `outputs`).
  std::vector<std::vector<std::vector<uint8_t>>> step_outputs;
};

// Runs `model` once with `inputs` (raw bytes per graph input), with every
// kernel (AllOpsResolver) unless `resolver` is given; then, for each entry of
// `steps` (inputs per graph input), feeds it and invokes again without a
// reset (variable tensors keep their state).
RunResult RunModel(const std::vector<uint8_t>& model,
                   const std::vector<std::vector<uint8_t>>& inputs, size_t arena_bytes = 1 << 20,
                   const OpResolver* resolver = nullptr,
                   const std::vector<std::vector<std::vector<uint8_t>>>* steps = nullptr);

template <typename T>
std::vector<uint8_t> Bytes(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!b.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

template <typename T>
std::vector<T> As(const std::vector<uint8_t>& b) {
  std::vector<T> v(b.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), b.data(), v.size() * sizeof(T));
  return v;
}

// Reads a whole file; empty when missing.
std::vector<uint8_t> ReadFile(const std::string& path);

// The models of ../shared/models, small to large.
const std::vector<std::string>& SharedModelNames();

// The operator zoo's case names (folders of ../shared/models/ops holding a
// model.tflite), sorted; empty when absent.
std::vector<std::string> OpZooCases();

// The shared models folder (../shared/models relative to the source tree),
// or "" when absent. Tests that need it print a visible skip message.
std::string SharedModelsDir();

// A deferred-cases list (tests/<file>: "name  reason..." per line, '#'
// comments): case name -> reason.
std::map<std::string, std::string> ReadDeferred(const std::string& file);

// Compares a tensor with golden bytes: int and bool byte for byte, float32
// within 1e-5 * max(1, max|golden|) (../shared/models/README.md). Returns ""
// or a description of the first difference.
std::string CompareGolden(const TensorView& t, const std::vector<uint8_t>& golden);

// Checks each op's outputs right after the op runs against `dir`/t<N>.bin
// (TFLite Micro's intermediates); remembers the first difference.
class IntermediateChecker : public InvokeObserver {
 public:
  IntermediateChecker(const Interpreter& interp, std::string dir)
      : interp_(interp), dir_(std::move(dir)) {}
  void OnOpEnd(int op) override;
  int checked = 0;
  std::string first_bad;

 private:
  const Interpreter& interp_;
  std::string dir_;
};

// One golden case folder (model.tflite, input<k>.bin, output<k>.bin,
// intermediates/): runs it, from the TFLite bytes or (circle = true) from a
// Circle copy (the same flatbuffer with the "CIR0" identifier), and returns
// "" or what went wrong: a Status message, the first differing layer, or
// the first differing output.
std::string RunGoldenCase(const std::string& dir, bool circle, size_t arena_bytes = 4 << 20);

// A stateful case's `dir`/steps/ (step<s>_input<k>.bin, step<s>_output<k>.bin):
// after step 0 has run, runs steps 1.. without a reset and compares each
// step's outputs, then ResetState() and step 0 again. "" when all match (or
// there are no steps), otherwise the first difference.
std::string RunSteps(Interpreter& interp, const std::string& dir);

}  // namespace test
}  // namespace circlet

#endif  // CIRCLET_TESTS_HARNESS_H_
