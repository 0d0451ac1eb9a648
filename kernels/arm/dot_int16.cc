// SPDX-License-Identifier: Apache-2.0
// The dot products of the 16x8 routines (kernels/arm/int16_kernels.h):
// int16 activations times int8 weight rows, one or four rows sharing each
// loaded input pair. Used by CONV_2D (a patch's runs, four output channels)
// and FULLY_CONNECTED (an input row, four units).
#include "kernels/arm/dsp_asm.h"
#include "kernels/arm/int16_kernels.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

// The written-out four-row loop needs 13 registers: not with the frame
// pointer of an unoptimized build, which takes the intrinsic loop (the
// same sums).
#if CIRCLET_ARM_DSP && defined(__OPTIMIZE__)
#define CIRCLET_DOT16_ASM 1
#else
#define CIRCLET_DOT16_ASM 0
#endif

#if CIRCLET_DOT16_ASM
// Four rows over groups >= 1 groups of four values (advancing x and the
// row pointers): per group LDR x01, LDR x23, PKHTB [x1, x3], PKHBT [x0,
// x2], then four rows of LDR, 2 SXTB16, 2 SMLAD (kernels/arm/dsp_asm.h):
// 24 instructions per 16 MACs, plus 3 per four groups.
__attribute__((always_inline)) inline void Dot16Rows4Asm(const int16_t** xp, const int8_t** w,
                                                         int32_t groups, int32_t* a) {
  const int16_t* x = *xp;
  const int8_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3];
  const int16_t* const xe = x + 4 * groups;
  const int32_t rem = groups & 3;
  int32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
  uint32_t xl, xh, v, t;
#define CIRCLET_DOT16_GROUP                \
  "ldr    %[xl], [%[x]], #4\n\t"           \
  "ldr    %[t], [%[x]], #4\n\t"            \
  "pkhtb  %[xh], %[t], %[xl], asr #16\n\t" \
  "pkhbt  %[xl], %[xl], %[t], lsl #16\n\t" CIRCLET_ASM_ROWS4
  __asm__ volatile(CIRCLET_ASM_LOOP4(CIRCLET_DOT16_GROUP)
                   : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [w0] "+r"(w0),
                     [w1] "+r"(w1), [w2] "+r"(w2), [w3] "+r"(w3), [x] "+r"(x), [xl] "=&r"(xl),
                     [xh] "=&r"(xh), [v] "=&r"(v), [t] "=&r"(t)
                   : [xe] "m"(xe), [rem] "m"(rem)
                   : "cc", "memory");
#undef CIRCLET_DOT16_GROUP
  *xp = x;
  w[0] = w0;
  w[1] = w1;
  w[2] = w2;
  w[3] = w3;
  a[0] = a0;
  a[1] = a1;
  a[2] = a2;
  a[3] = a3;
}
#endif

}  // namespace

template <bool kDsp, int kRows>
void DotInt16Rows(const int16_t* x, const int8_t* w, ptrdiff_t w_stride, int32_t n, int32_t* a) {
  static_assert(kRows == 1 || kRows == 4, "one or four rows");
  const int8_t* w0 = w;
  const int8_t* w1 = w0 + w_stride;
  const int8_t* w2 = w1 + w_stride;
  const int8_t* w3 = w2 + w_stride;
  int32_t a0 = a[0], a1 = 0, a2 = 0, a3 = 0;
  if constexpr (kRows == 4) {
    a1 = a[1];
    a2 = a[2];
    a3 = a[3];
  }
#if CIRCLET_DOT16_ASM
  if constexpr (kDsp && kRows == 4) {
    if (n >= 4) {
      const int8_t* w4[4] = {w0, w1, w2, w3};
      int32_t a4[4] = {a0, a1, a2, a3};
      Dot16Rows4Asm(&x, w4, n >> 2, a4);
      w0 = w4[0], w1 = w4[1], w2 = w4[2], w3 = w4[3];
      a0 = a4[0], a1 = a4[1], a2 = a4[2], a3 = a4[3];
    }
    n &= 3;
  } else if constexpr (kDsp) {
#else
  if constexpr (kDsp) {
#endif
    // Weight word [w0 w1 w2 w3] (bytes) gives [w0, w2] and [w1, w3]; the
    // input words [x0, x1] and [x2, x3] are repacked to match.
    const int16_t* const xe = x + (n & ~3);
    for (; x != xe; x += 4) {
      const uint32_t x01 = Load32(x), x23 = Load32(x + 2);
      const uint32_t xl = PackLo16(x01, x23), xh = PackHi16(x01, x23);
      uint32_t wv = Load32(w0);
      w0 += 4;
      a0 = Smlad(xl, Sxtb16(wv), a0);
      a0 = Smlad(xh, Sxtb16Ror8(wv), a0);
      if constexpr (kRows == 4) {
        wv = Load32(w1);
        w1 += 4;
        a1 = Smlad(xl, Sxtb16(wv), a1);
        a1 = Smlad(xh, Sxtb16Ror8(wv), a1);
        wv = Load32(w2);
        w2 += 4;
        a2 = Smlad(xl, Sxtb16(wv), a2);
        a2 = Smlad(xh, Sxtb16Ror8(wv), a2);
        wv = Load32(w3);
        w3 += 4;
        a3 = Smlad(xl, Sxtb16(wv), a3);
        a3 = Smlad(xh, Sxtb16Ror8(wv), a3);
      }
    }
    n &= 3;
  }
  // The portable build's whole loop (vectorized), the DSP build's n % 4
  // last values. No overflow: kInt16ExactTerms products at most.
  for (int32_t i = 0; i < n; ++i) {
    const int32_t xi = x[i];
    a0 += xi * w0[i];
    if constexpr (kRows == 4) {
      a1 += xi * w1[i];
      a2 += xi * w2[i];
      a3 += xi * w3[i];
    }
  }
  a[0] = a0;
  if constexpr (kRows == 4) {
    a[1] = a1;
    a[2] = a2;
    a[3] = a3;
  }
}

template void DotInt16Rows<true, 1>(const int16_t*, const int8_t*, ptrdiff_t, int32_t, int32_t*);
template void DotInt16Rows<true, 4>(const int16_t*, const int8_t*, ptrdiff_t, int32_t, int32_t*);
template void DotInt16Rows<false, 1>(const int16_t*, const int8_t*, ptrdiff_t, int32_t, int32_t*);
template void DotInt16Rows<false, 4>(const int16_t*, const int8_t*, ptrdiff_t, int32_t, int32_t*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
