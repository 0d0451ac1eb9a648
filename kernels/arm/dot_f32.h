// SPDX-License-Identifier: Apache-2.0
// A float32 dot product for Cortex-M cores with a single-precision FPU
// (M4F, M7): eight products per step from two VLDM loads, each added to the
// sum in order with VFMA, so the result is the portable loop's bit for bit
// (GCC contracts `acc += x * w` to VFMA too). Elsewhere the portable loop.
#ifndef CIRCLET_KERNELS_ARM_DOT_F32_H_
#define CIRCLET_KERNELS_ARM_DOT_F32_H_

#include <cstdint>

#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && defined(__ARM_FP) && \
    (__ARM_FP & 4) && !defined(__clang__)
#define CIRCLET_DOT_F32_ASM 1
#else
#define CIRCLET_DOT_F32_ASM 0
#endif

namespace circlet {
namespace kernels {

// acc + x[0] * w[0] + ... + x[n-1] * w[n-1], added left to right.
inline float DotF32(const float* x, const float* w, int32_t n, float acc) {
#if CIRCLET_DOT_F32_ASM
  for (; n >= 8; n -= 8) {
    __asm__ volatile(
        "vldmia   %[x]!, {s0-s7}\n\t"
        "vldmia   %[w]!, {s8-s15}\n\t"
        "vfma.f32 %[a], s0, s8\n\t"
        "vfma.f32 %[a], s1, s9\n\t"
        "vfma.f32 %[a], s2, s10\n\t"
        "vfma.f32 %[a], s3, s11\n\t"
        "vfma.f32 %[a], s4, s12\n\t"
        "vfma.f32 %[a], s5, s13\n\t"
        "vfma.f32 %[a], s6, s14\n\t"
        "vfma.f32 %[a], s7, s15\n\t"
        : [x] "+r"(x), [w] "+r"(w), [a] "+t"(acc)
        :
        : "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13",
          "s14", "s15", "memory");
  }
#endif
  for (; n > 0; --n) acc += *x++ * *w++;
  return acc;
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ARM_DOT_F32_H_
