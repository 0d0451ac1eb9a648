// SPDX-License-Identifier: Apache-2.0
// MFCC features of MLPerf Tiny's keyword-spotting model (see mfcc.h).
#include "frontend/mfcc.h"

#include <cmath>

namespace circlet {
namespace frontend {
namespace {

constexpr double kPi = 3.14159265358979323846264338327950288;

double HzToMel(double hz) {
  return 1127.0 * std::log(1.0 + hz / 700.0);
}

}  // namespace

bool MfccInit(MfccState* state) {
  state->ready = false;
  if (!RfftInit(&state->fft, kFftLength)) return false;
  for (int t = 0; t < kFrameLength; ++t) {
    state->window[t] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * kPi * t / kFrameLength));
  }
  // 42 band edges, evenly spaced in mel.
  double edges[kNumMelBands + 2];
  const double mel_low = HzToMel(kMelLowHz), mel_high = HzToMel(kMelHighHz);
  for (int e = 0; e < kNumMelBands + 2; ++e) {
    edges[e] = mel_low + (mel_high - mel_low) * e / (kNumMelBands + 1);
  }
  state->first_bin = kMelBins;
  state->last_bin = 0;
  for (int k = 0; k < kMelBins; ++k) {
    state->band[k] = -1;
    state->weight_rise[k] = 0.0f;
    state->weight_fall[k] = 0.0f;
    if (k == 0) continue;  // DC: zero weight
    const double mel = HzToMel(static_cast<double>(k) * kSampleRate / kFftLength);
    if (mel <= edges[0] || mel >= edges[kNumMelBands + 1]) continue;
    int j = 0;  // edges[j] <= mel < edges[j + 1]
    while (mel >= edges[j + 1]) ++j;
    const double rise = (mel - edges[j]) / (edges[j + 1] - edges[j]);
    const double fall = (edges[j + 1] - mel) / (edges[j + 1] - edges[j]);
    state->band[k] = static_cast<int8_t>(j);
    state->weight_rise[k] = j < kNumMelBands ? static_cast<float>(rise) : 0.0f;
    state->weight_fall[k] = j >= 1 ? static_cast<float>(fall) : 0.0f;
    if (k < state->first_bin) state->first_bin = k;
    state->last_bin = k;
  }
  const double dct_scale = 2.0 / std::sqrt(2.0 * kNumMelBands);
  for (int c = 0; c < kNumMfcc; ++c) {
    for (int n = 0; n < kNumMelBands; ++n) {
      state->dct[c][n] =
          static_cast<float>(dct_scale * std::cos(kPi * c * (2 * n + 1) / (2.0 * kNumMelBands)));
    }
  }
  state->ready = true;
  return true;
}

float MfccClipGain(const int16_t* samples, size_t count) {
  if (count > static_cast<size_t>(kClipSamples)) count = kClipSamples;
  int largest = 0, smallest = 0;
  for (size_t i = 0; i < count; ++i) {
    if (samples[i] > largest) largest = samples[i];
    if (samples[i] < smallest) smallest = samples[i];
  }
  if (largest > 0) return 1.0f / static_cast<float>(largest);
  // No positive sample (TF would divide by zero or by a negative number): the
  // largest |sample| keeps the features finite; a clip of zeros keeps gain 1.
  return smallest < 0 ? 1.0f / static_cast<float>(-smallest) : 1.0f;
}

void MfccFrameEnergies(MfccState* state, const int16_t* samples, size_t count, float gain,
                       int frame, float* mel) {
  if (count > static_cast<size_t>(kClipSamples)) count = kClipSamples;
  float* buf = state->frame;
  const size_t start = static_cast<size_t>(frame) * kFrameStep;
  for (int t = 0; t < kFrameLength; ++t) {
    const size_t i = start + static_cast<size_t>(t);
    const float x = i < count ? static_cast<float>(samples[i]) * gain : 0.0f;
    buf[t] = x * state->window[t];
  }
  for (int t = kFrameLength; t < kFftLength; ++t) buf[t] = 0.0f;
  Rfft(state->fft, buf);

  for (int b = 0; b < kNumMelBands; ++b) mel[b] = 0.0f;
  for (int k = state->first_bin; k <= state->last_bin; ++k) {
    const float re = buf[2 * k], im = buf[2 * k + 1];
    const float magnitude = std::sqrt(re * re + im * im);
    const int b = state->band[k];
    if (b < kNumMelBands) mel[b] += state->weight_rise[k] * magnitude;
    if (b >= 1) mel[b - 1] += state->weight_fall[k] * magnitude;
  }
}

void MfccFromEnergies(const MfccState& state, const float* mel, float energy_gain, float* out) {
  float log_mel[kNumMelBands];
  for (int b = 0; b < kNumMelBands; ++b) log_mel[b] = std::log(energy_gain * mel[b] + kLogOffset);
  for (int c = 0; c < kNumMfcc; ++c) {
    float acc = 0.0f;
    for (int b = 0; b < kNumMelBands; ++b) acc += state.dct[c][b] * log_mel[b];
    out[c] = acc;
  }
}

void MfccComputeFrame(MfccState* state, const int16_t* samples, size_t count, float gain, int frame,
                      float* out) {
  float mel[kNumMelBands];
  MfccFrameEnergies(state, samples, count, gain, frame, mel);
  MfccFromEnergies(*state, mel, 1.0f, out);
}

void MfccCompute(MfccState* state, const int16_t* samples, size_t count, float* features) {
  const float gain = MfccClipGain(samples, count);
  for (int f = 0; f < kNumFrames; ++f) {
    MfccComputeFrame(state, samples, count, gain, f, features + f * kNumMfcc);
  }
}

int8_t MfccQuantize(float x, float scale, int zero_point) {
  const float q = std::round(x / scale) + static_cast<float>(zero_point);
  if (!(q > -128.0f)) return -128;  // also NaN
  if (q > 127.0f) return 127;
  return static_cast<int8_t>(q);
}

void MfccComputeInt8(MfccState* state, const int16_t* samples, size_t count, float scale,
                     int zero_point, int8_t* out) {
  const float gain = MfccClipGain(samples, count);
  float coefficients[kNumMfcc];
  for (int f = 0; f < kNumFrames; ++f) {
    MfccComputeFrame(state, samples, count, gain, f, coefficients);
    for (int c = 0; c < kNumMfcc; ++c) {
      out[f * kNumMfcc + c] = MfccQuantize(coefficients[c], scale, zero_point);
    }
  }
}

}  // namespace frontend
}  // namespace circlet
