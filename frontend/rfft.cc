// SPDX-License-Identifier: Apache-2.0
// Real FFT (see rfft.h for the method).
#include "frontend/rfft.h"

#include <cmath>

namespace circlet {
namespace frontend {

bool RfftInit(RfftState* state, int n) {
  state->length = 0;
  if (n < 2 || n > kRfftMaxLength || (n & (n - 1)) != 0) return false;
  const int half = n / 2;
  const double kTwoPi = 6.283185307179586476925286766559;
  for (int j = 0; j < half; ++j) {
    const double angle = kTwoPi * j / n;
    state->cos_table[j] = static_cast<float>(std::cos(angle));
    state->sin_table[j] = static_cast<float>(std::sin(angle));
  }
  int bits = 0;
  while ((1 << bits) < half) ++bits;
  for (int m = 0; m < half; ++m) {
    int r = 0;
    for (int b = 0; b < bits; ++b) r |= ((m >> b) & 1) << (bits - 1 - b);
    state->bit_reverse[m] = static_cast<uint16_t>(r);
  }
  state->length = n;
  return true;
}

void Rfft(const RfftState& state, float* data) {
  const int n = state.length;
  const int half = n / 2;  // complex length of the inner FFT
  const float* cos_t = state.cos_table;
  const float* sin_t = state.sin_table;

  // Bit-reversal permutation of the complex pairs.
  for (int m = 0; m < half; ++m) {
    const int r = state.bit_reverse[m];
    if (r > m) {
      const float re = data[2 * m], im = data[2 * m + 1];
      data[2 * m] = data[2 * r];
      data[2 * m + 1] = data[2 * r + 1];
      data[2 * r] = re;
      data[2 * r + 1] = im;
    }
  }
  // First stage (span 2): the twiddle is 1.
  if (half >= 2) {
    for (int m = 0; m < half; m += 2) {
      float* a = data + 2 * m;
      const float br = a[2], bi = a[3];
      a[2] = a[0] - br;
      a[3] = a[1] - bi;
      a[0] += br;
      a[1] += bi;
    }
  }
  // Butterflies: blocks of `span` complex values; twiddle e^(-2 pi i t/span)
  // is table entry t * (n / span).
  for (int span = 4; span <= half; span *= 2) {
    const int step = n / span;
    const int h = span / 2;
    for (int t = 0; t < h; ++t) {
      const float wr = cos_t[t * step];
      const float wi = -sin_t[t * step];
      for (int start = t; start < half; start += span) {
        float* a = data + 2 * start;
        float* b = data + 2 * (start + h);
        const float ar = a[0], ai = a[1], br = b[0], bi = b[1];  // all loads first
        const float vr = br * wr - bi * wi;
        const float vi = br * wi + bi * wr;
        a[0] = ar + vr;
        a[1] = ai + vi;
        b[0] = ar - vr;
        b[1] = ai - vi;
      }
    }
  }
  // Split the half-length spectrum Z into X. X[0] and X[n/2] from Z[0]; the
  // pair (k, n/2 - k) together, in place.
  const float z0r = data[0], z0i = data[1];
  data[0] = z0r + z0i;
  data[1] = 0.0f;
  data[2 * half] = z0r - z0i;
  data[2 * half + 1] = 0.0f;
  for (int k = 1; k <= half / 2; ++k) {
    const int j = half - k;
    const float ar = data[2 * k], ai = data[2 * k + 1];
    const float br = data[2 * j], bi = data[2 * j + 1];
    // e = (a + conj b) / 2, o = -i (a - conj b) / 2
    const float er = 0.5f * (ar + br), ei = 0.5f * (ai - bi);
    const float or_ = 0.5f * (ai + bi), oi = -0.5f * (ar - br);
    // w = e^(-2 pi i k/n); X[k] = e + w o, X[n/2-k] = conj(e - w o)
    const float wr = cos_t[k], wi = -sin_t[k];
    const float tr = wr * or_ - wi * oi;
    const float ti = wr * oi + wi * or_;
    data[2 * k] = er + tr;
    data[2 * k + 1] = ei + ti;
    if (j != k) {
      data[2 * j] = er - tr;
      data[2 * j + 1] = -(ei - ti);
    }
  }
}

}  // namespace frontend
}  // namespace circlet
