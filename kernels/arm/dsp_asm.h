// SPDX-License-Identifier: Apache-2.0
// Pieces of the written-out DSP loops (Cortex-M4/M7, kernels/optimized.h
// kArmDsp) that the int8 and the 16x8 routines share: four weight rows
// against one group of four inputs, the inputs already in two halfword
// pairs. GCC 12 spills half of such a loop when it allocates its registers
// itself (fully_connected_int8.cc, dot_int16.cc). Operand names the asm
// statement must define: [xl] = [x0, x2], [xh] = [x1, x3] (the group's
// inputs), [v], [t] (temporaries), [w0]..[w3] (weight pointers, advanced by
// 4), [a0]..[a3] (accumulators), [x] (input pointer), [xe] (its end, in
// memory), [rem] (groups % 4, in memory).
#ifndef CIRCLET_KERNELS_ARM_DSP_ASM_H_
#define CIRCLET_KERNELS_ARM_DSP_ASM_H_

// One weight row W (four int8 weights: [w0, w2] and [w1, w3] by SXTB16)
// into accumulator A: LDR, 2 SXTB16, 2 SMLAD.
#define CIRCLET_ASM_ROW(W, A)          \
  "ldr    %[v], [%[" W                 \
  "]], #4\n\t"                         \
  "sxtb16 %[t], %[v]\n\t"              \
  "smlad  %[" A "], %[xl], %[t], %[" A \
  "]\n\t"                              \
  "sxtb16 %[v], %[v], ror #8\n\t"      \
  "smlad  %[" A "], %[xh], %[v], %[" A "]\n\t"

#define CIRCLET_ASM_ROWS4     \
  CIRCLET_ASM_ROW("w0", "a0") \
  CIRCLET_ASM_ROW("w1", "a1") CIRCLET_ASM_ROW("w2", "a2") CIRCLET_ASM_ROW("w3", "a3")

// The loop over groups >= 1 groups, GROUP (which advances [x]) unrolled
// four times and entered at copy 4 - groups % 4; the input's end is read
// from memory once per four groups.
// clang-format off
#define CIRCLET_ASM_LOOP4(GROUP)   \
  "ldr    %[t], %[rem]\n\t"        \
  "cmp    %[t], #1\n\t"            \
  "beq    4f\n\t"                  \
  "cmp    %[t], #2\n\t"            \
  "beq    3f\n\t"                  \
  "cmp    %[t], #3\n\t"            \
  "beq    2f\n"                    \
  "1:\n\t" GROUP                   \
  "2:\n\t" GROUP                   \
  "3:\n\t" GROUP                   \
  "4:\n\t" GROUP                   \
  "ldr    %[t], %[xe]\n\t"         \
  "cmp    %[x], %[t]\n\t"          \
  "bne    1b\n\t"
// clang-format on

#endif  // CIRCLET_KERNELS_ARM_DSP_ASM_H_
