// SPDX-License-Identifier: Apache-2.0
// hello_world on a Cortex-M7 (QEMU mps2-an500, semihosting console): the
// int8 sine model of the host demo, embedded in flash, run for every int8
// input -128..127. Prints each output byte so that the host can compare
// them with its own (examples/hello_world/m7_demo.py), then the arena and
// the stack the run needed.
//
// Output (one line each):
//   hello_world_m7: model N bytes, input scale_e9 S zp Z, output scale_e9 S zp Z
//   sweep q_in=-128: o o o ... (16 outputs for q_in, q_in+1, ...)   x16
//   arena_bytes=A persistent_bytes=P activation_bytes=V
//   stack_bytes=S
//   RESULT PASS
//
// The model is linked into section .model (flash) by circlet_embed_model()
// (examples/hello_world/firmware.cmake): sine_model, sine_model_len.
#include <cstdarg>
#include <cstdint>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "port/port.h"
#include "sine_model.h"
#include "targets/common/firmware_util.h"

namespace {

using circlet::firmware::PaintStack;
using circlet::firmware::Print;
using circlet::firmware::StackUsed;

// The int8 model only: the int8-only kernel (circlet/op_resolver.h).
#define SINE_OPS(X) X(FULLY_CONNECTED_INT8)
CIRCLET_DEFINE_OP_RESOLVER(sine_resolver, SINE_OPS)

constexpr size_t kArenaBytes = 2048;
alignas(16) __attribute__((section(".arena"))) uint8_t g_arena[kArenaBytes];

[[noreturn]] void Fail(const char* what, const circlet::Status& s) {
  Print("hello_world_m7: %s: %s\nRESULT FAIL\n", what, s.message());
  circlet_port_exit(1);
}

// Runs everything; noinline so that its frame is below the painted mark.
__attribute__((noinline)) void Run() {
  const size_t size = sine_model_len;
  circlet::Model model;
  circlet::Status s = circlet::Model::Create(sine_model, size, &model);
  if (!s.ok()) Fail("Model::Create", s);
  circlet::Interpreter interp(model, sine_resolver, g_arena, sizeof(g_arena));
  s = interp.Prepare();
  if (!s.ok()) Fail("Prepare", s);
  const circlet::TensorView in = interp.input(0);
  const circlet::TensorView out = interp.output(0);
  if (in.type != circlet::DType::kInt8 || out.type != circlet::DType::kInt8 || in.bytes() != 1 ||
      out.bytes() != 1) {
    Print("hello_world_m7: expected one int8 input and output\nRESULT FAIL\n");
    circlet_port_exit(1);
  }
  Print("hello_world_m7: model %u bytes, input scale_e9 %d zp %d, output scale_e9 %d zp %d\n",
        static_cast<unsigned>(size), static_cast<int>(in.quant.scale() * 1e9f + 0.5f),
        static_cast<int>(in.quant.zero_point()), static_cast<int>(out.quant.scale() * 1e9f + 0.5f),
        static_cast<int>(out.quant.zero_point()));
  for (int row = 0; row < 16; ++row) {
    char line[120];
    size_t n = circlet::Format(line, sizeof(line), "sweep q_in=%d:", -128 + 16 * row);
    for (int i = 0; i < 16; ++i) {
      interp.input(0).as<int8_t>()[0] = static_cast<int8_t>(-128 + 16 * row + i);
      s = interp.Invoke();
      if (!s.ok()) Fail("Invoke", s);
      n += circlet::Format(line + n, sizeof(line) - n, " %d", interp.output(0).as<int8_t>()[0]);
    }
    Print("%s\n", line);
  }
  const circlet::ArenaReport& r = interp.report();
  Print("arena_bytes=%zu persistent_bytes=%zu activation_bytes=%zu arena_capacity=%zu\n",
        r.arena_bytes, r.persistent_bytes, r.activation_bytes, sizeof(g_arena));
}

}  // namespace

int main() {
  PaintStack();
  Run();
  Print("stack_bytes=%zu\n", StackUsed());
  Print("RESULT PASS\n");
  circlet_port_exit(0);
}
