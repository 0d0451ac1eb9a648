// SPDX-License-Identifier: Apache-2.0
// Optimized int8 SOFTMAX (the reference is kernels/ref/softmax.cc, TFLite's
// reference integer softmax with gemmlowp fixed point): per row the
// maximum, then per cell with diff = x - max >= diff_min
//   e = ExpOnNegativeValues<5>(SRDHM(diff << left_shift, M))   (Q0.31)
//   sum += RoundingDivideByPOT(e, 12)                           (Q12.19)
// the reciprocal of the sum (quant::GetReciprocal, once per row), and
//   out = clamp(RoundingDivideByPOT(SRDHM(reciprocal, e), k + 31 - bits) + min)
// (cells below diff_min give min).
//
// The same arithmetic, faster: every SaturatingRoundingDoublingHighMul on
// the way has an operand that cannot be INT32_MIN (the polynomial's x lies
// in [-1/8, 1/8), the other operands are positive constants, e >= 0, M >
// 0), so it never saturates and is exactly floor((a*b + 2^30) / 2^31): one
// SMULL and a shift instead of the reference's sign-dependent nudge and
// saturation test. The shift by the 5 integer bits cannot saturate (its
// argument lies in [-2^24, 0)). The row maximum is taken four bytes at a
// time in the DSP build (SSUB8 + SEL). Each cell's exp is computed twice,
// as in the reference (no scratch, no stack buffer).
#include <limits>

#include "kernels/arm/int8_kernels.h"
#include "quant/fixed_point_math.h"

namespace circlet {
namespace kernels {
namespace opt {
namespace {

constexpr int kIntegerBits = 5;  // the scaled difference is Q5.26
constexpr int kAccumulationBits = 12;

// SaturatingRoundingDoublingHighMul for operands that are not both INT32_MIN.
inline int32_t Mulhi(int32_t a, int32_t b) {
  return static_cast<int32_t>((static_cast<int64_t>(a) * b + (int64_t{1} << 30)) >> 31);
}

// quant::ExpOnNegativeValues<5> for a in [-2^31, 0], with Mulhi.
__attribute__((noinline)) int32_t ExpQ5(int32_t a) {
  if (a == 0) return std::numeric_limits<int32_t>::max();
  constexpr int kFractionalBits = 31 - kIntegerBits;
  constexpr int32_t kOneQuarter = int32_t{1} << (kFractionalBits - 2);
  const int32_t r = quant::WrapSub(a & (kOneQuarter - 1), kOneQuarter);  // [-2^24, 0)
  // exp on [-1/4, 0): x = r * 2^5 + 1/8 in [-1/8, 1/8).
  const int32_t x = r * (1 << kIntegerBits) + (1 << 28);
  const int32_t x2 = Mulhi(x, x);
  const int32_t x3 = Mulhi(x2, x);
  const int32_t x4 = Mulhi(x2, x2);
  const int32_t x4_over_4 = quant::RoundingDivideByPOT(x4, 2);
  const int32_t poly = quant::RoundingDivideByPOT(
      quant::WrapAdd(Mulhi(quant::WrapAdd(x4_over_4, x3), 715827883), x2), 1);
  constexpr int32_t kExpMinusOneEighth = 1895147668;
  int32_t result =
      quant::WrapAdd(kExpMinusOneEighth, Mulhi(kExpMinusOneEighth, quant::WrapAdd(x, poly)));
  const int32_t remainder = quant::WrapSub(r, a);
  constexpr int32_t kExpMinusPow2[7] = {1672461947, 1302514674, 790015084, 290630308,
                                        39332535,   720401,     242};
  for (int k = 0; k < 7; ++k) {
    if ((remainder & (int32_t{1} << (kFractionalBits - 2 + k))) != 0) {
      result = Mulhi(result, kExpMinusPow2[k]);
    }
  }
  return result;
}

template <bool kDsp>
int32_t RowMax(const int8_t* x, int32_t depth) {
  int32_t i = 0, m = -128;
  if constexpr (kDsp) {
    uint32_t m4 = 0x80808080u;
    for (; i + 4 <= depth; i += 4) m4 = Max8(Load32(x + i), m4);
    for (int k = 0; k < 32; k += 8) {
      const int32_t b = static_cast<int8_t>(m4 >> k);
      m = b > m ? b : m;
    }
  }
  for (; i < depth; ++i) m = x[i] > m ? x[i] : m;
  return m;
}

// int8 (out_bits 8) or int16 (16) output, one body for both (code size).
template <bool kDsp>
__attribute__((noinline)) void Softmax(const SoftmaxParams& p, const int8_t* in, void* out,
                                       int out_bits) {
  const int32_t k_min = out_bits == 8 ? -128 : -32768;
  const int32_t k_max = out_bits == 8 ? 127 : 32767;
  const int ls = p.left_shift;
  auto exp_of = [&](int32_t diff) {
    return ExpQ5(Mulhi(static_cast<int32_t>(static_cast<uint32_t>(diff) << ls), p.multiplier));
  };
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t row = static_cast<size_t>(r) * p.depth;
    const int8_t* x = in + row;
    const int32_t max = RowMax<kDsp>(x, p.depth);
    int32_t sum = 0;
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t diff = x[c] - max;
      if (diff >= p.diff_min) {
        sum += quant::RoundingDivideByPOT(exp_of(diff), kAccumulationBits);
      }
    }
    int bits_over_unit = 0;
    const int32_t reciprocal = quant::GetReciprocal(sum, kAccumulationBits, &bits_over_unit);
    const int exponent = bits_over_unit + 31 - out_bits;
    for (int32_t c = 0; c < p.depth; ++c) {
      const int32_t diff = x[c] - max;
      int32_t v = k_min;
      if (diff >= p.diff_min && exponent <= 31) {
        v = quant::RoundingDivideByPOT(Mulhi(reciprocal, exp_of(diff)), exponent) + k_min;
        v = v > k_max ? k_max : v;
      }
      if (out_bits == 8) {
        static_cast<int8_t*>(out)[row + c] = static_cast<int8_t>(v);
      } else {
        static_cast<int16_t*>(out)[row + c] = static_cast<int16_t>(v);
      }
    }
  }
}

}  // namespace

int32_t SoftmaxExpQ5(int32_t a) {
  return ExpQ5(a);
}

bool SoftmaxInt8Applies(const SoftmaxParams& p) {
  return p.multiplier > 0 && p.left_shift >= 0 && p.left_shift <= 31 && p.depth > 0 &&
         p.depth <= 4095;
}

template <bool kDsp>
void SoftmaxInt8Impl(const SoftmaxParams& p, const int8_t* in, int8_t* out) {
  Softmax<kDsp>(p, in, out, 8);
}
template <bool kDsp>
void SoftmaxInt8ToInt16Impl(const SoftmaxParams& p, const int8_t* in, int16_t* out) {
  Softmax<kDsp>(p, in, out, 16);
}

template void SoftmaxInt8Impl<true>(const SoftmaxParams&, const int8_t*, int8_t*);
template void SoftmaxInt8Impl<false>(const SoftmaxParams&, const int8_t*, int8_t*);
template void SoftmaxInt8ToInt16Impl<true>(const SoftmaxParams&, const int8_t*, int16_t*);
template void SoftmaxInt8ToInt16Impl<false>(const SoftmaxParams&, const int8_t*, int16_t*);

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
