// SPDX-License-Identifier: Apache-2.0
// Firmware: the optimized int8 routines against straightforward reference
// loops on randomized cases (tests/kernels/opt_check.h), under QEMU on
// Cortex-M7/M4 where the DSP build uses the real SMLAD/SXTB16 instructions.
// Prints a summary and RESULT PASS|FAIL, exits 0 when every byte matched.
#include "port/port.h"
#include "tests/kernels/opt_check.h"
#include "tests/kernels/opt_check_ops.h"

int main() {
  circlet_mark_begin();
  const circlet::test::optcheck::Tally t =
      circlet::test::optcheck::RunAll(20240607u, 60, circlet_port_log);
  const circlet::test::optcheck::Tally u =
      circlet::test::optcheck::RunOps(20240608u, 60, circlet_port_log);
  circlet_mark_end();
  const bool ok = t.failures == 0 && t.cases > 300 && u.failures == 0 && u.cases >= 240;
  circlet_port_log(ok ? "RESULT PASS\n" : "RESULT FAIL\n");
  circlet_port_exit(ok ? 0 : 1);
}
