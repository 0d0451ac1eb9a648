// SPDX-License-Identifier: Apache-2.0
// person_detection — is there a person in this photo? Runs two int8
// MobileNet v1 0.25 models on a PNG or JPEG image:
//   vww_96_int8    MLPerf Tiny's visual wake words model, 96x96 RGB
//   person_detect  TensorFlow Lite Micro's person detection model, 96x96 grey
//
//   person_detection [options] IMAGE
//     --vww PATH             vww_96_int8 model   (default
//     ../shared/models/vww_96_int8/model.tflite)
//     --person-detect PATH   person_detect model (default
//     ../shared/models/person_detect/model.tflite)
//     --only NAME            run only vww_96_int8 or person_detect
//     --runs N               inferences timed per model (median reported; default 10)
//     --dump-input FILE      write the model's int8 input tensor (needs --only)
//
// Pre-processing (preprocess.h): centre crop to a square, area-averaged
// resize to the model's input size, BT.601 luma for the grey model, then
// quantization with the model input's own scale and zero point from the input
// range each model was trained on:
//   vww_96_int8    pixels / 255 in [0, 1]    (MLPerf Tiny's training script)
//   person_detect  pixels in [-1, 1]          (TFLite Micro feeds pixel - 128)
//
// Both models output [no person, person] scores (softmax, int8); the verdict is
// "person" when the person score is the larger. Exit status: 0 when every
// selected model ran (or on --help), 2 on a usage error (the reason on the
// first line of stderr), 1 on a missing or unreadable image or model file
// (a message that names the problem).
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "examples/common/read_file.h"
#include "preprocess.h"
#include "stb/stb_image.h"

namespace {

struct ModelSpec {
  const char* name;
  const char* file;  // under the shared models directory
  int channels;      // 3: RGB, 1: grey
  person::InputRange range;
  const char* source;
};

// Output index 1 is "person" in both models: TFLite Micro's person detection
// labels are {"notperson", "person"}; MLPerf Tiny's VWW classes come from the
// folder names "non_person", "person" in sorted order.
constexpr int kPersonIndex = 1;
constexpr int kNoPersonIndex = 0;

const ModelSpec kModels[] = {
    {"vww_96_int8",
     "vww_96_int8/model.tflite",
     3,
     {0.0f, 1.0f},
     "MLPerf Tiny, https://github.com/mlcommons/tiny "
     "(benchmark/training/visual_wake_words/trained_models/vww_96_int8.tflite), Apache-2.0"},
    {"person_detect",
     "person_detect/model.tflite",
     1,
     {-1.0f, 1.0f},
     "TensorFlow Lite Micro, https://github.com/tensorflow/tflite-micro "
     "(tensorflow/lite/micro/models/person_detect.tflite), Apache-2.0"},
};
constexpr int kNumModels = sizeof(kModels) / sizeof(kModels[0]);

// One arena for whichever model runs (they run one after the other).
constexpr size_t kArenaBytes = 256 * 1024;
alignas(16) uint8_t g_arena[kArenaBytes];

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "usage: person_detection [--vww PATH] [--person-detect PATH] [--only NAME]\n"
               "                        [--runs N] [--dump-input FILE] IMAGE.(png|jpg)\n");
}

// A usage error: the reason on the first line of stderr, then the usage; 2.
int UsageError(const std::string& reason) {
  std::fprintf(stderr, "person_detection: %s\n", reason.c_str());
  PrintUsage(stderr);
  return 2;
}

// Why `bytes` (a file stb_image could not decode) is not a usable image, in
// words, from its magic bytes and its end: stb_image tries every decoder in
// turn and reports the last one's code ("bad png sig" for a broken JPEG).
std::string DescribeUndecodable(const std::vector<uint8_t>& b) {
  const size_t n = b.size();
  const std::string size = std::to_string(n) + " bytes";
  if (n == 0) return "empty file (0 bytes), expected a PNG or JPEG image";
  if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
    const bool has_end = n >= 4 && b[n - 2] == 0xFF && b[n - 1] == 0xD9;
    return has_end
               ? "corrupt JPEG (it starts as a JPEG but its data cannot be decoded; " + size + ")"
               : "truncated or corrupt JPEG (no end-of-image marker; " + size + ")";
  }
  static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (n >= 8 && std::memcmp(b.data(), kPng, 8) == 0) {
    const bool has_end = n >= 12 && std::memcmp(b.data() + n - 8, "IEND", 4) == 0;
    return has_end ? "corrupt PNG (it starts as a PNG but its data cannot be decoded; " + size + ")"
                   : "truncated or corrupt PNG (no IEND chunk at the end; " + size + ")";
  }
  char start[64];
  std::snprintf(start, sizeof(start), "%02x %02x %02x %02x", b[0], n > 1 ? b[1] : 0,
                n > 2 ? b[2] : 0, n > 3 ? b[3] : 0);
  return std::string("not a PNG or JPEG image (the file starts with bytes ") + start + ", " + size +
         ")";
}

bool LoadImage(const std::string& path, person::Image* img) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    std::fprintf(stderr, "person_detection: %s: cannot open: %s\n", path.c_str(),
                 std::strerror(errno));
    return false;
  }
  std::vector<uint8_t> bytes;
  uint8_t buf[65536];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof(buf), f)) > 0) bytes.insert(bytes.end(), buf, buf + got);
  std::fclose(f);
  int w = 0, h = 0, n = 0;
  unsigned char* pixels =
      bytes.empty() || bytes.size() > 0x7fffffff
          ? nullptr
          : stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &n,
                                  3);  // always RGB
  if (pixels == nullptr) {
    std::fprintf(stderr, "person_detection: %s: %s\n", path.c_str(),
                 DescribeUndecodable(bytes).c_str());
    return false;
  }
  img->width = w;
  img->height = h;
  img->channels = 3;
  img->data.assign(pixels, pixels + static_cast<size_t>(w) * h * 3);
  stbi_image_free(pixels);
  std::printf("image  %s: %dx%d, %s; centre crop ", path.c_str(), w, h,
              n == 1 || n == 2 ? "grey" : "colour");
  const person::Crop c = person::CentreCrop(w, h);
  std::printf("%dx%d at (%d,%d)\n", c.side, c.side, c.x0, c.y0);
  return true;
}

struct Result {
  float person = 0.0f;
  float no_person = 0.0f;
  size_t arena_bytes = 0;
  double ms = 0.0;
  std::string input;    // "96x96 RGB"
  std::string mapping;  // how pixels became int8
  int8_t raw[2] = {};   // the output bytes [no person, person]
  float out_scale = 0.0f;
  int32_t out_zp = 0;
};

float Dequantize(const circlet::TensorView& t, int i) {
  return t.quant.scale() * static_cast<float>(t.as<int8_t>()[i] - t.quant.zero_point());
}

// 0: ran, 1: error, 2: model file missing (main exits 1 on either).
int RunModel(const ModelSpec& spec, const std::string& path, const person::Image& img, int runs,
             const std::string& dump_path, Result* r) {
  std::vector<uint64_t> bytes;
  size_t size = 0;
  if (!circlet::examples::ReadFileAligned(path, &bytes, &size)) {
    std::fprintf(stderr,
                 "person_detection: %s model not found at %s\n"
                 "  get it from %s\n"
                 "  and pass its path with --%s PATH\n",
                 spec.name, path.c_str(), spec.source,
                 std::strcmp(spec.name, "vww_96_int8") == 0 ? "vww" : "person-detect");
    return 2;
  }
  circlet::Model model;
  circlet::Status s =
      circlet::Model::Create(reinterpret_cast<const uint8_t*>(bytes.data()), size, &model);
  if (!s.ok()) {
    std::fprintf(stderr, "person_detection: %s: %s\n", path.c_str(), s.message());
    return 1;
  }
  circlet::Interpreter interp(model, circlet::AllOpsResolver(), g_arena, sizeof(g_arena));
  s = interp.Prepare();
  if (!s.ok()) {
    std::fprintf(stderr, "person_detection: %s: %s\n", path.c_str(), s.message());
    return 1;
  }
  const circlet::TensorView in = interp.input(0);
  if (interp.num_inputs() != 1 || in.type != circlet::DType::kInt8 || in.rank != 4 ||
      in.dim(0) != 1 || in.dim(1) != in.dim(2) || in.dim(3) != spec.channels) {
    std::fprintf(stderr,
                 "person_detection: %s: %s expects one int8 input [1,N,N,%d] (%s), the model "
                 "has %d input(s), the first %s of rank %d\n",
                 path.c_str(), spec.name, spec.channels, spec.channels == 3 ? "RGB" : "grey",
                 interp.num_inputs(), circlet::DTypeName(in.type), static_cast<int>(in.rank));
    return 1;
  }
  const circlet::TensorView out0 = interp.output(0);
  if (interp.num_outputs() != 1 || out0.type != circlet::DType::kInt8 || out0.num_elements() != 2) {
    std::fprintf(stderr,
                 "person_detection: %s: %s expects one int8 output of 2 scores [no person, "
                 "person], the model has %d output(s), the first %s with %lld elements\n",
                 path.c_str(), spec.name, interp.num_outputs(), circlet::DTypeName(out0.type),
                 static_cast<long long>(out0.num_elements()));
    return 1;
  }
  const int n = in.dim(1);
  const float scale = in.quant.scale();
  const int32_t zp = in.quant.zero_point();
  if (!person::RangeFits(spec.range, scale, zp)) {
    std::fprintf(stderr,
                 "person_detection: %s: warning: input range [%g, %g] does not fit the input's "
                 "int8 range (scale %g, zero point %d): pixels are clamped\n",
                 path.c_str(), static_cast<double>(spec.range.lo),
                 static_cast<double>(spec.range.hi), static_cast<double>(scale), zp);
  }
  std::vector<int8_t> input(in.bytes());
  person::Preprocess(img, n, spec.channels, spec.range, scale, zp, input.data());
  if (!dump_path.empty()) {
    FILE* f = std::fopen(dump_path.c_str(), "wb");
    if (f == nullptr || std::fwrite(input.data(), 1, input.size(), f) != input.size()) {
      std::fprintf(stderr, "person_detection: cannot write %s\n", dump_path.c_str());
      if (f != nullptr) std::fclose(f);
      return 1;
    }
    std::fclose(f);
  }

  // Inputs may be overwritten by the run: refill before every Invoke().
  using Clock = std::chrono::steady_clock;
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    std::memcpy(in.data, input.data(), input.size());
    const Clock::time_point t0 = Clock::now();
    s = interp.Invoke();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!s.ok()) {
      std::fprintf(stderr, "person_detection: %s: %s\n", path.c_str(), s.message());
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  const circlet::TensorView out = interp.output(0);
  r->raw[0] = out.as<int8_t>()[0];
  r->raw[1] = out.as<int8_t>()[1];
  r->out_scale = out.quant.scale();
  r->out_zp = out.quant.zero_point();
  r->person = Dequantize(out, kPersonIndex);
  r->no_person = Dequantize(out, kNoPersonIndex);
  r->arena_bytes = interp.report().arena_bytes;
  r->ms = ms[ms.size() / 2];
  r->input = std::to_string(n) + "x" + std::to_string(n) + (spec.channels == 3 ? " RGB" : " grey");
  char line[200];
  std::snprintf(line, sizeof(line),
                "%-14s trained on [%g, %g]; input scale %.8g zero point %d: pixel 0 -> %d, "
                "128 -> %d, 255 -> %d",
                spec.name, static_cast<double>(spec.range.lo), static_cast<double>(spec.range.hi),
                static_cast<double>(scale), zp, person::QuantizePixel(0, spec.range, scale, zp),
                person::QuantizePixel(128, spec.range, scale, zp),
                person::QuantizePixel(255, spec.range, scale, zp));
  r->mapping = line;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string paths[kNumModels];
  for (int m = 0; m < kNumModels; ++m) {
    paths[m] = std::string(PERSON_DETECTION_MODELS_DIR) + "/" + kModels[m].file;
  }
  std::string only, dump_path, image_path;
  int runs = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--vww" && has_value) {
      paths[0] = argv[++i];
    } else if (a == "--person-detect" && has_value) {
      paths[1] = argv[++i];
    } else if (a == "--only" && has_value) {
      only = argv[++i];
    } else if (a == "--runs" && has_value) {
      const std::string v = argv[++i];
      char* end = nullptr;
      const long r = std::strtol(v.c_str(), &end, 10);
      runs = v.empty() || *end != '\0' || r > 1000000 ? 0 : static_cast<int>(r);
    } else if (a == "--dump-input" && has_value) {
      dump_path = argv[++i];
    } else if (a == "-h" || a == "--help") {
      PrintUsage(stdout);
      return 0;
    } else if ((a == "--vww" || a == "--person-detect" || a == "--only" || a == "--runs" ||
                a == "--dump-input") &&
               !has_value) {
      return UsageError(a + " needs a value");
    } else if (!a.empty() && a[0] == '-') {
      return UsageError("unknown option '" + a + "'");
    } else if (!image_path.empty()) {
      return UsageError("one image at a time: '" + image_path + "' and '" + a + "'");
    } else {
      image_path = a;
    }
  }
  if (image_path.empty()) return UsageError("no image given (a PNG or JPEG file)");
  if (runs < 1) return UsageError("--runs must be a whole number of at least 1");
  bool selected[kNumModels];
  for (int m = 0; m < kNumModels; ++m) selected[m] = only.empty() || only == kModels[m].name;
  if (!only.empty() && std::count(selected, selected + kNumModels, true) == 0) {
    return UsageError("--only " + only + ": expected vww_96_int8 or person_detect");
  }
  if (!dump_path.empty() && only.empty()) {
    return UsageError("--dump-input needs --only vww_96_int8|person_detect");
  }

  person::Image img;
  if (!LoadImage(image_path, &img)) return 1;

  Result results[kNumModels];
  int status[kNumModels] = {};
  int rc = 0;
  for (int m = 0; m < kNumModels; ++m) {
    if (!selected[m]) continue;
    status[m] = RunModel(kModels[m], paths[m], img, runs, dump_path, &results[m]);
    if (status[m] != 0) rc = 1;  // a missing model file (2) or another error (1)
  }
  for (int m = 0; m < kNumModels; ++m) {
    if (selected[m] && status[m] == 0) std::printf("input  %s\n", results[m].mapping.c_str());
  }
  for (int m = 0; m < kNumModels; ++m) {
    if (!selected[m] || status[m] != 0) continue;
    const Result& r = results[m];
    std::printf("output %-14s int8 [no person, person] = [%d, %d], scale %.8g zero point %d\n",
                kModels[m].name, r.raw[0], r.raw[1], static_cast<double>(r.out_scale), r.out_zp);
  }
  std::printf("%-14s %-11s %7s %10s  %-10s %12s %13s\n", "model", "input", "person", "no person",
              "verdict", "arena bytes", "ms/inference");
  for (int m = 0; m < kNumModels; ++m) {
    if (!selected[m] || status[m] != 0) continue;
    const Result& r = results[m];
    std::printf("%-14s %-11s %7.3f %10.3f  %-10s %12zu %13.3f\n", kModels[m].name, r.input.c_str(),
                static_cast<double>(r.person), static_cast<double>(r.no_person),
                r.person > r.no_person ? "person" : "no person", r.arena_bytes, r.ms);
  }
  return rc;
}
