// SPDX-License-Identifier: Apache-2.0
// keyword_spotting — a spoken keyword from a WAV file: MFCC features
// (frontend/), then MLPerf Tiny's DS-CNN (kws_ref_model) on circlet.
//
//   keyword_spotting [--model PATH] [--runs N] [--print-features] clip.wav
//   keyword_spotting --stream [--windows] [--model PATH] clip.wav
//   keyword_spotting --realtime [--model PATH] clip.wav
//
// The clip must be a 16 kHz mono WAV, PCM (8, 16, 24 or 32-bit) or float (32
// or 64-bit); no resampling or downmixing here: the error message names the
// problem and gives the sox command that converts the file.
//
// Exit status: 0 (also on --help), 2 on a usage error (the reason on the
// first line of stderr), 1 on a missing or unreadable clip or model (a
// message that names the problem).
//
// Single window (the default): the clip's first second is used, zero-padded
// when shorter, as one input to the model, the pipeline the Cortex-M7
// firmware runs. Prints the keyword, the 12 scores, the time of each stage
// (median of N runs, default 11) and the memory used. --print-features also
// prints the 49x10 int8 features, a line per frame ("features f: v v ..."),
// as the Cortex-M7 firmware does (kws_m7_check.py compares them).
//
// --stream: sliding windows over the whole clip, wherever the word sits and
// however long the clip is (kws.h: 1 s of zeros around the clip, a 1 s window
// every 100 ms, each through the same features + inference, then the
// detector: scores averaged over 2 windows, the same keyword at 0.4 or more
// in 5 consecutive windows, 1 s refractory). Prints each detection with its time,
// the first one's label and averaged scores (or "none" and silence/unknown),
// the number of windows and the summed time per stage. --windows also prints
// every window's start time and best label.
//
// --realtime: the clip as a live microphone would deliver it, 20 ms hops
// through the real-time pipeline (realtime.h: the incremental front end,
// the model every 100 ms, the same detector), followed by 1 s of silence.
// Prints "detected: <word> at <t> s (window k, averaged score s)" for each
// detection, t the end of the 1 s window that completed the hold, then the
// hops, windows, a digest of every window's features and scores
// (realtime.h) and the time of each stage per second of audio. The
// Cortex-M7 firmware kws_stream_m7 runs the same pipeline and prints the
// same detection lines (ctest kws_stream_m7_matches_host compares them).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/keyword_spotting/kws.h"
#include "examples/keyword_spotting/realtime.h"

namespace {

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "usage: keyword_spotting [--model PATH] [--runs N] [--print-features] clip.wav\n"
               "       keyword_spotting --stream [--windows] [--model PATH] clip.wav\n"
               "       keyword_spotting --realtime [--model PATH] clip.wav\n"
               "  clip.wav  16 kHz mono WAV; the first second is used (without --stream)\n"
               "  --model   default %s\n"
               "  --runs    repeat features + inference N times, times are the median (11)\n"
               "  --print-features  the 49x10 int8 model input, a line per frame\n"
               "  --stream  1 s windows every 100 ms over the whole clip (1 s of zeros\n"
               "            around it) and the detector: scores averaged over 2 windows,\n"
               "            the same keyword at 0.4 or more for 5 windows, then 1 s\n"
               "            refractory; prints every detection and its time\n"
               "  --windows with --stream: every window's start time and best label\n"
               "  --realtime  20 ms hops through the incremental front end, the model\n"
               "            every 100 ms and the same detector (the Cortex-M7 firmware's\n"
               "            pipeline); prints every detection and its time\n",
               kws::DefaultModelPath().c_str());
}

// A usage error: the reason on the first line of stderr, then the usage; 2.
int UsageError(const std::string& reason) {
  std::fprintf(stderr, "keyword_spotting: %s\n", reason.c_str());
  PrintUsage(stderr);
  return 2;
}

void PrintScores(const float* scores, int label) {
  std::printf("  label     score\n");
  for (int k = 0; k < kws::kNumLabels; ++k) {
    std::printf("  %-8s  %.3f%s\n", kws::kLabels[k], scores[k], k == label ? "  <--" : "");
  }
}

int RunStream(kws::KeywordSpotter& spotter, const std::vector<int16_t>& samples,
              const std::string& wav, const std::string& model_path, bool print_windows) {
  const size_t n = samples.size();
  // Allocated before the windows run; RunStream itself does not allocate per window.
  const size_t windows = kws::StreamWindowCount(n);
  std::vector<float> scores(windows * kws::kNumLabels);
  kws::StreamResult r;
  std::string error;
  if (!spotter.RunStream(samples.data(), n, &r, &error, scores.data(), windows)) {
    std::fprintf(stderr, "keyword_spotting: %s\n", error.c_str());
    return 1;
  }
  const double rate = circlet::frontend::kSampleRate;
  std::printf("clip   %s: %zu samples at 16 kHz (%.2f s)\n", wav.c_str(), n, n / rate);
  std::printf("stream 1 s of zeros + clip + 1 s of zeros: %zu windows of 1 s, one every 0.1 s\n",
              r.windows);
  std::printf("model  %s (%zu bytes)\n\n", model_path.c_str(), spotter.model_bytes());
  // Every detection, as a device would report it: when the window that
  // completes the hold has been heard (its end), with the averaged score.
  kws::KeywordDetector detector;
  std::vector<int> detected(windows, -1);
  for (size_t k = 0; k < windows; ++k) {
    detected[k] = detector.Add(scores.data() + k * kws::kNumLabels);
    if (detected[k] >= 0) {
      std::printf("detected: %-6s at %6.2f s (window %zu, averaged score %.3f)\n",
                  kws::kLabels[detected[k]], (kws::StreamWindowStart(k) + 16000) / rate, k,
                  detector.averaged()[detected[k]]);
    }
  }
  if (r.detections == 0) {
    std::printf("keyword: none (%s)\n\n", kws::kLabels[r.label]);
  } else {
    std::printf("keyword: %s (averaged score %.3f; %zu detection%s)\n", kws::kLabels[r.label],
                r.scores[r.label], r.detections, r.detections == 1 ? "" : "s");
    std::printf(
        "window:  %zu (of 0 .. %zu), %+.2f s to %+.2f s from the clip's start (negative: in the "
        "zeros before it)\n\n",
        r.window, r.windows - 1, r.window_start / rate, (r.window_start + 16000) / rate);
    PrintScores(r.scores, r.label);
  }
  if (print_windows) {
    std::printf("\nwindow   start   best label  score   best keyword\n");
    for (size_t k = 0; k < windows; ++k) {
      const float* s = scores.data() + k * kws::kNumLabels;
      const int best = static_cast<int>(std::max_element(s, s + kws::kNumLabels) - s);
      const int best_keyword = static_cast<int>(std::max_element(s, s + kws::kNumKeywords) - s);
      std::printf("%6zu  %+6.2f s  %-8s  %.3f   %-6s %.3f%s\n", k, kws::StreamWindowStart(k) / rate,
                  kws::kLabels[best], s[best], kws::kLabels[best_keyword], s[best_keyword],
                  detected[k] >= 0 ? "  <-- detection" : "");
    }
  }
  std::printf("\nstage        time (sum over %zu windows)\n", r.windows);
  std::printf("features     %8.3f ms   MFCC 49x10, int8 (frontend/)\n", r.features_us / 1000.0);
  std::printf("inference    %8.3f ms   kws_ref_model on circlet\n", r.inference_us / 1000.0);
  std::printf(
      "\nmemory  arena %zu bytes (of %zu given)   front-end state %zu bytes   window %zu bytes\n",
      spotter.arena_bytes(), spotter.arena_capacity(), spotter.frontend_state_bytes(),
      kws::kStreamWindowSamples * sizeof(int16_t));
  return 0;
}

// A score in [0, 1] with 3 decimals, as the firmware prints it (no %f there).
std::string Score3(float x) {
  int milli = static_cast<int>(x * 1000.0f + 0.5f);
  milli = std::min(std::max(milli, 0), 1000);
  char text[16];
  std::snprintf(text, sizeof(text), "%d.%03d", milli / 1000, milli % 1000);
  return text;
}

int RunRealtime(kws::KeywordSpotter& spotter, const std::vector<int16_t>& samples,
                const std::string& wav, const std::string& model_path) {
  static circlet::frontend::MfccStream front_end;  // 19 KB: not on the stack
  kws::RealtimePipeline pipeline(spotter.interpreter(), &front_end);
  if (const char* why = pipeline.Init()) {
    std::fprintf(stderr, "keyword_spotting: %s: %s\n", model_path.c_str(), why);
    return 1;
  }
  const size_t n = samples.size();
  const size_t hops = kws::RealtimeHopCount(n);
  std::printf("clip   %s: %zu samples at 16 kHz (%.2f s)\n", wav.c_str(), n, n / 16000.0);
  std::printf("feed   %zu hops of 20 ms (the clip, then 1 s of silence); a window every 100 ms\n",
              hops);
  std::printf("model  %s (%zu bytes)\n\n", model_path.c_str(), spotter.model_bytes());
  int16_t hop[kws::kHopSamples];
  double features_us = 0, inference_us = 0;
  for (size_t h = 0; h < hops; ++h) {
    kws::HopFill(samples.data(), n, h, hop);
    auto t0 = std::chrono::steady_clock::now();
    const bool window = pipeline.Features(hop);
    auto t1 = std::chrono::steady_clock::now();
    features_us += std::chrono::duration<double, std::micro>(t1 - t0).count();
    if (!window) continue;
    pipeline.DigestFeatures();
    int keyword = -1;
    const circlet::Status s = pipeline.Infer(&keyword);
    inference_us +=
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t1).count();
    if (!s.ok()) {
      std::fprintf(stderr, "keyword_spotting: Invoke: %s\n", s.message());
      return 1;
    }
    pipeline.DigestScores();
    if (keyword >= 0) {
      const unsigned ms = pipeline.milliseconds();
      std::printf("detected: %s at %u.%02u s (window %u, averaged score %s)\n",
                  kws::kLabels[keyword], ms / 1000, ms % 1000 / 10, pipeline.windows(),
                  Score3(pipeline.detector().averaged()[keyword]).c_str());
    }
  }
  const double audio_s = pipeline.milliseconds() / 1000.0;
  std::printf("\ndetections %u   hops %u   windows %u   audio %.2f s   digest %x\n",
              pipeline.detections(), pipeline.hops(), pipeline.windows(), audio_s,
              pipeline.digest());
  std::printf("\nstage        time per second of audio (host wall clock)\n");
  std::printf("features     %8.3f ms   incremental MFCC: a frame per hop, a window per 100 ms\n",
              features_us / 1000.0 / audio_s);
  std::printf("inference    %8.3f ms   kws_ref_model on circlet, 10 windows\n",
              inference_us / 1000.0 / audio_s);
  std::printf("\nmemory  arena %zu bytes (of %zu given)   front-end state %zu bytes (MfccStream)\n",
              spotter.arena_bytes(), spotter.arena_capacity(), circlet::frontend::kMfccStreamBytes);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_path = kws::DefaultModelPath();
  std::string wav;
  int runs = 11;
  bool print_features = false;
  bool stream = false;
  bool windows = false;
  bool realtime = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "-h" || a == "--help") {
      PrintUsage(stdout);
      return 0;
    } else if ((a == "--model" || a == "--runs") && !has_value) {
      return UsageError(a + " needs a value");
    } else if (a == "--model") {
      model_path = argv[++i];
    } else if (a == "--print-features") {
      print_features = true;
    } else if (a == "--stream") {
      stream = true;
    } else if (a == "--realtime") {
      realtime = true;
    } else if (a == "--windows") {
      windows = true;
    } else if (a == "--runs") {
      const std::string v = argv[++i];
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || n < 1 || n > 1000000) {
        return UsageError("--runs " + v + ": expected a whole number of at least 1");
      }
      runs = static_cast<int>(n);
    } else if (!a.empty() && a[0] == '-') {
      return UsageError("unknown option '" + a + "'");
    } else if (!wav.empty()) {
      return UsageError("one clip at a time: '" + wav + "' and '" + a + "'");
    } else {
      wav = a;
    }
  }
  if (wav.empty()) return UsageError("no clip given (a 16 kHz mono WAV file)");
  if (stream && print_features) return UsageError("--print-features does not go with --stream");
  if (windows && !stream) return UsageError("--windows needs --stream");
  if (realtime && (stream || print_features)) {
    return UsageError("--realtime goes with neither --stream nor --print-features");
  }

  std::string error;
  std::vector<int16_t> samples;
  if (!kws::ReadWav16kMono(wav, &samples, &error)) {
    std::fprintf(stderr, "keyword_spotting: %s\n", error.c_str());
    return 1;
  }
  kws::KeywordSpotter spotter;
  if (!spotter.Load(model_path, &error)) {
    std::fprintf(stderr, "keyword_spotting: %s\n", error.c_str());
    return 1;
  }
  if (stream) return RunStream(spotter, samples, wav, model_path, windows);
  if (realtime) return RunRealtime(spotter, samples, wav, model_path);
  kws::Result r;
  if (!spotter.Run(samples.data(), samples.size(), runs, &r, &error)) {
    std::fprintf(stderr, "keyword_spotting: %s\n", error.c_str());
    return 1;
  }

  const size_t n = samples.size();
  std::printf("clip   %s: %zu samples at 16 kHz (%.2f s)%s\n", wav.c_str(), n, n / 16000.0,
              n < 16000   ? ", zero-padded to 1 s"
              : n > 16000 ? ", first 1 s used"
                          : "");
  std::printf("model  %s (%zu bytes)\n\n", model_path.c_str(), spotter.model_bytes());
  std::printf("keyword: %s (score %.3f)\n\n", kws::kLabels[r.label], r.scores[r.label]);
  PrintScores(r.scores, r.label);
  std::printf("\nstage        time (median of %d)\n", runs);
  std::printf("features     %8.3f ms   MFCC 49x10, int8 (frontend/)\n", r.features_us / 1000.0);
  std::printf("inference    %8.3f ms   kws_ref_model on circlet\n", r.inference_us / 1000.0);
  std::printf(
      "\nmemory  arena %zu bytes (of %zu given)   front-end state %zu bytes   "
      "features 490 bytes (the model's input tensor, in the arena)\n",
      spotter.arena_bytes(), spotter.arena_capacity(), spotter.frontend_state_bytes());
  if (print_features) {
    for (int f = 0; f < circlet::frontend::kNumFrames; ++f) {
      std::printf("features %d:", f);
      for (int c = 0; c < circlet::frontend::kNumMfcc; ++c) {
        std::printf(" %d", r.input[f * circlet::frontend::kNumMfcc + c]);
      }
      std::printf("\n");
    }
  }
  return 0;
}
