// SPDX-License-Identifier: Apache-2.0
// gesture — TensorFlow Lite Micro's magic-wand gestures (wing, ring, slope)
// from an accelerometer trace in a CSV file, with the magic_wand model on
// circlet.
//
//   gesture [--model PATH] trace.csv              one window: 128 rows
//   gesture --stream [--hop N] [--windows] [--model PATH] trace.csv   rows >= 128
//
// trace.csv: a row per sample, "x,y,z" in milli-g at 25 Hz (what TFLite
// Micro's accelerometer handler gives the model), an optional header line.
//
// One window (the default): the trace must hold exactly 128 samples, the
// model's one input. Prints the label with the largest score and the four
// scores (with their float32 bits, which the Cortex-M7 check compares).
//
// --stream: a window of 128 samples ending at sample 127 and then every N
// new samples (--hop N, default 5: (n - 128) / N + 1 inferences for n
// samples), each window's scores fed to TFLite Micro's PredictGesture rule
// (predictor.h: mean of the last 5 predictions at least 0.8 for wing, ring or
// slope; then 24 predictions suppressed, 120 samples at the default hop).
// Prints each detection with the index of the newest sample in its window
// (samples count from 0) and that sample's time (index / 25 Hz). --windows
// also prints every window's scores. Why hop 5: README.md, "The stream".
//
// Exit status: 0 (also on --help), 2 on a usage error (the reason on the
// first line of stderr), 1 on a bad or unreadable trace or model (a message
// naming the problem, with the line number for a CSV error).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/gesture/gesture.h"

namespace {

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "usage: gesture [--model PATH] trace.csv\n"
               "       gesture --stream [--hop N] [--windows] [--model PATH] trace.csv\n"
               "  trace.csv  rows of x,y,z (milli-g, 25 Hz), an optional header line;\n"
               "             exactly 128 rows without --stream\n"
               "  --model    default %s\n"
               "  --stream   a 128-sample window every N new samples over a trace of any\n"
               "             length >= 128; reports each gesture TFLite Micro's rule detects\n"
               "             (mean of the last 5 predictions >= 0.8, then 24 predictions\n"
               "             suppressed)\n"
               "  --hop N    with --stream: samples between windows, 1 to 128 (default 5)\n"
               "  --windows  with --stream: every window's four scores\n",
               gesture::DefaultModelPath().c_str());
}

int UsageError(const std::string& reason) {
  std::fprintf(stderr, "gesture: %s\n", reason.c_str());
  PrintUsage(stderr);
  return 2;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "gesture: %s\n", message.c_str());
  return 1;
}

uint32_t Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  return u;
}

int Best(const float* scores) {
  return static_cast<int>(std::max_element(scores, scores + gesture::kNumLabels) - scores);
}

int RunOne(gesture::GestureModel& model, const std::vector<float>& values, const std::string& path,
           const std::string& model_path) {
  float scores[gesture::kNumLabels];
  std::string error;
  const auto t0 = std::chrono::steady_clock::now();
  if (!model.Classify(values.data(), scores, &error)) return Fail(error);
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
  const int best = Best(scores);
  std::printf("trace  %s: 128 samples (x, y, z) at 25 Hz, 5.12 s\n", path.c_str());
  std::printf("model  %s (%zu bytes)\n\n", model_path.c_str(), model.model_bytes());
  std::printf("gesture: %s (score %.3f, %s the 0.8 detection threshold)\n\n",
              gesture::kLabels[best], scores[best],
              scores[best] >= gesture::kDetectionThreshold ? "at or above" : "below");
  std::printf("  label     score       float32 bits\n");
  for (int k = 0; k < gesture::kNumLabels; ++k) {
    std::printf("  %-8s  %.7f   0x%08x%s\n", gesture::kLabels[k], scores[k], Bits(scores[k]),
                k == best ? "  <--" : "");
  }
  std::printf("\ninference  %.3f ms (one run)\n", us / 1000.0);
  std::printf("memory     arena %zu bytes (of %zu given)\n", model.arena_bytes(),
              model.arena_capacity());
  return 0;
}

int RunStream(gesture::GestureModel& model, const std::vector<float>& values, int hop,
              const std::string& path, const std::string& model_path, bool print_windows) {
  const size_t samples = values.size() / gesture::kChannels;
  std::vector<gesture::Detection> detections;
  std::vector<float> window_scores;
  window_scores.reserve(((samples - gesture::kWindowSamples) / static_cast<size_t>(hop) + 1) *
                        gesture::kNumLabels);
  std::string error;
  const auto t0 = std::chrono::steady_clock::now();
  if (!gesture::RunStream(model, values, hop, &detections, &window_scores, &error))
    return Fail(error);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  const size_t windows = (samples - gesture::kWindowSamples) / static_cast<size_t>(hop) + 1;
  std::printf("trace  %s: %zu samples (x, y, z) at 25 Hz, %.2f s\n", path.c_str(), samples,
              static_cast<double>(samples) / gesture::kSampleRateHz);
  std::printf("model  %s (%zu bytes)\n", model_path.c_str(), model.model_bytes());
  std::printf(
      "stream %zu windows of 128 samples, the first ending at sample 127 (samples count from 0), "
      "then one every %d samples\n",
      windows, hop);
  std::printf(
      "rule   TFLite Micro's PredictGesture: mean of the last %d predictions >= %.1f for wing, "
      "ring or slope; then %d predictions suppressed\n\n",
      gesture::kPredictionHistoryLength, static_cast<double>(gesture::kDetectionThreshold),
      gesture::kPredictionSuppressionDuration - 1);
  if (print_windows) {
    std::printf("window  sample    time      wing     ring    slope  unknown  best\n");
    for (size_t w = 0; w < windows; ++w) {
      const float* s = window_scores.data() + w * gesture::kNumLabels;
      const size_t last = w * static_cast<size_t>(hop) + gesture::kWindowSamples - 1;
      std::printf("%6zu  %6zu  %6.2f s  %.4f  %.4f  %.4f  %.4f  %s\n", w, last,
                  static_cast<double>(last) / gesture::kSampleRateHz, s[0], s[1], s[2], s[3],
                  gesture::kLabels[Best(s)]);
    }
    std::printf("\n");
  }
  for (const gesture::Detection& d : detections) {
    std::printf(
        "gesture %s at sample %zu (%.2f s): mean %.3f over the last 5 predictions; window "
        "%zu..%zu scores wing %.3f ring %.3f slope %.3f unknown %.3f\n",
        gesture::kLabels[d.label], d.sample, static_cast<double>(d.sample) / gesture::kSampleRateHz,
        static_cast<double>(d.mean), d.sample + 1 - gesture::kWindowSamples, d.sample,
        static_cast<double>(d.scores[0]), static_cast<double>(d.scores[1]),
        static_cast<double>(d.scores[2]), static_cast<double>(d.scores[3]));
  }
  std::printf("\n%zu %s detected\n", detections.size(),
              detections.size() == 1 ? "gesture" : "gestures");
  std::printf("inference  %.3f ms for %zu windows (%.3f ms each)\n", ms, windows,
              ms / static_cast<double>(windows));
  std::printf("memory     arena %zu bytes (of %zu given)\n", model.arena_bytes(),
              model.arena_capacity());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_path = gesture::DefaultModelPath();
  std::string trace;
  bool stream = false;
  bool windows = false;
  int hop = gesture::kDefaultHop;
  bool hop_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      PrintUsage(stdout);
      return 0;
    } else if (a == "--model") {
      if (i + 1 >= argc) return UsageError("--model needs a value");
      model_path = argv[++i];
    } else if (a == "--stream") {
      stream = true;
    } else if (a == "--hop") {
      if (i + 1 >= argc) return UsageError("--hop needs a value");
      const std::string v = argv[++i];
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 1 || n > 128) {
        return UsageError("--hop " + v + ": expected a whole number of samples from 1 to 128");
      }
      hop = static_cast<int>(n);
      hop_given = true;
    } else if (a == "--windows") {
      windows = true;
    } else if (!a.empty() && a[0] == '-') {
      return UsageError("unknown option '" + a + "'");
    } else if (!trace.empty()) {
      return UsageError("one trace at a time: '" + trace + "' and '" + a + "'");
    } else {
      trace = a;
    }
  }
  if (trace.empty()) return UsageError("no trace given (a CSV file of x,y,z rows)");
  if (windows && !stream) return UsageError("--windows needs --stream");
  if (hop_given && !stream) return UsageError("--hop needs --stream");

  std::string error;
  std::vector<float> values;
  size_t last_line = 0;
  if (!gesture::ReadTraceCsv(trace, &values, &error, &last_line)) return Fail(error);
  const size_t samples = values.size() / gesture::kChannels;
  const std::string count =
      std::to_string(samples) + " samples (the last on line " + std::to_string(last_line) + ")";
  if (stream && samples < static_cast<size_t>(gesture::kWindowSamples)) {
    return Fail(trace + ": too few rows: " + count +
                ", the stream needs at least 128 (one window)");
  }
  if (!stream && samples != static_cast<size_t>(gesture::kWindowSamples)) {
    return Fail(trace + ": " + (samples < 128 ? "too few rows: " : "too many rows: ") + count +
                ", one window is exactly 128 (--stream takes a longer trace)");
  }
  gesture::GestureModel model;
  if (!model.Load(model_path, &error)) return Fail(error);
  return stream ? RunStream(model, values, hop, trace, model_path, windows)
                : RunOne(model, values, trace, model_path);
}
