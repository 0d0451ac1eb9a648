// SPDX-License-Identifier: Apache-2.0
// Debug console and exit of real Cortex-M boards: ITM stimulus port 0
// (read by a debugger over SWO); exit stops at a breakpoint when a debugger
// is attached, then sleeps forever.
#include "port/port.h"

#define CIRCLET_REG(addr) (*(volatile uint32_t*)(addr))
#define ITM_STIM0 CIRCLET_REG(0xE0000000u)
#define ITM_TER CIRCLET_REG(0xE0000E00u)
#define ITM_TCR CIRCLET_REG(0xE0000E80u)
#define DEMCR CIRCLET_REG(0xE000EDFCu)

void circlet_port_log(const char* s) {
  // Only when a debugger enabled tracing and port 0; otherwise a no-op.
  if ((DEMCR & (1u << 24)) == 0 || (ITM_TCR & 1u) == 0 || (ITM_TER & 1u) == 0) return;
  for (; *s != '\0'; ++s) {
    while ((ITM_STIM0 & 1u) == 0) {
    }
    *(volatile uint8_t*)0xE0000000u = (uint8_t)*s;
  }
}

void circlet_port_exit(int status) {
  (void)status;
  // BKPT halts under a debugger; without one it escalates to HardFault,
  // whose handler sleeps as well.
  if ((CIRCLET_REG(0xE000EDF0u) & 1u) != 0) __asm volatile("bkpt #0");  // DHCSR.C_DEBUGEN
  for (;;) __asm volatile("wfi");
}

void circlet_port_abort(const char* msg) {
  circlet_port_log("abort: ");
  circlet_port_log(msg);
  circlet_port_log("\n");
  circlet_port_exit(1);
}
