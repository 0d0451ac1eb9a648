// SPDX-License-Identifier: Apache-2.0
// Streaming keyword spotting (kws.h): window positions, the zero padding
// around the audio, the decision rule on hand-made score sequences, and the
// streaming loop against the single-window path on the real model.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "examples/keyword_spotting/kws.h"

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

kws::StreamResult Decide(const std::vector<Scores>& windows) {
  kws::StreamDecider d;
  for (size_t k = 0; k < windows.size(); ++k) d.Add(k, windows[k].v);
  kws::StreamResult r;
  EXPECT_TRUE(d.Decide(&r));
  EXPECT_EQ(r.windows, windows.size());
  return r;
}

TEST(KwsStream, DecisionBestKeywordOverWindows) {
  // Silence wins window 0 and unknown window 1 outright, but the best keyword
  // over the windows is yes 0.8 in window 2: the result is yes, window 2.
  const std::vector<Scores> w = {
      Make({{kSilence, 0.9f}, {kYes, 0.1f}}), Make({{kUnknown, 0.95f}, {kYes, 0.05f}}),
      Make({{kYes, 0.8f}, {kUnknown, 0.2f}}), Make({{kYes, 0.6f}, {kDown, 0.4f}})};
  const kws::StreamResult r = Decide(w);
  EXPECT_EQ(r.label, kYes);
  EXPECT_EQ(r.window, 2u);
  EXPECT_EQ(r.window_start, 2 * 1600 - 16000);
  EXPECT_FLOAT_EQ(r.scores[kYes], 0.8f);
  EXPECT_FLOAT_EQ(r.scores[kUnknown], 0.2f);
}

TEST(KwsStream, DecisionBelowThresholdFallsBackToSilenceOrUnknown) {
  // Best keyword: left 0.49 (window 2) < 0.5. Silence / unknown: unknown 0.7
  // (window 0) beats silence 0.55 (window 1) and unknown 0.51 (window 2).
  const std::vector<Scores> w = {Make({{kUnknown, 0.7f}, {kGo, 0.3f}}),
                                 Make({{kSilence, 0.55f}, {kUp, 0.45f}}),
                                 Make({{kLeft, 0.49f}, {kUnknown, 0.51f}})};
  const kws::StreamResult r = Decide(w);
  EXPECT_EQ(r.label, kUnknown);
  EXPECT_EQ(r.window, 0u);
  EXPECT_EQ(r.window_start, -16000);
  EXPECT_FLOAT_EQ(r.scores[kUnknown], 0.7f);
  EXPECT_FLOAT_EQ(r.scores[kGo], 0.3f);

  // Silence the highest of the two: silence, in its window.
  const kws::StreamResult s =
      Decide({Make({{kUnknown, 0.6f}, {kGo, 0.4f}}), Make({{kSilence, 0.75f}, {kUp, 0.25f}})});
  EXPECT_EQ(s.label, kSilence);
  EXPECT_EQ(s.window, 1u);
}

TEST(KwsStream, DecisionThresholdIsInclusive) {
  // A keyword at exactly 0.5 is taken, even with unknown 0.5 beside it.
  const kws::StreamResult r =
      Decide({Make({{kUnknown, 0.9f}, {kGo, 0.1f}}), Make({{kUp, 0.5f}, {kUnknown, 0.5f}})});
  EXPECT_EQ(r.label, kUp);
  EXPECT_EQ(r.window, 1u);
}

TEST(KwsStream, DecisionTiesGoToTheEarlierWindowThenLabel) {
  // go 0.75 in windows 1 and 3: window 1. In window 1, down ties go: down is
  // the earlier label.
  const kws::StreamResult r =
      Decide({Make({{kSilence, 1.0f}}), Make({{kDown, 0.75f}, {kGo, 0.75f}}),
              Make({{kGo, 0.7f}, {kUnknown, 0.3f}}), Make({{kGo, 0.75f}, {kUnknown, 0.25f}})});
  EXPECT_EQ(r.label, kDown);
  EXPECT_EQ(r.window, 1u);
}

TEST(KwsStream, DecisionNeedsAWindow) {
  kws::StreamDecider d;
  kws::StreamResult r;
  EXPECT_FALSE(d.Decide(&r));
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
  // The reported window and scores are one of those windows'.
  ASSERT_LT(r.window, windows);
  for (int l = 0; l < kws::kNumLabels; ++l) {
    EXPECT_EQ(r.scores[l], scores[r.window * kws::kNumLabels + l]);
  }

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

}  // namespace
