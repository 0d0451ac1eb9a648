# SPDX-License-Identifier: Apache-2.0
# nucleo-f767zi: what targets/CMakeLists.txt needs to build firmware for it.
set(CIRCLET_TARGET_CPU cortex-m7)           # built only in the preset of this CPU
set(CIRCLET_TARGET_PORT cortex_m)        # port/<dir> implementation
set(CIRCLET_TARGET_QEMU_MACHINE "")  # empty: build and link only
set(CIRCLET_TARGET_FAST_BYTES 131072)     # DTCM bytes (0: none)
set(CIRCLET_TARGET_FLASH_BYTES 2097152)  # flash (QEMU: SSRAM1 used as flash)
set(CIRCLET_TARGET_EXT_POOL_SECTION "")  # external RAM section for a memory pool ("": none)
set(CIRCLET_TARGET_EXT_POOL_NAME "")     # its name in reports
