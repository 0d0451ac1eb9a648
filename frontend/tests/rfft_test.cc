// SPDX-License-Identifier: Apache-2.0
// The front end's real FFT against FFTW (Debian's libfftw3), every supported
// length, on random, tone and impulse inputs.
//
// Tolerance: each bin within 2e-6 * ||x||_2 of FFTW's double-precision r2c
// transform (|X[k]| <= sqrt(n) ||x||_2, so this is about 1e-7 of the largest
// possible bin at n = 512; float rounding of a radix-2 FFT grows like
// log2(n) * 6e-8 * ||x||_2 * sqrt(n) in the worst case and far less typically).
// FFTW's own single-precision transform is checked against the same bound, so
// the bound is one that a correct float FFT meets.
#include "frontend/rfft.h"

#include <fftw3.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

using circlet::frontend::kRfftMaxLength;
using circlet::frontend::Rfft;
using circlet::frontend::RfftInit;
using circlet::frontend::RfftState;

// FFTW double r2c: n/2+1 complex bins as (re, im) pairs.
std::vector<double> FftwDouble(const std::vector<float>& x) {
  const int n = static_cast<int>(x.size());
  double* in = fftw_alloc_real(n);
  fftw_complex* out = fftw_alloc_complex(n / 2 + 1);
  fftw_plan plan = fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
  for (int i = 0; i < n; ++i) in[i] = x[i];
  fftw_execute(plan);
  std::vector<double> r(n + 2);
  for (int k = 0; k <= n / 2; ++k) {
    r[2 * k] = out[k][0];
    r[2 * k + 1] = out[k][1];
  }
  fftw_destroy_plan(plan);
  fftw_free(in);
  fftw_free(out);
  return r;
}

std::vector<float> FftwFloat(const std::vector<float>& x) {
  const int n = static_cast<int>(x.size());
  float* in = fftwf_alloc_real(n);
  fftwf_complex* out = fftwf_alloc_complex(n / 2 + 1);
  fftwf_plan plan = fftwf_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
  for (int i = 0; i < n; ++i) in[i] = x[i];
  fftwf_execute(plan);
  std::vector<float> r(n + 2);
  for (int k = 0; k <= n / 2; ++k) {
    r[2 * k] = out[k][0];
    r[2 * k + 1] = out[k][1];
  }
  fftwf_destroy_plan(plan);
  fftwf_free(in);
  fftwf_free(out);
  return r;
}

double Norm(const std::vector<float>& x) {
  double s = 0;
  for (float v : x) s += static_cast<double>(v) * v;
  return std::sqrt(s);
}

// Largest |a[k] - ref[k]| over the complex bins.
template <typename T>
double MaxBinError(const std::vector<T>& a, const std::vector<double>& ref) {
  double worst = 0;
  for (size_t k = 0; k + 1 < ref.size(); k += 2) {
    worst = std::max(worst, std::hypot(a[k] - ref[k], a[k + 1] - ref[k + 1]));
  }
  return worst;
}

void CheckAgainstFftw(const std::vector<float>& x, const char* what) {
  const int n = static_cast<int>(x.size());
  RfftState state;
  ASSERT_TRUE(RfftInit(&state, n)) << "n=" << n;
  std::vector<float> buf(x);
  buf.resize(n + 2, 12345.0f);  // the two extra floats must be overwritten
  Rfft(state, buf.data());
  const std::vector<double> ref = FftwDouble(x);
  const std::vector<float> ref_f = FftwFloat(x);
  const double tol = 2e-6 * std::max(1e-30, Norm(x));
  const double err = MaxBinError(buf, ref);
  const double err_fftwf = MaxBinError(ref_f, ref);
  std::printf("[ rfft ] n=%-4d %-8s max bin error %.3g (fftwf %.3g), bound %.3g\n", n, what, err,
              err_fftwf, tol);
  EXPECT_LE(err, tol) << what << " n=" << n;
  EXPECT_LE(err_fftwf, tol) << "the bound is too tight for FFTW's float transform itself";
  // Imaginary parts of DC and Nyquist are exactly zero.
  EXPECT_EQ(buf[1], 0.0f);
  EXPECT_EQ(buf[n + 1], 0.0f);
}

TEST(FrontendRfft, RejectsUnsupportedLengths) {
  RfftState state;
  for (int n : {-4, 0, 1, 3, 6, 480, 768, 2 * kRfftMaxLength}) {
    EXPECT_FALSE(RfftInit(&state, n)) << n;
    EXPECT_EQ(state.length, 0);
  }
  EXPECT_TRUE(RfftInit(&state, kRfftMaxLength));
}

TEST(FrontendRfft, RandomInputsMatchFftw) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (int n = 2; n <= kRfftMaxLength; n *= 2) {
    for (int trial = 0; trial < 3; ++trial) {
      std::vector<float> x(n);
      for (float& v : x) v = u(rng);
      CheckAgainstFftw(x, "random");
    }
  }
}

TEST(FrontendRfft, TonesMatchFftw) {
  for (int n = 4; n <= kRfftMaxLength; n *= 2) {
    // A tone on a bin, a tone between bins, and a sine at the Nyquist rate's half.
    for (double cycles : {1.0, n / 4.0 + 0.37, n / 2.0 - 1.0}) {
      std::vector<float> x(n);
      for (int t = 0; t < n; ++t) {
        x[t] = static_cast<float>(0.8 * std::cos(2 * M_PI * cycles * t / n) +
                                  0.1 * std::sin(2 * M_PI * 3 * t / n));
      }
      CheckAgainstFftw(x, "tone");
    }
  }
}

TEST(FrontendRfft, ImpulseIsFlatAndToneIsOneBin) {
  // Derived by hand: an impulse at t=0 has X[k] = 1 for all k; cos at bin 5
  // of amplitude 1 has X[5] = n/2 and nothing elsewhere.
  const int n = 512;
  RfftState state;
  ASSERT_TRUE(RfftInit(&state, n));
  std::vector<float> buf(n + 2, 0.0f);
  buf[0] = 1.0f;
  Rfft(state, buf.data());
  for (int k = 0; k <= n / 2; ++k) {
    EXPECT_NEAR(buf[2 * k], 1.0f, 1e-6f) << k;
    EXPECT_NEAR(buf[2 * k + 1], 0.0f, 1e-6f) << k;
  }
  for (int t = 0; t < n; ++t) buf[t] = static_cast<float>(std::cos(2 * M_PI * 5 * t / n));
  Rfft(state, buf.data());
  for (int k = 0; k <= n / 2; ++k) {
    EXPECT_NEAR(buf[2 * k], k == 5 ? n / 2.0f : 0.0f, 2e-4f) << k;
    EXPECT_NEAR(buf[2 * k + 1], 0.0f, 2e-4f) << k;
  }
}

}  // namespace
