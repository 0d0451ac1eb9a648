// The optimized int8 routines (kernels/arm/) against straightforward loops
// on randomized cases, every output byte (tests/kernels/opt_check.h). The
// host runs both builds of each routine: the DSP-shaped one (ACLE
// primitives emulated) and the portable one. The same checks run under QEMU
// on Cortex-M7/M4 with the real DSP instructions (mcu_*_opt_kernels).
#include <gtest/gtest.h>

#include <cstdio>

#include "tests/kernels/opt_check.h"

namespace circlet {
namespace {

void Log(const char* s) {
  std::fputs(s, stdout);
}

TEST(OptKernels, MatchReferenceLoopsOnRandomCases) {
  for (uint32_t seed : {1u, 20240607u, 0xC1C1E7u}) {
    const test::optcheck::Tally t = test::optcheck::RunAll(seed, 60, Log);
    EXPECT_EQ(t.failures, 0) << "seed " << seed;
    EXPECT_GT(t.cases, 300);
    EXPECT_GT(t.bytes, 50000);
  }
}

// The gate: a channel whose multiplier is >= 1/2 needs the reference loop.
TEST(OptKernels, DeclineMultipliersOutsideTheFastRange) {
  const int32_t mult[2] = {1 << 30, 1 << 30};
  const int8_t shift[2] = {-1, 0};  // 0.25 and 0.5
  kernels::opt::OutQuant q{mult, shift, true, 0, 0, -128, 127};
  kernels::opt::ConvShape s{1, 4, 4, 4, 4, 4, 2, 1, 1, 1, 1, 1, 1, 0, 0};
  EXPECT_FALSE(kernels::opt::ConvInt8Applies(s, q));
  s.out_c = 1;
  EXPECT_TRUE(kernels::opt::ConvInt8Applies(s, q));
}

}  // namespace
}  // namespace circlet
