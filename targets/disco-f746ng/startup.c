// SPDX-License-Identifier: Apache-2.0
// Startup of 32F746GDISCOVERY (STM32F746NG, Cortex-M7): vector table with 98
// external interrupts; Reset_Handler and the rest are in
// targets/common/cortex_m_start.c.
#include <stdint.h>

#define CIRCLET_NUM_IRQS 98
#include "targets/common/vector_table.inc"
