// keyword_spotting — a spoken keyword from a WAV file: MFCC features
// (frontend/), then MLPerf Tiny's DS-CNN (kws_ref_model) on circlet.
//
//   keyword_spotting [--model PATH] [--runs N] [--print-features] clip.wav
//
// The clip must be 16 kHz mono (no resampling here: the error message gives
// the sox command that converts it); its first second is used, zero-padded
// when shorter. Prints the keyword, the 12 scores, the time of each stage
// (median of N runs, default 11) and the memory used. --print-features also
// prints the 49x10 int8 features, a line per frame ("features f: v v ..."),
// as the Cortex-M7 firmware does (kws_m7_check.py compares them).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/keyword_spotting/kws.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: keyword_spotting [--model PATH] [--runs N] [--print-features] clip.wav\n"
               "  clip.wav  16 kHz mono WAV; the first second is used\n"
               "  --model   default %s\n"
               "  --runs    repeat features + inference N times, times are the median (11)\n"
               "  --print-features  the 49x10 int8 model input, a line per frame\n",
               kws::DefaultModelPath().c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_path = kws::DefaultModelPath();
  std::string wav;
  int runs = 11;
  bool print_features = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
      model_path = argv[++i];
    } else if (std::strcmp(argv[i], "--print-features") == 0) {
      print_features = true;
    } else if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
      if (runs < 1) return Usage();
    } else if (argv[i][0] == '-' || !wav.empty()) {
      return Usage();
    } else {
      wav = argv[i];
    }
  }
  if (wav.empty()) return Usage();

  std::string error;
  kws::KeywordSpotter spotter;
  if (!spotter.Load(model_path, &error)) {
    std::fprintf(stderr, "keyword_spotting: %s\n", error.c_str());
    return 1;
  }
  std::vector<int16_t> samples;
  if (!kws::ReadWav16kMono(wav, &samples, &error)) {
    std::fprintf(stderr, "keyword_spotting: %s\n", error.c_str());
    return 1;
  }
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
  std::printf("  label     score\n");
  for (int k = 0; k < kws::kNumLabels; ++k) {
    std::printf("  %-8s  %.3f%s\n", kws::kLabels[k], r.scores[k], k == r.label ? "  <--" : "");
  }
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
