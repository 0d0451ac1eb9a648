#include "tests/harness.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace circlet {
namespace test {

RunResult RunModel(const std::vector<uint8_t>& model,
                   const std::vector<std::vector<uint8_t>>& inputs, size_t arena_bytes,
                   const OpResolver* resolver) {
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
    std::memcpy(t.data, inputs[i].data(), t.bytes());
  }
  r.status = interp.Invoke();
  if (!r.status.ok()) return r;
  for (int i = 0; i < interp.num_outputs(); ++i) {
    TensorView t = interp.output(i);
    const auto* p = static_cast<const uint8_t*>(t.data);
    r.outputs.emplace_back(p, p + t.bytes());
  }
  return r;
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
                                                  "ad01_int8",         "ad01_fp32"};
  return kNames;
}

std::string SharedModelsDir() {
  const char* env = std::getenv("CIRCLET_SHARED_MODELS");
  std::string dir = env != nullptr ? env : CIRCLET_SOURCE_DIR "/../shared/models";
  struct stat st;
  if (stat((dir + "/models.json").c_str(), &st) != 0) return "";
  return dir;
}

}  // namespace test
}  // namespace circlet
