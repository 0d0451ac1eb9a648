// SPDX-License-Identifier: Apache-2.0
// Force-included on the arm-none-eabi build (cmake/arm-none-eabi.cmake).
//
// arm-none-eabi-gcc makes int32_t `long` and uint32_t `unsigned long`
// (x86-64 and AArch64 Linux make them `int` / `unsigned int`). Both are 32
// bits with the same calling convention, but the types differ, so the same
// source breaks on one platform or the other: printf-style format checks
// (%d with an int32_t), std::max(int32_t, int), overloads. Defining the
// exact-width 32-bit types as int / unsigned int makes the target see what
// the host sees. newlib's <stdint.h> builds int32_t, INT32_MAX and INT32_C
// from these macros. Only newlib's C code and libstdc++ are precompiled; no
// function they export that circlet calls has a (u)int32_t in a mangled name.
#ifndef CIRCLET_PORT_ARM_NONE_EABI_INT32_H_
#define CIRCLET_PORT_ARM_NONE_EABI_INT32_H_

#undef __INT32_TYPE__
#undef __UINT32_TYPE__
#undef __INT_LEAST32_TYPE__
#undef __UINT_LEAST32_TYPE__
#undef __INT32_MAX__
#undef __UINT32_MAX__
#undef __INT_LEAST32_MAX__
#undef __UINT_LEAST32_MAX__
#undef __INT32_C
#undef __UINT32_C

#define __INT32_TYPE__ int
#define __UINT32_TYPE__ unsigned int
#define __INT_LEAST32_TYPE__ int
#define __UINT_LEAST32_TYPE__ unsigned int
#define __INT32_MAX__ 0x7fffffff
#define __UINT32_MAX__ 0xffffffffU
#define __INT_LEAST32_MAX__ 0x7fffffff
#define __UINT_LEAST32_MAX__ 0xffffffffU
#define __INT32_C(c) c
#define __UINT32_C(c) c##U

#endif  // CIRCLET_PORT_ARM_NONE_EABI_INT32_H_
