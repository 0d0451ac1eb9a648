# SPDX-License-Identifier: Apache-2.0
# qemu-mps2-an500: what targets/CMakeLists.txt needs to build firmware for it.
set(CIRCLET_TARGET_CPU cortex-m7)           # built only in the preset of this CPU
set(CIRCLET_TARGET_PORT qemu_mps2)        # port/<dir> implementation
set(CIRCLET_TARGET_QEMU_MACHINE "mps2-an500")  # empty: build and link only
set(CIRCLET_TARGET_FAST_BYTES 0)     # DTCM bytes (0: none)
set(CIRCLET_TARGET_FLASH_BYTES 4194304)  # flash (QEMU: SSRAM1 used as flash)
set(CIRCLET_TARGET_EXT_POOL_SECTION ".psram_pool")  # external RAM section for a memory pool ("": none)
set(CIRCLET_TARGET_EXT_POOL_NAME "psram")     # its name in reports
