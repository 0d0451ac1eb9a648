// SPDX-License-Identifier: Apache-2.0
// kws::ReadWav16kMono on WAVs written here, byte by byte, from known 16-bit
// samples in every sample format it reads (8-bit unsigned, 16, 24, 32-bit
// PCM, 32 and 64-bit float, WAVE_FORMAT_EXTENSIBLE, odd-sized chunks before
// the data), the refusals with their messages, and the detector's answer on a
// spoken clip converted by sox to each format.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "examples/keyword_spotting/kws.h"

namespace {

std::string TempDir() {
  const char* t = std::getenv("TMPDIR");
  return std::string(t != nullptr ? t : "/tmp");
}

void Put16(std::string* b, uint32_t v) {
  b->push_back(static_cast<char>(v & 0xff));
  b->push_back(static_cast<char>((v >> 8) & 0xff));
}
void Put32(std::string* b, uint32_t v) {
  Put16(b, v & 0xffff);
  Put16(b, v >> 16);
}

// The reference: extremes, small values and a sine.
std::vector<int16_t> Reference() {
  std::vector<int16_t> s = {0, 1, -1, 32767, -32768, 255, -256, 128, -129};
  for (int i = 0; i < 400; ++i) {
    s.push_back(static_cast<int16_t>(std::lround(20000.0 * std::sin(i * 0.0731))));
  }
  return s;
}

struct Format {
  const char* name;
  int tag;   // 1 PCM, 3 float, 6 A-law (refused), 0xFFFE extensible
  int bits;  // per sample
  int sub;   // extensible: the subformat GUID's first two bytes
};

// The sample data of `s` in `f` (bytes, little-endian).
std::string Encode(const std::vector<int16_t>& s, const Format& f) {
  const int kind = f.tag == 0xFFFE ? f.sub : f.tag;
  std::string d;
  for (size_t i = 0; i < s.size(); ++i) {
    const int32_t v = s[i];
    if (kind == 3 && f.bits == 32) {
      const float x = static_cast<float>(v) / 32768.0f;
      uint32_t u;
      std::memcpy(&u, &x, 4);
      Put32(&d, u);
    } else if (kind == 3 && f.bits == 64) {
      const double x = v / 32768.0;
      uint64_t u;
      std::memcpy(&u, &x, 8);
      Put32(&d, static_cast<uint32_t>(u));
      Put32(&d, static_cast<uint32_t>(u >> 32));
    } else if (f.bits == 8) {
      const long u = std::lround(v / 256.0) + 128;
      d.push_back(static_cast<char>(u > 255 ? 255 : u));
    } else if (f.bits == 16) {
      Put16(&d, static_cast<uint16_t>(v));
    } else if (f.bits == 24) {
      // Low bits that are not zero: they must round away, not wrap.
      const uint32_t u = static_cast<uint32_t>(v * 256 + static_cast<int32_t>((i * 37) % 256));
      d.push_back(static_cast<char>(u & 0xff));
      Put16(&d, (u >> 8) & 0xffff);
    } else {  // 32
      Put32(&d, static_cast<uint32_t>(v * 65536 + static_cast<int32_t>((i * 7919) % 65536)));
    }
  }
  return d;
}

struct WavOptions {
  int rate = 16000;
  int channels = 1;
  bool fmt = true;
  bool data = true;
  bool odd_chunk = false;  // an unknown odd-sized chunk (with its pad byte) before fmt and data
  long truncate_by = 0;    // bytes cut from the end of the file
};

std::string Wav(const std::vector<int16_t>& s, const Format& f, const WavOptions& o = {}) {
  const std::string data = Encode(s, f);
  std::string body = "WAVE";
  if (o.odd_chunk) {
    body += "junk";
    Put32(&body, 3);
    body += "abc";
    body.push_back('\0');  // pad to even
  }
  if (o.fmt) {
    const int block = f.bits / 8 * o.channels;
    body += "fmt ";
    Put32(&body, f.tag == 0xFFFE ? 40 : (f.tag == 1 ? 16 : 18));
    Put16(&body, static_cast<uint32_t>(f.tag));
    Put16(&body, static_cast<uint32_t>(o.channels));
    Put32(&body, static_cast<uint32_t>(o.rate));
    Put32(&body, static_cast<uint32_t>(o.rate * block));
    Put16(&body, static_cast<uint32_t>(block));
    Put16(&body, static_cast<uint32_t>(f.bits));
    if (f.tag == 0xFFFE) {
      Put16(&body, 22);                             // cbSize
      Put16(&body, static_cast<uint32_t>(f.bits));  // valid bits
      Put32(&body, o.channels == 1 ? 0x4 : 0x3);    // channel mask
      Put16(&body, static_cast<uint32_t>(f.sub));   // GUID xxxx0000-0000-0010-8000-00aa00389b71
      static const unsigned char kGuidRest[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                                  0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};
      body.append(reinterpret_cast<const char*>(kGuidRest), 14);
    } else if (f.tag != 1) {
      Put16(&body, 0);  // cbSize
    }
    if (f.tag != 1) {  // non-PCM files carry a fact chunk
      body += "fact";
      Put32(&body, 4);
      Put32(&body, static_cast<uint32_t>(s.size() / o.channels));
    }
  }
  if (o.data) {
    body += "data";
    Put32(&body, static_cast<uint32_t>(data.size()));
    body += data;
    if (data.size() % 2 == 1) body.push_back('\0');
  }
  std::string file = "RIFF";
  Put32(&file, static_cast<uint32_t>(body.size()));
  file += body;
  if (o.truncate_by > 0) file.resize(file.size() - static_cast<size_t>(o.truncate_by));
  return file;
}

std::string WriteFile(const std::string& name, const std::string& bytes) {
  const std::string path = TempDir() + "/circlet_wav_read_test_" + name + ".wav";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr) << path;
  if (f != nullptr) {
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  return path;
}

const Format kPcm8 = {"pcm_u8", 1, 8, 0};
const Format kPcm16 = {"pcm_s16", 1, 16, 0};
const Format kPcm24 = {"pcm_s24", 1, 24, 0};
const Format kPcm32 = {"pcm_s32", 1, 32, 0};
const Format kFloat32 = {"float32", 3, 32, 0};
const Format kFloat64 = {"float64", 3, 64, 0};
const Format kExtPcm24 = {"extensible_pcm_s24", 0xFFFE, 24, 1};
const Format kExtFloat32 = {"extensible_float32", 0xFFFE, 32, 3};

struct Case {
  Format format;
  int tolerance;  // in int16 steps: 1 LSB of the format, at most 1
};

class WavFormats : public ::testing::TestWithParam<Case> {};

TEST_P(WavFormats, DecodesToTheReference) {
  const Case c = GetParam();
  const std::vector<int16_t> ref = Reference();
  for (bool odd : {false, true}) {
    WavOptions o;
    o.odd_chunk = odd;
    const std::string path =
        WriteFile(std::string(c.format.name) + (odd ? "_odd" : ""), Wav(ref, c.format, o));
    std::vector<int16_t> got;
    std::string error;
    ASSERT_TRUE(kws::ReadWav16kMono(path, &got, &error)) << error;
    ASSERT_EQ(got.size(), ref.size());
    for (size_t i = 0; i < ref.size(); ++i) {
      ASSERT_LE(std::abs(got[i] - ref[i]), c.tolerance)
          << c.format.name << " sample " << i << ": " << got[i] << " vs " << ref[i];
    }
    std::remove(path.c_str());
  }
}

INSTANTIATE_TEST_SUITE_P(All, WavFormats,
                         ::testing::Values(Case{kPcm16, 0}, Case{kPcm8, 256}, Case{kPcm24, 1},
                                           Case{kPcm32, 1}, Case{kFloat32, 0}, Case{kFloat64, 0},
                                           Case{kExtPcm24, 1}, Case{kExtFloat32, 0}),
                         [](const ::testing::TestParamInfo<Case>& p) {
                           return std::string(p.param.format.name);
                         });

// The refusals: false, and a message that names the problem.
std::string Refusal(const std::string& name, const std::string& bytes) {
  const std::string path = WriteFile(name, bytes);
  std::vector<int16_t> got;
  std::string error;
  EXPECT_FALSE(kws::ReadWav16kMono(path, &got, &error)) << name;
  std::remove(path.c_str());
  std::printf("%s: %s\n", name.c_str(), error.c_str());
  return error;
}

TEST(WavRefusals, NameTheProblem) {
  const std::vector<int16_t> ref = Reference();
  WavOptions rate;
  rate.rate = 22050;
  EXPECT_NE(Refusal("rate", Wav(ref, kPcm16, rate)).find("sample rate 22050 Hz, expected 16000 Hz"),
            std::string::npos);
  WavOptions stereo;
  stereo.channels = 2;
  std::vector<int16_t> frames = ref;
  frames.push_back(0);  // whole frames of two samples
  EXPECT_NE(Refusal("stereo", Wav(frames, kPcm16, stereo)).find("2 channels, expected mono"),
            std::string::npos);
  // Half a frame at the end of the data chunk.
  EXPECT_NE(Refusal("half_frame", Wav(ref, kPcm16, stereo))
                .find("truncated: the data chunk's 818 bytes end inside a sample"),
            std::string::npos);
  const Format alaw = {"alaw", 6, 8, 0};
  EXPECT_NE(Refusal("alaw", Wav(ref, alaw)).find("compressed or unsupported sample format (A-Law"),
            std::string::npos);
  WavOptions truncated;
  truncated.truncate_by = 101;
  EXPECT_NE(Refusal("truncated", Wav(ref, kPcm16, truncated))
                .find("truncated: the data chunk declares 818 bytes, the file holds 717"),
            std::string::npos);
  WavOptions no_fmt;
  no_fmt.fmt = false;
  EXPECT_NE(Refusal("no_fmt", Wav(ref, kPcm16, no_fmt))
                .find("no fmt chunk (the sample format) before the data chunk"),
            std::string::npos);
  WavOptions no_data;
  no_data.data = false;
  EXPECT_NE(Refusal("no_data", Wav(ref, kPcm16, no_data)).find("no data chunk (the samples)"),
            std::string::npos);
  EXPECT_NE(Refusal("not_wav", "hello, this is text\n").find("not a WAV file"), std::string::npos);
  std::vector<int16_t> got;
  std::string error;
  EXPECT_FALSE(kws::ReadWav16kMono(TempDir() + "/circlet_no_such_file.wav", &got, &error));
  EXPECT_NE(error.find("cannot open: No such file"), std::string::npos) << error;
}

// The detector's answer on a spoken "yes" (espeak-ng, sox to 16 kHz 16-bit)
// is the same when sox converts the clip to each other format; for the
// formats that hold the 16-bit samples exactly the scores are identical too.
TEST(WavFormats, DetectorAnswerTheSameInEveryFormat) {
  if (std::system("command -v espeak-ng >/dev/null && command -v sox >/dev/null") != 0) {
    GTEST_SKIP() << "espeak-ng or sox not installed";
  }
  kws::KeywordSpotter spotter;
  std::string error;
  if (!spotter.Load(kws::DefaultModelPath(), &error)) GTEST_SKIP() << error;
  const std::string base = TempDir() + "/circlet_wav_read_test_yes";
  ASSERT_EQ(std::system(("espeak-ng -v en-us -w " + base + "_espeak.wav yes && sox " + base +
                         "_espeak.wav -D -r 16000 -c 1 -b 16 " + base + "_s16.wav")
                            .c_str()),
            0);
  std::vector<int16_t> ref;
  ASSERT_TRUE(kws::ReadWav16kMono(base + "_s16.wav", &ref, &error)) << error;
  kws::Result r16;
  ASSERT_TRUE(spotter.Run(ref.data(), ref.size(), 1, &r16, &error)) << error;
  EXPECT_STREQ(kws::kLabels[r16.label], "yes");
  const struct {
    const char* name;
    const char* sox;
    bool exact;
  } kConversions[] = {
      {"u8", "-e unsigned-integer -b 8", false}, {"s24", "-e signed-integer -b 24", true},
      {"s32", "-e signed-integer -b 32", true},  {"f32", "-e floating-point -b 32", true},
      {"f64", "-e floating-point -b 64", true},
  };
  for (const auto& c : kConversions) {
    const std::string out = base + "_" + c.name + ".wav";
    ASSERT_EQ(std::system(("sox " + base + "_s16.wav -D " + c.sox + " " + out).c_str()), 0);
    std::vector<int16_t> samples;
    ASSERT_TRUE(kws::ReadWav16kMono(out, &samples, &error)) << error;
    kws::Result r;
    ASSERT_TRUE(spotter.Run(samples.data(), samples.size(), 1, &r, &error)) << error;
    EXPECT_EQ(r.label, r16.label) << c.name << ": " << kws::kLabels[r.label];
    if (c.exact) {
      EXPECT_EQ(samples, ref) << c.name;
      EXPECT_EQ(std::memcmp(r.scores, r16.scores, sizeof(r.scores)), 0) << c.name;
    }
    std::remove(out.c_str());
  }
  std::remove((base + "_espeak.wav").c_str());
  std::remove((base + "_s16.wav").c_str());
}

}  // namespace
