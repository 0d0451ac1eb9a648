// SPDX-License-Identifier: Apache-2.0
// hello_world — circlet's sine demo: the same tiny MLP as TFLite Micro's
// hello_world, as a float model and as an int8 and a 16x8 model (int16
// activations, int8 weights) made by circlet's quantizer (all three
// generated at build time by make_sine_models).
//
//   hello_world [FLOAT_MODEL [INT8_MODEL [INT16_MODEL]]]
//                                             (default: the files next to the binary)
//   hello_world --int8-sweep [INT8_MODEL]     every int8 input's output byte
//                                             (compared with the Cortex-M7 run)
//
// Prints x, sin(x), each model's prediction and error, then per model the
// largest and mean |y - sin x| over 100 points of [0, 2*pi], the arena it
// needs (Interpreter report) and the time per inference (median over many
// invokes). Exit status: 0 (also on --help), 2 on a usage error (the reason on
// the first line of stderr), 1 on a missing or unreadable model file.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "circlet/interpreter.h"
#include "examples/common/read_file.h"

namespace {

constexpr size_t kArenaBytes = 4096;

std::string BinaryDir() {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ".";
  buf[n] = '\0';
  std::string p = buf;
  const size_t slash = p.rfind('/');
  return slash == std::string::npos ? "." : p.substr(0, slash);
}

// One model, its interpreter and a fixed arena (as on a microcontroller).
class SineModel {
 public:
  bool Load(const std::string& path) {
    path_ = path;
    size_t size = 0;
    if (!circlet::examples::ReadFileAligned(path, &bytes_, &size)) {
      std::fprintf(stderr, "hello_world: %s: cannot open: %s\n", path.c_str(),
                   std::strerror(errno));
      return false;
    }
    circlet::Status s =
        circlet::Model::Create(reinterpret_cast<const uint8_t*>(bytes_.data()), size, &model_);
    if (s.ok()) {
      interp_ = new (interp_storage_)
          circlet::Interpreter(model_, circlet::AllOpsResolver(), arena_, sizeof(arena_));
      s = interp_->Prepare();
    }
    if (!s.ok()) {
      std::fprintf(stderr, "hello_world: %s: %s\n", path.c_str(), s.message());
      return false;
    }
    return true;
  }

  // Runs x through the model (quantizing/dequantizing for an int8 or int16
  // model).
  bool Predict(float x, float* y) {
    const circlet::TensorView in = interp_->input(0);
    if (in.type == circlet::DType::kInt8) {
      const float q = std::round(x / in.quant.scale()) + static_cast<float>(in.quant.zero_point());
      in.as<int8_t>()[0] = static_cast<int8_t>(std::min(127.0f, std::max(-128.0f, q)));
    } else if (in.type == circlet::DType::kInt16) {
      const float q = std::round(x / in.quant.scale()) + static_cast<float>(in.quant.zero_point());
      in.as<int16_t>()[0] = static_cast<int16_t>(std::min(32767.0f, std::max(-32768.0f, q)));
    } else {
      in.as<float>()[0] = x;
    }
    const circlet::Status s = interp_->Invoke();
    if (!s.ok()) {
      std::fprintf(stderr, "hello_world: %s: %s\n", path_.c_str(), s.message());
      return false;
    }
    const circlet::TensorView out = interp_->output(0);
    if (out.type == circlet::DType::kInt8) {
      *y = out.quant.scale() * static_cast<float>(out.as<int8_t>()[0] - out.quant.zero_point());
    } else if (out.type == circlet::DType::kInt16) {
      *y = out.quant.scale() * static_cast<float>(out.as<int16_t>()[0] - out.quant.zero_point());
    } else {
      *y = out.as<float>()[0];
    }
    return true;
  }

  // Largest and mean |y - sin x| over 100 evenly spaced points of [0, 2*pi]
  // (the grid of tests/quantizer/sine_models_test.cc).
  bool ErrorVsSine(double* max_err, double* mean_err) {
    constexpr double kTwoPi = 6.283185307179586;
    double mx = 0.0, sum = 0.0;
    for (int i = 0; i < 100; ++i) {
      const double x = kTwoPi * i / 99;
      float y = 0.0f;
      if (!Predict(static_cast<float>(x), &y)) return false;
      const double e = std::fabs(static_cast<double>(y) - std::sin(x));
      mx = std::max(mx, e);
      sum += e;
    }
    *max_err = mx;
    *mean_err = sum / 100;
    return true;
  }

  // Median microseconds per inference: 101 blocks of 200 invokes each.
  double MicrosPerInference() {
    using Clock = std::chrono::steady_clock;
    std::vector<double> per;
    float y;
    for (int block = 0; block < 101; ++block) {
      const Clock::time_point t0 = Clock::now();
      for (int i = 0; i < 200; ++i) Predict(0.1f * static_cast<float>(i % 63), &y);
      per.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / 200);
    }
    std::sort(per.begin(), per.end());
    return per[per.size() / 2];
  }

  // int8 models: the input byte for x (as Predict quantizes it), and one
  // inference on a given input byte.
  int QuantizeInput(float x) const {
    const circlet::TensorView in = interp_->input(0);
    const float q = std::round(x / in.quant.scale()) + static_cast<float>(in.quant.zero_point());
    return static_cast<int>(std::min(127.0f, std::max(-128.0f, q)));
  }
  bool RunInt8(int8_t q, int8_t* out) {
    interp_->input(0).as<int8_t>()[0] = q;
    const circlet::Status s = interp_->Invoke();
    if (!s.ok()) {
      std::fprintf(stderr, "hello_world: %s: %s\n", path_.c_str(), s.message());
      return false;
    }
    *out = interp_->output(0).as<int8_t>()[0];
    return true;
  }
  const circlet::Interpreter& interp() const { return *interp_; }

  size_t arena_bytes() const { return interp_->report().arena_bytes; }
  size_t activation_bytes() const { return interp_->report().activation_bytes; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<uint64_t> bytes_;
  circlet::Model model_;
  alignas(16) uint8_t arena_[kArenaBytes];
  alignas(circlet::Interpreter) unsigned char interp_storage_[sizeof(circlet::Interpreter)];
  circlet::Interpreter* interp_ = nullptr;
};

}  // namespace

// --int8-sweep [INT8_MODEL]: the int8 model's output byte for every input
// byte, in the format of the Cortex-M7 firmware (sine_m7.cc), the
// quantization parameters and the demo's x values with their input bytes
// (for m7_demo.py, which compares the two).
int Int8Sweep(const std::string& path) {
  static SineModel model;
  if (!model.Load(path)) return 1;
  const circlet::TensorView in = model.interp().input(0), out = model.interp().output(0);
  if (in.type != circlet::DType::kInt8 || out.type != circlet::DType::kInt8) {
    std::fprintf(stderr, "hello_world: %s is not an int8 model\n", path.c_str());
    return 1;
  }
  std::printf("quant input_scale %.9g input_zp %d output_scale %.9g output_zp %d\n",
              static_cast<double>(in.quant.scale()), static_cast<int>(in.quant.zero_point()),
              static_cast<double>(out.quant.scale()), static_cast<int>(out.quant.zero_point()));
  for (int row = 0; row < 16; ++row) {
    std::printf("sweep q_in=%d:", -128 + 16 * row);
    for (int i = 0; i < 16; ++i) {
      int8_t y = 0;
      if (!model.RunInt8(static_cast<int8_t>(-128 + 16 * row + i), &y)) return 1;
      std::printf(" %d", y);
    }
    std::printf("\n");
  }
  for (int i = 0; i < 8; ++i) {
    const float x = 0.4f + 0.8f * static_cast<float>(i);
    std::printf("x %.3f q_in %d\n", static_cast<double>(x), model.QuantizeInput(x));
  }
  std::printf("arena_bytes=%zu\n", model.arena_bytes());
  return 0;
}

namespace {

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "usage: hello_world [FLOAT_MODEL [INT8_MODEL [INT16_MODEL]]]\n"
               "       hello_world --int8-sweep [INT8_MODEL]\n"
               "  the models default to the files next to the binary\n");
}

// A usage error: the reason on the first line of stderr, then the usage; 2.
int UsageError(const std::string& reason) {
  std::fprintf(stderr, "hello_world: %s\n", reason.c_str());
  PrintUsage(stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = BinaryDir();
  const bool sweep = argc > 1 && std::string(argv[1]) == "--int8-sweep";
  for (int i = sweep ? 2 : 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      PrintUsage(stdout);
      return 0;
    }
    if (!a.empty() && a[0] == '-') return UsageError("unknown option '" + a + "'");
  }
  if (sweep && argc > 3)
    return UsageError("--int8-sweep takes one model, got " + std::to_string(argc - 2));
  if (!sweep && argc > 4) {
    return UsageError("at most three models (float, int8, int16), got " + std::to_string(argc - 1));
  }
  if (sweep) return Int8Sweep(argc > 2 ? argv[2] : dir + "/sine_int8.tflite");
  const std::string float_path = argc > 1 ? argv[1] : dir + "/sine_float.tflite";
  const std::string int8_path = argc > 2 ? argv[2] : dir + "/sine_int8.tflite";
  const std::string int16_path = argc > 3 ? argv[3] : dir + "/sine_int16.tflite";
  static SineModel float_model, int8_model, int16_model;
  if (!float_model.Load(float_path) || !int8_model.Load(int8_path) ||
      !int16_model.Load(int16_path)) {
    return 1;
  }

  std::printf("circlet hello_world: y = sin(x) by a 1-16-16-1 MLP\n\n");
  std::printf("%8s %10s %12s %10s %12s %10s %12s %10s\n", "x", "sin(x)", "float", "error", "int8",
              "error", "int16", "error");
  for (int i = 0; i < 8; ++i) {
    const float x = 0.4f + 0.8f * static_cast<float>(i);
    float yf = 0.0f, yq = 0.0f, y16 = 0.0f;
    if (!float_model.Predict(x, &yf) || !int8_model.Predict(x, &yq) ||
        !int16_model.Predict(x, &y16)) {
      return 1;
    }
    const float s = std::sin(x);
    std::printf("%8.3f %10.5f %12.5f %+10.5f %12.5f %+10.5f %12.5f %+10.5f\n", x, s, yf, yf - s, yq,
                yq - s, y16, y16 - s);
  }
  // arena bytes: the Interpreter report's arena_bytes. For these models
  // Prepare()'s planning data (224 bytes) outweighs the activations, so all
  // three need the same arena; "activations" is the planned tensor peak.
  std::printf(
      "\nover 100 points of [0, 2pi]: max and mean |y - sin x|; arena and activation bytes "
      "from the Interpreter report\n");
  const struct {
    const char* name;
    SineModel* model;
  } rows[] = {{"float", &float_model}, {"int8", &int8_model}, {"int16", &int16_model}};
  int file_width = 4;
  for (const auto& row : rows) {
    file_width = std::max(file_width, static_cast<int>(row.model->path().size()));
  }
  std::printf("%-6s %-*s %9s %9s %12s %12s %14s\n", "model", file_width, "file", "max err",
              "mean err", "arena bytes", "activations", "us/inference");
  for (const auto& row : rows) {
    double max_err = 0.0, mean_err = 0.0;
    if (!row.model->ErrorVsSine(&max_err, &mean_err)) return 1;
    std::printf("%-6s %-*s %9.5f %9.5f %12zu %12zu %14.3f\n", row.name, file_width,
                row.model->path().c_str(), max_err, mean_err, row.model->arena_bytes(),
                row.model->activation_bytes(), row.model->MicrosPerInference());
  }
  return 0;
}
