// SPDX-License-Identifier: Apache-2.0
// Host side of the keyword-spotting example (see kws.h).
#include "examples/keyword_spotting/kws.h"

#include <sndfile.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "examples/common/read_file.h"

namespace kws {
namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

double MicrosSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string DefaultModelPath() {
  return std::string(CIRCLET_SOURCE_DIR) + "/../shared/models/kws_ref_model/model.tflite";
}

std::string ModelMissingHelp(const std::string& path) {
  return "model not found: " + path +
         "\nkws_ref_model is MLPerf Tiny's keyword-spotting model (DS-CNN, int8), from the MLPerf "
         "Tiny repository (github.com/mlcommons/tiny, Apache-2.0), file "
         "benchmark/training/keyword_spotting/trained_models/kws_ref_model.tflite; put it at "
         "../shared/models/kws_ref_model/model.tflite or pass --model PATH";
}

namespace {

uint32_t Le32(const unsigned char* p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

// libsndfile shortens a data chunk that runs past the end of the file without
// an error, and reports a missing fmt chunk as a missing data chunk; this
// walks the RIFF chunks itself. Returns "" or what is wrong. Only RIFF/WAVE
// files are checked (RF64 and other files: "", libsndfile judges them).
std::string RiffProblem(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return "";
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  unsigned char h[12];
  std::fseek(f, 0, SEEK_SET);
  if (std::fread(h, 1, 12, f) != 12 || std::memcmp(h, "RIFF", 4) != 0 ||
      std::memcmp(h + 8, "WAVE", 4) != 0) {
    std::fclose(f);
    return "";
  }
  bool have_fmt = false;
  uint32_t block_align = 0;
  std::string problem;
  long at = 12;
  while (true) {
    unsigned char c[8];
    std::fseek(f, at, SEEK_SET);
    if (at + 8 > size || std::fread(c, 1, 8, f) != 8) {
      problem = have_fmt ? "no data chunk (the samples); the file ends after its header"
                         : "no fmt chunk (the sample format) and no data chunk";
      break;
    }
    const uint32_t n = Le32(c + 4);
    if (std::memcmp(c, "fmt ", 4) == 0) {
      unsigned char fmt[16];
      if (n < 16 || std::fread(fmt, 1, 16, f) != 16) {
        problem = "truncated or malformed fmt chunk (" + std::to_string(n) + " bytes)";
        break;
      }
      have_fmt = true;
      block_align = fmt[12] | (fmt[13] << 8);
    } else if (std::memcmp(c, "data", 4) == 0) {
      const long have = size - at - 8;
      if (!have_fmt) {
        problem = "no fmt chunk (the sample format) before the data chunk";
      } else if (static_cast<long>(n) > have) {
        problem = "truncated: the data chunk declares " + std::to_string(n) +
                  " bytes, the file holds " + std::to_string(have);
      } else if (block_align > 0 && n % block_align != 0) {
        problem = "truncated: the data chunk's " + std::to_string(n) +
                  " bytes end inside a sample (" + std::to_string(block_align) +
                  " bytes per sample frame)";
      }
      break;
    }
    at += 8 + static_cast<long>(n) + (n & 1);  // chunks are padded to even sizes
  }
  std::fclose(f);
  return problem;
}

}  // namespace

bool ReadWav16kMono(const std::string& path, std::vector<int16_t>* samples, std::string* error) {
  std::FILE* probe = std::fopen(path.c_str(), "rb");
  if (probe == nullptr) {
    *error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  std::fclose(probe);
  const std::string riff = RiffProblem(path);
  if (!riff.empty()) {
    *error = path + ": " + riff;
    return false;
  }
  SF_INFO info;
  std::memset(&info, 0, sizeof(info));
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (f == nullptr) {
    // libsndfile's reason in words, e.g. "File contains data in an unknown
    // format." or "Error in WAV file. No 'data' chunk marker."
    *error = path + ": not a WAV file this example can read: " + sf_strerror(nullptr);
    return false;
  }
  const std::string convert = " (convert it: sox " + path + " -r 16000 -c 1 -b 16 out.wav)";
  SF_FORMAT_INFO sub;
  std::memset(&sub, 0, sizeof(sub));
  sub.format = info.format & SF_FORMAT_SUBMASK;
  const bool named = sf_command(f, SFC_GET_FORMAT_INFO, &sub, sizeof(sub)) == 0 && sub.name;
  const std::string sub_name = named ? sub.name : "sample format " + std::to_string(sub.format);
  SF_FORMAT_INFO major;
  std::memset(&major, 0, sizeof(major));
  major.format = info.format & SF_FORMAT_TYPEMASK;
  const std::string major_name =
      sf_command(f, SFC_GET_FORMAT_INFO, &major, sizeof(major)) == 0 && major.name
          ? major.name
          : "container " + std::to_string(major.format);
  auto fail = [&](const std::string& why) {
    *error = path + ": " + why;
    sf_close(f);
    return false;
  };
  const int container = info.format & SF_FORMAT_TYPEMASK;
  if (container != SF_FORMAT_WAV && container != SF_FORMAT_WAVEX && container != SF_FORMAT_RF64) {
    return fail("an audio file of type " + major_name + ", expected a WAV file" + convert);
  }
  switch (info.format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_U8:
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_16:
    case SF_FORMAT_PCM_24:
    case SF_FORMAT_PCM_32:
    case SF_FORMAT_FLOAT:
    case SF_FORMAT_DOUBLE: break;
    default:
      return fail("compressed or unsupported sample format (" + sub_name +
                  "); this example reads uncompressed PCM (8, 16, 24 or 32-bit) or IEEE float "
                  "(32 or 64-bit)" +
                  convert);
  }
  if (info.samplerate != circlet::frontend::kSampleRate) {
    return fail("sample rate " + std::to_string(info.samplerate) +
                " Hz, expected 16000 Hz; this example does not resample" + convert);
  }
  if (info.channels != 1) {
    return fail(std::to_string(info.channels) +
                " channels, expected mono; this example does not downmix" + convert);
  }
  // Read as doubles: libsndfile scales integer PCM to [-1, 1) (16-bit s as
  // s / 32768, exactly) and passes float data through as stored. Then the
  // int16 the front end expects: x * 32768 rounded, clipped to the int16
  // range, so a 16-bit file gives back its samples bit for bit.
  std::vector<double> x(static_cast<size_t>(info.frames));
  const sf_count_t got = sf_readf_double(f, x.data(), info.frames);
  sf_close(f);
  if (got != info.frames) {
    *error = path + ": truncated: " + std::to_string(info.frames) + " samples declared, " +
             std::to_string(std::max<sf_count_t>(got, 0)) + " read";
    return false;
  }
  samples->resize(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const double v = std::isfinite(x[i]) ? std::nearbyint(x[i] * 32768.0) : 0.0;
    (*samples)[i] = static_cast<int16_t>(v >= 32767.0 ? 32767.0 : v <= -32768.0 ? -32768.0 : v);
  }
  return true;
}

size_t StreamWindowCount(size_t count) {
  // Stream length count + 2 pads; windows start at 0, hop, 2 hop, ... while
  // start + window <= stream length. The pads are as long as a window, so
  // this is (count + pad) / hop + 1.
  static_assert(kStreamPadSamples == kStreamWindowSamples, "window count formula");
  return (count + 2 * kStreamPadSamples - kStreamWindowSamples) / kStreamHopSamples + 1;
}

long StreamWindowStart(size_t k) {
  return static_cast<long>(k * kStreamHopSamples) - static_cast<long>(kStreamPadSamples);
}

void StreamWindowFill(const int16_t* samples, size_t count, size_t k, int16_t* out) {
  const long start = StreamWindowStart(k);
  const long n = static_cast<long>(count);
  const long window = static_cast<long>(kStreamWindowSamples);
  // The audio part of the window: audio samples [first, last) at out[first - start].
  const long first = std::max(start, 0L);
  const long last = std::min(start + window, n);
  std::fill(out, out + kStreamWindowSamples, int16_t{0});
  if (first < last) std::memcpy(out + (first - start), samples + first, (last - first) * 2);
}

KeywordSpotter::KeywordSpotter()
    : mfcc_(new circlet::frontend::MfccState), window_(new int16_t[kStreamWindowSamples]) {
  circlet::frontend::MfccInit(mfcc_.get());
}

KeywordSpotter::~KeywordSpotter() = default;

bool KeywordSpotter::Load(const std::string& model_path, std::string* error) {
  if (!circlet::examples::ReadFileAligned(model_path, &model_bytes_, &model_size_)) {
    *error = ModelMissingHelp(model_path);
    return false;
  }
  circlet::Status s = circlet::Model::Create(reinterpret_cast<const uint8_t*>(model_bytes_.data()),
                                             model_size_, &model_);
  if (s.ok()) {
    arena_.assign(kArenaCapacity / 8, 0);
    interp_.reset(new circlet::Interpreter(model_, circlet::AllOpsResolver(),
                                           reinterpret_cast<uint8_t*>(arena_.data()),
                                           kArenaCapacity));
    s = interp_->Prepare();
  }
  if (!s.ok()) {
    *error = model_path + ": " + s.message();
    return false;
  }
  const circlet::TensorView in = interp_->input(0);
  const circlet::TensorView out = interp_->output(0);
  if (in.type != circlet::DType::kInt8 || in.bytes() != circlet::frontend::kNumFeatures ||
      in.quant.count == 0) {
    *error = model_path + ": input 0 must be a quantized int8 tensor of 49x10 features (" +
             std::to_string(circlet::frontend::kNumFeatures) + " bytes), found " +
             std::to_string(in.bytes()) + " bytes";
    return false;
  }
  const size_t out_elems = out.type == circlet::DType::kFloat32 ? out.bytes() / 4 : out.bytes();
  if ((out.type != circlet::DType::kInt8 && out.type != circlet::DType::kFloat32) ||
      out_elems != static_cast<size_t>(kNumLabels)) {
    *error = model_path + ": output 0 must hold 12 int8 or float32 scores, found " +
             std::to_string(out.bytes()) + " bytes";
    return false;
  }
  return true;
}

size_t KeywordSpotter::arena_bytes() const {
  return interp_ ? interp_->report().arena_bytes : 0;
}

bool KeywordSpotter::RunOnce(const int16_t* samples, size_t count, Result* r, std::string* error) {
  const circlet::TensorView in = interp_->input(0);
  int8_t* input = in.as<int8_t>();
  auto t0 = std::chrono::steady_clock::now();
  circlet::frontend::MfccComputeInt8(mfcc_.get(), samples, count, in.quant.scale(),
                                     in.quant.zero_point(), input);
  r->features_us = MicrosSince(t0);
  std::memcpy(r->input, input, sizeof(r->input));
  t0 = std::chrono::steady_clock::now();
  const circlet::Status s = interp_->Invoke();
  r->inference_us = MicrosSince(t0);
  if (!s.ok()) {
    *error = std::string("Invoke: ") + s.message();
    return false;
  }
  const circlet::TensorView out = interp_->output(0);
  r->label = 0;
  for (int k = 0; k < kNumLabels; ++k) {
    if (out.type == circlet::DType::kInt8) {
      r->scores[k] =
          out.quant.scale() * static_cast<float>(out.as<int8_t>()[k] - out.quant.zero_point());
    } else {
      r->scores[k] = out.as<float>()[k];
    }
    if (r->scores[k] > r->scores[r->label]) r->label = k;
  }
  return true;
}

bool KeywordSpotter::Run(const int16_t* samples, size_t count, int runs, Result* r,
                         std::string* error) {
  std::vector<double> feature_us, inference_us;
  for (int i = 0; i < std::max(1, runs); ++i) {
    if (!RunOnce(samples, count, r, error)) return false;
    feature_us.push_back(r->features_us);
    inference_us.push_back(r->inference_us);
  }
  r->features_us = Median(feature_us);
  r->inference_us = Median(inference_us);
  return true;
}

bool KeywordSpotter::RunStream(const int16_t* samples, size_t count, StreamResult* r,
                               std::string* error, float* window_scores, size_t window_capacity,
                               const DetectorConfig& config) {
  KeywordDetector detector(config);
  *r = StreamResult();
  Result one;
  double features_us = 0, inference_us = 0;
  const size_t windows = StreamWindowCount(count);
  for (size_t k = 0; k < windows; ++k) {
    StreamWindowFill(samples, count, k, window_.get());
    if (!RunOnce(window_.get(), kStreamWindowSamples, &one, error)) {
      *error = "window " + std::to_string(k) + ": " + *error;
      return false;
    }
    features_us += one.features_us;
    inference_us += one.inference_us;
    const int detected = detector.Add(one.scores);
    if (detected >= 0 && r->detections++ == 0) {
      r->label = detected;
      r->window = k;
      r->window_start = StreamWindowStart(k);
      std::memcpy(r->scores, detector.averaged(), sizeof(r->scores));
    }
    if (window_scores != nullptr && k < window_capacity) {
      std::memcpy(window_scores + k * kNumLabels, one.scores, sizeof(one.scores));
    }
  }
  if (r->detections == 0) r->label = detector.Background();
  r->windows = windows;
  r->features_us = features_us;
  r->inference_us = inference_us;
  return true;
}

int PrepareSpeechRun(const char* program, const std::string& model_path, const std::string& workdir,
                     KeywordSpotter* spotter) {
  if (FILE* f = std::fopen(model_path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    std::printf("SKIPPED: %s\n", ModelMissingHelp(model_path).c_str());
    return kSkipExit;
  }
  for (const char* tool : {"espeak-ng", "sox"}) {
    const std::string cmd = std::string("command -v ") + tool + " >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      std::printf(
          "SKIPPED: %s not installed (scripts/install-deps.sh installs espeak-ng and sox)\n", tool);
      return kSkipExit;
    }
  }
  if (std::system(("mkdir -p '" + workdir + "'").c_str()) != 0) {
    std::printf("%s: cannot create %s\n", program, workdir.c_str());
    return 1;
  }
  std::string error;
  if (!spotter->Load(model_path, &error)) {
    std::printf("%s: %s\n", program, error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace kws
