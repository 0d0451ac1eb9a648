// SPDX-License-Identifier: Apache-2.0
// Startup of NUCLEO-F767ZI (STM32F767ZI, Cortex-M7): vector table with 110
// external interrupts; Reset_Handler and the rest are in
// targets/common/cortex_m_start.c.
#include <stdint.h>

#define CIRCLET_NUM_IRQS 110
#include "targets/common/vector_table.inc"
