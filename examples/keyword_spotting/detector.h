// SPDX-License-Identifier: Apache-2.0
// The keyword detector of the keyword-spotting example: from the model's 12
// scores per 1 s window (one window every 100 ms) to "keyword X now".
// Heap-free, no std::string/vector/iostream: the host pipeline (kws.h) and
// the Cortex-M7 streaming firmware (kws_stream_m7.cc) compile the same code.
#ifndef CIRCLET_EXAMPLES_KEYWORD_SPOTTING_DETECTOR_H_
#define CIRCLET_EXAMPLES_KEYWORD_SPOTTING_DETECTOR_H_

#include <cstddef>

#include "examples/keyword_spotting/labels.h"

namespace kws {

constexpr int kNumKeywords = 10;  // labels 0 .. 9; 10 is silence, 11 unknown
constexpr int kSilence = 10;
constexpr int kUnknown = 11;

// The detection rule, window by window (counts are in windows, 100 ms each in
// the stream of kws.h and in the real-time pipeline of kws_stream.h):
//  1. average: each label's score averaged over the last `average` windows
//     (fewer at the start of the stream);
//  2. candidate: the keyword (labels 0 .. 9) with the highest average (the
//     lower label on a tie), if its average is at least `threshold` and at
//     least silence's and unknown's averages; otherwise none;
//  3. hold: the same candidate in `hold` consecutive windows is a detection,
//     reported at the last of them;
//  4. refractory: the `refractory` windows after a detection neither detect
//     nor count towards a hold (one spoken word is one detection).
// The defaults were chosen on the project's own speech (kws_tradeoff: 8
// espeak-ng voices x 3 variants x 2 speeds, 10 keywords and 45 other words,
// plus noise and silence) as the most keyword-accurate setting whose false
// alarms on other words stay well under 5 %; its table shows the trade-off.
// They assume one window every 100 ms.
struct DetectorConfig {
  int average = 2;         // windows averaged (1 .. kMaxAverage)
  int hold = 5;            // consecutive windows with the same candidate
  float threshold = 0.4f;  // lowest averaged score of a candidate
  int refractory = 10;     // windows ignored after a detection (1 s)
};

class KeywordDetector {
 public:
  static constexpr int kMaxAverage = 16;
  // `config.average` is clamped to 1 .. kMaxAverage, hold to at least 1.
  explicit KeywordDetector(const DetectorConfig& config = DetectorConfig());
  // The next window's 12 scores; the keyword (0 .. 9) detected at this
  // window, or -1. averaged() then holds this window's averaged scores.
  int Add(const float* scores);
  const float* averaged() const { return averaged_; }
  // Silence or unknown: the higher of their scores summed over every window
  // added so far (silence on a tie); the stream's label without a detection.
  int Background() const;
  size_t windows() const { return windows_; }

 private:
  DetectorConfig config_;
  float history_[kMaxAverage][kNumLabels] = {};
  float averaged_[kNumLabels] = {};
  double silence_sum_ = 0, unknown_sum_ = 0;
  size_t windows_ = 0;
  int candidate_ = -1;  // the candidate of the previous window (-1: none)
  int run_ = 0;         // consecutive windows it has held
  int quiet_ = 0;       // refractory windows left
};

}  // namespace kws

#endif  // CIRCLET_EXAMPLES_KEYWORD_SPOTTING_DETECTOR_H_
