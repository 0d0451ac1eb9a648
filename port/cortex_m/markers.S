/* SPDX-License-Identifier: Apache-2.0 */
@ Benchmark markers: tools/qemu-plugin snapshots its exact instruction count
@ each time execution reaches the first instruction of one of these. Written
@ in assembly so they are never inlined, merged or moved, and their bodies
@ differ so no tool can fold them into one address.
  .syntax unified
  .thumb

  .section .text.circlet_mark_begin,"ax",%progbits
  .global circlet_mark_begin
  .type circlet_mark_begin, %function
  .balign 4
circlet_mark_begin:
  bx lr
  .size circlet_mark_begin, . - circlet_mark_begin

  .section .text.circlet_mark_end,"ax",%progbits
  .global circlet_mark_end
  .type circlet_mark_end, %function
  .balign 4
circlet_mark_end:
  nop
  bx lr
  .size circlet_mark_end, . - circlet_mark_end
