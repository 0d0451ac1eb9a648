// SPDX-License-Identifier: Apache-2.0
// The one place that chooses kernel implementations.
//
// Every int8 kernel with an optimized variant (kernels/arm/) dispatches in its
// eval on OptimizedKernels(): the optimized routine when it applies to the
// op's parameters (opt::*Applies), the reference loop otherwise. The
// optimized routines come in two builds of the same algorithm, chosen here at
// compile time from the target's feature macros:
//
//   kArmDsp = true   Cortex-M4/M7 (and any Armv7E-M / v8-M with the DSP
//                    extension): int8 data widened to int16 pairs, two
//                    multiply-accumulates per SMLAD (ACLE intrinsics from
//                    <arm_acle.h>).
//   kArmDsp = false  everything else (host x86-64/AArch64, Cortex-M0/M3):
//                    plain loops over int16 buffers that the compiler
//                    vectorizes, with register blocking.
//
// Both builds are bit-exact with the reference kernels. The DSP primitives
// below have portable definitions too, so the host tests run the DSP-shaped
// algorithm (template parameter kDsp = true) as well as the portable one.
//
// OptimizedKernels() is true unless a host tool turned the optimized paths off
// (circlet bench --ref compares both in one run); firmware never changes it,
// except a build with CIRCLET_REF_KERNELS=ON, made only to measure the
// reference kernels on the microcontroller (make bench-mcu).
//
// int16x8 (16x8) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED have
// optimized routines too (kernels/arm/int16_kernels.h), taken when
// OptimizedInt16Kernels(): OptimizedKernels(), unless the build defines
// CIRCLET_OPT_INT16=0 (the reference loops then; for measuring them on
// firmware, docs/performance.md).
#ifndef CIRCLET_KERNELS_OPTIMIZED_H_
#define CIRCLET_KERNELS_OPTIMIZED_H_

#include <cstdint>
#include <cstring>

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#include <arm_acle.h>
#define CIRCLET_ARM_DSP 1
#else
#define CIRCLET_ARM_DSP 0
#endif

namespace circlet {
namespace kernels {
namespace opt {

constexpr bool kArmDsp = CIRCLET_ARM_DSP != 0;

// Run-time switch between the optimized and the reference kernels (default:
// optimized). Only host tools and tests call SetOptimizedKernels. Builds
// without the switch (CIRCLET_KERNEL_SWITCH=0: firmware, see CMakeLists.txt)
// have OptimizedKernels() constant true, so a reference loop that only runs
// when the switch is off is not compiled in; the reference loops that run
// when an optimized routine does not apply to an op's parameters stay.
#if CIRCLET_KERNEL_SWITCH
extern bool g_optimized_kernels;
inline bool OptimizedKernels() {
  return g_optimized_kernels;
}
inline void SetOptimizedKernels(bool on) {
  g_optimized_kernels = on;
}
#elif CIRCLET_REF_KERNELS
// Firmware built to measure the reference kernels (make bench-mcu).
constexpr bool OptimizedKernels() {
  return false;
}
#else
constexpr bool OptimizedKernels() {
  return true;
}
#endif

#ifndef CIRCLET_OPT_INT16
#define CIRCLET_OPT_INT16 1
#endif
inline bool OptimizedInt16Kernels() {
  return CIRCLET_OPT_INT16 != 0 && OptimizedKernels();
}

// --- DSP primitives (ACLE on Arm, the same arithmetic elsewhere) -----------

inline uint32_t Load32(const void* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));  // one (unaligned) LDR on Cortex-M4/M7
  return v;
}
inline void Store32(void* p, uint32_t v) {
  std::memcpy(p, &v, sizeof(v));
}
// Two consecutive words p[kWord], p[kWord + 1] (p 4-byte aligned).
template <int kWord>
inline void Load2x32(const uint32_t* p, uint32_t* lo, uint32_t* hi) {
  *lo = p[kWord];
  *hi = p[kWord + 1];
}

inline int32_t Lo16(uint32_t x) {
  return static_cast<int16_t>(x & 0xFFFFu);
}
inline int32_t Hi16(uint32_t x) {
  return static_cast<int16_t>(x >> 16);
}
inline uint32_t Pack16(int32_t lo, int32_t hi) {
  return (static_cast<uint32_t>(lo) & 0xFFFFu) | (static_cast<uint32_t>(hi) << 16);
}

#if CIRCLET_ARM_DSP
// Bytes 0 and 2 of x sign-extended to the two halfwords.
inline uint32_t Sxtb16(uint32_t x) {
  return __sxtb16(x);
}
// Bytes 1 and 3.
// GCC 12 does not fold a rotate into SXTB16 (nor has ACLE __ror): the
// instruction's ROR operand is written out.
inline uint32_t Sxtb16Ror8(uint32_t x) {
  uint32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
// Two words with one LDRD (GCC 12 splits 64-bit loads whose halves are
// used apart into two LDRs): p[kWord], p[kWord + 1].
template <int kWord>
inline void Ldrd(const uint32_t* p, uint32_t* lo, uint32_t* hi) {
  struct Pair {
    uint32_t w[2];
  };
  __asm__("ldrd %0, %1, [%2, %3]"
          : "=r"(*lo), "=r"(*hi)
          : "r"(p), "I"(4 * kWord), "m"(*reinterpret_cast<const Pair*>(p + kWord)));
}
// acc + lo(x) * lo(y) + hi(x) * hi(y).
inline int32_t Smlad(uint32_t x, uint32_t y, int32_t acc) {
  return __smlad(x, y, acc);
}
// acc + lo(x) * lo(y); acc + hi(x) * lo(y).
inline int32_t Smlabb(uint32_t x, uint32_t y, int32_t acc) {
  return __smlabb(x, y, acc);
}
inline int32_t Smlatb(uint32_t x, uint32_t y, int32_t acc) {
  return __smlatb(x, y, acc);
}
// acc + lo(x) * hi(y); acc + hi(x) * hi(y).
inline int32_t Smlabt(uint32_t x, uint32_t y, int32_t acc) {
  return __smlabt(x, y, acc);
}
inline int32_t Smlatt(uint32_t x, uint32_t y, int32_t acc) {
  return __smlatt(x, y, acc);
}
// x saturated to the int8 range (one SSAT).
inline int32_t Sat8(int32_t x) {
  return __ssat(x, 8);
}
// Halfwise add.
inline uint32_t Sadd16(uint32_t x, uint32_t y) {
  return __sadd16(x, y);
}
// acc + SXTB16(x) (halfwise): widening and offset in one instruction.
inline uint32_t Sxtab16(uint32_t acc, uint32_t x) {
  return __sxtab16(acc, x);
}
inline uint32_t Sxtab16Ror8(uint32_t acc, uint32_t x) {
  uint32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(acc), "r"(x));
  return r;
}
// Bytewise: GE flags from x - y (signed), then per byte x where x >= y,
// else y: the bytewise signed maximum (the subtraction's bytes unused).
inline uint32_t Max8(uint32_t x, uint32_t y) {
  (void)__ssub8(x, y);
  return __sel(x, y);
}
// Bytewise signed minimum: y where x >= y, else x.
inline uint32_t Min8(uint32_t x, uint32_t y) {
  (void)__ssub8(x, y);
  return __sel(y, x);
}
// [lo(x), lo(y)] and [hi(x), hi(y)]: one PKHBT / PKHTB each (GCC 12
// builds them from shifts and masks in three to five instructions).
inline uint32_t PackLo16(uint32_t x, uint32_t y) {
  uint32_t r;
  __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(x), "r"(y));
  return r;
}
inline uint32_t PackHi16(uint32_t x, uint32_t y) {
  uint32_t r;
  __asm__("pkhtb %0, %2, %1, asr #16" : "=r"(r) : "r"(x), "r"(y));
  return r;
}
#else
inline uint32_t PackLo16(uint32_t x, uint32_t y) {
  return (x & 0xFFFFu) | (y << 16);
}
inline uint32_t PackHi16(uint32_t x, uint32_t y) {
  return (x >> 16) | (y & 0xFFFF0000u);
}
template <int kWord>
inline void Ldrd(const uint32_t* p, uint32_t* lo, uint32_t* hi) {
  Load2x32<kWord>(p, lo, hi);
}
inline uint32_t Sxtb16(uint32_t x) {
  return Pack16(static_cast<int8_t>(x & 0xFF), static_cast<int8_t>((x >> 16) & 0xFF));
}
inline uint32_t Sxtb16Ror8(uint32_t x) {
  return Pack16(static_cast<int8_t>((x >> 8) & 0xFF), static_cast<int8_t>(x >> 24));
}
inline int32_t Smlad(uint32_t x, uint32_t y, int32_t acc) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) +
                              static_cast<uint32_t>(Lo16(x) * Lo16(y)) +
                              static_cast<uint32_t>(Hi16(x) * Hi16(y)));
}
inline int32_t Smlabb(uint32_t x, uint32_t y, int32_t acc) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) +
                              static_cast<uint32_t>(Lo16(x) * Lo16(y)));
}
inline int32_t Smlatb(uint32_t x, uint32_t y, int32_t acc) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) +
                              static_cast<uint32_t>(Hi16(x) * Lo16(y)));
}
inline int32_t Smlabt(uint32_t x, uint32_t y, int32_t acc) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) +
                              static_cast<uint32_t>(Lo16(x) * Hi16(y)));
}
inline int32_t Smlatt(uint32_t x, uint32_t y, int32_t acc) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) +
                              static_cast<uint32_t>(Hi16(x) * Hi16(y)));
}
inline int32_t Sat8(int32_t x) {
  return x < -128 ? -128 : (x > 127 ? 127 : x);
}
inline uint32_t Sadd16(uint32_t x, uint32_t y) {
  return Pack16(Lo16(x) + Lo16(y), Hi16(x) + Hi16(y));
}
inline uint32_t Sxtab16(uint32_t acc, uint32_t x) {
  return Sadd16(acc, Sxtb16(x));
}
inline uint32_t Sxtab16Ror8(uint32_t acc, uint32_t x) {
  return Sadd16(acc, Sxtb16Ror8(x));
}
inline uint32_t Max8(uint32_t x, uint32_t y) {
  uint32_t r = 0;
  for (int k = 0; k < 32; k += 8) {
    const int8_t a = static_cast<int8_t>(x >> k), b = static_cast<int8_t>(y >> k);
    r |= static_cast<uint32_t>(static_cast<uint8_t>(a >= b ? a : b)) << k;
  }
  return r;
}
inline uint32_t Min8(uint32_t x, uint32_t y) {
  uint32_t r = 0;
  for (int k = 0; k < 32; k += 8) {
    const int8_t a = static_cast<int8_t>(x >> k), b = static_cast<int8_t>(y >> k);
    r |= static_cast<uint32_t>(static_cast<uint8_t>(a >= b ? b : a)) << k;
  }
  return r;
}
#endif

// v's low byte in each of the four bytes of a word.
inline uint32_t Splat8(int32_t v) {
  return static_cast<uint32_t>(static_cast<uint8_t>(v)) * 0x01010101u;
}

// Wrapping int32 addition (the reference accumulators are int32; sums that
// would overflow wrap the same way in every order).
inline int32_t AddWrap(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

}  // namespace opt
}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_OPTIMIZED_H_
