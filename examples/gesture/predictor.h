// SPDX-License-Identifier: Apache-2.0
// The magic-wand gesture labels and TensorFlow Lite Micro's detection rule
// (header only, no heap: the host program and the Cortex-M7 firmware share it).
//
// The model (TFLite Micro's magic_wand, float32) scores one window of 128
// accelerometer samples (x, y, z in milli-g at 25 Hz) as four softmax scores:
// 0 wing ("W"), 1 ring ("O"), 2 slope ("angle"), 3 unknown.
//
// Predictor reproduces PredictGesture() of TFLite Micro's magic_wand example
// as it stood when the example was last in the repository (gesture_predictor.cc
// and constants.h at tflite-micro 480927a, the commit the model comes from):
//
//   1. the newest four scores go into a ring of the last
//      kPredictionHistoryLength (5) predictions, which starts as zeros;
//   2. each class's mean over the ring (the five slots summed in slot order,
//      then divided by 5) is computed; the class with the largest mean wins
//      (the first one on a tie);
//   3. a suppression counter, when above zero, is decremented;
//   4. a gesture is reported when the winner is not "unknown", its mean is at
//      least kDetectionThreshold (0.8), and the counter is zero; the counter
//      is then set to kPredictionSuppressionDuration (25): the next 24
//      predictions report nothing, whatever they score.
//
// So a gesture needs the model to agree on it over consecutive predictions
// (five at 0.8, or fewer much higher; the ring's initial zeros count), and is
// reported once per burst. An earlier version of the example (TensorFlow
// 2.0/2.1) counted consecutive predictions above 0.8 instead
// (kConsecutiveInferenceThresholds, per gesture and per board, no averaging);
// the averaging rule above replaced it, with the constants this model was
// published with.
//
// One prediction per new sample (the stream's hop is 1 sample): the 25
// suppressed predictions are then 25 samples, one second at 25 Hz.
#ifndef CIRCLET_EXAMPLES_GESTURE_PREDICTOR_H_
#define CIRCLET_EXAMPLES_GESTURE_PREDICTOR_H_

namespace gesture {

constexpr int kWindowSamples = 128;  // model input: 128 samples ...
constexpr int kChannels = 3;         // ... of x, y, z
constexpr int kWindowValues = kWindowSamples * kChannels;
constexpr int kSampleRateHz = 25;
constexpr int kNumLabels = 4;
constexpr int kWing = 0;
constexpr int kRing = 1;
constexpr int kSlope = 2;
constexpr int kUnknown = 3;
inline constexpr const char* kLabels[kNumLabels] = {"wing", "ring", "slope", "unknown"};

// TFLite Micro's constants.h (magic_wand).
constexpr float kDetectionThreshold = 0.8f;
constexpr int kPredictionHistoryLength = 5;
constexpr int kPredictionSuppressionDuration = 25;

// The stream's default hop: a prediction every kDefaultHop new samples.
constexpr int kDefaultHop = 5;

// TFLite Micro's PredictGesture() with its state in an object (the original
// keeps it in file-scope globals).
class Predictor {
 public:
  // Feeds one prediction's four scores; returns the gesture reported
  // (kWing, kRing, kSlope) or kUnknown when none is. *mean_out (optional):
  // the winning class's mean over the last five predictions.
  int Update(const float* scores, float* mean_out = nullptr) {
    for (int i = 0; i < kNumLabels; ++i) history_[i][next_] = scores[i];
    next_ = next_ + 1 >= kPredictionHistoryLength ? 0 : next_ + 1;
    int best = -1;
    float best_mean = 0.0f;
    for (int i = 0; i < kNumLabels; ++i) {
      float sum = 0.0f;
      for (int j = 0; j < kPredictionHistoryLength; ++j) sum += history_[i][j];
      const float mean = sum / kPredictionHistoryLength;
      if (best == -1 || mean > best_mean) {
        best = i;
        best_mean = mean;
      }
    }
    if (mean_out != nullptr) *mean_out = best_mean;
    if (suppression_ > 0) --suppression_;
    if (best == kUnknown || best_mean < kDetectionThreshold || suppression_ > 0) return kUnknown;
    suppression_ = kPredictionSuppressionDuration;
    return best;
  }

  // Predictions still suppressed after the last Update().
  int suppression() const { return suppression_; }

 private:
  float history_[kNumLabels][kPredictionHistoryLength] = {};
  int next_ = 0;
  int suppression_ = 0;
};

}  // namespace gesture

#endif  // CIRCLET_EXAMPLES_GESTURE_PREDICTOR_H_
