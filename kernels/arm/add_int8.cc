// SPDX-License-Identifier: Apache-2.0
// Optimized int8 ADD (the reference is kernels/ref/add.cc, TFLite's
// reference AddElementwise):
//   x_i = (q_i + offset_i) * 2^20
//   y_i = RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x_i, M_i), -shift_i)
//   out = clamp(RoundingDivideByPOT(SRDHM(y_1 + y_2, Mo), -shift_o) + zp_out)
//
// Each of the three scalings is MultiplyByQuantizedMultiplier with a shift
// in [-31, 0] and M >= 0, computed exactly with one 64-bit multiply-add
// (one SMLAL on Cortex-M) instead of the reference's branches and two
// roundings:
//   shift <= -1: kernels/arm/requant.h's form, floor((x*M + K - [x<0]*2^31)
//                / 2^(31+e)), K = 2^30 + 2^(30+e), e = -shift;
//   shift == 0:  SRDHM alone, floor((x*M + 2^30) / 2^31) (requant.h's
//                RequantLeft argument), taken as the high word of
//                2x*M + 2^31 (|2x| < 2^31 here: |x| <= 384 * 2^20 for the
//                inputs, |y_1 + y_2| < 2^29 for the output);
//   M == 0:      0.
// DSP build: four elements per word, widened with the input offsets by
// SXTAB16 (one load per four elements of each input, one store). Portable
// build: one element at a time.
#include "kernels/arm/int8_kernels.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

constexpr int kLeftShift = 20;

struct Scale {
  uint32_t k_lo;  // rounding constant K, low and high words
  int32_t k_hi;
  int32_t m;       // multiplier
  int32_t pre;     // left shift of x (1 for shift 0)
  uint32_t fix;    // subtracted for negative x (2^31 for shift <= -1)
  int32_t rshift;  // right shift of the high word
};

Scale MakeScale(int32_t m, int32_t shift) {
  Scale s{0, 0, m, 0, 0, 0};
  if (m == 0) return s;
  if (shift == 0) {
    s.pre = 1;
    s.k_lo = 0x80000000u;
    return s;
  }
  const int e = -shift;
  const int64_t k = (int64_t{1} << 30) + (int64_t{1} << (30 + e));
  s.k_lo = static_cast<uint32_t>(static_cast<uint64_t>(k));
  s.k_hi = static_cast<int32_t>(k >> 32);
  s.fix = 0x80000000u;
  s.rshift = e - 1;
  return s;
}

// K + a * m as a 64-bit value: one SMLAL on Arm (GCC 12 turns the C
// expression into a 64 x 64-bit multiply once the multiplier's sign
// extension is hoisted out of the loop).
inline int64_t MulAdd(int32_t a, int32_t m, uint32_t k_lo, int32_t k_hi) {
#if defined(__arm__) && CIRCLET_ARM_DSP
  __asm__("smlal %0, %1, %2, %3" : "+r"(k_lo), "+r"(k_hi) : "r"(a), "r"(m));
  return static_cast<int64_t>((static_cast<uint64_t>(static_cast<uint32_t>(k_hi)) << 32) | k_lo);
#else
  const int64_t k =
      static_cast<int64_t>((static_cast<uint64_t>(static_cast<uint32_t>(k_hi)) << 32) | k_lo);
  return k + static_cast<int64_t>(a) * m;
#endif
}

// x (already shifted left by s.pre) times the scale.
inline int32_t Apply(int32_t a, const Scale& s) {
  int64_t v = MulAdd(a, s.m, s.k_lo, s.k_hi);
  v -= static_cast<int64_t>(static_cast<uint32_t>(a) & s.fix);
  return static_cast<int32_t>(v >> 32) >> s.rshift;
}

struct Prepared {
  Scale s1, s2, so;
  int32_t zp, lo, hi;
};

// A multiplier of exactly 1/2 with shift 0 (the input with the larger
// scale always has it: s / (2 * s)): SRDHM(v * 2^20, 2^30) =
// floor((v * 2^50 + 2^30) / 2^31) = v * 2^19 exactly.
inline bool IsHalf(int32_t m, int32_t shift) {
  return m == (int32_t{1} << 30) && shift == 0;
}

// kHalf: 1 or 2 when that input's multiplier is exactly 1/2, else 0.
template <int kHalf>
inline int8_t One(int32_t v1, int32_t v2, const Prepared& p) {
  // v_i = q_i + offset_i, |v_i| <= 384: (v_i << 20) << pre fits.
  const int32_t y1 =
      kHalf == 1 ? v1 * (1 << (kLeftShift - 1)) : Apply(v1 * (1 << (kLeftShift + p.s1.pre)), p.s1);
  const int32_t y2 =
      kHalf == 2 ? v2 * (1 << (kLeftShift - 1)) : Apply(v2 * (1 << (kLeftShift + p.s2.pre)), p.s2);
  const int32_t so = y1 + y2;
  const int32_t r = Apply(static_cast<int32_t>(static_cast<uint32_t>(so) << p.so.pre), p.so) + p.zp;
  return static_cast<int8_t>(r < p.lo ? p.lo : (r > p.hi ? p.hi : r));
}

template <bool kDsp, int kHalf>
void Run(const Prepared& p, const AddQuant& q, const int8_t* a, int32_t a_step, const int8_t* b,
         int32_t b_step, int8_t* y, int32_t n) {
  int32_t i = 0;
  if constexpr (kDsp && kHalf != 0) {  // kHalf 0 (no input at 1/2) does not come from scales
    if (a_step == 1) {
      // Offsets fit a halfword (|offset| <= 256, |q + offset| <= 384).
      const uint32_t off1 = Pack16(q.in1_offset, q.in1_offset);
      const uint32_t off2 = Pack16(q.in2_offset, q.in2_offset);
      const int32_t b0 = b_step == 0 ? b[0] + q.in2_offset : 0;
      for (; i + 4 <= n; i += 4) {
        const uint32_t wa = Load32(a + i);
        const uint32_t a02 = Sxtab16(off1, wa), a13 = Sxtab16Ror8(off1, wa);
        int32_t v0 = b0, v1 = b0, v2 = b0, v3 = b0;
        if (b_step != 0) {
          const uint32_t wb = Load32(b + i);
          const uint32_t b02 = Sxtab16(off2, wb), b13 = Sxtab16Ror8(off2, wb);
          v0 = Lo16(b02);
          v1 = Lo16(b13);
          v2 = Hi16(b02);
          v3 = Hi16(b13);
        }
        const uint32_t r0 = static_cast<uint8_t>(One<kHalf>(Lo16(a02), v0, p));
        const uint32_t r1 = static_cast<uint8_t>(One<kHalf>(Lo16(a13), v1, p));
        const uint32_t r2 = static_cast<uint8_t>(One<kHalf>(Hi16(a02), v2, p));
        const uint32_t r3 = static_cast<uint8_t>(One<kHalf>(Hi16(a13), v3, p));
        Store32(y + i, r0 | r1 << 8 | r2 << 16 | r3 << 24);
      }
    }
  }
  for (; i < n; ++i) {
    y[i] = One<kHalf>(a[i * a_step] + q.in1_offset, b[i * b_step] + q.in2_offset, p);
  }
}

}  // namespace

bool AddInt8Applies(const AddQuant& q) {
  auto ok = [](int32_t m, int32_t shift) { return m >= 0 && shift <= 0 && shift >= -31; };
  return q.left_shift == kLeftShift && ok(q.in1_multiplier, q.in1_shift) &&
         ok(q.in2_multiplier, q.in2_shift) && ok(q.out_multiplier, q.out_shift) &&
         q.in1_offset >= -256 && q.in1_offset <= 256 && q.in2_offset >= -256 &&
         q.in2_offset <= 256 && q.out_offset >= -128 && q.out_offset <= 127;
}

template <bool kDsp>
void AddInt8Impl(const AddQuant& q, const int8_t* a, int32_t a_step, const int8_t* b,
                 int32_t b_step, int8_t* y, int32_t n) {
  Prepared p;
  p.s1 = MakeScale(q.in1_multiplier, q.in1_shift);
  p.s2 = MakeScale(q.in2_multiplier, q.in2_shift);
  p.so = MakeScale(q.out_multiplier, q.out_shift);
  p.zp = q.out_offset;
  p.lo = q.act_min;
  p.hi = q.act_max;
  if (IsHalf(q.in1_multiplier, q.in1_shift)) {
    Run<kDsp, 1>(p, q, a, a_step, b, b_step, y, n);
  } else if (IsHalf(q.in2_multiplier, q.in2_shift)) {
    Run<kDsp, 2>(p, q, a, a_step, b, b_step, y, n);
  } else {
    Run<kDsp, 0>(p, q, a, a_step, b, b_step, y, n);
  }
}

template void AddInt8Impl<true>(const AddQuant&, const int8_t*, int32_t, const int8_t*, int32_t,
                                int8_t*, int32_t);
template void AddInt8Impl<false>(const AddQuant&, const int8_t*, int32_t, const int8_t*, int32_t,
                                 int8_t*, int32_t);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
