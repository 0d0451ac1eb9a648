# SPDX-License-Identifier: Apache-2.0
# Arena bytes for the board firmware (targets/CMakeLists.txt), per model:
# the arena_bytes circlet reported on QEMU (make bench-mcu) rounded up to
# the next KB plus 1 KB. Models not listed get CIRCLET_ARENA_DEFAULT.
set(CIRCLET_ARENA_DEFAULT 163840)
set(CIRCLET_ARENA_hello_world_int8 2048)
set(CIRCLET_ARENA_hello_world_float 2048)
set(CIRCLET_ARENA_ad01_int8 3072)
set(CIRCLET_ARENA_ad01_fp32 8192)
set(CIRCLET_ARENA_own_fc_float 2048)
set(CIRCLET_ARENA_own_fc_int8 2048)
set(CIRCLET_ARENA_kws_ref_model 23552)
set(CIRCLET_ARENA_micro_speech_quantized 8192)
set(CIRCLET_ARENA_person_detect 80896)
set(CIRCLET_ARENA_pretrainedResnet_quant 54272)
set(CIRCLET_ARENA_simple_add_model 50176)
set(CIRCLET_ARENA_vww_96_int8 80896)
