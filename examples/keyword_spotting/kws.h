// SPDX-License-Identifier: Apache-2.0
// Host side of the keyword-spotting example: WAV reading (libsndfile) and the
// pipeline (MFCC front end, then kws_ref_model on circlet), shared by the
// keyword_spotting program and the accuracy test. The detector (detector.h)
// and the real-time pipeline (realtime.h) are heap-free and shared with the
// Cortex-M7 firmware.
#ifndef CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_H_
#define CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "circlet/interpreter.h"
#include "examples/keyword_spotting/detector.h"
#include "examples/keyword_spotting/labels.h"
#include "frontend/mfcc.h"

namespace kws {

// ../shared/models/kws_ref_model/model.tflite beside the source tree.
std::string DefaultModelPath();
// Where to get the model when `path` is absent.
std::string ModelMissingHelp(const std::string& path);

// Reads a 16 kHz mono WAV (libsndfile: RIFF/WAVE, WAVE_FORMAT_EXTENSIBLE or
// RF64) holding uncompressed PCM (8-bit unsigned, 16, 24 or 32-bit signed) or
// IEEE float (32 or 64-bit), as int16: x * 32768 rounded and clipped, x the
// sample scaled to [-1, 1) (16-bit files come back bit for bit). Anything else
// (another rate, more than one channel - no downmix -, a compressed format,
// another container, a truncated data chunk, no fmt or data chunk) is an error
// that names the problem, with the sox command that converts the file.
bool ReadWav16kMono(const std::string& path, std::vector<int16_t>* samples, std::string* error);

// Streaming (sliding-window) detection: where the word sits in the audio
// does not matter, the way a keyword spotter on a microphone works.
//  - the audio, of any length, is placed in a stream with 1 s of zeros before
//    and 1 s of zeros after it;
//  - 1 s windows (16,000 samples) start every 100 ms (1,600 samples) from the
//    stream's first sample, as long as the window lies inside the stream:
//    (count + 16000) / 1600 + 1 windows for `count` audio samples (integer
//    division). Window k starts at audio sample k * 1600 - 16000, so window 0
//    is all zeros and window 10 is exactly the single-window clip (the first
//    second of the audio, zero-padded);
//  - each window is one clip for the front end exactly as specified
//    (frontend/: its own gain, 1 / its largest sample; a window of zeros keeps
//    gain 1), then the model runs on it;
//  - the 12 scores of each window go to a KeywordDetector (detector.h), which
//    reports a keyword when it holds; the first detection is the stream's
//    keyword. Without a detection: silence or unknown, whichever has the
//    higher score summed over the windows (silence on a tie).
constexpr size_t kStreamHopSamples = 1600;   // 100 ms between window starts
constexpr size_t kStreamPadSamples = 16000;  // 1 s of zeros before and after the audio
constexpr size_t kStreamWindowSamples = circlet::frontend::kClipSamples;  // 1 s

// How many windows cover `count` audio samples.
size_t StreamWindowCount(size_t count);
// Where window k starts, in samples from the audio's first sample (negative:
// it starts in the leading zeros).
long StreamWindowStart(size_t k);
// Window k of the stream around samples[0 .. count): out[0 .. 16000), zeros
// where the window lies outside the audio.
void StreamWindowFill(const int16_t* samples, size_t count, size_t k, int16_t* out);

struct StreamResult {
  int label = -1;                 // the first detection's keyword, else silence or unknown
  size_t window = 0;              // the window of the first detection (0 without one)
  long window_start = 0;          // its first sample, from the audio's first (StreamWindowStart)
  float scores[kNumLabels] = {};  // the averaged scores at the first detection
  size_t detections = 0;          // how many detections in the whole stream
  size_t windows = 0;             // how many windows ran
  double features_us = 0;         // front end, summed over the windows
  double inference_us = 0;        // Invoke(), summed over the windows
};

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
  // Streaming detection over audio of any length (see StreamWindowCount):
  // each window through the same features + inference as Run, once, then
  // the detector (`config`). When
  // `window_scores` is given (window_capacity x 12 floats), the 12 scores of
  // window k go to window_scores[k * 12 ..] for k < window_capacity.
  bool RunStream(const int16_t* samples, size_t count, StreamResult* result, std::string* error,
                 float* window_scores = nullptr, size_t window_capacity = 0,
                 const DetectorConfig& config = DetectorConfig());

  // The prepared interpreter (after Load), e.g. for a RealtimePipeline.
  circlet::Interpreter* interpreter() { return interp_.get(); }
  size_t arena_bytes() const;  // what the interpreter needs of its arena
  size_t arena_capacity() const { return kArenaCapacity; }
  size_t model_bytes() const { return model_size_; }
  static size_t frontend_state_bytes() { return circlet::frontend::kMfccStateBytes; }

 private:
  static constexpr size_t kArenaCapacity = 64 * 1024;
  // Features + inference once; the times of this one run.
  bool RunOnce(const int16_t* samples, size_t count, Result* result, std::string* error);
  std::vector<uint64_t> model_bytes_;  // 8-byte aligned copy of the file
  size_t model_size_ = 0;
  circlet::Model model_;
  std::vector<uint64_t> arena_;
  std::unique_ptr<circlet::Interpreter> interp_;
  std::unique_ptr<circlet::frontend::MfccState> mfcc_;
  std::unique_ptr<int16_t[]> window_;  // one stream window (RunStream), allocated once
};

// The set-up of the espeak-ng speech programs (kws_accuracy, kws_tradeoff):
// the model, espeak-ng and sox present (else "SKIPPED: ..." is printed and
// kSkipExit returned), the work directory made and the model loaded into
// `spotter` (else the reason is printed, prefixed by `program`, and 1
// returned). 0 when all is ready.
constexpr int kSkipExit = 77;
int PrepareSpeechRun(const char* program, const std::string& model_path, const std::string& workdir,
                     KeywordSpotter* spotter);

}  // namespace kws

#endif  // CIRCLET_EXAMPLES_KEYWORD_SPOTTING_KWS_H_
