// SPDX-License-Identifier: Apache-2.0
// Incremental MFCC front end (see mfcc_stream.h).
#include "frontend/mfcc_stream.h"

#include <cstring>

namespace circlet {
namespace frontend {

bool MfccStreamInit(MfccStream* stream, float scale, int zero_point) {
  if (!MfccInit(&stream->mfcc)) return false;
  stream->scale = scale;
  stream->zero_point = zero_point;
  MfccStreamReset(stream);
  return true;
}

void MfccStreamReset(MfccStream* stream) {
  // All zeros is exactly the state after endless silence: a frame of zeros
  // has zero mel energies, a hop of zeros 0 as its largest and smallest sample.
  std::memset(stream->samples, 0, sizeof(stream->samples));
  std::memset(stream->energies, 0, sizeof(stream->energies));
  std::memset(stream->features, 0, sizeof(stream->features));
  for (float& g : stream->feature_gain) g = 0.0f;
  std::memset(stream->hop_max, 0, sizeof(stream->hop_max));
  std::memset(stream->hop_min, 0, sizeof(stream->hop_min));
  stream->next_frame = 0;
  stream->hops = 0;
}

void MfccStreamPush(MfccStream* stream, const int16_t* hop) {
  // Keep the last two hops: the previous one, then this one.
  std::memcpy(stream->samples, stream->samples + kHopSamples, kHopSamples * sizeof(int16_t));
  std::memcpy(stream->samples + kHopSamples, hop, kHopSamples * sizeof(int16_t));
  int16_t largest = 0, smallest = 0;
  for (int i = 0; i < kHopSamples; ++i) {
    if (hop[i] > largest) largest = hop[i];
    if (hop[i] < smallest) smallest = hop[i];
  }
  const int slot = static_cast<int>(stream->hops % kWindowHops);
  stream->hop_max[slot] = largest;
  stream->hop_min[slot] = smallest;
  // The new frame: the first 480 of the last 640 samples, raw (gain 1).
  const int f = stream->next_frame;
  MfccFrameEnergies(&stream->mfcc, stream->samples, kFrameLength, 1.0f, 0, stream->energies[f]);
  stream->feature_gain[f] = 0.0f;
  stream->next_frame = f + 1 == kNumFrames ? 0 : f + 1;
  ++stream->hops;
}

float MfccStreamGain(const MfccStream& stream) {
  int largest = 0, smallest = 0;
  for (int i = 0; i < kWindowHops; ++i) {
    if (stream.hop_max[i] > largest) largest = stream.hop_max[i];
    if (stream.hop_min[i] < smallest) smallest = stream.hop_min[i];
  }
  // As MfccClipGain (the same expressions, so the same float).
  if (largest > 0) return 1.0f / static_cast<float>(largest);
  return smallest < 0 ? 1.0f / static_cast<float>(-smallest) : 1.0f;
}

void MfccStreamWindowInt8(MfccStream* stream, int8_t* out) {
  const float gain = MfccStreamGain(*stream);
  int f = stream->next_frame;  // the oldest frame
  for (int n = 0; n < kNumFrames; ++n) {
    if (stream->feature_gain[f] != gain) {
      float coefficients[kNumMfcc];
      MfccFromEnergies(stream->mfcc, stream->energies[f], gain, coefficients);
      for (int c = 0; c < kNumMfcc; ++c) {
        stream->features[f][c] = MfccQuantize(coefficients[c], stream->scale, stream->zero_point);
      }
      stream->feature_gain[f] = gain;
    }
    std::memcpy(out + n * kNumMfcc, stream->features[f], kNumMfcc);
    f = f + 1 == kNumFrames ? 0 : f + 1;
  }
}

}  // namespace frontend
}  // namespace circlet
