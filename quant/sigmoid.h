// SPDX-License-Identifier: Apache-2.0
// Fixed-point logistic and tanh of TFLite's reference integer kernels
// (reference_integer_ops::Logistic / Tanh), bit for bit.
//
// int8 (gemmlowp's fixedpoint.h, on a Q4.27 input x):
//   LogisticQ4(x) = x == 0 ? 1/2 : x > 0 ? f(x) : 1 - f(-x),
//       f(a) = OneOverOnePlusXForXIn0To1(ExpOnNegativeValues<4>(-a));
//   TanhQ4(x)     = x == 0 ? 0 : x < 0 ? -t(x) : t(-x),
//       t(n) = OneMinusXOverOnePlusXForXIn0To1(ExpOnNegativeValues<5>(n)),
//       n = -|x| read as Q5.26 (gemmlowp's ExactMulByPot<1>: 2n, same raw);
//   both return Q0.31 (one = INT32_MAX).
// int16: a 256-entry table of sigmoid(i / 24) in 0.16 format
// (kSigmoidTableUint16, TFLite's sigmoid_table_uint16, tabulated values
// within 1 of round(65536 * sigmoid(i / 24)), last entry 65535) with linear
// interpolation; tanh(x) = 2 sigmoid(2x) - 1 reads the same table.
#ifndef CIRCLET_QUANT_SIGMOID_H_
#define CIRCLET_QUANT_SIGMOID_H_

#include <cstdint>
#include <cstdlib>

#include "quant/fixed_point.h"
#include "quant/fixed_point_math.h"

namespace circlet {
namespace quant {

inline constexpr uint16_t kSigmoidTableUint16[256] = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149, 40794,
    41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369, 47911, 48443,
    48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169, 53581, 53983, 54374,
    54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433, 57724, 58007, 58280, 58544,
    58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370, 60565, 60753, 60935, 61110, 61279,
    61441, 61599, 61750, 61896, 62036, 62172, 62302, 62428, 62549, 62666, 62778, 62886, 62990,
    63090, 63186, 63279, 63368, 63454, 63536, 63615, 63691, 63765, 63835, 63903, 63968, 64030,
    64090, 64148, 64204, 64257, 64308, 64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652,
    64687, 64721, 64754, 64786, 64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019,
    65039, 65060, 65079, 65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234,
    65246, 65258, 65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360,
    65367, 65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
    65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474, 65476,
    65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498, 65500, 65501,
    65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513, 65514, 65515, 65516,
    65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522, 65523, 65523, 65524, 65524,
    65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528, 65528, 65528, 65529, 65529, 65529,
    65529, 65530, 65530, 65530, 65530, 65531, 65531, 65531, 65531, 65531, 65532, 65532, 65532,
    65532, 65532, 65532, 65533, 65533, 65533, 65533, 65533, 65533, 65533, 65533, 65534, 65534,
    65534, 65534, 65534, 65534, 65534, 65534, 65534, 65534, 65535,
};

// (1 - x) / (1 + x) for x in [0, 1), Q0.31 in and out: Newton-Raphson for
// 1 / d, d = (1 + x) / 2, in Q2.29 (as OneOverOnePlusXForXIn0To1), then
// 1 / d - 1 rescaled to Q0.31 with a saturating shift by 2.
inline int32_t OneMinusXOverOnePlusXForXIn0To1(int32_t x) {
  const int32_t half_denominator = RoundingHalfSum(x, std::numeric_limits<int32_t>::max());
  const int32_t k48Over17 = 1515870810;      // Q2.29
  const int32_t kNeg32Over17 = -1010580540;  // Q2.29
  const int32_t kOneQ2 = 1 << 29;
  int32_t r = WrapAdd(k48Over17, SaturatingRoundingDoublingHighMul(half_denominator, kNeg32Over17));
  for (int i = 0; i < 3; ++i) {
    const int32_t d_times_r = SaturatingRoundingDoublingHighMul(half_denominator, r);
    const int32_t one_minus = WrapSub(kOneQ2, d_times_r);
    r = WrapAdd(
        r, SaturatingRoundingMultiplyByPOT(SaturatingRoundingDoublingHighMul(r, one_minus), 2));
  }
  return SaturatingRoundingMultiplyByPOT(WrapSub(r, kOneQ2), 2);
}

// gemmlowp::logistic on a Q4.27 value; Q0.31 result.
inline int32_t LogisticQ4(int32_t x) {
  if (x == 0) return 1 << 30;
  const int32_t a = x > 0 ? x : WrapSub(0, x);
  const int32_t positive = OneOverOnePlusXForXIn0To1(ExpOnNegativeValues<4>(WrapSub(0, a)));
  return x > 0 ? positive : WrapSub(std::numeric_limits<int32_t>::max(), positive);
}

// gemmlowp::tanh on a Q4.27 value; Q0.31 result.
inline int32_t TanhQ4(int32_t x) {
  if (x == 0) return 0;
  const int32_t n = x < 0 ? x : WrapSub(0, x);
  const int32_t t = OneMinusXOverOnePlusXForXIn0To1(ExpOnNegativeValues<5>(n));
  return x < 0 ? WrapSub(0, t) : t;
}

// The int16 input rescale shared by both: x * multiplier (+ half) >> shift,
// multiplier = 3 << shift and shift 0 for power-of-two scales
// (multiplier 0 in the prepared parameters).
inline int32_t SigmoidInt16Input(int16_t x, int32_t multiplier, int32_t round, int shift) {
  return (static_cast<int32_t>(x) * multiplier + round) >> shift;
}

// TFLite's int16 logistic on the rescaled input (Q0.15 result).
inline int16_t LogisticInt16(int32_t v) {
  const uint32_t a = static_cast<uint32_t>(std::abs(v));
  const uint32_t uh = a >> 9;
  uint32_t r;
  if (uh >= 255) {
    r = 0x7FFFu << 10;
  } else {
    const uint32_t ua = kSigmoidTableUint16[uh], ub = kSigmoidTableUint16[uh + 1];
    r = (ua << 9) + (a & 0x1FFu) * (ub - ua);
  }
  r = v >= 0 ? r + (1u << 9) : (1u << 25) - r + (1u << 9) - 1u;
  return static_cast<int16_t>(r >> 10);
}

// TFLite's int16 tanh on the rescaled input (Q0.15 result).
inline int16_t TanhInt16(int32_t v) {
  const uint32_t a = static_cast<uint32_t>(std::abs(v));
  const uint32_t uh = a >> 8;
  int32_t r;
  if (uh >= 255) {
    r = 0xFFFF << 8;
  } else {
    const uint32_t ua = kSigmoidTableUint16[uh], ub = kSigmoidTableUint16[uh + 1];
    r = static_cast<int32_t>((ua << 8) + (a & 0xFFu) * (ub - ua));
  }
  r = v >= 0 ? r - (1 << 23) + (1 << 7) : -r + (1 << 23) + (1 << 7) - 1;
  return static_cast<int16_t>(r >> 8);
}

}  // namespace quant
}  // namespace circlet

#endif  // CIRCLET_QUANT_SIGMOID_H_
