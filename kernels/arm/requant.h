// SPDX-License-Identifier: Apache-2.0
// Fast exact requantization for the optimized int8 kernels.
//
// The reference (quant/fixed_point.h) computes, for an int32 accumulator a,
// a multiplier M in [0, 2^31) and shift < 0 (right shift e = -shift):
//   q = SaturatingRoundingDoublingHighMul(a, M) = floor((a*M + 2^30) / 2^31)
//       (no saturation: M >= 0 excludes INT32_MIN * INT32_MIN)
//   r = RoundingDivideByPOT(q, e) = floor((q + 2^(e-1) - [q < 0]) / 2^e)
//   out = clamp(r + zp, act_min, act_max)
// Nested floor divisions by powers of two compose, so with 64-bit exact
// arithmetic
//   r = floor((a*M + K - [q < 0] * 2^31) / 2^(31+e)),  K = 2^30 + 2^(30+e).
// [q < 0] may be replaced by [a < 0]: they differ only when a < 0 and
// |a|*M <= 2^30, where q = 0 and both roundings give r = 0 (e >= 1).
// For 1 <= e <= 31 nothing overflows 64 bits (|a*M| < 2^62, K < 2^62), and
// since 31 + e >= 32, r is the high word of the sum shifted right by e - 1:
// one SMLAL, a sign fix-up and an ASR on Cortex-M instead of the
// reference's branches and two roundings. M = 0 (a channel whose scale
// flushed to zero; QuantizeMultiplier gives shift 0) is encoded as K = 2^31,
// e - 1 = 0: the high word is 0 for either sign of a.
// Multipliers >= 1/2 (shift >= 0 with M > 0) make the calling kernel use the
// reference loop (RequantFastApplies).
#ifndef CIRCLET_KERNELS_ARM_REQUANT_H_
#define CIRCLET_KERNELS_ARM_REQUANT_H_

#include <cstdint>

#include "kernels/optimized.h"

namespace circlet {
namespace kernels {
namespace opt {

struct RqChannel {
  int32_t multiplier;  // M
  int32_t rshift;      // e - 1
  uint32_t k_lo;       // K, low and high words
  int32_t k_hi;
};

inline bool RequantFastOk(int32_t multiplier, int shift) {
  return multiplier == 0 || (multiplier > 0 && shift <= -1 && shift >= -31);
}

// All channels (per_channel: n entries, else entry 0) have a fast form, and
// the output zero point is an int8 value.
inline bool RequantFastApplies(const int32_t* multiplier, const int8_t* shift, int32_t n,
                               bool per_channel, int32_t out_zp) {
  if (out_zp < -128 || out_zp > 127) return false;
  const int32_t count = per_channel ? n : 1;
  for (int32_t c = 0; c < count; ++c) {
    if (!RequantFastOk(multiplier[c], shift[c])) return false;
  }
  return true;
}

inline RqChannel MakeRqChannel(int32_t multiplier, int shift) {
  RqChannel r;
  r.multiplier = multiplier;
  if (multiplier == 0) {
    r.rshift = 0;
    r.k_lo = 0x80000000u;
    r.k_hi = 0;
    return r;
  }
  const int e = -shift;
  const int64_t k = (int64_t{1} << 30) + (int64_t{1} << (30 + e));
  r.rshift = e - 1;
  r.k_lo = static_cast<uint32_t>(static_cast<uint64_t>(k));
  r.k_hi = static_cast<int32_t>(k >> 32);
  return r;
}

// r for one accumulator (add the output zero point, then clamp).
inline int32_t Requant(int32_t acc, const RqChannel& q) {
  const int64_t k =
      static_cast<int64_t>((static_cast<uint64_t>(static_cast<uint32_t>(q.k_hi)) << 32) | q.k_lo);
  int64_t s = k + static_cast<int64_t>(acc) * q.multiplier;
  s -= static_cast<int64_t>(static_cast<uint32_t>(acc) & 0x80000000u);
  return static_cast<int32_t>(s >> 32) >> q.rshift;
}

// Multipliers >= 1/2 (shift >= 0, M >= 0): the reference computes
// SaturatingRoundingDoublingHighMul(x, M) with x = acc << shift (a wrapping
// uint32 shift), and RoundingDivideByPOT by 0 is the identity. For M >= 0
// the doubling high multiply never saturates and equals
// floor((x * M + 2^30) / 2^31) (its nudge 1 - 2^30 for negative products
// with truncation is the same floor): one SMLAL and a 64-bit shift by 31.
inline bool RequantLeftOk(int32_t multiplier, int shift) {
  return multiplier >= 0 && shift >= 0 && shift <= 31;
}
inline int32_t RequantLeft(int32_t acc, int32_t multiplier, int shift) {
  const int32_t x = static_cast<int32_t>(static_cast<uint32_t>(acc) << shift);
  const int64_t s = static_cast<int64_t>(x) * multiplier + (int64_t{1} << 30);
  return static_cast<int32_t>(s >> 31);
}

inline int32_t ClampAct(int32_t v, int32_t lo, int32_t hi) {
  v = v < lo ? lo : v;
  return v > hi ? hi : v;
}

// The clamp is the whole int8 range (no activation, or ReLU with output zero
// point -128, the common case): one SSAT instead of two compares.
inline bool FullRange(int32_t lo, int32_t hi) {
  return lo == -128 && hi == 127;
}

// Output value of one accumulator: requantized, zero point added, clamped.
template <bool kFull>
inline int32_t RequantOut(int32_t acc, const RqChannel& q, int32_t zp, int32_t lo, int32_t hi) {
  const int32_t v = Requant(acc, q) + zp;
  if constexpr (kFull) {
    (void)lo;
    (void)hi;
    return Sat8(v);
  } else {
    return ClampAct(v, lo, hi);
  }
}

}  // namespace opt
}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_ARM_REQUANT_H_
