# SPDX-License-Identifier: Apache-2.0
# disco-f746ng: what targets/CMakeLists.txt needs to build firmware for it.
set(CIRCLET_TARGET_CPU cortex-m7)           # built only in the preset of this CPU
set(CIRCLET_TARGET_PORT cortex_m)        # port/<dir> implementation
set(CIRCLET_TARGET_QEMU_MACHINE "")  # empty: build and link only
set(CIRCLET_TARGET_FAST_BYTES 65536)     # DTCM bytes (0: none)
set(CIRCLET_TARGET_FLASH_BYTES 1048576)  # flash (QEMU: SSRAM1 used as flash)
set(CIRCLET_TARGET_EXT_POOL_SECTION ".sdram_pool")  # external RAM section for a memory pool ("": none)
set(CIRCLET_TARGET_EXT_POOL_NAME "sdram")     # its name in reports
