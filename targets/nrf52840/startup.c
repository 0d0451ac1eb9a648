// SPDX-License-Identifier: Apache-2.0
// Startup of the nRF52840 (Cortex-M4F, 64 MHz; Arduino Nano 33 BLE class):
// vector table with 48 external interrupts; Reset_Handler and the rest are
// in targets/common/cortex_m_start.c. Link-only: no emulator runs it (the
// plain-compiler consumer test links it, tests/consumers/plain/).
#include <stdint.h>

#define CIRCLET_NUM_IRQS 48
#include "targets/common/vector_table.inc"
