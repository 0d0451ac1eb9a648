// SPDX-License-Identifier: Apache-2.0
// Small helpers every firmware shares (the model runner and the examples'
// Cortex-M programs): a formatted console line through the port, and the
// stack high-water mark by painting (the linker script's __stack_limit /
// __stack_top).
#ifndef CIRCLET_TARGETS_COMMON_FIRMWARE_UTIL_H_
#define CIRCLET_TARGETS_COMMON_FIRMWARE_UTIL_H_

#include <cstdarg>
#include <cstddef>
#include <cstdint>

#include "circlet/status.h"
#include "port/port.h"

extern "C" uint32_t __stack_limit[];
extern "C" uint32_t __stack_top[];

namespace circlet {
namespace firmware {

constexpr uint32_t kStackPaint = 0xC5A5C5A5u;

// printf-like (circlet::Format's subset) line to the port's console.
inline void Print(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
inline void Print(const char* fmt, ...) {
  char line[200];
  va_list args;
  va_start(args, fmt);
  FormatV(line, sizeof(line), fmt, args);
  va_end(args);
  circlet_port_log(line);
}

// Prints "<program>: <what>: <message>" and the failing RESULT line, then
// ends the run with exit status 1.
[[noreturn]] inline void Fail(const char* program, const char* what, const char* message) {
  Print("%s: %s: %s\nRESULT FAIL\n", program, what, message);
  circlet_port_exit(1);
}

// Fills the free stack below the caller's frame with a pattern; the lowest
// overwritten word after the run gives the high-water mark (StackUsed,
// StackUsedBelow).
__attribute__((noinline)) inline void PaintStack() {
  uint32_t* sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t* p = __stack_limit; p < sp - 16; ++p) *p = kStackPaint;
}

// The lowest word written since PaintStack(), or `end` if none below it was.
inline const uint32_t* StackLowWater(const uint32_t* end) {
  const uint32_t* p = __stack_limit;
  while (p < end && *p == kStackPaint) ++p;
  return p;
}

// Bytes of stack used since PaintStack(), from the top of the stack: every
// frame counts, main()'s and the caller's included.
inline size_t StackUsed() {
  return static_cast<size_t>(reinterpret_cast<uintptr_t>(__stack_top) -
                             reinterpret_cast<uintptr_t>(StackLowWater(__stack_top)));
}

// The stack pointer where it is called (inlined: the calling function's
// stack pointer after its prologue, the value it passes to its callees).
__attribute__((always_inline)) inline uintptr_t StackPointer() {
  uintptr_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

// Bytes of stack used since PaintStack() below `base`, a StackPointer() of
// the function that called PaintStack(): the depth of its callees alone,
// its own frame and those above it excluded. At least PaintStack()'s
// unpainted margin (its frame and 64 bytes).
inline size_t StackUsedBelow(uintptr_t base) {
  const uint32_t* end = reinterpret_cast<const uint32_t*>(base);
  return static_cast<size_t>(base - reinterpret_cast<uintptr_t>(StackLowWater(end)));
}

}  // namespace firmware
}  // namespace circlet

#endif  // CIRCLET_TARGETS_COMMON_FIRMWARE_UTIL_H_
