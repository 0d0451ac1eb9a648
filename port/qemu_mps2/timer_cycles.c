// SPDX-License-Identifier: Apache-2.0
// "Cycle" counter of the QEMU mps2 boards (AN500 Cortex-M7, AN386
// Cortex-M4). QEMU does not model the DWT, so this uses timer 1 of the
// CMSDK APB dual timer at 0x40002000, clocked at the boards' 25 MHz, as a
// free-running 32-bit down-counter.
//
// Run QEMU with `-icount shift=0`: virtual time then advances exactly 1 ns
// per guest instruction, so one 25 MHz tick is 40 instructions and the
// count below (ticks x 40) is the number of executed instructions to within
// 40. Without -icount it follows host wall-clock time and means little.
#include "port/port.h"

#define CIRCLET_REG(addr) (*(volatile uint32_t*)(addr))
#define TIMER1_LOAD CIRCLET_REG(0x40002000u)
#define TIMER1_VALUE CIRCLET_REG(0x40002004u)
#define TIMER1_CONTROL CIRCLET_REG(0x40002008u)

enum { kInstructionsPerTick = 40 };  // 1 GHz virtual (icount shift=0) / 25 MHz

void circlet_port_cycles_init(void) {
  if ((TIMER1_CONTROL & 0x80u) != 0) return;  // already running
  TIMER1_LOAD = 0xFFFFFFFFu;
  // Enable, free-running (periodic off), 32-bit counter, prescale 1, no IRQ.
  TIMER1_CONTROL = 0x80u | 0x02u;
}

uint32_t circlet_port_cycles(void) {
  return (0xFFFFFFFFu - TIMER1_VALUE) * kInstructionsPerTick;
}

const char* circlet_port_cycles_unit(void) {
  return "instructions (+-40, -icount shift=0)";
}
