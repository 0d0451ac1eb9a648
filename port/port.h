// SPDX-License-Identifier: Apache-2.0
// circlet port layer: the only platform-specific code. C linkage so C
// firmware can use it too. Each target (targets/<name>/) links one
// implementation of each function:
//
//   function                 real Cortex-M (cortex_m/)     QEMU mps2 (qemu_mps2/)
//   circlet_port_cycles      DWT CYCCNT                    CMSDK dual timer x 40
//   circlet_port_log         ITM stimulus port 0 (SWO)     semihosting SYS_WRITE0
//   circlet_port_exit        BKPT, then sleep forever      semihosting SYS_EXIT
//   circlet_port_abort       log + exit(1)                 log + exit(1)
//
// The core never calls the port; firmware, profilers and benchmarks do.
#ifndef CIRCLET_PORT_PORT_H_
#define CIRCLET_PORT_PORT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Starts the cycle counter (idempotent).
void circlet_port_cycles_init(void);
// A free-running 32-bit count that wraps; differences of two reads (as
// uint32_t) give elapsed units while under 2^32.
uint32_t circlet_port_cycles(void);
// What circlet_port_cycles counts, for reports: "cycles", or on QEMU
// "instructions (+-40, -icount shift=0)".
const char* circlet_port_cycles_unit(void);

// Writes a NUL-terminated string to the debug console (no newline added).
void circlet_port_log(const char* s);

// Ends the program: status 0 = success. On QEMU the emulator exits with it.
__attribute__((noreturn)) void circlet_port_exit(int status);
// Logs `msg` and ends the program with status 1.
__attribute__((noreturn)) void circlet_port_abort(const char* msg);

// Marker functions around the code a benchmark measures. They do nothing;
// tools/qemu-plugin snapshots its instruction count when execution reaches
// them (port/cortex_m/markers.S).
void circlet_mark_begin(void);
void circlet_mark_end(void);

#ifdef __cplusplus
}
#endif

#endif  // CIRCLET_PORT_PORT_H_
