// SPDX-License-Identifier: Apache-2.0
// Streaming keyword spotting (kws.h): window positions, the zero padding
// around the audio, the decision rule on hand-made score sequences, and the
// streaming loop against the single-window path on the real model; the
// real-time pipeline (realtime.h): its hops, its windows against RunStream's.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "examples/keyword_spotting/kws.h"
#include "examples/keyword_spotting/realtime.h"

// Counts operator new calls, to check that the per-window loop allocates nothing.
namespace {
std::atomic<long> g_news{0};
}  // namespace

// Neither is inlined: GCC would otherwise see malloc paired with operator
// delete, or free with a new expression, and warn (-Wmismatched-new-delete).
__attribute__((noinline)) void* operator new(size_t n) {
  ++g_news;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  std::abort();
}
__attribute__((noinline)) void operator delete(void* p) noexcept {
  std::free(p);
}
__attribute__((noinline)) void operator delete(void* p, size_t) noexcept {
  std::free(p);
}

namespace {

// Label indices in the model's order (labels.h).
constexpr int kDown = 0, kGo = 1, kLeft = 2, kUp = 8, kYes = 9, kSilence = 10, kUnknown = 11;

struct Scores {
  float v[kws::kNumLabels] = {};
};

Scores Make(std::initializer_list<std::pair<int, float>> entries) {
  Scores s;
  for (const auto& e : entries) s.v[e.first] = e.second;
  return s;
}

TEST(KwsStream, WindowCount) {
  // Stream = count + 32000 samples; windows start at 0, 1600, ... while
  // start + 16000 <= stream length, i.e. start <= count + 16000.
  EXPECT_EQ(kws::StreamWindowCount(0), 11u);        // starts 0 .. 16000
  EXPECT_EQ(kws::StreamWindowCount(1599), 11u);     // last start 16000 <= 17599 < 17600
  EXPECT_EQ(kws::StreamWindowCount(1600), 12u);     // 17600 fits exactly
  EXPECT_EQ(kws::StreamWindowCount(16000), 21u);    // 1 s: starts 0 .. 32000
  EXPECT_EQ(kws::StreamWindowCount(10927), 17u);    // 26927 / 1600 = 16.8 -> starts 0 .. 25600
  EXPECT_EQ(kws::StreamWindowCount(160000), 111u);  // 10 s
}

TEST(KwsStream, WindowStart) {
  // In samples from the audio's first sample: window k starts at k * 1600 - 16000.
  EXPECT_EQ(kws::StreamWindowStart(0), -16000);
  EXPECT_EQ(kws::StreamWindowStart(1), -14400);
  EXPECT_EQ(kws::StreamWindowStart(10), 0);
  EXPECT_EQ(kws::StreamWindowStart(13), 4800);
}

TEST(KwsStream, WindowFillPadsWithZeros) {
  // Audio 20000 samples, sample i = i + 1 (so no audio sample is zero).
  const size_t n = 20000;
  std::vector<int16_t> audio(n);
  for (size_t i = 0; i < n; ++i) audio[i] = static_cast<int16_t>(i + 1);
  std::vector<int16_t> out(kws::kStreamWindowSamples, 7);

  // Window 0: entirely in the leading zeros.
  kws::StreamWindowFill(audio.data(), n, 0, out.data());
  for (size_t j = 0; j < out.size(); ++j) ASSERT_EQ(out[j], 0) << j;

  // Window 5 starts at -8000: 8000 zeros, then audio samples 0 .. 7999.
  kws::StreamWindowFill(audio.data(), n, 5, out.data());
  for (size_t j = 0; j < 8000; ++j) ASSERT_EQ(out[j], 0) << j;
  for (size_t j = 8000; j < 16000; ++j) ASSERT_EQ(out[j], static_cast<int>(j - 8000 + 1)) << j;

  // Window 10 is the single-window clip: audio samples 0 .. 15999.
  kws::StreamWindowFill(audio.data(), n, 10, out.data());
  for (size_t j = 0; j < 16000; ++j) ASSERT_EQ(out[j], static_cast<int>(j + 1)) << j;

  // The last window (22 of 0 .. 22: (20000 + 16000) / 1600 = 22.5) starts at
  // 22 * 1600 - 16000 = 19200: audio 19200 .. 19999, then 15200 zeros.
  ASSERT_EQ(kws::StreamWindowCount(n), 23u);
  kws::StreamWindowFill(audio.data(), n, 22, out.data());
  for (size_t j = 0; j < 800; ++j) ASSERT_EQ(out[j], static_cast<int>(19200 + j + 1)) << j;
  for (size_t j = 800; j < 16000; ++j) ASSERT_EQ(out[j], 0) << j;

  // Audio shorter than a window, window 10: the audio then zeros.
  kws::StreamWindowFill(audio.data(), 300, 10, out.data());
  for (size_t j = 0; j < 300; ++j) ASSERT_EQ(out[j], static_cast<int>(j + 1)) << j;
  for (size_t j = 300; j < 16000; ++j) ASSERT_EQ(out[j], 0) << j;
}

// Feeds the windows to a detector; the window indices with a detection and
// their keywords.
std::vector<std::pair<size_t, int>> Detect(const std::vector<Scores>& windows,
                                           const kws::DetectorConfig& config) {
  kws::KeywordDetector d(config);
  std::vector<std::pair<size_t, int>> out;
  for (size_t k = 0; k < windows.size(); ++k) {
    const int label = d.Add(windows[k].v);
    if (label >= 0) out.push_back({k, label});
  }
  EXPECT_EQ(d.windows(), windows.size());
  return out;
}

kws::DetectorConfig Config(int average, int hold, float threshold, int refractory) {
  kws::DetectorConfig c;
  c.average = average;
  c.hold = hold;
  c.threshold = threshold;
  c.refractory = refractory;
  return c;
}

using Detections = std::vector<std::pair<size_t, int>>;

TEST(KwsDetector, DefaultsAreTheDocumentedOnes) {
  const kws::DetectorConfig c;
  EXPECT_EQ(c.average, 2);
  EXPECT_EQ(c.hold, 5);
  EXPECT_FLOAT_EQ(c.threshold, 0.4f);
  EXPECT_EQ(c.refractory, 10);
}

TEST(KwsDetector, HoldNeedsConsecutiveWindows) {
  // No averaging: yes 0.8 in windows 1, 2, then unknown, then yes in 4, 5, 6.
  // Hold 3: the first run is too short; the second detects at window 6.
  const Scores yes = Make({{kYes, 0.8f}, {kUnknown, 0.2f}});
  const Scores unk = Make({{kUnknown, 0.9f}, {kYes, 0.1f}});
  const Detections d = Detect({unk, yes, yes, unk, yes, yes, yes, yes}, Config(1, 3, 0.5f, 0));
  // Refractory 0: window 7 starts a new run (1 window), no second detection.
  EXPECT_EQ(d, (Detections{{6, kYes}}));
}

TEST(KwsDetector, ACandidateMustStayTheSameKeyword) {
  // go, go, up, up, up with hold 3: the run restarts at the change, detects up
  // at window 4.
  const Scores go = Make({{kGo, 0.9f}, {kUnknown, 0.1f}});
  const Scores up = Make({{kUp, 0.9f}, {kUnknown, 0.1f}});
  EXPECT_EQ(Detect({go, go, up, up, up}, Config(1, 3, 0.5f, 0)), (Detections{{4, kUp}}));
}

TEST(KwsDetector, AveragingSmoothsASpike) {
  // One window of left 0.9 among unknown-only windows: averaged over 3 it is
  // 0.3, 0.3, 0.3 in windows 2..4: below 0.5, never a candidate. Without
  // averaging, hold 1 detects it.
  const Scores unk = Make({{kUnknown, 1.0f}});
  const Scores left = Make({{kLeft, 0.9f}, {kUnknown, 0.1f}});
  const std::vector<Scores> w = {unk, unk, left, unk, unk};
  EXPECT_TRUE(Detect(w, Config(3, 1, 0.5f, 0)).empty());
  EXPECT_EQ(Detect(w, Config(1, 1, 0.5f, 0)), (Detections{{2, kLeft}}));
}

TEST(KwsDetector, AverageIsOverTheLastWindows) {
  // Average 2: window 1 averages down (0.2 + 0.8) / 2 = 0.5 (taken: the
  // threshold is inclusive and 0.5 >= unknown's 0.5), window 2 (0.8 + 0.8) / 2.
  // Hold 2 -> detection at window 2. With threshold 0.55, window 1 fails and
  // the run starts at window 2: detection at window 3.
  const Scores a = Make({{kDown, 0.2f}, {kUnknown, 0.8f}});
  const Scores b = Make({{kDown, 0.8f}, {kUnknown, 0.2f}});
  EXPECT_EQ(Detect({a, b, b, b}, Config(2, 2, 0.5f, 0)), (Detections{{2, kDown}}));
  EXPECT_EQ(Detect({a, b, b, b}, Config(2, 2, 0.55f, 0)), (Detections{{3, kDown}}));
}

TEST(KwsDetector, KeywordMustBeatSilenceAndUnknown) {
  // go 0.55 is above the threshold, but silence's 0.6 is higher: go is no
  // candidate, however long it lasts.
  const Scores w = Make({{kGo, 0.55f}, {kSilence, 0.6f}});
  EXPECT_TRUE(Detect({w, w, w, w}, Config(1, 1, 0.5f, 0)).empty());
}

TEST(KwsDetector, TiesGoToTheLowerLabel) {
  const Scores w = Make({{kDown, 0.5f}, {kGo, 0.5f}});
  EXPECT_EQ(Detect({w}, Config(1, 1, 0.5f, 0)), (Detections{{0, kDown}}));
}

TEST(KwsDetector, RefractoryWindowsAreIgnored) {
  // yes in every window, hold 2, refractory 3: detections at 1, then windows
  // 2..4 are quiet, the run restarts at 5: detection at 6, quiet 7..9, 11.
  const Scores yes = Make({{kYes, 0.9f}, {kUnknown, 0.1f}});
  const std::vector<Scores> w(12, yes);
  EXPECT_EQ(Detect(w, Config(1, 2, 0.5f, 3)), (Detections{{1, kYes}, {6, kYes}, {11, kYes}}));
}

TEST(KwsDetector, BackgroundIsTheHigherSum) {
  kws::KeywordDetector d;
  d.Add(Make({{kUnknown, 0.7f}, {kGo, 0.3f}}).v);
  d.Add(Make({{kSilence, 0.55f}, {kUp, 0.45f}}).v);
  EXPECT_EQ(d.Background(), kUnknown);  // 0.7 > 0.55
  d.Add(Make({{kSilence, 0.2f}, {kUp, 0.8f}}).v);
  EXPECT_EQ(d.Background(), kSilence);  // 0.75 > 0.7
  kws::KeywordDetector tie;
  tie.Add(Make({{kSilence, 0.5f}, {kUnknown, 0.5f}}).v);
  EXPECT_EQ(tie.Background(), kSilence);
}

TEST(KwsDetector, ConfigIsClamped) {
  // Average 0 acts as 1 and hold 0 as 1: a single window of go detects.
  const Scores go = Make({{kGo, 0.9f}, {kUnknown, 0.1f}});
  EXPECT_EQ(Detect({go}, Config(0, 0, 0.5f, 0)), (Detections{{0, kGo}}));
}

// The streaming loop on the real model: window k's scores are those of the
// single-window path on that window's samples, built here by hand.
TEST(KwsStream, RunStreamMatchesSingleWindowRuns) {
  kws::KeywordSpotter spotter;
  std::string error;
  if (!spotter.Load(kws::DefaultModelPath(), &error)) GTEST_SKIP() << error;

  // 0.45 s of audio: a 700 Hz tone with a rising envelope from sample 2000.
  const size_t n = 7200;
  const double kPi = 3.14159265358979323846;
  std::vector<int16_t> audio(n, 0);
  for (size_t i = 2000; i < n; ++i) {
    const double t = static_cast<double>(i) / 16000.0;
    audio[i] = static_cast<int16_t>(std::lround((i - 2000) * 3.0 * std::sin(2 * kPi * 700 * t)));
  }
  const size_t windows = kws::StreamWindowCount(n);
  ASSERT_EQ(windows, 15u);  // (7200 + 16000) / 1600 = 14.5
  std::vector<float> scores(windows * kws::kNumLabels);
  kws::StreamResult r;
  ASSERT_TRUE(spotter.RunStream(audio.data(), n, &r, &error, scores.data(), windows)) << error;
  EXPECT_EQ(r.windows, windows);

  for (size_t k = 0; k < windows; ++k) {
    // Window k by hand: stream = 16000 zeros, audio, 16000 zeros.
    std::vector<int16_t> window(16000, 0);
    for (size_t j = 0; j < 16000; ++j) {
      const long a = static_cast<long>(k * 1600 + j) - 16000;
      if (a >= 0 && a < static_cast<long>(n)) window[j] = audio[a];
    }
    kws::Result one;
    ASSERT_TRUE(spotter.Run(window.data(), window.size(), 1, &one, &error)) << error;
    for (int l = 0; l < kws::kNumLabels; ++l) {
      ASSERT_EQ(scores[k * kws::kNumLabels + l], one.scores[l]) << "window " << k << " label " << l;
    }
  }
  // The result is the detector's over those windows' scores.
  kws::KeywordDetector detector;
  int first = -1;
  size_t detections = 0;
  for (size_t k = 0; k < windows; ++k) {
    const int label = detector.Add(scores.data() + k * kws::kNumLabels);
    if (label >= 0 && detections++ == 0) {
      first = label;
      EXPECT_EQ(r.window, k);
    }
  }
  EXPECT_EQ(r.detections, detections);
  EXPECT_EQ(r.label, detections > 0 ? first : detector.Background());

  // Window 10 is the single-window clip itself (the audio zero-padded to 1 s).
  kws::Result single;
  ASSERT_TRUE(spotter.Run(audio.data(), n, 1, &single, &error)) << error;
  for (int l = 0; l < kws::kNumLabels; ++l) {
    EXPECT_EQ(scores[10 * kws::kNumLabels + l], single.scores[l]);
  }

  // Without per-window scores, the loop allocates nothing (the counter does
  // count: a vector's buffer is one call).
  long before = g_news.load();
  { std::vector<int> v(3); }
  ASSERT_EQ(g_news.load() - before, 1);
  before = g_news.load();
  ASSERT_TRUE(spotter.RunStream(audio.data(), n, &r, &error)) << error;
  EXPECT_EQ(g_news.load() - before, 0);
}

TEST(KwsRealtime, HopCountAndFill) {
  // Whole hops of the recording (the last one padded), then 1 s of silence.
  EXPECT_EQ(kws::RealtimeHopCount(0), 50u);
  EXPECT_EQ(kws::RealtimeHopCount(320), 51u);
  EXPECT_EQ(kws::RealtimeHopCount(321), 52u);
  std::vector<int16_t> audio(700);
  for (size_t i = 0; i < audio.size(); ++i) audio[i] = static_cast<int16_t>(i + 1);
  int16_t hop[kws::kHopSamples];
  kws::HopFill(audio.data(), audio.size(), 1, hop);
  EXPECT_EQ(hop[0], 321);
  EXPECT_EQ(hop[319], 640);
  kws::HopFill(audio.data(), audio.size(), 2, hop);
  EXPECT_EQ(hop[59], 700);
  EXPECT_EQ(hop[60], 0);
  EXPECT_EQ(hop[319], 0);
  kws::HopFill(audio.data(), audio.size(), 9, hop);
  EXPECT_EQ(hop[0], 0);
}

TEST(KwsRealtime, WindowsAreRunStreamsWindows) {
  // After hop 5k the model's input is the features of RunStream's window k
  // (the same 16,000 samples), up to the incremental front end's rounding
  // (frontend/mfcc_stream.h: at most 1 LSB, rarely), and the pipeline
  // allocates nothing.
  kws::KeywordSpotter spotter;
  std::string error;
  if (!spotter.Load(kws::DefaultModelPath(), &error)) GTEST_SKIP() << error;
  const size_t n = 24000;
  const double kPi = 3.14159265358979323846;
  std::vector<int16_t> audio(n, 0);
  for (size_t i = 3000; i < n; ++i) {
    const double t = static_cast<double>(i) / 16000.0;
    const double envelope = std::sin(kPi * (i - 3000) / (n - 3000.0));
    audio[i] = static_cast<int16_t>(std::lround(9000 * envelope * std::sin(2 * kPi * 440 * t) +
                                                3000 * std::sin(2 * kPi * 1300 * t)));
  }
  static circlet::frontend::MfccStream front_end;
  static circlet::frontend::MfccState full;
  ASSERT_TRUE(circlet::frontend::MfccInit(&full));
  kws::RealtimePipeline pipeline(spotter.interpreter(), &front_end);
  ASSERT_EQ(pipeline.Init(), nullptr);
  const circlet::TensorView in = spotter.interpreter()->input(0);
  std::vector<int16_t> window(kws::kStreamWindowSamples);
  std::vector<int8_t> expected(circlet::frontend::kNumFeatures);
  size_t differ = 0, values = 0;
  int16_t hop[kws::kHopSamples];
  const size_t hops = kws::RealtimeHopCount(n);
  const long news = g_news.load();
  for (size_t h = 0; h < hops; ++h) {
    kws::HopFill(audio.data(), n, h, hop);
    const bool due = pipeline.Features(hop);
    ASSERT_EQ(due, (h + 1) % 5 == 0) << h;
    if (!due) continue;
    const size_t k = (h + 1) / 5;
    kws::StreamWindowFill(audio.data(), n, k, window.data());
    circlet::frontend::MfccComputeInt8(&full, window.data(), window.size(), in.quant.scale(),
                                       in.quant.zero_point(), expected.data());
    for (int i = 0; i < circlet::frontend::kNumFeatures; ++i) {
      const int d = std::abs(in.as<int8_t>()[i] - expected[i]);
      ASSERT_LE(d, 1) << "window " << k << " value " << i;
      differ += d != 0;
      ++values;
    }
    int keyword = -1;
    ASSERT_TRUE(pipeline.Infer(&keyword).ok());
    EXPECT_EQ(pipeline.windows(), k);
  }
  EXPECT_EQ(g_news.load() - news, 0);
  EXPECT_EQ(pipeline.hops(), hops);
  EXPECT_EQ(pipeline.milliseconds(), hops * 20);
  std::printf("[ realtime ] %zu of %zu int8 features differ from RunStream's windows\n", differ,
              values);
  EXPECT_LE(differ * 200, values);  // at most 0.5 % (measured 8 of 12,250: 0.065 %)
}

}  // namespace
