// SPDX-License-Identifier: Apache-2.0
// The incremental front end (frontend/mfcc_stream.h) against the full one
// (MfccComputeInt8 on the same 1 s window): after every hop the stream's
// window is compared with MfccComputeInt8 on the last 16,000 samples pushed
// (zeros before the first).
//
// Expectation (the header's claim): the int8 features are equal, or 1 LSB
// apart where a float feature lies within rounding noise of a quantization
// boundary. Measured (every hop's window, when this was written): espeak-ng
// speech en-us 6.4 s (321 windows) 0 of 157,290 values differ, en-gb 2.9 s 0
// of 70,560; synthetic loud speech-like audio 14 of 98,000 (0.014 %, 1 LSB
// each), quiet, negative-only and negative-peak audio 0; silence 0.
#include "frontend/mfcc_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fe = circlet::frontend;

constexpr float kScale = 0.584703f;  // kws_ref_model's input quantization
constexpr int kZeroPoint = 83;
// The largest share of int8 values allowed to differ (by 1 LSB) between the
// stream and the full front end over all windows of a clip. Measured: see
// the printed "[ stream ]" lines (at most 0.014 % when this was written);
// the bound leaves a margin of about 14x.
constexpr double kMaxDifferingFraction = 0.002;

struct Comparison {
  size_t windows = 0;
  size_t values = 0;
  size_t differ = 0;
  int largest = 0;
};

// Pushes `audio` hop by hop (the last hop zero-padded) and compares every
// `every`-th window with MfccComputeInt8 on the same 16,000 samples.
Comparison CompareWithFullFrontEnd(const std::vector<int16_t>& audio, int every = 1) {
  static fe::MfccStream stream;
  static fe::MfccState full;
  EXPECT_TRUE(fe::MfccStreamInit(&stream, kScale, kZeroPoint));
  EXPECT_TRUE(fe::MfccInit(&full));
  const size_t hops = (audio.size() + fe::kHopSamples - 1) / fe::kHopSamples;
  // The pushed audio with 1 s of zeros before it: window = the last 16,000.
  std::vector<int16_t> padded(fe::kClipSamples + hops * fe::kHopSamples, 0);
  std::copy(audio.begin(), audio.end(), padded.begin() + fe::kClipSamples);
  Comparison c;
  int8_t ours[fe::kNumFeatures], theirs[fe::kNumFeatures];
  for (size_t h = 0; h < hops; ++h) {
    fe::MfccStreamPush(&stream, padded.data() + fe::kClipSamples + h * fe::kHopSamples);
    if ((h + 1) % every != 0) continue;
    fe::MfccStreamWindowInt8(&stream, ours);
    const int16_t* window = padded.data() + (h + 1) * fe::kHopSamples;
    fe::MfccComputeInt8(&full, window, fe::kClipSamples, kScale, kZeroPoint, theirs);
    EXPECT_EQ(fe::MfccStreamGain(stream), fe::MfccClipGain(window, fe::kClipSamples)) << h;
    ++c.windows;
    for (int i = 0; i < fe::kNumFeatures; ++i) {
      ++c.values;
      const int d = std::abs(ours[i] - theirs[i]);
      if (d != 0) ++c.differ;
      if (d > c.largest) c.largest = d;
    }
  }
  return c;
}

void Report(const Comparison& c, const char* what) {
  std::printf("[ stream ] %s: %zu windows, %zu of %zu int8 values differ (%.4f %%), largest %d\n",
              what, c.windows, c.differ, c.values, 100.0 * c.differ / std::max<size_t>(c.values, 1),
              c.largest);
  EXPECT_LE(c.largest, 1) << what;
  EXPECT_LE(static_cast<double>(c.differ), kMaxDifferingFraction * c.values) << what;
}

// Voiced-speech-like test audio: harmonics of a gliding pitch under a
// syllable envelope, pauses between syllables, a little noise.
std::vector<int16_t> SyntheticSpeech(size_t n, unsigned seed, double peak) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<int16_t> out(n);
  double phase = 0;
  for (size_t i = 0; i < n; ++i) {
    const double t = i / 16000.0;
    const double f0 = 110 + 40 * std::sin(2 * M_PI * 0.7 * t);
    phase += 2 * M_PI * f0 / 16000.0;
    const double syllable = std::sin(M_PI * std::fmod(t * 3.1, 1.0));
    const double envelope = std::fmod(t, 1.3) < 0.9 ? syllable * syllable : 0.0;
    double v = 0;
    for (int k = 1; k <= 12; ++k) v += std::sin(k * phase) / k;
    const double x = peak * (0.5 * envelope * v + 0.002 * noise(rng));
    out[i] = static_cast<int16_t>(std::max(-32768.0, std::min(32767.0, std::round(x))));
  }
  return out;
}

// espeak-ng speech (16 kHz mono 16-bit raw via sox), or empty when the
// programs are missing.
std::vector<int16_t> EspeakSpeech(const std::string& text, const std::string& voice) {
  if (std::system("command -v espeak-ng >/dev/null 2>&1 && command -v sox >/dev/null 2>&1") != 0) {
    return {};
  }
  const std::string base = testing::TempDir() + "mfcc_stream_" + voice;
  const std::string cmd = "espeak-ng -v " + voice + " -w " + base + ".wav \"" + text +
                          "\" && sox " + base +
                          ".wav -r 16000 -c 1 -b 16 -e signed-integer -t raw " + base + ".raw";
  if (std::system(cmd.c_str()) != 0) return {};
  std::vector<int16_t> samples;
  if (std::FILE* f = std::fopen((base + ".raw").c_str(), "rb")) {
    int16_t buf[4096];
    size_t got;
    while ((got = std::fread(buf, sizeof(int16_t), 4096, f)) > 0) {
      samples.insert(samples.end(), buf, buf + got);
    }
    std::fclose(f);
  }
  return samples;
}

TEST(FrontendMfccStream, StateIsStaticAndItsSizeKnown) {
  std::printf("[ stream ] MfccStream %zu bytes (MfccState %zu, energies %zu, features %zu)\n",
              fe::kMfccStreamBytes, fe::kMfccStateBytes, sizeof(fe::MfccStream::energies),
              sizeof(fe::MfccStream::features) + sizeof(fe::MfccStream::feature_gain));
  EXPECT_EQ(sizeof(fe::MfccStream::energies), 49u * 40u * 4u);
  EXPECT_LT(fe::kMfccStreamBytes, 24u * 1024);
}

TEST(FrontendMfccStream, SilenceIsExactlyTheFullFrontEnd) {
  const Comparison c = CompareWithFullFrontEnd(std::vector<int16_t>(3 * 16000, 0));
  EXPECT_EQ(c.differ, 0u);
  EXPECT_EQ(c.windows, 150u);
}

TEST(FrontendMfccStream, SyntheticSpeechMatchesTheFullFrontEnd) {
  Report(CompareWithFullFrontEnd(SyntheticSpeech(4 * 16000, 1, 20000)), "synthetic loud");
  Report(CompareWithFullFrontEnd(SyntheticSpeech(3 * 16000, 2, 700)), "synthetic quiet");
}

TEST(FrontendMfccStream, NegativePeakAndNoPositiveSample) {
  // Gain from the smallest sample when none is positive, and a large
  // negative peak beside a smaller positive one.
  std::vector<int16_t> audio = SyntheticSpeech(2 * 16000, 3, 3000);
  for (auto& s : audio) s = static_cast<int16_t>(-std::abs(s));
  Report(CompareWithFullFrontEnd(audio), "no positive sample");
  audio = SyntheticSpeech(2 * 16000, 4, 3000);
  audio[12345] = -30000;
  Report(CompareWithFullFrontEnd(audio), "negative peak");
}

TEST(FrontendMfccStream, EspeakSpeechMatchesTheFullFrontEnd) {
  const std::vector<int16_t> speech =
      EspeakSpeech("yes, no, up, down, left, right, on, off, stop, go. Hello world.", "en-us");
  if (speech.empty()) GTEST_SKIP() << "espeak-ng or sox not installed";
  Report(CompareWithFullFrontEnd(speech), "espeak-ng en-us, every hop");
  const std::vector<int16_t> other = EspeakSpeech("seven, eight, marvin, sheila, follow", "en-gb");
  if (!other.empty()) Report(CompareWithFullFrontEnd(other), "espeak-ng en-gb, every hop");
}

TEST(FrontendMfccStream, CachedFeaturesEqualARecomputation) {
  // Windows read every hop (the cache reused across gains) and every 5th
  // hop give the same features at the hops both read, and a stream whose
  // cache is cleared recomputes the same values.
  const std::vector<int16_t> audio = SyntheticSpeech(3 * 16000, 5, 12000);
  static fe::MfccStream a, b;
  ASSERT_TRUE(fe::MfccStreamInit(&a, kScale, kZeroPoint));
  ASSERT_TRUE(fe::MfccStreamInit(&b, kScale, kZeroPoint));
  int8_t wa[fe::kNumFeatures], wb[fe::kNumFeatures];
  for (size_t h = 0; (h + 1) * fe::kHopSamples <= audio.size(); ++h) {
    const int16_t* hop = audio.data() + h * fe::kHopSamples;
    fe::MfccStreamPush(&a, hop);
    fe::MfccStreamPush(&b, hop);
    fe::MfccStreamWindowInt8(&a, wa);
    if ((h + 1) % 5 != 0) continue;
    for (float& g : b.feature_gain) g = 0.0f;  // force a full recomputation
    fe::MfccStreamWindowInt8(&b, wb);
    ASSERT_EQ(0, std::memcmp(wa, wb, sizeof(wa))) << "hop " << h;
  }
}

TEST(FrontendMfccStream, ResetStartsFromSilence) {
  static fe::MfccStream s;
  ASSERT_TRUE(fe::MfccStreamInit(&s, kScale, kZeroPoint));
  int8_t fresh[fe::kNumFeatures], after[fe::kNumFeatures];
  fe::MfccStreamWindowInt8(&s, fresh);
  const std::vector<int16_t> audio = SyntheticSpeech(16000, 6, 9000);
  for (size_t h = 0; h < 50; ++h) fe::MfccStreamPush(&s, audio.data() + h * fe::kHopSamples);
  EXPECT_EQ(s.hops, 50u);
  fe::MfccStreamReset(&s);
  fe::MfccStreamWindowInt8(&s, after);
  EXPECT_EQ(0, std::memcmp(fresh, after, sizeof(fresh)));
  EXPECT_EQ(fresh[0], -128);  // c0 of silence clamps (mfcc_test: AllZeroClip)
  EXPECT_EQ(fresh[1], kZeroPoint);
}

}  // namespace
