// SPDX-License-Identifier: Apache-2.0
// circlet fit MODEL --board nucleo-f767zi|disco-f746ng|nrf52840 [--mcu-json FILE] [--json]
//
// Whether the model fits the board's flash and RAM together with the
// runtime, with the margin of each. Exit status 0 when it fits, 1 when not.
//
//   flash = model bytes + runtime code for the model's operators
//   RAM   = arena (planned for 32-bit pointers) + runtime static data + stack
//
// Runtime code, static data and stack come from build/bench/mcu.json
// (`make bench-mcu`, firmware measured with arm-none-eabi-size and stack
// painting, the whole run's stack_run_bytes) when it holds a firmware of the board's CPU whose
// operators are exactly the model's ("measured"), or include them ("measured, upper bound": the
// smallest such firmware). Those firmware include the QEMU runner harness (startup, semihosting,
// comparison and printing: about 4.6 KB of code, and 1 KB of .bss for its profiler table), so they
// overstate what an application needs by that much. Otherwise the figures
// come from the estimate table below ("estimate").
//
// Arena on the MCU: the host plan has the same activations, prepare
// temporaries and op data layout, but 8-byte pointers. The runtime tables
// (one pointer per tensor, operator and opcode) are recomputed for 4-byte
// pointers; kernels' op data is taken at its host size, an upper bound
// (structs holding pointers or size_t shrink on 32-bit).
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tools/cli/memplan.h"

#ifndef CIRCLET_SOURCE_DIR
#define CIRCLET_SOURCE_DIR "."
#endif

namespace circlet {
namespace cli {
namespace {

struct Board {
  const char* name;
  const char* part;
  const char* cpu;  // m7 / m4: which measurements apply
  size_t flash, ram;
  size_t fast_ram;  // DTCM (0: none)
};
const Board kBoards[] = {
    {"nucleo-f767zi", "STM32F767ZI, Cortex-M7", "m7", 2048u * 1024, 512u * 1024, 128u * 1024},
    {"disco-f746ng", "STM32F746NG, Cortex-M7", "m7", 1024u * 1024, 320u * 1024, 64u * 1024},
    {"nrf52840", "nRF52840, Cortex-M4F", "m4", 1024u * 1024, 256u * 1024, 0},
};

// Estimate table: Cortex-M7 code (.text + .rodata + .data) per linked piece,
// read from the map files of build/m7 (gcc-arm-none-eabi 12, -O2, newlib-
// nano; 2026-11, the runtime of commit 6643af1). The core is Model (with
// the flatbuffers verifier), the interpreter, planner, Status formatting,
// OpContext and quant/ math, plus libc/libgcc helpers (memcpy, 64-bit
// division); kernels are their own objects. A kernel absent from every
// measured firmware counts kUnmeasuredKernel. On Cortex-M4 the measured
// firmware are about 2.7 KB larger (kM4Extra: mcu.json, same models).
constexpr size_t kCoreCode = 30877 + 2300;
constexpr size_t kM4Extra = 2700;
constexpr size_t kUnmeasuredKernel = 4096;
const std::map<std::string, size_t> kKernelCode = {
    {"ADD", 6541},       {"AVERAGE_POOL_2D", 3949}, {"CONV_2D", 5267},  {"DEPTHWISE_CONV_2D", 6119},
    {"DEQUANTIZE", 724}, {"FULLY_CONNECTED", 3329}, {"QUANTIZE", 3050}, {"RESHAPE", 1337},
    {"SOFTMAX", 7201},
};
// Static data and stack without a measurement: the largest measured values
// (mcu.json, every model, .data of the runtime + runner) rounded up.
constexpr size_t kStaticEstimate = 128;
constexpr size_t kStackEstimate = 2560;

struct Measured {
  std::string model;
  std::set<std::string> ops;
  size_t runtime_code = 0, data = 0, bss = 0, stack = 0, arena = 0, model_bytes = 0;
};

std::vector<Measured> LoadMeasurements(const std::string& path, const std::string& cpu) {
  std::vector<Measured> out;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  std::fclose(f);
  const std::vector<uint8_t> bytes = ReadFile(path);
  const std::string text(bytes.begin(), bytes.end());
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw CliError(path + ": not valid JSON (" + e.what() + ")");
  }
  if (!root.is_array()) throw CliError(path + ": expected a JSON array of firmware records");
  for (const nlohmann::json& e : root) {
    if (!e.is_object() || e.value("cpu", std::string()) != cpu) continue;
    Measured m;
    auto num = [&](const char* k) {
      const auto it = e.find(k);
      return it != e.end() && it->is_number() ? it->get<size_t>() : size_t{0};
    };
    m.model = e.value("model", std::string());
    m.runtime_code = num("runtime_code_bytes");
    m.data = num("data");
    m.bss = num("bss");
    // The whole run's stack (the runner's frame holds the Model and the
    // Interpreter, which an application keeps somewhere too); stack_bytes,
    // circlet's calls alone, in a file from before stack_run_bytes.
    m.stack = num("stack_run_bytes") != 0 ? num("stack_run_bytes") : num("stack_bytes");
    m.arena = num("arena_bytes");
    m.model_bytes = num("model_bytes");
    const auto ops = e.find("per_op");
    if (ops != e.end() && ops->is_array()) {
      for (const nlohmann::json& op : *ops) {
        if (op.is_object() && op.contains("name") && op["name"].is_string()) {
          m.ops.insert(op["name"].get<std::string>());
        }
      }
    }
    if (m.runtime_code > 0 && !m.ops.empty()) out.push_back(m);
  }
  return out;
}

std::string Margin(long long m) {
  return (m >= 0 ? "+" : "-") + HumanBytes(static_cast<size_t>(m >= 0 ? m : -m));
}

}  // namespace

int Fit(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv, 2, "fit",
                              {{"--board", nullptr, true},
                               {"--mcu-json", nullptr, true},
                               {"--json", nullptr, false},
                               {"--arena", nullptr, true}});
  std::string boards;
  for (const Board& b : kBoards) boards += (boards.empty() ? "" : "|") + std::string(b.name);
  if (args.positional.size() != 1 || args.last("--board") == nullptr) {
    throw UsageError("usage: circlet fit MODEL --board " + boards + " (see circlet --help)");
  }
  const Board* board = nullptr;
  for (const Board& b : kBoards) {
    if (*args.last("--board") == b.name) board = &b;
  }
  if (board == nullptr) {
    throw UsageError("unknown board '" + *args.last("--board") + "' (" + boards + ")");
  }
  const std::string mcu_json = args.last("--mcu-json") != nullptr
                                   ? *args.last("--mcu-json")
                                   : std::string(CIRCLET_SOURCE_DIR) + "/build/bench/mcu.json";
  Session s(args.positional[0], ArenaBytes(args));
  const Model& m = s.loaded.model;
  const ArenaReport& rep = s.interp->report();

  // Arena for 32-bit pointers.
  const size_t tables_host = RuntimeTableBytes(m, sizeof(void*));
  const size_t tables_32 = RuntimeTableBytes(m, 4);
  const size_t head = AlignUp(std::max(rep.activation_bytes, rep.prepare_temp_bytes), 8);
  const size_t arena = head + tables_32 + rep.op_data_bytes;
  const bool tables_ok = tables_host == rep.runtime_bytes;

  // Code, static data, stack.
  std::set<std::string> ops;
  for (int op = 0; op < m.num_operators(); ++op) ops.insert(BuiltinOpName(m.op_code(op)));
  std::string ops_list;
  for (const std::string& o : ops) ops_list += (ops_list.empty() ? "" : ", ") + o;
  const std::vector<Measured> measured = LoadMeasurements(mcu_json, board->cpu);
  const Measured* best = nullptr;
  bool exact = false;
  // The firmware of this very model (same name and size), if measured.
  std::string stem = s.loaded.path;
  if (EndsWith(stem, "/model.tflite")) stem = stem.substr(0, stem.size() - 13);
  stem = stem.substr(stem.find_last_of('/') == std::string::npos ? 0 : stem.find_last_of('/') + 1);
  if (EndsWith(stem, ".tflite")) stem = stem.substr(0, stem.size() - 7);
  for (const Measured& e : measured) {
    if (e.model == stem && e.model_bytes == s.loaded.size && e.ops == ops) {
      best = &e;
      exact = true;
    }
  }
  for (const Measured& e : measured) {
    if (best != nullptr && best->model == stem && exact) break;
    const bool same = e.ops == ops;
    bool superset = true;
    for (const std::string& o : ops) superset = superset && e.ops.count(o) != 0;
    if (!superset) continue;
    if (best == nullptr || (same && !exact) ||
        (same == exact && e.runtime_code < best->runtime_code)) {
      best = &e;
      exact = same;
    }
  }
  size_t code = 0, stat = 0, stack = 0;
  std::string source;
  if (best != nullptr) {
    code = best->runtime_code;
    stat = best->data + best->bss;
    stack = best->stack;
    source = std::string(exact ? "measured" : "measured, upper bound") + ": " + mcu_json +
             ", firmware of " + (best->model == stem ? "this model, " : "") + best->model + " (" +
             board->cpu + "; includes the runner harness)";
  } else {
    code = kCoreCode + (std::string(board->cpu) == "m4" ? kM4Extra : 0);
    for (const std::string& o : ops) {
      auto it = kKernelCode.find(o);
      code += it != kKernelCode.end() ? it->second : kUnmeasuredKernel;
    }
    stat = kStaticEstimate;
    stack = kStackEstimate;
    source = "estimate: the table in tools/cli/fit.cc (" +
             std::string(measured.empty() ? mcu_json + " not found or empty"
                                          : "no firmware in " + mcu_json +
                                                " links all of the model's operators") +
             ")";
  }
  const size_t flash = s.loaded.size + code;
  const size_t ram = arena + stat + stack;
  const long long flash_margin =
      static_cast<long long>(board->flash) - static_cast<long long>(flash);
  const long long ram_margin = static_cast<long long>(board->ram) - static_cast<long long>(ram);
  const bool fits = flash_margin >= 0 && ram_margin >= 0;

  const char* kind = best == nullptr ? "estimate" : exact ? "measured" : "measured, upper bound";
  if (args.has("--json")) {
    const nlohmann::json j = {{"model", s.loaded.path},
                              {"board", board->name},
                              {"fits", fits},
                              {"flash_fits", flash_margin >= 0},
                              {"ram_fits", ram_margin >= 0},
                              {"flash_bytes", flash},
                              {"flash_board_bytes", board->flash},
                              {"flash_margin_bytes", flash_margin},
                              {"model_bytes", s.loaded.size},
                              {"runtime_code_bytes", code},
                              {"ram_bytes", ram},
                              {"ram_board_bytes", board->ram},
                              {"ram_margin_bytes", ram_margin},
                              {"arena_bytes", arena},
                              {"arena_host_bytes", rep.arena_bytes},
                              {"static_bytes", stat},
                              {"stack_bytes", stack},
                              {"source", kind}};
    std::printf("%s\n", j.dump().c_str());
    return fits ? 0 : 1;
  }
  std::printf("model       %s (%s)\n", s.loaded.path.c_str(), ops_list.c_str());
  std::printf("board       %s (%s): flash %s, RAM %s\n", board->name, board->part,
              HumanBytes(board->flash).c_str(), HumanBytes(board->ram).c_str());
  std::printf("\nflash       %10zu bytes  %-10s of %s, margin %s\n", flash,
              HumanBytes(flash).c_str(), HumanBytes(board->flash).c_str(),
              Margin(flash_margin).c_str());
  std::printf("  model     %10zu bytes\n", s.loaded.size);
  std::printf("  runtime   %10zu bytes  code for these operators\n", code);
  std::printf("RAM         %10zu bytes  %-10s of %s, margin %s\n", ram, HumanBytes(ram).c_str(),
              HumanBytes(board->ram).c_str(), Margin(ram_margin).c_str());
  std::printf("  arena     %10zu bytes  32-bit pointers: host %zu - tables %zu + %zu%s\n", arena,
              rep.arena_bytes, tables_host, tables_32,
              tables_ok ? "" : " (host tables differ from the report: estimate)");
  std::printf("  static    %10zu bytes  .data + .bss\n", stat);
  std::printf(
      "  stack     %10zu bytes  high-water mark of Create + Prepare + Invoke, with the "
      "Model and Interpreter\n",
      stack);
  if (board->fast_ram > 0) {
    std::printf("  (the arena %s the %s of DTCM beside a 16 KB stack)\n",
                arena + 16384 <= board->fast_ram ? "fits" : "does not fit",
                HumanBytes(board->fast_ram).c_str());
  }
  std::printf("\nsource      %s\n", source.c_str());
  std::printf("            arena: op data at its host size (an upper bound on 32-bit)\n");
  std::printf("\nverdict     %s", fits ? "FITS" : "DOES NOT FIT");
  if (!fits) {
    std::printf(" (%s%s%s)", flash_margin < 0 ? "flash" : "",
                flash_margin < 0 && ram_margin < 0 ? " and " : "", ram_margin < 0 ? "RAM" : "");
  }
  std::printf(" on %s\n", board->name);
  return fits ? 0 : 1;
}

}  // namespace cli
}  // namespace circlet
