// kws_accuracy — keyword spotting on speech nobody here recorded: espeak-ng
// says the ten keywords in six English voices, sox makes each a 16 kHz mono
// 16-bit WAV (no dither: the same clips on every run), and the pipeline
// (frontend/ + kws_ref_model on circlet) labels it.
//
// Each clip is labelled three ways; the test is on the last:
//   as spoken    the WAV as sox wrote it (speech from the first sample, then
//                digital silence up to 1 s);
//   centred      the spoken part (first to last sample above 1% of the peak)
//                moved to the middle of the 1 s window, where the words sit in
//                the Speech Commands clips the model was trained on;
//   + noise      centred, plus a noise floor 60 dB below the peak (uniform,
//                xorshift32 with a fixed seed): a recording never holds digital
//                silence, whose log-mel floor ln(1e-6) the model never saw.
// Prints the per-voice results and the confusion table of the tested
// preparation; passes when it recognizes at least 36 of the 60 clips (an
// independent implementation of the same front end on TFLite Micro's reference
// kernels gets 39; chance is 5).
//
//   kws_accuracy [--model PATH] [--workdir DIR] [--min-correct N]
//
// Exit status: 0 pass, 1 fail, 77 skipped (model, espeak-ng or sox missing).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/keyword_spotting/kws.h"

namespace {

constexpr int kSkip = 77;
const char* const kVoices[] = {"en-us",  "en-gb",      "en-gb-scotland",
                               "en-029", "en-gb-x-rp", "en-us-nyc"};
constexpr int kNumVoices = sizeof(kVoices) / sizeof(kVoices[0]);
constexpr int kNumWords = 10;         // the first ten labels are the keywords
constexpr double kNoiseFloor = 1e-3;  // of the peak: -60 dB

enum Preparation { kAsSpoken, kCentred, kCentredNoise, kNumPreparations };
const char* const kPreparationNames[kNumPreparations] = {"as spoken", "centred",
                                                         "centred + noise floor -60 dB"};

bool HaveProgram(const char* name) {
  const std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Speaks `word` with `voice` into `out` (16 kHz mono 16-bit WAV).
bool Speak(const std::string& voice, const std::string& word, const std::string& out) {
  const std::string raw = out + ".espeak.wav";
  const std::string cmd = "espeak-ng -v '" + voice + "' -w '" + raw + "' '" + word +
                          "' && sox -D '" + raw + "' -r 16000 -c 1 -b 16 -e signed-integer '" +
                          out + "' && rm -f '" + raw + "'";
  return std::system(cmd.c_str()) == 0;
}

int Peak(const std::vector<int16_t>& clip) {
  int peak = 0;
  for (int16_t s : clip) peak = std::max(peak, std::abs(static_cast<int>(s)));
  return peak;
}

// The spoken part in the middle of 1 s (a longer utterance keeps its first second).
std::vector<int16_t> CenterInOneSecond(const std::vector<int16_t>& clip) {
  const int peak = Peak(clip);
  size_t first = clip.size(), last = 0;
  for (size_t i = 0; i < clip.size(); ++i) {
    if (std::abs(static_cast<int>(clip[i])) * 100 > peak) {
      first = std::min(first, i);
      last = i;
    }
  }
  if (first > last) return clip;
  const size_t length = last - first + 1;
  std::vector<int16_t> out(16000, 0);
  const size_t offset = length < out.size() ? (out.size() - length) / 2 : 0;
  for (size_t i = 0; i < length && offset + i < out.size(); ++i) out[offset + i] = clip[first + i];
  return out;
}

// Uniform noise in [-level, level] * peak over the whole second.
std::vector<int16_t> AddNoiseFloor(std::vector<int16_t> clip, double level) {
  const double amplitude = level * std::max(1, Peak(clip));
  clip.resize(16000, 0);
  uint32_t x = 0x2545F491u;
  for (int16_t& s : clip) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    const double u = (x >> 8) / 16777216.0 * 2.0 - 1.0;
    s = static_cast<int16_t>(std::max(-32768.0, std::min(32767.0, s + u * amplitude)));
  }
  return clip;
}

}  // namespace

int main(int argc, char** argv) {
  std::string model_path = kws::DefaultModelPath();
  std::string workdir = "kws_accuracy_clips";
  int min_correct = 36;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
      model_path = argv[++i];
    } else if (std::strcmp(argv[i], "--workdir") == 0 && i + 1 < argc) {
      workdir = argv[++i];
    } else if (std::strcmp(argv[i], "--min-correct") == 0 && i + 1 < argc) {
      min_correct = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr,
                   "usage: kws_accuracy [--model PATH] [--workdir DIR] [--min-correct N]\n");
      return 2;
    }
  }
  if (FILE* f = std::fopen(model_path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    std::printf("SKIPPED: %s\n", kws::ModelMissingHelp(model_path).c_str());
    return kSkip;
  }
  for (const char* tool : {"espeak-ng", "sox"}) {
    if (!HaveProgram(tool)) {
      std::printf(
          "SKIPPED: %s not installed (scripts/install-deps.sh installs espeak-ng and sox)\n", tool);
      return kSkip;
    }
  }
  if (std::system(("mkdir -p '" + workdir + "'").c_str()) != 0) {
    std::printf("cannot create %s\n", workdir.c_str());
    return 1;
  }

  std::string error;
  kws::KeywordSpotter spotter;
  if (!spotter.Load(model_path, &error)) {
    std::printf("kws_accuracy: %s\n", error.c_str());
    return 1;
  }
  constexpr int kTested = kCentredNoise;
  int confusion[kNumWords][kws::kNumLabels] = {};
  int per_voice[kNumVoices][kNumPreparations] = {};
  int correct[kNumPreparations] = {};
  std::printf("clips: espeak-ng -v VOICE WORD, sox -D -r 16000 -c 1 -b 16, in %s\n",
              workdir.c_str());
  std::printf("tested: %s (a word the model got wrong is shown as word->predicted)\n\n",
              kPreparationNames[kTested]);
  for (int v = 0; v < kNumVoices; ++v) {
    std::string line;
    for (int w = 0; w < kNumWords; ++w) {
      const std::string word = kws::kLabels[w];
      const std::string wav = workdir + "/" + kVoices[v] + "_" + word + ".wav";
      std::vector<int16_t> spoken;
      if (!Speak(kVoices[v], word, wav) || !kws::ReadWav16kMono(wav, &spoken, &error)) {
        std::printf("kws_accuracy: %s / %s: %s\n", kVoices[v], word.c_str(),
                    error.empty() ? "espeak-ng or sox failed" : error.c_str());
        return 1;
      }
      std::vector<int16_t> clips[kNumPreparations];
      clips[kAsSpoken] = spoken;
      clips[kCentred] = CenterInOneSecond(spoken);
      clips[kCentredNoise] = AddNoiseFloor(clips[kCentred], kNoiseFloor);
      for (int p = 0; p < kNumPreparations; ++p) {
        kws::Result r;
        if (!spotter.Run(clips[p].data(), clips[p].size(), 1, &r, &error)) {
          std::printf("kws_accuracy: %s / %s: %s\n", kVoices[v], word.c_str(), error.c_str());
          return 1;
        }
        const bool ok = r.label == w;
        per_voice[v][p] += ok;
        correct[p] += ok;
        if (p == kTested) {
          ++confusion[w][r.label];
          line += "  " + word + (ok ? "" : "->" + std::string(kws::kLabels[r.label]));
        }
      }
    }
    std::printf("%-15s %2d/10 %s\n", kVoices[v], per_voice[v][kTested], line.c_str());
  }

  std::printf("\nconfusion (rows: word spoken, columns: keyword predicted)\n%-8s", "");
  for (int k = 0; k < kws::kNumLabels; ++k) std::printf(" %5.5s", kws::kLabels[k]);
  std::printf("\n");
  for (int w = 0; w < kNumWords; ++w) {
    std::printf("%-8s", kws::kLabels[w]);
    for (int k = 0; k < kws::kNumLabels; ++k) {
      if (confusion[w][k] == 0) {
        std::printf(" %5s", ".");
      } else {
        std::printf(" %5d", confusion[w][k]);
      }
    }
    std::printf("\n");
  }
  const int total = kNumVoices * kNumWords;
  std::string voice_names;
  for (int v = 0; v < kNumVoices; ++v) voice_names += std::string(v ? " " : "") + kVoices[v];
  std::printf("\nrecognized per preparation (per voice: %s):\n", voice_names.c_str());
  for (int p = 0; p < kNumPreparations; ++p) {
    std::string voices;
    for (int v = 0; v < kNumVoices; ++v) voices += " " + std::to_string(per_voice[v][p]);
    std::printf("  %-30s %2d of %d  (%s )%s\n", kPreparationNames[p], correct[p], total,
                voices.c_str(), p == kTested ? "  <- tested" : "");
  }
  std::printf("\nrecognized %d of %d clips (need %d; chance is %d)\n", correct[kTested], total,
              min_correct, total / kws::kNumLabels);
  std::printf("RESULT %s\n", correct[kTested] >= min_correct ? "PASS" : "FAIL");
  return correct[kTested] >= min_correct ? 0 : 1;
}
