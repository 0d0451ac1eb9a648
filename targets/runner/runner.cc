// SPDX-License-Identifier: Apache-2.0
// Model runner firmware: runs one model embedded in flash, checks its
// outputs against golden bytes embedded beside it, prints a report through
// the port's console and exits 0 (all outputs match) or 1.
//
//   1. paint the stack, then Model::CreateTrusted + Prepare (arena: a static
//      array in DTCM when it fits, else SRAM; see targets/CMakeLists.txt;
//      with CIRCLET_POOL2_BYTES, two memory pools: the arena, then a second
//      array in the board's external RAM).
//      The model is part of the image, like a deployed firmware's, and its
//      bytes are verified on the host (tests/, `circlet inspect`); built with
//      CIRCLET_RUNNER_VERIFY the runner verifies them again with Model::Create
//      (circlet_firmware(... VERIFY): the flash cost of on-device
//      verification)
//      Patch-based execution is enabled (EnablePatchExecution) when built
//      with CIRCLET_RUNNER_PATCHES=1 (circlet_firmware(... PATCHES)).
//   2. copy the inputs, Invoke() between circlet_mark_begin/_end: the QEMU
//      plugin (tools/qemu-plugin) counts the instructions in between
//   3. compare outputs: int8/int16/... byte-identical; float32 within
//      1e-5 * max(1, max|golden|) (/work/shared/models/README.md)
//   4. copy the inputs again (the arena may reuse an input's bytes once
//      it has been read) and Invoke() again with a per-operator profiler (port cycle counter) and
//      compare again; print the per-op table, the arena report and the
//      stack high-water marks:
//        stack_bytes        the deepest of the calls into circlet (setup:
//                           Model::CreateTrusted, the Interpreter constructor
//                           and Prepare(); then the first Invoke()), from
//                           Run()'s stack pointer: circlet's frames alone
//        stack_setup_bytes, stack_invoke_bytes  the same per phase
//        stack_run_bytes    from the top of the stack: main()'s and Run()'s
//                           frames too (Run() holds the Model and the
//                           Interpreter objects); the figure before
//                           stack_bytes was measured this way
//
// The model, inputs and goldens come from a generated assembly file that
// .incbin's them (section .model for the model, .testdata for the rest)
// and a table `circlet_test_vectors`:
//   word 0,1: model address, size     word 2,3: number of inputs, outputs
//   then (address, size) of each input, then of each golden output.
// CIRCLET_MODEL_OPS(X) (generated ops header) lists the model's operators,
// so only their kernels are linked.
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstring>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "port/port.h"
#include "runner_ops.h"
#include "targets/common/firmware_util.h"
#include "targets/common/golden_compare.h"

extern "C" const uint32_t circlet_test_vectors[];

#ifndef CIRCLET_ARENA_BYTES
#define CIRCLET_ARENA_BYTES (1024 * 1024)
#endif
#ifndef CIRCLET_ARENA_SECTION
#define CIRCLET_ARENA_SECTION ".arena"
#endif
// A second memory pool (circlet_firmware(... POOL2_BYTES n POOL2_SECTION s)):
// the interpreter gets the arena as its first pool and this one after it
// (the pools constructor), and the run fails unless the plan spilled
// buffers into it.
#ifndef CIRCLET_POOL2_BYTES
#define CIRCLET_POOL2_BYTES 0
#endif
#ifndef CIRCLET_RUNNER_NAME
#define CIRCLET_RUNNER_NAME "model"
#endif
#ifndef CIRCLET_RUNNER_TARGET
#define CIRCLET_RUNNER_TARGET "?"
#endif

namespace {

using circlet::firmware::PaintStack;
using circlet::firmware::Print;
using circlet::firmware::StackPointer;
using circlet::firmware::StackUsed;
using circlet::firmware::StackUsedBelow;

CIRCLET_DEFINE_OP_RESOLVER(model_resolver, CIRCLET_MODEL_OPS)

alignas(16) __attribute__((section(CIRCLET_ARENA_SECTION))) uint8_t g_arena[CIRCLET_ARENA_BYTES];
#if CIRCLET_POOL2_BYTES
alignas(16) __attribute__((section(CIRCLET_POOL2_SECTION))) uint8_t g_pool2[CIRCLET_POOL2_BYTES];
const circlet::MemoryPool g_pools[] = {{g_arena, sizeof(g_arena), "sram"},
                                       {g_pool2, sizeof(g_pool2), CIRCLET_POOL2_NAME}};
#endif

constexpr int kMaxProfiledOps = 256;

// One line of the per-op table: op index, name (left), count, percent (right).
void Row(const char* op, const char* name, const char* count, const char* pct) {
  char line[96];
  size_t n = 0;
  auto put = [&](const char* text, size_t width, bool right) {
    const size_t len = std::strlen(text);
    const size_t pad = len < width ? width - len : 0;
    if (right) {
      for (size_t i = 0; i < pad && n + 1 < sizeof(line); ++i) line[n++] = ' ';
    }
    for (size_t i = 0; i < len && n + 1 < sizeof(line); ++i) line[n++] = text[i];
    if (!right) {
      for (size_t i = 0; i < pad && n + 1 < sizeof(line); ++i) line[n++] = ' ';
    }
  };
  put("", 2, false);
  put(op, 4, true);
  put("  ", 2, false);
  put(name, 24, false);
  put(count, 12, true);
  put(pct, 8, true);
  line[n++] = '\n';
  line[n] = '\0';
  circlet_port_log(line);
}

// Port cycles per operator (zero-initialized: .bss, not .data).
uint32_t g_op_cycles[kMaxProfiledOps];

// Accumulates port cycles per operator.
class OpProfiler : public circlet::InvokeObserver {
 public:
  void OnOpBegin(int op) override {
    (void)op;
    start_ = circlet_port_cycles();
  }
  void OnOpEnd(int op) override {
    const uint32_t now = circlet_port_cycles();
    if (op >= 0 && op < kMaxProfiledOps) g_op_cycles[op] += now - start_;
  }
  uint32_t cycles(int op) const { return op < kMaxProfiledOps ? g_op_cycles[op] : 0; }

 private:
  uint32_t start_ = 0;
};

OpProfiler g_profiler;

struct Blob {
  const uint8_t* data;
  uint32_t size;
};

Blob VectorBlob(int i) {
  return Blob{reinterpret_cast<const uint8_t*>(circlet_test_vectors[4 + 2 * i]),
              circlet_test_vectors[5 + 2 * i]};
}

bool CompareOutput(const circlet::TensorView& t, const Blob& golden, int index) {
  return circlet::firmware::CompareOutput(t, golden.data, golden.size, index, true);
}

bool CopyInputs(const circlet::Interpreter& interp, int n_in) {
  for (int i = 0; i < n_in; ++i) {
    const Blob in = VectorBlob(i);
    circlet::TensorView t = interp.input(i);
    if (t.bytes() != in.size) {
      Print("input %d: tensor has %zu bytes, file %u\nRESULT FAIL\n", i, t.bytes(),
            static_cast<unsigned>(in.size));
      return false;
    }
    std::memcpy(t.data, in.data, in.size);
  }
  return true;
}

int Fail(const char* what, const circlet::Status& s) {
  Print("%s failed: %s\nRESULT FAIL\n", what, s.message());
  return 1;
}

__attribute__((noinline)) int Run() {
  const Blob model_blob{reinterpret_cast<const uint8_t*>(circlet_test_vectors[0]),
                        circlet_test_vectors[1]};
  const int n_in = static_cast<int>(circlet_test_vectors[2]);
  const int n_out = static_cast<int>(circlet_test_vectors[3]);
  Print("circlet runner: model %s (%u bytes) on %s\n", CIRCLET_RUNNER_NAME,
        static_cast<unsigned>(model_blob.size), CIRCLET_RUNNER_TARGET);
  // Stack high-water marks of setup (Create + Prepare) and of one Invoke(),
  // each painted afresh: below `sp`, Run()'s stack pointer, only the calls
  // into circlet write (CopyInputs runs between the two phases).
  const uintptr_t sp = StackPointer();
  PaintStack();

  circlet::Model model;
#if CIRCLET_RUNNER_VERIFY
  circlet::Status s = circlet::Model::Create(model_blob.data, model_blob.size, &model);
  if (!s.ok()) return Fail("Model::Create", s);
#else
  circlet::Status s = circlet::Model::CreateTrusted(model_blob.data, model_blob.size, &model);
  if (!s.ok()) return Fail("Model::CreateTrusted", s);
#endif
#if CIRCLET_POOL2_BYTES
  circlet::Interpreter interp(model, model_resolver, g_pools, 2);
#else
  circlet::Interpreter interp(model, model_resolver, g_arena, sizeof(g_arena));
#endif
#if CIRCLET_RUNNER_PATCHES
  circlet::EnablePatchExecution(interp);
#endif
  s = interp.Prepare();
  if (!s.ok()) return Fail("Prepare", s);
  const size_t stack_setup = StackUsedBelow(sp);
  size_t stack_run = StackUsed();
  if (interp.num_inputs() != n_in || interp.num_outputs() != n_out) {
    Print("model has %d inputs / %d outputs, test vectors %d / %d\nRESULT FAIL\n",
          interp.num_inputs(), interp.num_outputs(), n_in, n_out);
    return 1;
  }
  if (!CopyInputs(interp, n_in)) return 1;

  PaintStack();
  circlet_mark_begin();
  s = interp.Invoke();
  circlet_mark_end();
  const size_t stack_invoke = StackUsedBelow(sp);
  const size_t stack_run_invoke = StackUsed();
  if (stack_run_invoke > stack_run) stack_run = stack_run_invoke;
  if (!s.ok()) return Fail("Invoke", s);
  bool ok = true;
  for (int i = 0; i < n_out; ++i) ok &= CompareOutput(interp.output(i), VectorBlob(n_in + i), i);

  // Second run with the per-operator profiler: same outputs expected, except
  // for a stateful model (variable tensors), whose second invoke continues
  // from the first one's state (host tests check steps and ResetState()).
  // Inputs are copied again: the arena may reuse an input's bytes once its
  // last reader has run.
  if (!CopyInputs(interp, n_in)) return 1;
  interp.set_observer(&g_profiler);
  s = interp.Invoke();
  interp.set_observer(nullptr);
  if (!s.ok()) return Fail("Invoke (profiled)", s);
  for (int i = 0; i < n_out && interp.report().state_bytes == 0; ++i) {
    ok &= CompareOutput(interp.output(i), VectorBlob(n_in + i), i);
  }

  const int nops = model.num_operators();
  uint64_t total = 0;
  for (int op = 0; op < nops; ++op) total += g_profiler.cycles(op);
  Print("per-op %s:\n", circlet_port_cycles_unit());
  Row("op", "name", "count", "%");
  for (int op = 0; op < nops; ++op) {
    const uint32_t c = g_profiler.cycles(op);
    const unsigned permille = total ? static_cast<unsigned>(c * 1000ull / total) : 0;
    char idx[8], count[16], pct[16];
    circlet::Format(idx, sizeof(idx), "%d", op);
    circlet::Format(count, sizeof(count), "%u", static_cast<unsigned>(c));
    circlet::Format(pct, sizeof(pct), "%u.%u", permille / 10, permille % 10);
    Row(idx, circlet::BuiltinOpName(model.op_code(op)), count, pct);
  }
  char count[24];
  circlet::Format(count, sizeof(count), "%llu", static_cast<unsigned long long>(total));
  Row("", "total", count, "100.0");

  const circlet::ArenaReport& r = interp.report();
  Print("arena_bytes=%zu activation_bytes=%zu persistent_bytes=%zu arena_capacity=%zu\n",
        r.arena_bytes, r.activation_bytes, r.persistent_bytes, sizeof(g_arena));
  if (r.patch_ops > 0) {
    Print(
        "patch_first_op=%d patch_ops=%d patch_grid_rows=%d patch_calls=%zu "
        "activation_bytes_without_patches=%zu\n",
        r.patch_first_op, r.patch_ops, r.patch_grid_rows, r.patch_calls,
        r.activation_bytes_without_patches);
  }
  for (int p = 0; p < r.num_pools; ++p) {
    const circlet::PoolReport& q = r.pools[p];
    Print(
        "pool %d name=%s used_bytes=%zu activation_bytes=%zu persistent_bytes=%zu read_bytes=%zu "
        "written_bytes=%zu\n",
        p, q.name, q.used_bytes, q.activation_bytes, q.persistent_bytes, q.read_bytes,
        q.written_bytes);
  }
#if CIRCLET_POOL2_BYTES
  if (r.pools[1].used_bytes == 0 || r.pools[0].activation_bytes >= r.activation_bytes) {
    Print("pools: nothing spilled into '%s' (make the first pool smaller)\n", r.pools[1].name);
    ok = false;
  }
#endif
  Print("stack_bytes=%zu\n", stack_setup > stack_invoke ? stack_setup : stack_invoke);
  Print("stack_setup_bytes=%zu stack_invoke_bytes=%zu stack_run_bytes=%zu\n", stack_setup,
        stack_invoke, stack_run);
  Print("RESULT %s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

}  // namespace

int main() {
  circlet_port_cycles_init();
  return Run();
}
