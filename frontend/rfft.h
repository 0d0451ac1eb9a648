// SPDX-License-Identifier: Apache-2.0
// circlet front end: real FFT of a power-of-two length, radix 2, no heap.
//
//   circlet::frontend::RfftState fft;          // caller-owned (2.5 KB at 512)
//   if (!circlet::frontend::RfftInit(&fft, 512)) { ... }
//   float buf[512 + 2];                         // n reals in ...
//   circlet::frontend::Rfft(fft, buf);          // ... n/2 + 1 complex bins out
//
// Method: the n reals are read as n/2 complex values z[m] = x[2m] + i x[2m+1],
// transformed by an iterative radix-2 decimation-in-time complex FFT of length
// n/2 (bit-reversal permutation, then log2(n/2) butterfly stages), and split
// into the spectrum of x:
//   X[k] = (Z[k] + conj Z[n/2-k]) / 2 - i/2 e^(-2 pi i k/n) (Z[k] - conj Z[n/2-k]).
// X[k] = sum_t x[t] e^(-2 pi i k t / n) (no scaling), k = 0 .. n/2, the same
// convention as FFTW's r2c transforms. The twiddles e^(-2 pi i j/n),
// j < n/2, are computed once (in double) by RfftInit into the state.
#ifndef CIRCLET_FRONTEND_RFFT_H_
#define CIRCLET_FRONTEND_RFFT_H_

#include <cstdint>

namespace circlet {
namespace frontend {

constexpr int kRfftMaxLength = 512;

struct RfftState {
  int length = 0;                            // n; 0 until RfftInit succeeds
  float cos_table[kRfftMaxLength / 2];       // cos(2 pi j / n), j < n/2
  float sin_table[kRfftMaxLength / 2];       // sin(2 pi j / n), j < n/2
  uint16_t bit_reverse[kRfftMaxLength / 2];  // permutation of the n/2-point complex FFT
};

// Prepares `state` for transforms of length n. Returns false (state left
// unusable) unless n is a power of two in [2, kRfftMaxLength].
bool RfftInit(RfftState* state, int n);

// In place: data[0 .. n) holds the real input; on return data[0 .. n+2) holds
// the n/2 + 1 complex bins X[k] as (re, im) pairs (X[0] and X[n/2] have
// im = 0). `data` must have room for n + 2 floats.
void Rfft(const RfftState& state, float* data);

}  // namespace frontend
}  // namespace circlet

#endif  // CIRCLET_FRONTEND_RFFT_H_
