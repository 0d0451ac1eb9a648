// kws_accuracy — keyword spotting on speech nobody here recorded: espeak-ng
// says the ten keywords in six English voices, sox makes each a 16 kHz mono
// 16-bit WAV, and the pipeline (frontend/ + kws_ref_model on circlet) labels
// it, with the spoken part centred in the 1 s window (as the words sit in the
// Speech Commands clips the model was trained on; espeak-ng starts speaking at
// once and leaves the second half of the second empty). Prints the confusion table and the
// per-voice counts; passes when at least 36 of the 60 clips are recognized (an independent
// implementation of the same front end on TFLite Micro's reference kernels gets 39; chance is 5).
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
constexpr int kNumWords = 10;  // the first ten labels are the keywords

bool HaveProgram(const char* name) {
  const std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Speaks `word` with `voice` into `out` (16 kHz mono 16-bit WAV). sox -D:
// no dither, so the clips are the same on every run.
bool Speak(const std::string& voice, const std::string& word, const std::string& out) {
  const std::string raw = out + ".espeak.wav";
  const std::string cmd = "espeak-ng -v '" + voice + "' -w '" + raw + "' '" + word +
                          "' && sox -D '" + raw + "' -r 16000 -c 1 -b 16 -e signed-integer '" +
                          out + "' && rm -f '" + raw + "'";
  return std::system(cmd.c_str()) == 0;
}

// Places the spoken part (from the first to the last sample above 1% of the
// peak) in the middle of the 1 s window, as the words sit in Speech Commands
// clips; a longer utterance keeps its first second.
std::vector<int16_t> CenterInOneSecond(const std::vector<int16_t>& clip) {
  int peak = 0;
  for (int16_t s : clip) peak = std::max(peak, std::abs(static_cast<int>(s)));
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
  int confusion[kNumWords][kws::kNumLabels] = {};
  int per_voice[kNumVoices] = {};
  int correct = 0;
  std::printf(
      "clips: espeak-ng -v VOICE WORD | sox -D -r 16000 -c 1 -b 16, centred in 1 s, in %s\n\n",
      workdir.c_str());
  for (int v = 0; v < kNumVoices; ++v) {
    std::string line;
    for (int w = 0; w < kNumWords; ++w) {
      const std::string word = kws::kLabels[w];
      const std::string wav = workdir + "/" + kVoices[v] + "_" + word + ".wav";
      std::vector<int16_t> samples;
      kws::Result r;
      if (!Speak(kVoices[v], word, wav) || !kws::ReadWav16kMono(wav, &samples, &error)) {
        std::printf("kws_accuracy: %s / %s: %s\n", kVoices[v], word.c_str(),
                    error.empty() ? "espeak-ng or sox failed" : error.c_str());
        return 1;
      }
      samples = CenterInOneSecond(samples);
      if (!spotter.Run(samples.data(), samples.size(), 1, &r, &error)) {
        std::printf("kws_accuracy: %s / %s: %s\n", kVoices[v], word.c_str(),
                    error.empty() ? "espeak-ng or sox failed" : error.c_str());
        return 1;
      }
      ++confusion[w][r.label];
      const bool ok = r.label == w;
      per_voice[v] += ok;
      correct += ok;
      line += "  " + word + (ok ? "" : "->" + std::string(kws::kLabels[r.label]));
    }
    std::printf("%-15s %2d/10 %s\n", kVoices[v], per_voice[v], line.c_str());
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
  std::printf("\nrecognized %d of %d clips (need %d; chance is %d)\n", correct, total, min_correct,
              total / kws::kNumLabels);
  std::printf("RESULT %s\n", correct >= min_correct ? "PASS" : "FAIL");
  return correct >= min_correct ? 0 : 1;
}
