/* SPDX-License-Identifier: Apache-2.0 */
/* hello_world on a Cortex-M7 in C (C99, include/circlet/circlet.h): the
 * same program as sine_m7.cc, written against the C API. The int8 sine
 * model of the host demo, embedded in flash, is run for every int8 input
 * -128..127 and each output byte printed, so that the host can compare
 * them with its own (examples/hello_world/m7_demo.py --firmware
 * hello_world_c_m7); then the arena and the stack the run needed.
 *
 * Output (one line each), as sine_m7.cc prints it:
 *   hello_world_c_m7: model N bytes, input scale_e9 S zp Z, output scale_e9 S zp Z
 *   sweep q_in=-128: o o o ... (16 outputs for q_in, q_in+1, ...)   x16
 *   arena_bytes=A persistent_bytes=P activation_bytes=V arena_capacity=C
 *   stack_bytes=S
 *   RESULT PASS
 *
 * The model is linked into section .model (flash) by circlet_embed_model
 * (examples/hello_world/firmware.cmake): sine_model, sine_model_len. */
#include <stddef.h>
#include <stdint.h>

#include "circlet/circlet.h"
#include "port/port.h"
#include "sine_model.h"

/* The stack region (targets/common/sections.ld). */
extern uint32_t __stack_limit[];
extern uint32_t __stack_top[];

/* The int8 model only: the int8-only kernel. */
#define SINE_OPS(X) X(FULLY_CONNECTED_INT8)
CIRCLET_DEFINE_C_OP_RESOLVER(sine_ops, SINE_OPS)

#define ARENA_BYTES 2048
static uint64_t g_arena[ARENA_BYTES / 8] __attribute__((section(".arena"), aligned(16)));
static circlet_model g_model;
static circlet_interpreter g_interp;

#define STACK_PAINT 0xC5A5C5A5u

/* A line under construction. */
typedef struct line {
  char text[160];
  size_t len;
} line;

static void put(line* l, const char* s) {
  while (*s != '\0' && l->len + 1 < sizeof(l->text)) l->text[l->len++] = *s++;
  l->text[l->len] = '\0';
}

static void put_int(line* l, long v) {
  char digits[24];
  size_t n = 0;
  unsigned long u = v < 0 ? (unsigned long)(-(v + 1)) + 1u : (unsigned long)v;
  do {
    digits[n++] = (char)('0' + (int)(u % 10u));
    u /= 10u;
  } while (u != 0);
  if (v < 0) put(l, "-");
  while (n > 0) {
    char one[2];
    one[0] = digits[--n];
    one[1] = '\0';
    put(l, one);
  }
}

static void fail(const char* what, const char* message) {
  line l = {{0}, 0};
  put(&l, "hello_world_c_m7: ");
  put(&l, what);
  put(&l, ": ");
  put(&l, message);
  put(&l, "\nRESULT FAIL\n");
  circlet_port_log(l.text);
  circlet_port_exit(1);
}

/* Fills the free stack below the caller's frame with a pattern. */
static __attribute__((noinline)) void paint_stack(void) {
  uint32_t* sp;
  uint32_t* p;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (p = __stack_limit; p < sp - 16; ++p) *p = STACK_PAINT;
}

static size_t stack_used(void) {
  const uint32_t* p = __stack_limit;
  while (p < __stack_top && *p == STACK_PAINT) ++p;
  return (size_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

/* Runs everything; noinline so that its frame is below the painted mark. */
static __attribute__((noinline)) void run(void) {
  const size_t size = (size_t)sine_model_len;
  circlet_tensor_info in, out;
  circlet_arena_report report;
  line l;
  int row, i;

  if (circlet_model_create(&g_model, sine_model, size) != CIRCLET_OK) {
    fail("circlet_model_create", circlet_model_message(&g_model));
  }
  if (circlet_interpreter_create(&g_interp, &g_model, sine_ops, g_arena, sizeof(g_arena)) !=
          CIRCLET_OK ||
      circlet_interpreter_prepare(&g_interp) != CIRCLET_OK) {
    fail("circlet_interpreter_prepare", circlet_interpreter_message(&g_interp));
  }
  if (circlet_interpreter_input_info(&g_interp, 0, &in) != CIRCLET_OK ||
      circlet_interpreter_output_info(&g_interp, 0, &out) != CIRCLET_OK ||
      in.type != CIRCLET_TYPE_INT8 || out.type != CIRCLET_TYPE_INT8 || in.bytes != 1 ||
      out.bytes != 1) {
    fail("tensor info", "expected one int8 input and output");
  }
  l.len = 0;
  put(&l, "hello_world_c_m7: model ");
  put_int(&l, (long)size);
  put(&l, " bytes, input scale_e9 ");
  put_int(&l, (long)(in.scale * 1e9f + 0.5f));
  put(&l, " zp ");
  put_int(&l, in.zero_point);
  put(&l, ", output scale_e9 ");
  put_int(&l, (long)(out.scale * 1e9f + 0.5f));
  put(&l, " zp ");
  put_int(&l, out.zero_point);
  put(&l, "\n");
  circlet_port_log(l.text);

  for (row = 0; row < 16; ++row) {
    l.len = 0;
    put(&l, "sweep q_in=");
    put_int(&l, -128 + 16 * row);
    put(&l, ":");
    for (i = 0; i < 16; ++i) {
      const int8_t q_in = (int8_t)(-128 + 16 * row + i);
      int8_t q_out = 0;
      if (circlet_interpreter_set_input(&g_interp, 0, CIRCLET_TYPE_INT8, &q_in, 1) != CIRCLET_OK ||
          circlet_interpreter_invoke(&g_interp) != CIRCLET_OK ||
          circlet_interpreter_get_output(&g_interp, 0, CIRCLET_TYPE_INT8, &q_out, 1) !=
              CIRCLET_OK) {
        fail("invoke", circlet_interpreter_message(&g_interp));
      }
      put(&l, " ");
      put_int(&l, q_out);
    }
    put(&l, "\n");
    circlet_port_log(l.text);
  }

  if (circlet_interpreter_arena_report(&g_interp, &report) != CIRCLET_OK) {
    fail("circlet_interpreter_arena_report", circlet_interpreter_message(&g_interp));
  }
  l.len = 0;
  put(&l, "arena_bytes=");
  put_int(&l, (long)report.arena_bytes);
  put(&l, " persistent_bytes=");
  put_int(&l, (long)report.persistent_bytes);
  put(&l, " activation_bytes=");
  put_int(&l, (long)report.activation_bytes);
  put(&l, " arena_capacity=");
  put_int(&l, (long)sizeof(g_arena));
  put(&l, "\n");
  circlet_port_log(l.text);
}

int main(void) {
  line l = {{0}, 0};
  paint_stack();
  run();
  put(&l, "stack_bytes=");
  put_int(&l, (long)stack_used());
  put(&l, "\nRESULT PASS\n");
  circlet_port_log(l.text);
  return 0;
}
