// SPDX-License-Identifier: Apache-2.0
// The keyword detector (see detector.h).
#include "examples/keyword_spotting/detector.h"

#include <algorithm>
#include <cstring>

namespace kws {

KeywordDetector::KeywordDetector(const DetectorConfig& config) : config_(config) {
  config_.average = std::min(std::max(config_.average, 1), kMaxAverage);
  config_.hold = std::max(config_.hold, 1);
  config_.refractory = std::max(config_.refractory, 0);
}

int KeywordDetector::Add(const float* scores) {
  std::memcpy(history_[windows_ % kMaxAverage], scores, sizeof(history_[0]));
  ++windows_;
  silence_sum_ += scores[kSilence];
  unknown_sum_ += scores[kUnknown];
  const size_t n = std::min<size_t>(windows_, static_cast<size_t>(config_.average));
  for (int k = 0; k < kNumLabels; ++k) {
    float sum = 0.0f;
    for (size_t i = 0; i < n; ++i) sum += history_[(windows_ - 1 - i) % kMaxAverage][k];
    averaged_[k] = sum / static_cast<float>(n);
  }
  if (quiet_ > 0) {
    --quiet_;
    candidate_ = -1;
    run_ = 0;
    return -1;
  }
  int best = 0;
  for (int k = 1; k < kNumKeywords; ++k) {
    if (averaged_[k] > averaged_[best]) best = k;
  }
  const bool holds = averaged_[best] >= config_.threshold &&
                     averaged_[best] >= averaged_[kSilence] &&
                     averaged_[best] >= averaged_[kUnknown];
  if (!holds) {
    candidate_ = -1;
    run_ = 0;
    return -1;
  }
  run_ = best == candidate_ ? run_ + 1 : 1;
  candidate_ = best;
  if (run_ < config_.hold) return -1;
  candidate_ = -1;
  run_ = 0;
  quiet_ = config_.refractory;
  return best;
}

int KeywordDetector::Background() const {
  return unknown_sum_ > silence_sum_ ? kUnknown : kSilence;
}

}  // namespace kws
