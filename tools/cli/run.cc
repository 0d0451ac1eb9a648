// SPDX-License-Identifier: Apache-2.0
// circlet run MODEL [-i IN ...] [-o OUT ...] [--seed N] [--steps N] [--dump-tensors DIR]
//
// Inputs come from .npy files (dtype and element count must match the
// tensor) or raw files (byte count must match), or from the golden files'
// xorshift32 generator. Outputs go to .npy or raw files, or are summarized
// on stdout. --dump-tensors writes every non-constant tensor right after the
// op that produces it (graph inputs before the first op) as DIR/t<index>.bin.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "model/schema.h"
#include "tools/cli/cli.h"
#include "tools/cli/npy.h"

namespace circlet {
namespace cli {
namespace {

void LoadInput(const Model& m, const TensorView& t, int i, const std::string& path) {
  const std::string label = "input " + std::to_string(i) + " (" + TensorLabel(m, t.index) + ", " +
                            DTypeName(t.type) + " " + ShapeString(t) + ")";
  const std::vector<uint8_t> file = ReadFile(path);
  if (EndsWith(path, ".npy")) {
    NpyArray a;
    std::string err;
    if (!ParseNpy(file, &a, &err)) throw CliError(path + ": " + err);
    if (a.type != t.type) {
      throw CliError(path + ": dtype " + a.descr + " does not match " + label + " (" +
                     NpyDescr(t.type) + ")");
    }
    if (a.num_elements() != t.num_elements()) {
      throw CliError(path + ": " + std::to_string(a.num_elements()) + " elements, " + label +
                     " has " + std::to_string(t.num_elements()));
    }
    std::memcpy(t.data, a.data.data(), t.bytes());
    return;
  }
  if (file.size() != t.bytes()) {
    throw CliError(path + ": raw file is " + std::to_string(file.size()) + " bytes, " + label +
                   " is " + std::to_string(t.bytes()) + " bytes");
  }
  std::memcpy(t.data, file.data(), t.bytes());
}

void SaveOutput(const TensorView& t, const std::string& path) {
  if (EndsWith(path, ".npy")) {
    if (NpyDescr(t.type).empty()) {
      throw CliError(std::string("cannot write ") + DTypeName(t.type) + " as .npy: " + path);
    }
    std::vector<int64_t> shape(t.dims, t.dims + t.rank);
    const std::vector<uint8_t> bytes = WriteNpy(t.type, shape, t.data, t.bytes());
    WriteFile(path, bytes.data(), bytes.size());
  } else {
    WriteFile(path, t.data, t.bytes());
  }
}

void PrintSummary(const Model& m, const TensorView& t, int i) {
  constexpr int64_t kShow = 8;
  const int64_t n = t.num_elements();
  std::printf("output %d (%s): %s %s\n  values:", i, TensorLabel(m, t.index).c_str(),
              DTypeName(t.type), ShapeString(t).c_str());
  for (int64_t k = 0; k < n && k < kShow; ++k) {
    switch (t.type) {
      case DType::kFloat32: std::printf(" %.6g", static_cast<double>(t.as<float>()[k])); break;
      case DType::kInt8: std::printf(" %d", t.as<int8_t>()[k]); break;
      case DType::kUInt8: std::printf(" %u", t.as<uint8_t>()[k]); break;
      case DType::kInt16: std::printf(" %d", t.as<int16_t>()[k]); break;
      case DType::kInt32: std::printf(" %d", t.as<int32_t>()[k]); break;
      default: std::printf(" ?"); break;
    }
  }
  if (n > kShow) std::printf(" ... (%lld values)", static_cast<long long>(n));
  std::printf("\n  fnv1a: 0x%08x (%zu bytes)\n", Fnv1a(t.data, t.bytes()), t.bytes());
}

void MakeDir(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw CliError("--dump-tensors: '" + dir + "' is not a directory");
    return;
  }
  if (mkdir(dir.c_str(), 0777) != 0) {
    throw CliError("cannot create directory '" + dir + "': " + std::strerror(errno));
  }
}

// Writes each op's non-constant outputs right after the op has run (the
// arena is reused later, so this is the only moment they are valid).
class DumpObserver : public InvokeObserver {
 public:
  DumpObserver(const Interpreter& interp, std::string dir) : interp_(interp), dir_(dir) {}
  void Dump(int t) {
    if (t < 0 || interp_.model().tensor_is_constant(t)) return;
    const TensorView v = interp_.tensor(t);
    if (v.data == nullptr || !error.empty()) return;
    // No exception may cross Invoke() (the core is built without them):
    // remember the first failure and report it afterwards.
    try {
      WriteFile(dir_ + "/t" + std::to_string(t) + ".bin", v.data, v.bytes());
      ++written;
    } catch (const CliError& e) {
      error = e.what();
    }
  }
  void OnOpEnd(int op) override {
    const auto* outs = interp_.model().fb_operator(op)->outputs();
    if (outs == nullptr) return;
    for (uint32_t j = 0; j < outs->size(); ++j) Dump(outs->Get(j));
  }
  int written = 0;
  std::string error;

 private:
  const Interpreter& interp_;
  std::string dir_;
};

}  // namespace

int Run(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv, 2, "run",
                              {{"--input", "-i", true},
                               {"--output", "-o", true},
                               {"--seed", nullptr, true},
                               {"--dump-tensors", nullptr, true},
                               {"--steps", nullptr, true},
                               {"--arena", nullptr, true}});
  if (args.positional.size() != 1) {
    throw UsageError(
        "usage: circlet run MODEL [-i IN]... [-o OUT]... [--seed N] [--steps N] "
        "[--dump-tensors DIR] (see circlet --help)");
  }
  int steps = 1;
  if (const std::string* n = args.last("--steps")) {
    char* end = nullptr;
    const long v = std::strtol(n->c_str(), &end, 10);
    if (end == n->c_str() || *end != '\0' || v < 1 || v > 1000000) {
      throw UsageError("--steps: '" + *n + "' is not a count from 1 to 1000000");
    }
    steps = static_cast<int>(v);
  }
  const uint32_t seed = SeedFrom(args);
  const size_t arena_bytes = ArenaBytes(args);
  Session s(args.positional[0], arena_bytes);
  Interpreter& interp = *s.interp;
  const Model& m = s.loaded.model;

  static const std::vector<std::string> kNone;
  const auto in_it = args.values.find("--input");
  const auto out_it = args.values.find("--output");
  const std::vector<std::string>& ins = in_it == args.values.end() ? kNone : in_it->second;
  const std::vector<std::string>& outs = out_it == args.values.end() ? kNone : out_it->second;
  // With --steps N: N invokes without resetting the state (variable
  // tensors), N x inputs and N x outputs, step-major (step 0's inputs, then
  // step 1's, ...); without -i the xorshift32 stream continues across steps.
  const size_t nin = static_cast<size_t>(interp.num_inputs()) * static_cast<size_t>(steps);
  const size_t nout = static_cast<size_t>(interp.num_outputs()) * static_cast<size_t>(steps);
  if (!ins.empty() && ins.size() != nin) {
    throw UsageError("the model has " + std::to_string(interp.num_inputs()) + " input(s), " +
                     (steps > 1 ? "x " + std::to_string(steps) + " steps: " : "") +
                     std::to_string(ins.size()) + " -i given");
  }
  if (!outs.empty() && outs.size() != nout) {
    throw UsageError("the model has " + std::to_string(interp.num_outputs()) + " output(s), " +
                     (steps > 1 ? "x " + std::to_string(steps) + " steps: " : "") +
                     std::to_string(outs.size()) + " -o given");
  }
  XorShift32 rng(seed);
  std::unique_ptr<DumpObserver> dump;
  for (int step = 0; step < steps; ++step) {
    const size_t in0 = static_cast<size_t>(step) * static_cast<size_t>(interp.num_inputs());
    const size_t out0 = static_cast<size_t>(step) * static_cast<size_t>(interp.num_outputs());
    for (int i = 0; i < interp.num_inputs(); ++i) {
      const TensorView t = interp.input(i);
      if (ins.empty()) {
        rng.Fill(t);
      } else {
        LoadInput(m, t, i, ins[in0 + static_cast<size_t>(i)]);
      }
    }
    // --dump-tensors: the last step's tensors.
    if (const std::string* dir = args.last("--dump-tensors")) {
      if (step + 1 == steps) {
        MakeDir(*dir);
        dump.reset(new DumpObserver(interp, *dir));
        for (int i = 0; i < interp.num_inputs(); ++i) dump->Dump(m.input_tensor(i));
        interp.set_observer(dump.get());
      }
    }
    Check(interp.Invoke());
    interp.set_observer(nullptr);
    if (dump && !dump->error.empty()) throw CliError(dump->error);
    if (steps > 1 && outs.empty()) std::printf("step %d\n", step);
    for (int i = 0; i < interp.num_outputs(); ++i) {
      if (outs.empty()) {
        PrintSummary(m, interp.output(i), i);
      } else {
        SaveOutput(interp.output(i), outs[out0 + static_cast<size_t>(i)]);
      }
    }
  }
  if (dump) {
    std::printf("dumped %d tensors to %s\n", dump->written, args.last("--dump-tensors")->c_str());
  }
  return 0;
}

}  // namespace cli
}  // namespace circlet
