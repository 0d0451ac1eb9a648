// SPDX-License-Identifier: Apache-2.0
// quant::QuantizeMultiplierBits / ChannelMultiplier (quant/multiplier.h)
// against quant::QuantizeMultiplier (frexp + std::round): identical results
// on millions of random float scale triples and random doubles, on hand
// computed values, and on the edge cases (rounding ties, the significand
// that rounds up to 2^31, the flush and saturation thresholds, zero,
// subnormals).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "quant/multiplier.h"
#include "quant/quantize.h"

namespace circlet {
namespace {

struct Mq {
  int32_t m;
  int s;
};

Mq Fast(double v) {
  Mq r{-1, -99};
  quant::QuantizeMultiplierBits(v, &r.m, &r.s);
  return r;
}

Mq Ref(double v) {
  Mq r{-1, -99};
  quant::QuantizeMultiplier(v, &r.m, &r.s);
  return r;
}

double FromBits(uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof(d));
  return d;
}

float FloatFromBits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof(f));
  return f;
}

// splitmix64: deterministic test data.
uint64_t Next(uint64_t* s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

#define EXPECT_SAME(v)                                            \
  do {                                                            \
    const double v_ = (v);                                        \
    const Mq f_ = Fast(v_), r_ = Ref(v_);                         \
    ASSERT_EQ(f_.m, r_.m) << "value " << v_ << " (" << #v << ")"; \
    ASSERT_EQ(f_.s, r_.s) << "value " << v_ << " (" << #v << ")"; \
  } while (0)

TEST(QuantMultiplier, HandComputed) {
  // 0.75 = 0.75 * 2^0 -> 0.75 * 2^31 = 0x60000000.
  Mq r = Fast(0.75);
  EXPECT_EQ(r.m, 0x60000000);
  EXPECT_EQ(r.s, 0);
  // 1.0 = 0.5 * 2^1.
  r = Fast(1.0);
  EXPECT_EQ(r.m, 1 << 30);
  EXPECT_EQ(r.s, 1);
  // 2^-32 = 0.5 * 2^-31: the smallest kept exponent.
  r = Fast(std::ldexp(1.0, -32));
  EXPECT_EQ(r.m, 1 << 30);
  EXPECT_EQ(r.s, -31);
  // 2^-33: exponent -32, flushed.
  r = Fast(std::ldexp(1.0, -33));
  EXPECT_EQ(r.m, 0);
  EXPECT_EQ(r.s, 0);
  // (1 + 2^-31) * 2^-1 = (2^30 + 0.5) / 2^31: a tie, rounded away from zero.
  r = Fast(std::ldexp(1.0 + std::ldexp(1.0, -31), -1));
  EXPECT_EQ(r.m, (1 << 30) + 1);
  EXPECT_EQ(r.s, 0);
  // Just below the tie: rounds down.
  r = Fast(std::ldexp(1.0 + std::ldexp(1.0, -31) - std::ldexp(1.0, -52), -1));
  EXPECT_EQ(r.m, 1 << 30);
  // (1 - 2^-33) * 2^3: q * 2^31 = 2^31 - 0.25 rounds to 2^31 -> 2^30, shift 4.
  r = Fast(std::ldexp(1.0 - std::ldexp(1.0, -33), 3));
  EXPECT_EQ(r.m, 1 << 30);
  EXPECT_EQ(r.s, 4);
  // 2^30 = 0.5 * 2^31: shift 31 saturates to (2^31 - 1, 30).
  r = Fast(std::ldexp(1.0, 30));
  EXPECT_EQ(r.m, 0x7FFFFFFF);
  EXPECT_EQ(r.s, 30);
  // 0.0 and a subnormal.
  r = Fast(0.0);
  EXPECT_EQ(r.m, 0);
  EXPECT_EQ(r.s, 0);
  r = Fast(std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(r.m, 0);
  EXPECT_EQ(r.s, 0);
  // Not scales: negative and NaN give (0, 0); +inf the largest multiplier.
  r = Fast(-0.75);
  EXPECT_EQ(r.m, 0);
  EXPECT_EQ(r.s, 0);
  r = Fast(std::nan(""));
  EXPECT_EQ(r.m, 0);
  EXPECT_EQ(r.s, 0);
  r = Fast(std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.m, 0x7FFFFFFF);
  EXPECT_EQ(r.s, 30);
}

TEST(QuantMultiplier, EdgeCasesMatchReference) {
  EXPECT_SAME(0.0);
  EXPECT_SAME(-0.0);
  EXPECT_SAME(std::numeric_limits<double>::denorm_min());
  EXPECT_SAME(std::numeric_limits<double>::min());
  EXPECT_SAME(std::numeric_limits<double>::max());
  for (int e = -40; e <= 40; ++e) {
    EXPECT_SAME(std::ldexp(1.0, e));
    // All-ones significand: rounds up to 2^31 and moves the exponent.
    EXPECT_SAME(std::ldexp(1.0 - std::ldexp(1.0, -53), e));
    EXPECT_SAME(std::ldexp(1.0 - std::ldexp(1.0, -32), e));
    EXPECT_SAME(std::ldexp(1.0 - std::ldexp(1.0, -33), e));
    // Exact ties and their neighbours at every position of the exponent.
    for (int k = 0; k < 64; ++k) {
      const uint64_t mant = (uint64_t{1} << 52) | (static_cast<uint64_t>(k) << 22);
      const double tie = std::ldexp(static_cast<double>(mant | (uint64_t{1} << 21)), e - 53);
      EXPECT_SAME(tie);
      EXPECT_SAME(std::nextafter(tie, 0.0));
      EXPECT_SAME(std::nextafter(tie, 1e300));
      EXPECT_SAME(std::ldexp(static_cast<double>(mant), e - 53));
    }
  }
}

TEST(QuantMultiplier, RandomDoublesMatchReference) {
  uint64_t s = 12345;
  for (int i = 0; i < 1000000; ++i) {
    // Random positive finite doubles with exponents around the kept range.
    const uint64_t r = Next(&s);
    const uint64_t biased = 1023 - 60 + (r >> 52) % 120;
    const uint64_t bits = (biased << 52) | (Next(&s) & ((uint64_t{1} << 52) - 1));
    EXPECT_SAME(FromBits(bits));
  }
}

TEST(QuantMultiplier, RandomScaleTriplesMatchReference) {
  uint64_t s = 777;
  int kept = 0;
  for (int i = 0; i < 2000000; ++i) {
    float in, w, out;
    if (i % 2 == 0) {
      // Realistic scales: in, out in [2^-12, 2^2), weights in [2^-24, 2^0).
      const uint64_t r = Next(&s);
      in = std::ldexp(1.0f + static_cast<float>(r & 0xFFFFFF) / 16777216.0f,
                      -12 + static_cast<int>((r >> 24) % 14));
      w = std::ldexp(1.0f + static_cast<float>((r >> 32) & 0xFFFFFF) / 16777216.0f,
                     -24 + static_cast<int>((r >> 56) % 24));
      const uint64_t r2 = Next(&s);
      out = std::ldexp(1.0f + static_cast<float>(r2 & 0xFFFFFF) / 16777216.0f,
                       -12 + static_cast<int>((r2 >> 24) % 14));
    } else {
      // Any positive finite floats, subnormals included.
      const uint64_t r = Next(&s);
      in = FloatFromBits(static_cast<uint32_t>(r) % 0x7F800000u);
      w = FloatFromBits(static_cast<uint32_t>(r >> 32) % 0x7F800000u);
      out = FloatFromBits(static_cast<uint32_t>(Next(&s)) % 0x7F800000u);
      if (out == 0.0f) out = 1.0f;
    }
    const double m = static_cast<double>(in) * static_cast<double>(w) / static_cast<double>(out);
    if (!std::isfinite(m)) continue;  // not a scale (prepare rejects it)
    Mq f{-1, -99};
    quant::ChannelMultiplier(in, w, out, &f.m, &f.s);
    const Mq r = Ref(m);
    ASSERT_EQ(f.m, r.m) << in << " * " << w << " / " << out;
    ASSERT_EQ(f.s, r.s) << in << " * " << w << " / " << out;
    if (r.m != 0 && r.s > -31 && r.s < 30) ++kept;
  }
  // Most realistic triples land inside the representable range.
  EXPECT_GT(kept, 800000);
}

}  // namespace
}  // namespace circlet
