// Host side of the keyword-spotting example: WAV reading (libsndfile) and the
// pipeline (MFCC front end, then kws_ref_model on circlet), shared by the
// keyword_spotting program and the accuracy test.
#ifndef CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_H_
#define CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "circlet/interpreter.h"
#include "examples/keyword_spotting/labels.h"
#include "frontend/mfcc.h"

namespace kws {

// ../shared/models/kws_ref_model/model.tflite beside the source tree.
std::string DefaultModelPath();
// Where to get the model when `path` is absent.
std::string ModelMissingHelp(const std::string& path);

// Reads a 16 kHz mono WAV (any sample format libsndfile reads; converted to
// int16). Anything else is an error that says what was found and how to
// convert it with sox.
bool ReadWav16kMono(const std::string& path, std::vector<int16_t>* samples, std::string* error);

struct Result {
  int label = -1;                                      // argmax of the scores (the first on a tie)
  float scores[kNumLabels] = {};                       // dequantized softmax outputs
  int8_t input[circlet::frontend::kNumFeatures] = {};  // the int8 features the model saw
  double features_us = 0;                              // time of the front end (median of the runs)
  double inference_us = 0;                             // time of Invoke() (median of the runs)
};

class KeywordSpotter {
 public:
  KeywordSpotter();
  ~KeywordSpotter();
  // Loads and prepares the model; checks its input is int8 1x49x10x1 and its
  // output holds 12 scores.
  bool Load(const std::string& model_path, std::string* error);
  // Features + inference on the clip, `runs` times (timing: the median).
  bool Run(const int16_t* samples, size_t count, int runs, Result* result, std::string* error);

  size_t arena_bytes() const;  // what the interpreter needs of its arena
  size_t arena_capacity() const { return kArenaCapacity; }
  size_t model_bytes() const { return model_size_; }
  static size_t frontend_state_bytes() { return circlet::frontend::kMfccStateBytes; }

 private:
  static constexpr size_t kArenaCapacity = 64 * 1024;
  std::vector<uint64_t> model_bytes_;  // 8-byte aligned copy of the file
  size_t model_size_ = 0;
  circlet::Model model_;
  std::vector<uint64_t> arena_;
  std::unique_ptr<circlet::Interpreter> interp_;
  std::unique_ptr<circlet::frontend::MfccState> mfcc_;
};

}  // namespace kws

#endif  // CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_H_
