// SPDX-License-Identifier: Apache-2.0
// Startup of QEMU mps2-an500 (Cortex-M7, ARM AN500 FPGA image): vector table with 32
// external interrupts; Reset_Handler and the rest are in
// targets/common/cortex_m_start.c.
#include <stdint.h>

#define CIRCLET_NUM_IRQS 32
#include "targets/common/vector_table.inc"
