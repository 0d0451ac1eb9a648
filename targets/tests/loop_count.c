// SPDX-License-Identifier: Apache-2.0
// Validation firmware for the instruction counters: runs loops of known
// length (loop_count.S: exactly 2n + 5 instructions between the markers)
// and prints, per loop, the port counter's reading around the call
// (CMSDK timer x 40 under -icount shift=0). run_qemu.py --expect-loops
// compares the plugin's exact counts and the timer's readings with 2n + 5.
#include <stdint.h>

#include "port/port.h"

void circlet_loop_measured(uint32_t n);

static void PrintUnsigned(uint32_t v) {
  char buf[12];
  int k = 11;
  buf[k] = '\0';
  do {
    buf[--k] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  circlet_port_log(&buf[k]);
}

int main(void) {
  static const uint32_t kLoops[] = {1, 10, 1000, 100000, 1000000};
  circlet_port_cycles_init();
  for (unsigned i = 0; i < sizeof(kLoops) / sizeof(kLoops[0]); ++i) {
    const uint32_t t0 = circlet_port_cycles();
    circlet_loop_measured(kLoops[i]);
    const uint32_t t1 = circlet_port_cycles();
    circlet_port_log("loop n=");
    PrintUnsigned(kLoops[i]);
    circlet_port_log(" timer=");
    PrintUnsigned(t1 - t0);
    circlet_port_log("\n");
  }
  return 0;
}
