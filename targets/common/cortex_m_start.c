// SPDX-License-Identifier: Apache-2.0
// Common startup of every Cortex-M target (targets/<name>/startup.c holds
// the vector table and jumps here): FPU on, .data copied from flash, .bss
// zeroed, C++ constructors run, main() called, its status passed to the
// port's exit. The symbols come from targets/common/sections.ld.
#include <stdint.h>

#include "port/port.h"

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

int main(void);
void circlet_cortex_m_start(void);

// Reset entry: the FPU is enabled in assembly before any C code, which the
// compiler may give floating-point or 64-bit VMOV instructions.
__attribute__((naked, noreturn)) void Reset_Handler(void) {
  __asm volatile(
      "ldr r0, =0xE000ED88 \n"  // SCB->CPACR
      "ldr r1, [r0]        \n"
      "orr r1, r1, #(0xF << 20) \n"  // CP10, CP11: full access
      "str r1, [r0]        \n"
      "dsb                 \n"
      "isb                 \n"
      "b circlet_cortex_m_start \n");
}

void circlet_cortex_m_start(void) {
  // Plain word loops: memcpy/memset are not relocated yet in theory, and
  // this keeps startup independent of the C library.
  for (uint32_t *s = __data_load, *d = __data_start; d < __data_end;) *d++ = *s++;
  for (uint32_t* d = __bss_start; d < __bss_end;) *d++ = 0;
  for (void (**f)(void) = __init_array_start; f < __init_array_end; ++f) (*f)();
  circlet_port_exit(main());
}

// Faults and unexpected interrupts end the program with a message (on QEMU
// the test then fails at once instead of hanging).
void circlet_default_handler(void) {
  uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  static const char kNames[][12] = {"thread",    "reset",    "NMI",       "HardFault",
                                    "MemManage", "BusFault", "UsageFault"};
  circlet_port_log("unexpected exception: ");
  circlet_port_log(ipsr < 7 ? kNames[ipsr] : "IRQ");
  circlet_port_log("\n");
  circlet_port_exit(1);
}
