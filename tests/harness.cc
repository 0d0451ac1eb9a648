// SPDX-License-Identifier: Apache-2.0
#include "tests/harness.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace circlet {
namespace test {

RunResult RunModel(const std::vector<uint8_t>& model,
                   const std::vector<std::vector<uint8_t>>& inputs, size_t arena_bytes,
                   const OpResolver* resolver,
                   const std::vector<std::vector<std::vector<uint8_t>>>* steps) {
  RunResult r;
  Model m;
  r.status = Model::Create(model.data(), model.size(), &m);
  if (!r.status.ok()) return r;
  std::unique_ptr<uint64_t[]> arena(new uint64_t[(arena_bytes + 7) / 8]);
  Interpreter interp(m, resolver != nullptr ? *resolver : AllOpsResolver(),
                     reinterpret_cast<uint8_t*>(arena.get()), arena_bytes);
  r.status = interp.Prepare();
  if (!r.status.ok()) return r;
  r.report = interp.report();
  for (int i = 0; i < interp.num_inputs() && i < static_cast<int>(inputs.size()); ++i) {
    TensorView t = interp.input(i);
    if (inputs[i].size() != t.bytes()) {
      r.status = Status::Error(StatusCode::kInvalidArgument, "test input %d: %zu bytes, tensor %zu",
                               i, inputs[i].size(), t.bytes());
      return r;
    }
    if (t.bytes() > 0) std::memcpy(t.data, inputs[i].data(), t.bytes());
  }
  r.status = interp.Invoke();
  if (!r.status.ok()) return r;
  auto collect = [&interp]() {
    std::vector<std::vector<uint8_t>> outs;
    for (int i = 0; i < interp.num_outputs(); ++i) {
      TensorView t = interp.output(i);
      const auto* p = static_cast<const uint8_t*>(t.data);
      outs.emplace_back(p, p + t.bytes());
    }
    return outs;
  };
  r.outputs = collect();
  if (steps == nullptr) return r;
  r.step_outputs.push_back(r.outputs);
  for (const auto& feed : *steps) {
    for (int i = 0; i < interp.num_inputs() && i < static_cast<int>(feed.size()); ++i) {
      r.status = interp.SetInput(i, feed[i].data(), feed[i].size());
      if (!r.status.ok()) return r;
    }
    r.status = interp.Invoke();
    if (!r.status.ok()) return r;
    r.step_outputs.push_back(collect());
  }
  return r;
}

std::string CompareGolden(const TensorView& t, const std::vector<uint8_t>& golden) {
  if (golden.size() != t.bytes()) {
    return "size " + std::to_string(t.bytes()) + " vs golden " + std::to_string(golden.size());
  }
  const auto* p = static_cast<const uint8_t*>(t.data);
  if (t.type == DType::kFloat32) {
    const auto* a = reinterpret_cast<const float*>(p);
    const auto g = As<float>(golden);
    float mx = 1.0f;
    for (float v : g) mx = std::max(mx, std::fabs(v));
    for (size_t i = 0; i < g.size(); ++i) {
      const bool both_nan = std::isnan(a[i]) && std::isnan(g[i]);
      if (!both_nan && !(std::fabs(a[i] - g[i]) <= 1e-5f * mx) && a[i] != g[i]) {
        return "element " + std::to_string(i) + ": " + std::to_string(a[i]) + " vs golden " +
               std::to_string(g[i]);
      }
    }
    return "";
  }
  for (size_t i = 0; i < golden.size(); ++i) {
    if (p[i] != golden[i]) {
      return "byte " + std::to_string(i) + ": " + std::to_string(static_cast<int>(p[i])) +
             " vs golden " + std::to_string(static_cast<int>(golden[i]));
    }
  }
  return "";
}

void IntermediateChecker::OnOpEnd(int op) {
  const fb::Operator* fop = interp_.model().fb_operator(op);
  if (fop->outputs() == nullptr) return;
  for (uint32_t j = 0; j < fop->outputs()->size(); ++j) {
    const int t = fop->outputs()->Get(j);
    // A resource handle (VAR_HANDLE's output) holds TFLite Micro's variable
    // id; circlet resolves handles at prepare and gives them no bytes.
    if (interp_.tensor(t).type == static_cast<DType>(kResourceType)) continue;
    auto golden = ReadFile(dir_ + "/t" + std::to_string(t) + ".bin");
    if (golden.empty()) continue;
    ++checked;
    std::string diff = CompareGolden(interp_.tensor(t), golden);
    if (!diff.empty() && first_bad.empty()) {
      first_bad = "op " + std::to_string(op) + " " + BuiltinOpName(interp_.model().op_code(op)) +
                  " output tensor " + std::to_string(t) + ": " + diff;
    }
  }
}

std::string RunGoldenCase(const std::string& dir, bool circle, size_t arena_bytes) {
  std::vector<uint8_t> bytes = ReadFile(dir + "/model.tflite");
  if (bytes.size() < 8) return "no model.tflite";
  if (circle) std::memcpy(bytes.data() + 4, "CIR0", 4);
  // The model must stay at an aligned address (constant data is read in place).
  std::unique_ptr<uint64_t[]> model_mem(new uint64_t[(bytes.size() + 7) / 8]);
  std::memcpy(model_mem.get(), bytes.data(), bytes.size());
  Model model;
  Status s = Model::Create(reinterpret_cast<const uint8_t*>(model_mem.get()), bytes.size(), &model);
  if (!s.ok()) return s.message();
  if (model.is_circle() != circle) return "identifier not recognized";
  std::unique_ptr<uint64_t[]> arena(new uint64_t[(arena_bytes + 7) / 8]);
  Interpreter interp(model, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.get()), arena_bytes);
  s = interp.Prepare();
  if (!s.ok()) return s.message();
  for (int i = 0; i < interp.num_inputs(); ++i) {
    const auto in = ReadFile(dir + "/input" + std::to_string(i) + ".bin");
    s = interp.SetInput(i, in.data(), in.size());
    if (!s.ok()) return s.message();
  }
  IntermediateChecker checker(interp, dir + "/intermediates");
  interp.set_observer(&checker);
  s = interp.Invoke();
  if (!s.ok()) return s.message();
  if (!checker.first_bad.empty()) return "first differing layer: " + checker.first_bad;
  for (int i = 0; i < interp.num_outputs(); ++i) {
    const auto golden = ReadFile(dir + "/output" + std::to_string(i) + ".bin");
    const std::string d = CompareGolden(interp.output(i), golden);
    if (!d.empty()) return "output " + std::to_string(i) + ": " + d;
  }
  interp.set_observer(nullptr);
  return RunSteps(interp, dir);
}

std::string RunSteps(Interpreter& interp, const std::string& dir) {
  // A stateful case's later invokes, without a reset (step 0 ran above).
  const std::string steps = dir + "/steps/step";
  auto run_step = [&](int step, int golden_step) -> std::string {
    for (int i = 0; i < interp.num_inputs(); ++i) {
      const auto in =
          ReadFile(steps + std::to_string(step) + "_input" + std::to_string(i) + ".bin");
      const Status s = interp.SetInput(i, in.data(), in.size());
      if (!s.ok()) return "step " + std::to_string(step) + ": " + s.message();
    }
    const Status s = interp.Invoke();
    if (!s.ok()) return "step " + std::to_string(step) + ": " + s.message();
    for (int i = 0; i < interp.num_outputs(); ++i) {
      const auto golden =
          ReadFile(steps + std::to_string(golden_step) + "_output" + std::to_string(i) + ".bin");
      const std::string d = CompareGolden(interp.output(i), golden);
      if (!d.empty())
        return "step " + std::to_string(step) + " output " + std::to_string(i) + ": " + d;
    }
    return "";
  };
  int n = 0;
  while (!ReadFile(steps + std::to_string(n) + "_output0.bin").empty()) ++n;
  for (int step = 1; step < n; ++step) {
    const std::string e = run_step(step, step);
    if (!e.empty()) return e;
  }
  if (n > 1) {
    // ResetState() brings back the state of a fresh Prepare(): step 0 again.
    const Status s = interp.ResetState();
    if (!s.ok()) return s.message();
    const std::string e = run_step(0, 0);
    if (!e.empty()) return "after ResetState(), " + e;
  }
  return "";
}

std::vector<std::string> OpZooCases() {
  std::vector<std::string> names;
  const std::string root = SharedModelsDir();
  if (root.empty()) return names;
  const std::string dir = root + "/ops";
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (dirent* e = readdir(d)) {
    const std::string n = e->d_name;
    if (n[0] == '.') continue;
    struct stat st;
    if (stat((dir + "/" + n + "/model.tflite").c_str(), &st) == 0) names.push_back(n);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::vector<uint8_t> out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  std::fseek(f, 0, SEEK_END);
  long n = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (n > 0) {
    out.resize(static_cast<size_t>(n));
    if (std::fread(out.data(), 1, out.size(), f) != out.size()) out.clear();
  }
  std::fclose(f);
  return out;
}

const std::vector<std::string>& SharedModelNames() {
  static const std::vector<std::string> kNames = {"hello_world_float", "hello_world_int8",
                                                  "simple_add_model",  "micro_speech_quantized",
                                                  "kws_ref_model",     "pretrainedResnet_quant",
                                                  "person_detect",     "vww_96_int8",
                                                  "ad01_int8",         "ad01_fp32",
                                                  "trained_lstm",      "dtln"};
  return kNames;
}

std::string SharedModelsDir() {
  const char* env = std::getenv("CIRCLET_SHARED_MODELS");
  std::string dir = env != nullptr ? env : CIRCLET_SOURCE_DIR "/../shared/models";
  struct stat st;
  if (stat((dir + "/models.json").c_str(), &st) != 0) return "";
  return dir;
}

std::map<std::string, std::string> ReadDeferred(const std::string& file) {
  std::map<std::string, std::string> m;
  std::ifstream f(std::string(CIRCLET_SOURCE_DIR) + "/tests/" + file);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream is(line);
    std::string name, reason;
    is >> name;
    std::getline(is, reason);
    const size_t start = reason.find_first_not_of(' ');
    m[name] = start == std::string::npos ? "" : reason.substr(start);
  }
  return m;
}

}  // namespace test
}  // namespace circlet
