// SPDX-License-Identifier: Apache-2.0
// Real-time keyword spotting: audio in 20 ms hops through the incremental
// front end (frontend/mfcc_stream.h), kws_ref_model on circlet every 100 ms,
// and the detector (detector.h). Heap-free, no std::string/vector/iostream:
// the host (`keyword_spotting --realtime`) and the Cortex-M7 firmware
// (kws_stream_m7.cc) run this same code, so their detections are the same.
//
//   kws::RealtimePipeline p(&interpreter, &front_end_state);  // both caller-owned
//   if (const char* why = p.Init()) { ... }   // checks the model, fills the tables
//   for each hop of 320 samples:
//     if (p.Features(hop)) {                   // stage 1: the new frame; true every 5th hop
//       int keyword = -1;                      // (the 49x10 int8 window is in the model input)
//       circlet::Status s = p.Infer(&keyword); // stage 2: Invoke + detector
//       if (keyword >= 0) report kws::kLabels[keyword] at p.milliseconds()
//     }
//
// Timing. The pipeline starts as if after endless silence (frontend state of
// zeros). After hop h (h = 1, 2, ...) the audio heard spans 0 .. 20 h ms; a
// window runs when h is a multiple of 5, on the 1 s that ends there (window
// k = h / 5 ends at 100 k ms), the same windows as kws.h's RunStream (its
// window k for k >= 1: RunStream also runs window 0, all zeros). A detection
// is reported at the end of the window that completes the hold:
// milliseconds() right after Infer. To let the last word complete its hold,
// a recording is followed by kTailHops hops of silence (1 s), as RunStream's
// trailing 1 s of zeros; HopFill gives hop h of a recording padded that way.
//
// Features are the incremental front end's: frontend/mfcc_stream.h says how
// they relate to the full front end RunStream uses (equal, or 1 LSB apart in
// a tiny fraction of values), so the two paths' detections normally agree
// too but are not promised to be identical; host and M7 running this
// pipeline are compared by kws_stream_m7_check.py.
#ifndef CIRCLET_EXAMPLES_KEYWORD_SPOTTING_REALTIME_H_
#define CIRCLET_EXAMPLES_KEYWORD_SPOTTING_REALTIME_H_

#include <cstddef>
#include <cstdint>

#include "circlet/interpreter.h"
#include "examples/keyword_spotting/detector.h"
#include "frontend/mfcc_stream.h"

namespace kws {

constexpr int kHopSamples = circlet::frontend::kHopSamples;  // 320 = 20 ms
constexpr int kHopsPerWindow = 5;                            // a window every 100 ms
constexpr int kTailHops = 50;                                // 1 s of silence after a recording

// Hops to feed for a recording of `count` samples: the recording in whole
// hops (the last one zero-padded), then kTailHops of silence.
size_t RealtimeHopCount(size_t count);
// Hop h of that feed: out[0 .. 320), zeros past the recording's end.
void HopFill(const int16_t* samples, size_t count, size_t h, int16_t* out);

class RealtimePipeline {
 public:
  RealtimePipeline(circlet::Interpreter* interpreter, circlet::frontend::MfccStream* front_end,
                   const DetectorConfig& config = DetectorConfig());
  // The interpreter must be prepared, with an int8 1x49x10x1 input and 12
  // int8 or float32 scores. Returns nullptr, or what is wrong.
  const char* Init();
  // Stage 1: the next hop (320 samples). Returns true when a window is due:
  // its 49x10 int8 features are then in the model's input tensor.
  bool Features(const int16_t* hop);
  // Stage 2, after Features returned true: Invoke, the 12 scores, the
  // detector. *keyword = the keyword detected at this window (0 .. 9) or -1.
  circlet::Status Infer(int* keyword);

  // A running FNV-1a digest of what the windows computed, for comparing two
  // runs (host and M7) window by window without printing every window. Call
  // DigestFeatures() after Features returned true (before Infer: Invoke may
  // reuse the input's bytes) and DigestScores() after Infer; both stay out
  // of the stages so they do not count in the stages' instructions.
  void DigestFeatures();
  void DigestScores();
  uint32_t digest() const { return digest_; }

  uint32_t hops() const { return front_end_->hops; }
  uint32_t milliseconds() const { return hops() * 20u; }  // audio heard so far
  uint32_t windows() const { return windows_; }
  uint32_t detections() const { return detections_; }
  const float* scores() const { return scores_; }  // the last window's scores
  const KeywordDetector& detector() const { return detector_; }

 private:
  circlet::Interpreter* interpreter_;
  circlet::frontend::MfccStream* front_end_;
  KeywordDetector detector_;
  float scores_[kNumLabels] = {};
  uint32_t windows_ = 0;
  uint32_t detections_ = 0;
  uint32_t digest_ = 2166136261u;  // FNV-1a offset basis
};

}  // namespace kws

#endif  // CIRCLET_EXAMPLES_KEYWORD_SPOTTING_REALTIME_H_
