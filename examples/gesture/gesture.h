// SPDX-License-Identifier: Apache-2.0
// The gesture example's host pipeline: an accelerometer trace from a CSV
// file, TFLite Micro's magic_wand model on circlet, and the sliding-window
// stream with TFLite Micro's detection rule (predictor.h).
#ifndef CIRCLET_EXAMPLES_GESTURE_GESTURE_H_
#define CIRCLET_EXAMPLES_GESTURE_GESTURE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "examples/gesture/predictor.h"

namespace gesture {

// ../shared/models/magic_wand/model.tflite beside the source tree.
std::string DefaultModelPath();

// Reads a trace: one sample per line, "x,y,z" (three numbers, spaces around
// them allowed, CRLF too); an optional header on the first line (its first
// field is not a number, e.g. "x,y,z"); blank lines are skipped. *values:
// x, y, z of every sample in order. False with *error naming the problem in
// words and its line (cannot open, empty, wrong column count, a field that is
// not a finite number); the row count is the caller's to check. *last_line
// (optional): the line number of the last sample.
bool ReadTraceCsv(const std::string& path, std::vector<float>* values, std::string* error,
                  size_t* last_line = nullptr);

// The magic_wand model on circlet: load once, classify windows.
class GestureModel {
 public:
  // Loads and verifies the model, checks its input is float32 [1,128,3,1]
  // and its output float32 [1,4], and plans its arena. False with *error
  // (a missing file's message says where to get the model).
  bool Load(const std::string& path, std::string* error);
  // Scores one window of kWindowValues floats (128 rows of x, y, z).
  bool Classify(const float* window, float* scores, std::string* error);

  size_t arena_bytes() const { return interp_->report().arena_bytes; }
  size_t arena_capacity() const { return arena_.size() * sizeof(uint64_t); }
  size_t model_bytes() const { return model_size_; }

 private:
  std::vector<uint64_t> model_bytes_;
  size_t model_size_ = 0;
  circlet::Model model_;
  std::vector<uint64_t> arena_;
  std::unique_ptr<circlet::Interpreter> interp_;
};

// One reported gesture of a stream.
struct Detection {
  int label;                 // kWing, kRing or kSlope
  size_t sample;             // the newest sample of the window that reported it
  float mean;                // the label's mean score over the last five predictions
  float scores[kNumLabels];  // that window's own scores
};

// The stream: a window of 128 samples ending at every sample from the 128th
// (hop 1 sample: samples - 127 predictions), each fed to one Predictor.
// *window_scores (optional): every window's four scores, in order.
bool RunStream(GestureModel& model, const std::vector<float>& values, int hop,
               std::vector<Detection>* detections, std::vector<float>* window_scores,
               std::string* error);

}  // namespace gesture

#endif  // CIRCLET_EXAMPLES_GESTURE_GESTURE_H_
