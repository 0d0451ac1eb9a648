// SPDX-License-Identifier: Apache-2.0
// make_sine_models OUT_DIR — writes OUT_DIR/sine_float.tflite,
// OUT_DIR/sine_int8.tflite and OUT_DIR/sine_int16.tflite (16x8: int16
// activations, int8 weights), the hello_world demo's models.
//
// A tiny MLP, 1 -> 16 (ReLU) -> 16 (ReLU) -> 1, the shape of TFLite Micro's
// hello_world, is fitted to y = sin(x) on [0, 2*pi] in plain C++: full-batch
// Adam (16000 steps) on 128 evenly spaced points, mean squared error, weights initialized
// from a fixed-seed xorshift generator (He-uniform). Everything is
// deterministic: the same binary writes the same bytes. The float model goes
// through circlet's model writer, the int8 and 16x8 ones through the
// quantizer, both from one calibration on 1000 points of [0, 2*pi].
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "tools/quantizer/quantizer.h"
#include "tools/writer/model_writer.h"

namespace {

constexpr double kTwoPi = 6.283185307179586;
constexpr int kHidden = 16;

class Rng {  // xorshift64*, fixed seed: no dependence on <random>'s distributions
 public:
  double Uniform(double lo, double hi) {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    const uint64_t r = s_ * 0x2545F4914F6CDD1DULL;
    return lo + (hi - lo) * static_cast<double>(r >> 11) / 9007199254740992.0;
  }

 private:
  uint64_t s_ = 0x9E3779B97F4A7C15ULL;
};

// Parameters of one dense layer with its Adam moments.
struct Dense {
  int in, out;
  std::vector<double> w, b, gw, gb, mw, vw, mb, vb;
  Dense(int in_, int out_, Rng& rng) : in(in_), out(out_) {
    const double limit = std::sqrt(6.0 / in);  // He-uniform
    for (int i = 0; i < in * out; ++i) w.push_back(rng.Uniform(-limit, limit));
    b.assign(static_cast<size_t>(out), 0.0);
    gw.assign(w.size(), 0.0);
    mw = vw = gw;
    gb.assign(b.size(), 0.0);
    mb = vb = gb;
  }
  void Forward(const double* x, double* y, bool relu) const {
    for (int o = 0; o < out; ++o) {
      double acc = b[static_cast<size_t>(o)];
      for (int i = 0; i < in; ++i) acc += w[static_cast<size_t>(o * in + i)] * x[i];
      y[o] = relu && acc < 0.0 ? 0.0 : acc;
    }
  }
  // dy: gradient at the (post-activation) output; adds dx and accumulates gw/gb.
  void Backward(const double* x, const double* y, const double* dy, double* dx, bool relu) {
    for (int i = 0; i < in; ++i) dx[i] = 0.0;
    for (int o = 0; o < out; ++o) {
      const double g = relu && y[o] <= 0.0 ? 0.0 : dy[o];
      if (g == 0.0) continue;
      gb[static_cast<size_t>(o)] += g;
      for (int i = 0; i < in; ++i) {
        gw[static_cast<size_t>(o * in + i)] += g * x[i];
        dx[i] += g * w[static_cast<size_t>(o * in + i)];
      }
    }
  }
  void Adam(double lr, int t, double scale) {
    const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    const double c1 = 1.0 - std::pow(b1, t), c2 = 1.0 - std::pow(b2, t);
    auto step = [&](std::vector<double>& p, std::vector<double>& g, std::vector<double>& m,
                    std::vector<double>& v) {
      for (size_t i = 0; i < p.size(); ++i) {
        const double gi = g[i] * scale;
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] -= lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
        g[i] = 0.0;
      }
    };
    step(w, gw, mw, vw);
    step(b, gb, mb, vb);
  }
  std::vector<float> weights() const { return std::vector<float>(w.begin(), w.end()); }
  std::vector<float> biases() const { return std::vector<float>(b.begin(), b.end()); }
};

struct Mlp {
  Dense l1, l2, l3;
  explicit Mlp(Rng& rng) : l1(1, kHidden, rng), l2(kHidden, kHidden, rng), l3(kHidden, 1, rng) {
    // With x >= 0 and zero biases, every first-layer unit would bend at x = 0
    // (dead or linear on the whole domain): place each unit's kink at a
    // random point of [0, 2*pi] instead, and start the second layer slightly
    // active.
    for (int o = 0; o < kHidden; ++o) {
      l1.b[static_cast<size_t>(o)] = -l1.w[static_cast<size_t>(o)] * rng.Uniform(0.0, kTwoPi);
      l2.b[static_cast<size_t>(o)] = 0.1;
    }
  }
  double Predict(double x) const {
    double h1[kHidden], h2[kHidden], y = 0.0;
    l1.Forward(&x, h1, true);
    l2.Forward(h1, h2, true);
    l3.Forward(h2, &y, false);
    return y;
  }
};

void Train(Mlp& net) {
  constexpr int kPoints = 128, kSteps = 16000;
  std::vector<double> xs(kPoints);
  for (int i = 0; i < kPoints; ++i) xs[static_cast<size_t>(i)] = kTwoPi * i / (kPoints - 1);
  for (int t = 1; t <= kSteps; ++t) {
    double loss = 0.0;
    for (double x : xs) {
      double h1[kHidden], h2[kHidden], y = 0.0;
      net.l1.Forward(&x, h1, true);
      net.l2.Forward(h1, h2, true);
      net.l3.Forward(h2, &y, false);
      const double err = y - std::sin(x);
      loss += err * err;
      double dy = 2.0 * err, dh2[kHidden], dh1[kHidden], dx;
      net.l3.Backward(h2, &y, &dy, dh2, false);
      net.l2.Backward(h1, h2, dh2, dh1, true);
      net.l1.Backward(&x, h1, dh1, &dx, true);
    }
    // Learning rate 0.05, decayed exponentially to 0.0001 over the run.
    const double lr = 0.05 * std::pow(0.002, static_cast<double>(t) / kSteps);
    net.l1.Adam(lr, t, 1.0 / kPoints);
    net.l2.Adam(lr, t, 1.0 / kPoints);
    net.l3.Adam(lr, t, 1.0 / kPoints);
    if (t % 4000 == 0) std::printf("  step %d: mse %.6f\n", t, loss / kPoints);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace circlet::quantizer;
  const char* usage = "usage: make_sine_models OUT_DIR\n";
  if (argc == 2 && (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0)) {
    std::printf("%s", usage);
    return 0;
  }
  if (argc != 2 || argv[1][0] == '-') {
    std::fprintf(stderr, "make_sine_models: %s\n%s",
                 argc < 2   ? "no output directory given"
                 : argc > 2 ? "one output directory only"
                            : "unknown option",
                 usage);
    return 2;
  }
  const std::string dir = argv[1];
  try {
    Rng rng;
    Mlp net(rng);
    std::printf("make_sine_models: fitting 1-16-16-1 ReLU MLP to sin(x) on [0, 2pi]\n");
    Train(net);
    double max_err = 0.0;
    for (int i = 0; i < 100; ++i) {
      const double x = kTwoPi * i / 99;
      max_err = std::fmax(max_err, std::fabs(net.Predict(x) - std::sin(x)));
    }
    std::printf("  max |error| over 100 points (double): %.4f\n", max_err);

    FloatModel m;
    m.input_shape = {1, 1};
    m.input_name = "x";
    m.output_name = "y";
    m.layers.push_back(FullyConnected("dense", kHidden, 1, net.l1.weights(), net.l1.biases(), 1));
    m.layers.push_back(
        FullyConnected("dense_1", kHidden, kHidden, net.l2.weights(), net.l2.biases(), 1));
    m.layers.push_back(FullyConnected("dense_2", 1, kHidden, net.l3.weights(), net.l3.biases(), 0));
    const std::vector<uint8_t> float_bytes = WriteFloatModel(m);

    std::vector<std::vector<float>> samples;
    for (int i = 0; i < 1000; ++i) samples.push_back({static_cast<float>(kTwoPi * i / 999)});
    const Calibration cal = Calibrate(m, samples);
    const QuantizedModel q = Quantize(m, cal);
    const QuantizedModel q16 = Quantize(m, cal, ActivationType::kInt16);

    const std::string float_path = dir + "/sine_float.tflite",
                      int8_path = dir + "/sine_int8.tflite",
                      int16_path = dir + "/sine_int16.tflite";
    if (!circlet::writer::WriteFile(float_path, float_bytes) ||
        !circlet::writer::WriteFile(int8_path, q.bytes) ||
        !circlet::writer::WriteFile(int16_path, q16.bytes)) {
      std::fprintf(stderr, "make_sine_models: cannot write to %s\n", dir.c_str());
      return 1;
    }
    std::printf(
        "  wrote %s (%zu bytes), %s (%zu bytes; input scale %g zp %d, output scale %g zp %d)\n",
        float_path.c_str(), float_bytes.size(), int8_path.c_str(), q.bytes.size(),
        q.activations.front().scale, q.activations.front().zero_point, q.activations.back().scale,
        q.activations.back().zero_point);
    std::printf("  wrote %s (%zu bytes; 16x8, input scale %g, output scale %g, zero points 0)\n",
                int16_path.c_str(), q16.bytes.size(), q16.activations.front().scale,
                q16.activations.back().scale);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_sine_models: %s\n", e.what());
    return 1;
  }
  return 0;
}
