// SPDX-License-Identifier: Apache-2.0
// kws_accuracy — keyword spotting on speech nobody here recorded: espeak-ng
// says the ten keywords in six English voices, sox makes each a 16 kHz mono
// 16-bit WAV, and the pipeline (frontend/ + kws_ref_model on circlet) labels it.
//
// The voices: six distinct accents of espeak-ng's English (American, British,
// Scottish, Caribbean, Received Pronunciation, New York), fixed once; not
// chosen by how well the model does on them. sox runs with -R: its default
// TPDF dither when resampling (about 1 LSB of noise), seeded the same on every
// run, so the clips are the same on every run.
//
// Each clip is labelled five ways; the test is on the last:
//   as written   the WAV exactly as espeak-ng + sox write it: the word from
//                the first sample, then espeak-ng's trailing pause, zero-padded
//                to 1 s by the front end (one window, the single-window path);
//   lead-in      the same after 0.33 s of silence (sox pad, before resampling,
//                so the dither covers it too): one offset for every clip, not
//                depending on its content. espeak-ng starts the word at its
//                first sample, while the Speech Commands clips the model
//                learned from hold it around the middle of the second; the
//                median espeak-ng word here lasts 0.34 s (first to last sample
//                above 1% of the peak), and (1 - 0.34) / 2 = 0.33 s centres it.
//                The count is noisy in the offset and the dither: with this
//                seed 0.2 s gives 45, 0.25 s 40, 0.3 s 34, 0.4 s 42; over 8
//                unseeded dither runs, 0.33 s gives 39 to 41 (--lead-in S);
//   centred      the spoken part (first to last sample above 1% of the peak)
//                moved to the middle of the 1 s window;
//   + noise      centred, plus a noise floor 60 dB below the peak (uniform,
//                xorshift32 with a fixed seed): a recording never holds digital
//                silence (log-mel floor ln(1e-6)), and MLPerf Tiny mixed
//                background noise into 80% of the model's training clips;
//   streaming    the clip as written, through the streaming detector
//                (KeywordSpotter::RunStream, kws.h: 1 s windows every 100 ms
//                over the clip with 1 s of zeros around it, then the
//                KeywordDetector: scores averaged over 2 windows, the same
//                keyword held for 5, threshold 0.4). The pipeline finds where
//                the word sits itself.
// The issue asks for 36 of 60 on the clips as written. One window over them
// gets 30 (most errors "unknown": the word starts at the first sample, while
// the model learned words near the middle of the second); the streaming
// detector on the same clips gets 38 (the earlier best-window rule got 40,
// with false alarms on 36 % of other words: kws_tradeoff), and that is the
// count that passes or fails. The other counts are printed for information: the single-window and
// lead-in ones with per-voice lines and confusion tables, like streaming's.
// Passes when streaming reaches at least 36 of 60 (an independent
// implementation of the same front end on TFLite Micro's reference kernels,
// one window over the 0.33 s lead-in clips, gets 39; chance is 5).
//
//   kws_accuracy [--model PATH] [--workdir DIR] [--min-correct N] [--lead-in SECONDS]
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

const char* const kVoices[] = {"en-us",  "en-gb",      "en-gb-scotland",
                               "en-029", "en-gb-x-rp", "en-us-nyc"};
constexpr int kNumVoices = sizeof(kVoices) / sizeof(kVoices[0]);
constexpr int kNumWords = 10;            // the first ten labels are the keywords
constexpr double kNoiseFloor = 1e-3;     // of the peak: -60 dB
constexpr double kDefaultLeadIn = 0.33;  // seconds of silence before the word (--lead-in)

enum Preparation { kAsWritten, kLeadIn, kCentred, kCentredNoise, kStream, kNumPreparations };
const char* const kPreparationNames[kNumPreparations] = {"as written", "lead-in (sox pad)",
                                                         "centred", "centred + noise floor -60 dB",
                                                         "streaming, as written"};
// The clip each preparation is labelled from (streaming runs on the clip as written).
constexpr int kSource[kNumPreparations] = {kAsWritten, kLeadIn, kCentred, kCentredNoise,
                                           kAsWritten};
constexpr int kTested = kStream;
// Shown in full (per-voice words and confusion table).
constexpr int kShown[] = {kAsWritten, kLeadIn, kStream};
constexpr int kNumShown = sizeof(kShown) / sizeof(kShown[0]);
const char* const kShownShort[kNumShown] = {"as written", "lead-in", "streaming"};

// Speaks `word` with `voice` into `out` (16 kHz mono 16-bit WAV) and the same
// after `lead_in` seconds of silence into `out_lead_in`.
bool Speak(const std::string& voice, const std::string& word, double lead_in,
           const std::string& out, const std::string& out_lead_in) {
  char pad[32];
  std::snprintf(pad, sizeof(pad), "' pad %.4f", lead_in);
  const std::string raw = out + ".espeak.wav";
  const std::string sox = "sox -R '" + raw + "' -r 16000 -c 1 -b 16 -e signed-integer '";
  const std::string cmd = "espeak-ng -v '" + voice + "' -w '" + raw + "' '" + word + "' && " + sox +
                          out + "' && " + sox + out_lead_in + pad + " && rm -f '" + raw + "'";
  return std::system(cmd.c_str()) == 0;
}

void PrintConfusion(const char* title, const int (&confusion)[kNumWords][kws::kNumLabels]) {
  std::printf("\nconfusion, %s (rows: word spoken, columns: keyword predicted)\n%-8s", title, "");
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
  double lead_in = kDefaultLeadIn;
  const char* usage =
      "usage: kws_accuracy [--model PATH] [--workdir DIR] [--min-correct N] [--lead-in SECONDS]\n";
  // A usage error: the reason on the first line of stderr, then the usage; 2.
  auto usage_error = [usage](const std::string& reason) {
    std::fprintf(stderr, "kws_accuracy: %s\n%s", reason.c_str(), usage);
    return 2;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "-h" || a == "--help") {
      std::printf("%s", usage);
      return 0;
    } else if ((a == "--model" || a == "--workdir" || a == "--min-correct" || a == "--lead-in") &&
               !has_value) {
      return usage_error(a + " needs a value");
    } else if (a == "--model") {
      model_path = argv[++i];
    } else if (a == "--workdir") {
      workdir = argv[++i];
    } else if (a == "--min-correct") {
      char* end = nullptr;
      const long n = std::strtol(argv[++i], &end, 10);
      if (*argv[i] == '\0' || *end != '\0' || n < 0 || n > 1000000) {
        return usage_error(std::string("--min-correct ") + argv[i] + ": expected a whole number");
      }
      min_correct = static_cast<int>(n);
    } else if (a == "--lead-in") {
      char* end = nullptr;
      lead_in = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(lead_in >= 0.0 && lead_in <= 1.0)) {
        return usage_error(std::string("--lead-in ") + argv[i] + ": expected seconds from 0 to 1");
      }
    } else {
      return usage_error("unexpected argument '" + a + "'");
    }
  }
  kws::KeywordSpotter spotter;
  if (const int code = kws::PrepareSpeechRun("kws_accuracy", model_path, workdir, &spotter))
    return code;
  std::string error;
  // Confusion tables and per-voice word lists of the preparations shown in full.
  int confusion[kNumShown][kNumWords][kws::kNumLabels] = {};
  int per_voice[kNumVoices][kNumPreparations] = {};
  int correct[kNumPreparations] = {};
  size_t stream_windows = 0;
  std::printf("clips: espeak-ng -v VOICE WORD, sox -R -r 16000 -c 1 -b 16 [pad %.3g], in %s\n",
              lead_in, workdir.c_str());
  std::printf("tested: %s; a word the model got wrong is shown as word->predicted\n\n",
              kPreparationNames[kTested]);
  for (int v = 0; v < kNumVoices; ++v) {
    std::string lines[kNumShown];
    for (int w = 0; w < kNumWords; ++w) {
      const std::string word = kws::kLabels[w];
      const std::string wav = workdir + "/" + kVoices[v] + "_" + word + ".wav";
      const std::string wav_lead_in = workdir + "/" + kVoices[v] + "_" + word + "_lead_in.wav";
      std::vector<int16_t> clips[kNumPreparations - 1];
      if (!Speak(kVoices[v], word, lead_in, wav, wav_lead_in) ||
          !kws::ReadWav16kMono(wav, &clips[kAsWritten], &error) ||
          !kws::ReadWav16kMono(wav_lead_in, &clips[kLeadIn], &error)) {
        std::printf("kws_accuracy: %s / %s: %s\n", kVoices[v], word.c_str(),
                    error.empty() ? "espeak-ng or sox failed" : error.c_str());
        return 1;
      }
      clips[kCentred] = CenterInOneSecond(clips[kAsWritten]);
      clips[kCentredNoise] = AddNoiseFloor(clips[kCentred], kNoiseFloor);
      for (int p = 0; p < kNumPreparations; ++p) {
        const std::vector<int16_t>& clip = clips[kSource[p]];
        int label = -1;
        bool ran = false;
        if (p == kStream) {
          kws::StreamResult r;
          ran = spotter.RunStream(clip.data(), clip.size(), &r, &error);
          label = r.label;
          stream_windows += r.windows;
        } else {
          kws::Result r;
          ran = spotter.Run(clip.data(), clip.size(), 1, &r, &error);
          label = r.label;
        }
        if (!ran) {
          std::printf("kws_accuracy: %s / %s: %s\n", kVoices[v], word.c_str(), error.c_str());
          return 1;
        }
        const bool ok = label == w;
        per_voice[v][p] += ok;
        correct[p] += ok;
        for (int s = 0; s < kNumShown; ++s) {
          if (p != kShown[s]) continue;
          ++confusion[s][w][label];
          lines[s] += " " + word + (ok ? "" : "->" + std::string(kws::kLabels[label]));
        }
      }
    }
    for (int s = 0; s < kNumShown; ++s) {
      std::printf("%-15s %-10s %2d/10 %s\n", s == 0 ? kVoices[v] : "", kShownShort[s],
                  per_voice[v][kShown[s]], lines[s].c_str());
    }
  }
  for (int s = 0; s < kNumShown; ++s) PrintConfusion(kPreparationNames[kShown[s]], confusion[s]);

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
  std::printf(
      "\nfor information: one window over the clips as written %d of %d, over the %.3g s "
      "lead-in clips %d of %d\n",
      correct[kAsWritten], total, lead_in, correct[kLeadIn], total);
  std::printf("streaming ran %zu windows (features + inference each)\n", stream_windows);
  std::printf("%s: recognized %d of %d clips (need %d; chance is %d)\n", kPreparationNames[kTested],
              correct[kTested], total, min_correct, total / kws::kNumLabels);
  std::printf("RESULT %s\n", correct[kTested] >= min_correct ? "PASS" : "FAIL");
  return correct[kTested] >= min_correct ? 0 : 1;
}
