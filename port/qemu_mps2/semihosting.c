// SPDX-License-Identifier: Apache-2.0
// Debug console and exit under QEMU (-semihosting-config enable=on):
// Arm semihosting calls, made with BKPT 0xAB on M-profile (r0 = operation,
// r1 = argument). SYS_WRITE0 prints a NUL-terminated string on QEMU's
// console; SYS_EXIT with ADP_Stopped_ApplicationExit makes QEMU exit with
// status 0, any other reason with status 1.
#include "port/port.h"

enum {
  kSysWrite0 = 0x04,
  kSysExit = 0x18,
  kAdpApplicationExit = 0x20026,
  kAdpRunTimeErrorUnknown = 0x20023,
};

static uint32_t Semihost(uint32_t op, const void* arg) {
  register uint32_t r0 __asm("r0") = op;
  register const void* r1 __asm("r1") = arg;
  __asm volatile("bkpt #0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void circlet_port_log(const char* s) {
  (void)Semihost(kSysWrite0, s);
}

void circlet_port_exit(int status) {
  const uint32_t reason = status == 0 ? kAdpApplicationExit : kAdpRunTimeErrorUnknown;
  (void)Semihost(kSysExit, (const void*)reason);
  for (;;) {
  }
}

void circlet_port_abort(const char* msg) {
  circlet_port_log("abort: ");
  circlet_port_log(msg);
  circlet_port_log("\n");
  circlet_port_exit(1);
}
