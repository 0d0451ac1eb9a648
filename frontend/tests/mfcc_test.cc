// SPDX-License-Identifier: Apache-2.0
// The MFCC front end against a straightforward double-precision computation
// written here from the specification (frontend/mfcc.h): direct DFT, the mel
// matrix built band by band as tf.signal.linear_to_mel_weight_matrix defines
// it (max(0, min(rising, falling)) over every bin but DC), direct DCT.
//
// Tolerances (measured errors are printed):
//  - float features: |ours - reference| <= 5e-4 (features span about -125..+40;
//    measured at most 4e-5);
//  - int8 features (model input scale 0.584703, zero point 83): every value
//    within 1 LSB, and at most 1% of the 490 values differ at all (a float
//    feature within 5e-4 of a rounding boundary can round either way).
// Each tolerance is shown to be able to fail: variants of the reference with
// one detail of the specification changed (symmetric Hann window, power
// instead of magnitude, orthonormal DCT, normalization by max |sample| instead
// of the largest sample, 8 kHz upper mel edge) differ from the front end by far
// more than the tolerance.
#include "frontend/mfcc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

namespace fe = circlet::frontend;

constexpr float kScale = 0.584703f;  // kws_ref_model's input quantization
constexpr int kZeroPoint = 83;
constexpr double kFloatTolerance = 5e-4;

struct Variant {
  bool symmetric_window = false;
  bool power = false;
  bool ortho_dct = false;
  bool abs_max = false;  // divide by max |sample| instead of the largest sample
  double high_hz = 4000.0;
};

double HzToMel(double hz) {
  return 1127.0 * std::log(1.0 + hz / 700.0);
}

// The specification, in double, as plainly as possible.
std::vector<double> ReferenceFeatures(const std::vector<int16_t>& clip, const Variant& v = {}) {
  // The first second, zero-padded at the end, divided by its maximum sample
  // value (the signed maximum, tf.reduce_max); max |sample| when no sample is
  // positive, nothing for a clip of zeros.
  std::vector<double> x(16000, 0.0);
  double largest = 0, magnitude = 0;
  for (size_t i = 0; i < clip.size() && i < x.size(); ++i) {
    x[i] = clip[i];
    largest = std::max(largest, x[i]);
    magnitude = std::max(magnitude, std::fabs(x[i]));
  }
  const double peak = v.abs_max || largest <= 0 ? magnitude : largest;
  if (peak > 0) {
    for (double& s : x) s /= peak;
  }
  // Mel matrix [257][40].
  double edges[42];
  for (int e = 0; e < 42; ++e) {
    edges[e] = HzToMel(20.0) + (HzToMel(v.high_hz) - HzToMel(20.0)) * e / 41.0;
  }
  std::vector<double> mel_matrix(257 * 40, 0.0);
  for (int k = 1; k < 257; ++k) {
    const double m = HzToMel(k * 16000.0 / 512.0);
    for (int b = 0; b < 40; ++b) {
      const double rising = (m - edges[b]) / (edges[b + 1] - edges[b]);
      const double falling = (edges[b + 2] - m) / (edges[b + 2] - edges[b + 1]);
      mel_matrix[k * 40 + b] = std::max(0.0, std::min(rising, falling));
    }
  }
  std::vector<double> features;
  for (int f = 0; f < 49; ++f) {
    double frame[480];
    for (int t = 0; t < 480; ++t) {
      const double w = v.symmetric_window ? 0.5 - 0.5 * std::cos(2 * M_PI * t / 479.0)
                                          : 0.5 - 0.5 * std::cos(2 * M_PI * t / 480.0);
      frame[t] = x[f * 320 + t] * w;
    }
    double magnitude[257];
    for (int k = 0; k < 257; ++k) {
      double re = 0, im = 0;
      for (int t = 0; t < 480; ++t) {  // samples 480..511 are the zero padding
        const int phase = (k * t) % 512;
        re += frame[t] * std::cos(2 * M_PI * phase / 512.0);
        im -= frame[t] * std::sin(2 * M_PI * phase / 512.0);
      }
      magnitude[k] = v.power ? re * re + im * im : std::sqrt(re * re + im * im);
    }
    double log_mel[40];
    for (int b = 0; b < 40; ++b) {
      double e = 0;
      for (int k = 0; k < 257; ++k) e += magnitude[k] * mel_matrix[k * 40 + b];
      log_mel[b] = std::log(e + 1e-6);
    }
    for (int c = 0; c < 10; ++c) {
      double s = 0;
      for (int n = 0; n < 40; ++n) s += log_mel[n] * std::cos(M_PI * c * (2 * n + 1) / 80.0);
      double scale = 2.0 / std::sqrt(80.0);
      if (v.ortho_dct) scale = c == 0 ? std::sqrt(1.0 / 40.0) : std::sqrt(2.0 / 40.0);
      features.push_back(s * scale);
    }
  }
  return features;
}

int8_t ReferenceQuantize(double x) {
  const double q = std::round(x / kScale) + kZeroPoint;
  return static_cast<int8_t>(std::min(127.0, std::max(-128.0, q)));
}

// A speech-like test clip: two voiced "syllables" (harmonics of a gliding
// pitch, formant-like amplitudes) in low noise, silence around them.
std::vector<int16_t> SpeechLikeClip(size_t length, uint32_t seed, double level) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<int16_t> clip(length);
  double phase = 0;
  for (size_t i = 0; i < length; ++i) {
    const double t = i / 16000.0;
    const double f0 = 110.0 + 60.0 * t + 10.0 * std::sin(2 * M_PI * 3 * t);
    phase += 2 * M_PI * f0 / 16000.0;
    double env = 0;
    if (t > 0.2 && t < 0.45) env = std::sin(M_PI * (t - 0.2) / 0.25);
    if (t > 0.5 && t < 0.8) env = 0.6 * std::sin(M_PI * (t - 0.5) / 0.3);
    double s = 0;
    for (int h = 1; h <= 30; ++h) {
      const double fh = h * f0;
      const double formant = std::exp(-std::pow((fh - 700) / 300, 2)) +
                             0.5 * std::exp(-std::pow((fh - 1800) / 400, 2)) + 0.05;
      s += formant * std::sin(h * phase) / h;
    }
    s = env * s + 0.002 * noise(rng);
    clip[i] = static_cast<int16_t>(std::lround(std::max(-1.0, std::min(1.0, s)) * level));
  }
  return clip;
}

std::vector<int16_t> NoiseClip(size_t length, uint32_t seed, double level) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, level);
  std::vector<int16_t> clip(length);
  for (auto& s : clip)
    s = static_cast<int16_t>(std::lround(std::max(-32768.0, std::min(32767.0, noise(rng)))));
  return clip;
}

struct Ours {
  std::vector<float> features;
  std::vector<int8_t> q;
};

Ours RunFrontEnd(const std::vector<int16_t>& clip) {
  static fe::MfccState state;  // 9 KB: static, as on a microcontroller
  EXPECT_TRUE(fe::MfccInit(&state));
  Ours o;
  o.features.resize(fe::kNumFeatures);
  o.q.resize(fe::kNumFeatures);
  fe::MfccCompute(&state, clip.data(), clip.size(), o.features.data());
  fe::MfccComputeInt8(&state, clip.data(), clip.size(), kScale, kZeroPoint, o.q.data());
  return o;
}

double MaxError(const std::vector<float>& a, const std::vector<double>& b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
  return worst;
}

void CheckClip(const std::vector<int16_t>& clip, const char* what) {
  const Ours ours = RunFrontEnd(clip);
  const std::vector<double> ref = ReferenceFeatures(clip);
  ASSERT_EQ(ref.size(), ours.features.size());
  const double err = MaxError(ours.features, ref);
  int differ = 0, worst_lsb = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    const int d = std::abs(ours.q[i] - ReferenceQuantize(ref[i]));
    differ += d != 0;
    worst_lsb = std::max(worst_lsb, d);
  }
  std::printf("[ mfcc ] %-22s max float error %.2e, int8: %d of 490 differ, at most %d LSB\n", what,
              err, differ, worst_lsb);
  EXPECT_LE(err, kFloatTolerance) << what;
  EXPECT_LE(worst_lsb, 1) << what;
  EXPECT_LE(differ, 4) << what << ": more than 1% of the int8 features differ";
}

TEST(FrontendMfcc, StateIsSmallAndTablesMatchTheSpec) {
  static fe::MfccState state;
  ASSERT_TRUE(fe::MfccInit(&state));
  std::printf("[ mfcc ] MfccState %zu bytes\n", fe::kMfccStateBytes);
  EXPECT_LT(fe::kMfccStateBytes, 12u * 1024);
  // The DC bin has no weight; the first weighted bin is 1 (31.25 Hz > 20 Hz)
  // and the last is 127 (bin 128 is at 4000 Hz, the top edge).
  EXPECT_EQ(state.first_bin, 1);
  EXPECT_EQ(state.last_bin, 127);
  EXPECT_FLOAT_EQ(state.window[0], 0.0f);
  EXPECT_FLOAT_EQ(state.window[240], 1.0f);  // periodic: the peak is at n/2
  EXPECT_FLOAT_EQ(state.window[120], 0.5f);
  EXPECT_NEAR(state.dct[0][7], 2.0 / std::sqrt(80.0), 1e-7);
}

TEST(FrontendMfcc, SpeechLikeClipMatchesReference) {
  CheckClip(SpeechLikeClip(16000, 1, 20000), "speech-like 1 s");
  CheckClip(SpeechLikeClip(16000, 2, 900), "speech-like quiet");
}

TEST(FrontendMfcc, NoiseMatchesReference) {
  CheckClip(NoiseClip(16000, 3, 3000), "noise 1 s");
}

TEST(FrontendMfcc, ShortClipIsZeroPadded) {
  CheckClip(SpeechLikeClip(9000, 4, 15000), "short 0.56 s");
}

TEST(FrontendMfcc, LongClipIsCut) {
  // The loud part after 1 s is cut before the peak is taken: same features
  // as the first second alone.
  std::vector<int16_t> clip = SpeechLikeClip(20000, 5, 8000);
  for (size_t i = 16000; i < clip.size(); ++i) clip[i] = (i % 2) ? 32000 : -32000;
  CheckClip(clip, "long 1.25 s");
  const Ours whole = RunFrontEnd(clip);
  const Ours first = RunFrontEnd(std::vector<int16_t>(clip.begin(), clip.begin() + 16000));
  EXPECT_EQ(whole.features, first.features);
}

TEST(FrontendMfcc, AllZeroClip) {
  // Hand-derived: every mel energy is 0, log(1e-6) = -13.8155; c0 =
  // 2 * 40 * log(1e-6) / sqrt(80) = -123.57, the other coefficients 0;
  // quantized, c0 clamps to -128 and the rest are the zero point.
  const Ours o = RunFrontEnd(std::vector<int16_t>(16000, 0));
  const double c0 = 80.0 * std::log(1e-6) / std::sqrt(80.0);
  for (int f = 0; f < 49; ++f) {
    EXPECT_NEAR(o.features[f * 10], c0, 1e-3);
    for (int c = 1; c < 10; ++c) EXPECT_NEAR(o.features[f * 10 + c], 0.0, 1e-3);
    EXPECT_EQ(o.q[f * 10], -128);
    for (int c = 1; c < 10; ++c) EXPECT_EQ(o.q[f * 10 + c], kZeroPoint);
  }
  // An empty clip is the same as zeros.
  EXPECT_EQ(RunFrontEnd({}).q, o.q);
}

TEST(FrontendMfcc, ScaleInvariant) {
  // Dividing by the peak makes a clip and the clip times 4 identical.
  std::vector<int16_t> clip = SpeechLikeClip(16000, 6, 4000);
  std::vector<int16_t> louder(clip);
  for (auto& s : louder) s = static_cast<int16_t>(s * 4);
  const Ours a = RunFrontEnd(clip), b = RunFrontEnd(louder);
  for (size_t i = 0; i < a.features.size(); ++i) {
    EXPECT_NEAR(a.features[i], b.features[i], kFloatTolerance) << i;
  }
}

TEST(FrontendMfcc, QuantizeRoundsToNearestAndClamps) {
  EXPECT_EQ(fe::MfccQuantize(0.0f, 0.5f, 83), 83);
  EXPECT_EQ(fe::MfccQuantize(0.74f, 0.5f, 0), 1);  // 1.48 -> 1
  EXPECT_EQ(fe::MfccQuantize(0.76f, 0.5f, 0), 2);  // 1.52 -> 2
  EXPECT_EQ(fe::MfccQuantize(-0.76f, 0.5f, 0), -2);
  EXPECT_EQ(fe::MfccQuantize(0.25f, 0.5f, 0), 1);  // 0.5 -> 1 (away from zero)
  EXPECT_EQ(fe::MfccQuantize(-0.25f, 0.5f, 0), -1);
  EXPECT_EQ(fe::MfccQuantize(1000.0f, 0.5f, 83), 127);
  EXPECT_EQ(fe::MfccQuantize(-1000.0f, 0.5f, 83), -128);
}

TEST(FrontendMfcc, ClipGainIsOneOverTheLargestSample) {
  // Hand values: the largest sample, not the largest |sample| (MLPerf Tiny's
  // tf.reduce_max); the first second only; the fallbacks when no sample is
  // positive.
  const std::vector<int16_t> asymmetric = {100, -3000, 2500, -20, 0};
  EXPECT_FLOAT_EQ(fe::MfccClipGain(asymmetric.data(), asymmetric.size()), 1.0f / 2500);
  std::vector<int16_t> long_clip(16001, 10);
  long_clip[16000] = 30000;  // sample 16000 is past the first second
  EXPECT_FLOAT_EQ(fe::MfccClipGain(long_clip.data(), long_clip.size()), 1.0f / 10);
  const std::vector<int16_t> non_positive = {0, -7, -400, -3};
  EXPECT_FLOAT_EQ(fe::MfccClipGain(non_positive.data(), non_positive.size()), 1.0f / 400);
  const std::vector<int16_t> zeros(100, 0);
  EXPECT_FLOAT_EQ(fe::MfccClipGain(zeros.data(), zeros.size()), 1.0f);
  EXPECT_FLOAT_EQ(fe::MfccClipGain(nullptr, 0), 1.0f);
  // A whole clip with no positive sample still matches the reference.
  std::vector<int16_t> clip = SpeechLikeClip(16000, 8, 9000);
  for (auto& s : clip) s = static_cast<int16_t>(-std::abs(s));
  CheckClip(clip, "no positive sample");
}

TEST(FrontendMfcc, TheComparisonDetectsEachSpecDetail) {
  // A clip whose negative peak is the larger one, so that normalizing by
  // max |sample| differs.
  std::vector<int16_t> clip = SpeechLikeClip(16000, 7, 12000);
  clip[8000] = -20000;
  const Ours ours = RunFrontEnd(clip);
  EXPECT_LE(MaxError(ours.features, ReferenceFeatures(clip)), kFloatTolerance);
  struct Case {
    const char* name;
    Variant v;
  };
  Variant sym, power, ortho, absmax, wide;
  sym.symmetric_window = true;
  power.power = true;
  ortho.ortho_dct = true;
  absmax.abs_max = true;
  wide.high_hz = 8000.0;
  for (const Case& c :
       {Case{"symmetric Hann", sym}, Case{"power spectrum", power}, Case{"orthonormal DCT", ortho},
        Case{"max |sample|", absmax}, Case{"mel up to 8 kHz", wide}}) {
    const double err = MaxError(ours.features, ReferenceFeatures(clip, c.v));
    std::printf("[ mfcc ] variant %-16s differs by %.3g\n", c.name, err);
    EXPECT_GT(err, 10 * kFloatTolerance) << c.name;
  }
}

}  // namespace
