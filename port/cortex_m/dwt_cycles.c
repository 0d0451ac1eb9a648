// SPDX-License-Identifier: Apache-2.0
// Cycle counter of real Cortex-M3/M4/M7 parts: the DWT's CYCCNT, enabled
// through the debug monitor control register. Counts core clock cycles.
#include "port/port.h"

#define CIRCLET_REG(addr) (*(volatile uint32_t*)(addr))
#define DEMCR CIRCLET_REG(0xE000EDFCu)  // Debug Exception and Monitor Control
#define DWT_CTRL CIRCLET_REG(0xE0001000u)
#define DWT_CYCCNT CIRCLET_REG(0xE0001004u)
#define DWT_LAR CIRCLET_REG(0xE0001FB0u)  // lock access (Cortex-M7)

void circlet_port_cycles_init(void) {
  DEMCR |= 1u << 24;  // TRCENA: enable DWT and ITM
  DWT_LAR = 0xC5ACCE55u;
  DWT_CYCCNT = 0;
  DWT_CTRL |= 1u;  // CYCCNTENA
}

uint32_t circlet_port_cycles(void) {
  return DWT_CYCCNT;
}

const char* circlet_port_cycles_unit(void) {
  return "cycles";
}
