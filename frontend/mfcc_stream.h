// SPDX-License-Identifier: Apache-2.0
// circlet front end, incremental: the MFCC features of frontend/mfcc.h for a
// 1 s window that slides over live audio, computing each frame once.
//
//   static circlet::frontend::MfccStream fe;           // caller-owned, no heap
//   circlet::frontend::MfccStreamInit(&fe, scale, zero_point);  // the model's input quantization
//   for each 20 ms hop of audio (320 int16 samples):
//     circlet::frontend::MfccStreamPush(&fe, hop);      // one new frame: FFT + 40 mel energies
//     every 5th hop (100 ms):
//       circlet::frontend::MfccStreamWindowInt8(&fe, input);  // 49x10 int8, oldest frame first
//
// How it works. Frames start every 320 samples (kFrameStep), so when a hop of
// 320 samples arrives exactly one frame of the window that ends with this hop
// is new: the window's frame 48 covers the previous hop and the first 160
// samples of this one (its last 160 samples belong to no frame, as in the
// full front end). Push keeps the last two hops, computes that frame's 40 mel
// energies from the raw int16 samples (steps 2-4 of mfcc.h, with no gain),
// and stores them in a ring of the last 49 frames. It also stores the hop's
// largest and smallest sample in a ring of the last 50 hops (= the window's
// 16,000 samples), which is all the window's gain needs.
//
// WindowInt8 then takes the window's gain g exactly as MfccClipGain does
// (1 / largest sample; 1 / max |sample| when none is positive; 1 for zeros)
// and, for each frame, ln(g * E + 1e-6) of its 40 stored energies E, the DCT
// to 10 coefficients and the int8 quantization. The FFT magnitude and the mel
// sums are linear in the samples, so g * E is the energy of the frame scaled
// by g, which the full front end computes: the two differ only by float
// rounding (the product g * sample rounded before the FFT there, g * E here).
// A frame's 10 int8 values are kept with the gain they were computed for and
// reused while the window's gain stays the same (it changes only when the
// window's peak enters or leaves), so a steady window computes the logs and
// DCT of its 5 new frames only, and a changed gain all 49.
//
// Relation to MfccComputeInt8 (frontend/mfcc.h): after any number of hops,
// WindowInt8 gives the features MfccComputeInt8 gives on the window of the
// last 16,000 samples pushed (with zeros before the first hop: the state
// starts as if an endless silence had been pushed), up to that rounding:
// frontend/tests/mfcc_stream_test.cc compares every hop's window: on
// espeak-ng speech (465 windows, 227,850 values) all equal; on loud
// synthetic speech-like audio 14 of 98,000 values 1 LSB apart (0.014 %); it
// asserts at most 1 LSB on at most 0.2 %.
//
// Cost per hop: one 512-point real FFT, 127 magnitudes, the mel sums; per
// window: 50 compares for the gain, and 40 logs + a 10x40 DCT for each frame
// whose gain changed. Memory: sizeof(MfccStream) = kMfccStreamBytes, printed
// by the test: 19,340 bytes on x86-64 = MfccState 9,316 (tables, FFT buffer)
// + 49 x 40 float energies 7,840 + 49 x (10 int8 features + a float gain)
// 686 + two hops of samples 1,280 + 50 hop maxima and minima 200 + 18.
#ifndef CIRCLET_FRONTEND_MFCC_STREAM_H_
#define CIRCLET_FRONTEND_MFCC_STREAM_H_

#include <cstddef>
#include <cstdint>

#include "frontend/mfcc.h"

namespace circlet {
namespace frontend {

constexpr int kHopSamples = kFrameStep;                  // 320: 20 ms
constexpr int kWindowHops = kClipSamples / kHopSamples;  // 50 hops in a 1 s window
static_assert(kWindowHops * kHopSamples == kClipSamples, "the window is whole hops");
static_assert(kFrameLength <= 2 * kHopSamples, "a frame lies within the last two hops");

struct MfccStream {
  MfccState mfcc;                            // tables and the FFT work buffer
  int16_t samples[2 * kHopSamples];          // the last two hops, oldest first
  float energies[kNumFrames][kNumMelBands];  // ring: the last 49 frames' mel energies
  int8_t features[kNumFrames][kNumMfcc];     // ring: each frame's int8 features ...
  float feature_gain[kNumFrames];            // ... and the gain they are for (0: none)
  int16_t hop_max[kWindowHops];              // ring: each hop's largest sample ...
  int16_t hop_min[kWindowHops];              // ... and smallest
  float scale;                               // the model input's quantization
  int zero_point;
  int next_frame;  // ring slot of the next frame (= the oldest)
  uint32_t hops;   // hops pushed since Init / Reset
};
constexpr size_t kMfccStreamBytes = sizeof(MfccStream);

// Fills the tables (MfccInit) and resets the audio state. Returns false only
// if MfccInit does.
bool MfccStreamInit(MfccStream* stream, float scale, int zero_point);

// Back to the state after Init: silence before the next hop.
void MfccStreamReset(MfccStream* stream);

// One hop: hop[0 .. 320), the next 20 ms of 16 kHz audio.
void MfccStreamPush(MfccStream* stream, const int16_t* hop);

// The gain of the current window (MfccClipGain of its 16,000 samples).
float MfccStreamGain(const MfccStream& stream);

// The current window's 49 x 10 int8 features into out[0 .. 490), oldest
// frame first: the model's input layout.
void MfccStreamWindowInt8(MfccStream* stream, int8_t* out);

}  // namespace frontend
}  // namespace circlet

#endif  // CIRCLET_FRONTEND_MFCC_STREAM_H_
