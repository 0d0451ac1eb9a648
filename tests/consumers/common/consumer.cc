// SPDX-License-Identifier: Apache-2.0
// The program every consumer test builds (tests/consumers/): the project's
// own int8 model own_fc_int8 (tools/mcu/gen_models.cc: RESHAPE, then
// FULLY_CONNECTED; golden output computed there in double precision),
// embedded with its input and golden output by circlet_embed_model() as
// consumer_model, consumer_input and consumer_golden. It checks that the
// model is 16-byte aligned, runs it with a resolver of its two operators,
// compares the output with the golden bytes and prints
//
//   consumer NAME: model N bytes at a 16-byte aligned address
//   consumer NAME: output v0 v1 v2 v3 v4
//   RESULT PASS
//
// exit status 0; otherwise what failed, RESULT FAIL and status 1. Built as
// a Cortex-M firmware (CONSUMER_FIRMWARE=1) it prints on the port's console
// and its status ends the program (targets/common/cortex_m_start.c).
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "consumer_golden.h"
#include "consumer_input.h"
#include "consumer_model.h"
#if CONSUMER_FIRMWARE
#include "port/port.h"
#else
#include <cstdio>
#endif

#ifndef CONSUMER_NAME
#define CONSUMER_NAME "consumer"
#endif

namespace {

#define CONSUMER_OPS(X) X(RESHAPE) X(FULLY_CONNECTED)
CIRCLET_DEFINE_OP_RESOLVER(consumer_ops, CONSUMER_OPS)

alignas(16) uint8_t g_arena[4096];

void Say(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void Say(const char* fmt, ...) {
  char line[200];
  va_list args;
  va_start(args, fmt);
  circlet::FormatV(line, sizeof(line), fmt, args);
  va_end(args);
#if CONSUMER_FIRMWARE
  circlet_port_log(line);
#else
  std::fputs(line, stdout);
#endif
}

int Fail(const char* what, const char* detail) {
  Say("consumer %s: %s: %s\nRESULT FAIL\n", CONSUMER_NAME, what, detail);
  return 1;
}

}  // namespace

int main() {
  const uintptr_t address = reinterpret_cast<uintptr_t>(consumer_model);
  if (address % 16 != 0) return Fail("model", "not 16-byte aligned");
  Say("consumer %s: model %u bytes at a 16-byte aligned address\n", CONSUMER_NAME,
      consumer_model_len);

  circlet::Model model;
  circlet::Status s = circlet::Model::Create(consumer_model, consumer_model_len, &model);
  if (!s.ok()) return Fail("Model::Create", s.message());
  circlet::Interpreter interp(model, consumer_ops, g_arena, sizeof(g_arena));
  s = interp.Prepare();
  if (!s.ok()) return Fail("Prepare", s.message());
  const circlet::TensorView in = interp.input(0);
  if (in.bytes() != consumer_input_len) return Fail("input", "size differs from input0.bin");
  std::memcpy(in.data, consumer_input, consumer_input_len);
  s = interp.Invoke();
  if (!s.ok()) return Fail("Invoke", s.message());

  const circlet::TensorView out = interp.output(0);
  if (out.type != circlet::DType::kInt8 || out.bytes() != consumer_golden_len) {
    return Fail("output", "type or size differs from output0.bin");
  }
  char line[160];
  size_t n = circlet::Format(line, sizeof(line), "consumer %s: output", CONSUMER_NAME);
  for (size_t i = 0; i < out.bytes(); ++i) {
    n += circlet::Format(line + n, sizeof(line) - n, " %d", out.as<int8_t>()[i]);
  }
  Say("%s\n", line);
  if (std::memcmp(out.data, consumer_golden, consumer_golden_len) != 0) {
    return Fail("output", "differs from the golden output0.bin");
  }
  Say("RESULT PASS\n");
  return 0;
}
