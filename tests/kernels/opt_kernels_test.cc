// SPDX-License-Identifier: Apache-2.0
// The optimized int8 routines (kernels/arm/) against straightforward loops
// on randomized cases, every output byte (tests/kernels/opt_check.h). The
// host runs both builds of each routine: the DSP-shaped one (ACLE
// primitives emulated) and the portable one. The same checks run under QEMU
// on Cortex-M7/M4 with the real DSP instructions (mcu_*_opt_kernels).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "quant/fixed_point_math.h"
#include "tests/kernels/opt_check.h"
#include "tests/kernels/opt_check_ops.h"

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

TEST(OptKernels, PoolAddSoftmaxMatchReferenceLoopsOnRandomCases) {
  for (uint32_t seed : {3u, 20240608u, 0xADDu}) {
    const test::optcheck::Tally t = test::optcheck::RunOps(seed, 60, Log);
    EXPECT_EQ(t.failures, 0) << "seed " << seed;
    EXPECT_GE(t.cases, 240);
    EXPECT_GT(t.bytes, 50000);
  }
}

// The softmax routine's exp (no saturation tests) against the reference
// gemmlowp exp on every multiple of 97 in [-2^31, 0] and around the
// interval boundaries (every multiple of 2^24 +- 2).
TEST(OptKernels, SoftmaxExpMatchesReferenceExp) {
  int64_t checked = 0;
  for (int64_t a = INT32_MIN; a <= 0; a += 97) {
    ASSERT_EQ(kernels::opt::SoftmaxExpQ5(static_cast<int32_t>(a)),
              quant::ExpOnNegativeValues<5>(static_cast<int32_t>(a)))
        << a;
    ++checked;
  }
  for (int64_t q = INT32_MIN; q <= 0; q += int64_t{1} << 24) {
    for (int64_t d = -2; d <= 2; ++d) {
      const int64_t a = q + d;
      if (a < INT32_MIN || a > 0) continue;
      ASSERT_EQ(kernels::opt::SoftmaxExpQ5(static_cast<int32_t>(a)),
                quant::ExpOnNegativeValues<5>(static_cast<int32_t>(a)))
          << a;
    }
  }
  EXPECT_EQ(kernels::opt::SoftmaxExpQ5(0), INT32_MAX);
  EXPECT_GT(checked, 20000000);
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

// ConvInt8PointwiseBackward run in place (input and output in one buffer,
// output no smaller: out_c >= in_c) against the nested-loop reference run
// out of place, both builds (kernels/arm/dispatch.h relies on this).
TEST(OptKernels, PointwiseBackwardInPlaceMatchesReference) {
  using namespace test::optcheck;
  Rng r(777u);
  Buffers& b = Bufs();
  int checked = 0;
  for (int i = 0; i < 200; ++i) {
    ConvShape s{};
    s.batches = r.Range(1, 2);
    s.in_h = s.out_h = r.Range(1, 6);
    s.in_w = s.out_w = r.Range(1, 7);
    s.in_c = r.Range(1, 20);
    s.out_c = s.in_c + r.Range(0, 30);
    s.k_h = s.k_w = s.stride_h = s.stride_w = s.dilation_h = s.dilation_w = 1;
    const size_t in_n = static_cast<size_t>(s.batches) * s.in_h * s.in_w * s.in_c;
    Fill(r, b.in, in_n);
    Fill(r, b.filter, static_cast<size_t>(s.out_c) * s.in_c);
    const OutQuant q = RandomQuant(r, s.out_c, false, b);
    const int32_t* bias = nullptr;
    RandomBias(r, s.out_c, b, &bias);
    ASSERT_TRUE(kernels::opt::ConvInt8Applies(s, q));
    RefConv(s, false, 1, q, b.in, b.filter, bias, b.want);
    for (bool dsp : {true, false}) {
      std::memcpy(b.got, b.in, in_n);
      if (dsp) {
        kernels::opt::ConvInt8PointwiseBackwardImpl<true>(s, q, b.got, b.filter, bias, b.got,
                                                          b.scratch);
      } else {
        kernels::opt::ConvInt8PointwiseBackwardImpl<false>(s, q, b.got, b.filter, bias, b.got,
                                                           b.scratch);
      }
      ASSERT_EQ(0, std::memcmp(b.want, b.got, OutBytes(s))) << "case " << i << " dsp " << dsp;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 400);
}

}  // namespace
}  // namespace circlet
