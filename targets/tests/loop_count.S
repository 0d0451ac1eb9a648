/* SPDX-License-Identifier: Apache-2.0 */
@ Code with a known instruction count, to validate the counting methods
@ (tools/mcu/run_qemu.py --expect-loops checks the plugin's counts).
@
@ circlet_loop_measured(n), n >= 1, executes between the markers, counting
@ from the first instruction of circlet_mark_begin (included) to the first
@ of circlet_mark_end (excluded):
@   bx lr (in circlet_mark_begin)   1
@   mov r0, r4                      1
@   bl circlet_loop                 1
@   subs + bne, n times            2n
@   bx lr                           1
@   bl circlet_mark_end             1
@ = 2n + 5 instructions.
  .syntax unified
  .thumb

  .section .text.circlet_loop_measured,"ax",%progbits
  .global circlet_loop_measured
  .type circlet_loop_measured, %function
  .balign 4
circlet_loop_measured:
  push {r4, lr}
  mov r4, r0
  bl circlet_mark_begin
  mov r0, r4
  bl circlet_loop
  bl circlet_mark_end
  pop {r4, pc}
  .size circlet_loop_measured, . - circlet_loop_measured

  .type circlet_loop, %function
  .balign 4
circlet_loop:
1:
  subs r0, r0, #1
  bne 1b
  bx lr
  .size circlet_loop, . - circlet_loop
