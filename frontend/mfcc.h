// SPDX-License-Identifier: Apache-2.0
// circlet front end: the MFCC features of MLPerf Tiny's keyword-spotting
// model (DS-CNN, kws_ref_model), float, no heap, for the host and Cortex-M4F/M7.
//
//   static circlet::frontend::MfccState mfcc;     // caller-owned, sizeof = kMfccStateBytes
//   circlet::frontend::MfccInit(&mfcc);           // tables: window, FFT twiddles, mel, DCT
//   circlet::frontend::MfccComputeInt8(&mfcc, samples, count, scale, zero_point, input);
//
// The computation, for a 16 kHz mono clip of int16 samples:
//  1. the first 16000 samples (1 s), zero-padded at the end when shorter,
//     divided by the largest sample value: the signed maximum, as the spec's
//     "maximum sample value" reads and as MLPerf Tiny's training pipeline
//     does it (tf.reduce_max, not of |x|; a negative peak that is larger
//     leaves samples below -1, which that pipeline keeps too);
//  2. 49 frames of 480 samples every 320 samples, times the periodic Hann
//     window 0.5 - 0.5 cos(2 pi t / 480);
//  3. magnitude of the 512-point real FFT (frame zero-padded): 257 bins,
//     bin k at k * 16000 / 512 Hz;
//  4. 40 triangular mel filters on the HTK mel scale mel(f) = 1127 ln(1 + f/700):
//     42 edges evenly spaced in mel from mel(20 Hz) to mel(4000 Hz); filter b
//     rises from edge b to edge b+1 and falls to edge b+2, linearly in mel;
//     the DC bin has weight zero (tf.signal.linear_to_mel_weight_matrix);
//  5. ln(mel energy + 1e-6);
//  6. DCT-II of the 40 log energies, 2 sum_n x_n cos(pi k (2n+1) / 80),
//     times 1/sqrt(80) (tf.signal.mfccs_from_log_mel_spectrograms), first 10;
//  7. for the model: q = round(x / scale) + zero_point, clamped to [-128, 127].
// Output layout: [frame][coefficient], 49 x 10 (the model's 1x49x10x1 input).
#ifndef CIRCLET_FRONTEND_MFCC_H_
#define CIRCLET_FRONTEND_MFCC_H_

#include <cstddef>
#include <cstdint>

#include "frontend/rfft.h"

namespace circlet {
namespace frontend {

constexpr int kSampleRate = 16000;
constexpr int kClipSamples = 16000;
constexpr int kFrameLength = 480;
constexpr int kFrameStep = 320;
constexpr int kNumFrames = 1 + (kClipSamples - kFrameLength) / kFrameStep;  // 49
constexpr int kFftLength = 512;
constexpr int kNumBins = kFftLength / 2 + 1;  // 257
constexpr int kNumMelBands = 40;
constexpr double kMelLowHz = 20.0;
constexpr double kMelHighHz = 4000.0;
constexpr int kNumMfcc = 10;
constexpr int kNumFeatures = kNumFrames * kNumMfcc;  // 490
constexpr float kLogOffset = 1e-6f;
// Bins at or above kMelHighHz have zero weight: only 0 .. kMelBins-1 are used.
constexpr int kMelBins = static_cast<int>(kMelHighHz * kFftLength / kSampleRate) + 1;  // 129
static_assert(kNumFrames == 49, "MLPerf Tiny KWS uses 49 frames");
static_assert(kFftLength <= kRfftMaxLength, "FFT length");

struct MfccState {
  RfftState fft;
  float window[kFrameLength];  // periodic Hann
  // Mel filterbank, two weights per FFT bin k in [first_bin, last_bin]:
  // weight_rise[k] for band band[k] (the band whose lower edge is at or below
  // the bin, on its rising slope) and weight_fall[k] for band band[k] - 1
  // (on its falling slope). A band index outside [0, 40) is not used.
  int first_bin;
  int last_bin;
  int8_t band[kMelBins];
  float weight_rise[kMelBins];
  float weight_fall[kMelBins];
  float dct[kNumMfcc][kNumMelBands];  // 2 cos(pi k (2n+1) / 80) / sqrt(80)
  float frame[kFftLength + 2];        // work buffer: one frame, then its spectrum
  bool ready;
};
constexpr size_t kMfccStateBytes = sizeof(MfccState);

// Fills the tables. Returns false only if the FFT length is unsupported.
bool MfccInit(MfccState* state);

// The factor the clip is multiplied by: 1 / (largest sample) over the first
// min(count, 16000) samples. When no sample is positive (where TF would
// divide by zero or by a negative number): 1 / max |sample|, or 1 when they
// are all zero.
float MfccClipGain(const int16_t* samples, size_t count);

// Steps 2 to 4 for one frame (0 .. 48): its 40 mel energies (before the
// log) into mel[0 .. 40). `gain` multiplies the samples (MfccClipGain; 1 for
// the raw samples, as frontend/mfcc_stream does).
void MfccFrameEnergies(MfccState* state, const int16_t* samples, size_t count, float gain,
                       int frame, float* mel);

// Steps 5 and 6: the 10 coefficients of one frame's 40 mel energies, each
// multiplied by `energy_gain` first: ln(energy_gain * mel + 1e-6), then the DCT.
void MfccFromEnergies(const MfccState& state, const float* mel, float energy_gain, float* out);

// Features of one frame (0 .. 48): out[0 .. 10). `gain` from MfccClipGain.
void MfccComputeFrame(MfccState* state, const int16_t* samples, size_t count, float gain, int frame,
                      float* out);

// All 49 x 10 float features.
void MfccCompute(MfccState* state, const int16_t* samples, size_t count, float* features);

// q = round(x / scale) + zero_point (halves away from zero), clamped to int8.
int8_t MfccQuantize(float x, float scale, int zero_point);

// All 49 x 10 features, quantized frame by frame into `out` (490 bytes), e.g.
// straight into the model's input tensor.
void MfccComputeInt8(MfccState* state, const int16_t* samples, size_t count, float scale,
                     int zero_point, int8_t* out);

}  // namespace frontend
}  // namespace circlet

#endif  // CIRCLET_FRONTEND_MFCC_H_
