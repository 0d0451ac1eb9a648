// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the circlet command-line tool (host only): errors, files,
// argument parsing, model loading and the input generator.
#ifndef CIRCLET_TOOLS_CLI_CLI_H_
#define CIRCLET_TOOLS_CLI_CLI_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/status.h"

namespace circlet {
namespace cli {

// Every failure becomes one line "circlet: <message>" and a non-zero exit.
struct CliError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Wrong command line (exit status 2).
struct UsageError : CliError {
  using CliError::CliError;
};

// Throws CliError with the Status message when !s.ok().
void Check(const Status& s);

// A 16-byte aligned heap buffer (model bytes, arena).
class AlignedBuffer {
 public:
  explicit AlignedBuffer(size_t bytes);
  uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t, Free> data_;
  size_t size_;
};

std::vector<uint8_t> ReadFile(const std::string& path);  // throws on failure
void WriteFile(const std::string& path, const void* data, size_t bytes);
bool EndsWith(const std::string& s, const std::string& suffix);

// Parsed command line of one command.
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // "--seed" -> {"7"}
  std::map<std::string, bool> flags;                       // "--json" -> true
  bool has(const std::string& name) const { return values.count(name) != 0 || flags.count(name); }
  const std::string* last(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() || it->second.empty() ? nullptr : &it->second.back();
  }
};
struct OptionSpec {
  const char* name;   // "--input"
  const char* alias;  // "-i" or nullptr
  bool takes_value;
};
// Parses argv[first..argc) for `command`; unknown options are UsageErrors.
Args ParseArgs(int argc, char** argv, int first, const std::string& command,
               const std::vector<OptionSpec>& spec);

// Unsigned integer in decimal or 0x hex; k/K, m/M suffix (x1024, x1048576)
// when `allow_suffix`. Throws UsageError naming `what`.
uint64_t ParseUnsigned(const std::string& s, const char* what, uint64_t max,
                       bool allow_suffix = false);

// The model file in an aligned buffer, verified.
struct LoadedModel {
  explicit LoadedModel(const std::string& path);
  std::string path;
  std::unique_ptr<AlignedBuffer> bytes;
  size_t size = 0;
  Model model;
};

// Records what Prepare() decides: the views kernels ask for (view_of[t] is
// the tensor whose bytes tensor t reads, or -1) and every tensor's lifetime
// (first/last op of its alias root, -1 when unused; root: alias root).
struct ViewRecorder : PrepareObserver {
  std::vector<int> view_of;
  std::vector<int> first, last, root;
  void OnLifetimes(const uint16_t* f, const uint16_t* l, const uint16_t* r,
                   int num_tensors) override {
    first.assign(static_cast<size_t>(num_tensors), -1);
    last = first;
    root = first;
    for (size_t t = 0; t < static_cast<size_t>(num_tensors); ++t) {
      first[t] = f[t] == 0xFFFF ? -1 : f[t];
      last[t] = l[t] == 0xFFFF ? -1 : l[t];
      root[t] = r[t];
    }
  }
  void OnView(int op, int out_tensor, int in_tensor, size_t byte_offset) override {
    (void)op;
    (void)byte_offset;
    if (view_of.size() <= static_cast<size_t>(out_tensor)) {
      view_of.resize(static_cast<size_t>(out_tensor) + 1, -1);
    }
    view_of[static_cast<size_t>(out_tensor)] = in_tensor;
  }
  int of(int t) const {
    return static_cast<size_t>(t) < view_of.size() ? view_of[static_cast<size_t>(t)] : -1;
  }
};

// A model with a prepared interpreter in a heap arena.
// --pools NAME:BYTES[,NAME:BYTES...]: memory pools, fastest first (the
// Interpreter's pools constructor); none: one arena (--arena).
struct PoolArg {
  std::string name;
  size_t bytes = 0;
};
std::vector<PoolArg> PoolArgs(const Args& args);

struct Session {
  // patches: EnablePatchExecution before Prepare() (one arena only).
  Session(const std::string& path, size_t arena_bytes, const std::vector<PoolArg>& pools = {},
          bool patches = false);
  LoadedModel loaded;
  AlignedBuffer arena;
  std::vector<PoolArg> pool_args;  // the pools' names live here
  std::vector<std::unique_ptr<AlignedBuffer>> pool_memory;
  std::vector<MemoryPool> pools;
  ViewRecorder views;
  std::unique_ptr<Interpreter> interp;
};
// The per-pool lines of `plan` and `bench` (nothing with one arena).
void PrintPools(const ArenaReport& r);
constexpr size_t kDefaultArenaBytes = size_t{64} << 20;
// --arena BYTES from args, or the default.
size_t ArenaBytes(const Args& args);

// The input generator of the golden files (shared/models/README.md):
// xorshift32 advanced before each element, one stream across all inputs.
// float32 = ((x >> 8) / 2^24) * 2 - 1; int8/uint8 = low byte; int16 = low
// 16 bits; int32 = all 32 bits.
constexpr uint32_t kDefaultSeed = 0x2545F491u;
class XorShift32 {
 public:
  explicit XorShift32(uint32_t seed) : x_(seed) {}
  uint32_t Next() {
    x_ ^= x_ << 13;
    x_ ^= x_ >> 17;
    x_ ^= x_ << 5;
    return x_;
  }
  void Fill(const TensorView& t);

 private:
  uint32_t x_;
};
uint32_t SeedFrom(const Args& args);

// "[1,16]" and "float32 [1,16]".
std::string ShapeString(const TensorView& t);
std::string TensorLabel(const Model& m, int t);  // "tensor 9 'name'"
uint32_t Fnv1a(const void* data, size_t bytes);

int Inspect(int argc, char** argv);
int Run(int argc, char** argv);
int Bench(int argc, char** argv);
int CcArray(int argc, char** argv);  // cc_array.cc

// The arena report as a JSON object (inspect, plan and bench --json).
nlohmann::json ReportJson(const ArenaReport& r);

}  // namespace cli
}  // namespace circlet

#endif  // CIRCLET_TOOLS_CLI_CLI_H_
