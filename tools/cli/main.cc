// SPDX-License-Identifier: Apache-2.0
// circlet — command-line tool: inspect, run and benchmark a model.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "tools/cli/cli.h"
#include "tools/cli/memplan.h"

namespace {

const char kUsage[] =
    "usage: circlet COMMAND [MODEL] [options]\n"
    "\n"
    "commands:\n"
    "  inspect MODEL        format, every subgraph's operators with options and\n"
    "                       tensors, what circlet cannot run and why, memory plan\n"
    "      --json               the same as one JSON document on stdout\n"
    "  ops                  the operator support table (operator, code, versions,\n"
    "                       types); --markdown prints docs/operators.md\n"
    "  run MODEL            run once (or --steps N times)\n"
    "      -i, --input FILE     input k (repeat in input order); .npy (dtype and element\n"
    "                           count must match) or raw bytes (size must match)\n"
    "      -o, --output FILE    output k (repeat in output order); .npy or raw bytes;\n"
    "                           without -o each output is summarized on stdout\n"
    "      --seed N             without -i: xorshift32 inputs from seed N (decimal or 0x\n"
    "                           hex; default 0x2545F491, the golden files' inputs)\n"
    "      --steps N            N invokes without resetting the state (variable tensors):\n"
    "                           N x inputs for -i and N x outputs for -o, step-major\n"
    "      --dump-tensors DIR   write every non-constant tensor as DIR/t<index>.bin\n"
    "                           right after the op that produces it (the last step)\n"
    "  bench MODEL          invoke time and per-operator time\n"
    "      --runs N             timed runs after one warm-up (default 50)\n"
    "      --json               one JSON object on stdout\n"
    "      --seed N             input seed, as for run\n"
    "      --ref                also time the reference kernels in the same run: speedup\n"
    "                           per op and in all, outputs compared (exit 1 if they differ)\n"
    "      (also reports the persistent data split: runtime tables, op data per op)\n"
    "  plan MODEL           the memory plan: each buffer's bytes, offset, lifetime,\n"
    "                       in-place group; peak, lower bound, every strategy's peak\n"
    "      --svg FILE           also draw it (ops along x, arena offset along y)\n"
    "      --json               buffers, peak, strategies and the arena report as JSON\n"
    "      --pools N:B,...      plan into memory pools, fastest first (e.g.\n"
    "                           dtcm:64k,sram:256k,sdram:8M): each buffer's pool, and\n"
    "                           per pool its bytes and traffic per inference (also bench)\n"
    "  fit MODEL --board B  does it fit the board (nucleo-f767zi, disco-f746ng, nrf52840)\n"
    "                       with the runtime: flash and RAM with margins; exit 1 if not\n"
    "      --mcu-json FILE      measured firmware figures (default build/bench/mcu.json)\n"
    "      --json               one JSON object on stdout\n"
    "  cc-array MODEL       the model as a C/C++ header (builds without CMake): a\n"
    "                       16-byte aligned const unsigned char NAME[] and unsigned\n"
    "                       int NAME_len; the model is verified first\n"
    "      -o, --output FILE    write the header to FILE (default stdout)\n"
    "      --name NAME          the array's name (default: the file name, e.g.\n"
    "                           model_tflite)\n"
    "\n"
    "every command:\n"
    "  --arena BYTES        arena size (k/M suffix allowed; default 64M)\n"
    "  -h, --help           this text\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace circlet::cli;
  try {
    if (argc < 2) throw UsageError("no command given (see circlet --help)");
    const std::string cmd = argv[1];
    for (int i = 1; i < argc; ++i) {
      if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
        std::fputs(kUsage, stdout);
        return 0;
      }
    }
    if (cmd == "inspect") return Inspect(argc, argv);
    if (cmd == "run") return Run(argc, argv);
    if (cmd == "bench") return Bench(argc, argv);
    if (cmd == "plan") return Plan(argc, argv);
    if (cmd == "fit") return Fit(argc, argv);
    if (cmd == "ops") return Ops(argc, argv);
    if (cmd == "cc-array") return CcArray(argc, argv);
    if (!cmd.empty() && cmd[0] == '-') {
      throw UsageError("unknown option '" + cmd + "' (see circlet --help)");
    }
    throw UsageError("unknown command '" + cmd +
                     "' (inspect, run, bench, plan, fit, ops, cc-array; see circlet --help)");
  } catch (const UsageError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "circlet: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "circlet: %s\n", e.what());
    return 1;
  }
}
