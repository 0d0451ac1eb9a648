// SPDX-License-Identifier: Apache-2.0
// Host generator of the project's own small test models for the firmware
// runner (targets/CMakeLists.txt builds and runs it at build time):
//
//   gen_models OUT_DIR
//
// writes OUT_DIR/<model>/{model.tflite,input0.bin,output0.bin}. Each golden
// output is computed here with plain double arithmetic, independently of
// circlet's kernels:
//   own_fc_float  float [1,8] -> FC 8x6 + bias, RELU -> FC 6x3 + bias -> [1,3]
//                 weights and inputs are multiples of 1/16, so the double
//                 result is exact and the float kernel must match it within
//                 the README tolerance.
//   own_fc_int8   int8 [1,2,2,4] -> RESHAPE [1,16] -> FC 16x5 + int32 bias,
//                 per-tensor int8 -> [1,5]. Golden: round-half-away of
//                 acc * (s_in * s_w / s_out) + zp_out, clamped to int8. The
//                 bias is nudged until no output lies within 1e-3 of a
//                 rounding tie, so TFLite's fixed-point rounding (31-bit
//                 multiplier) cannot differ from the real-valued result.
//   own_chainN_float, own_chainN_int8 (N = 1, 8): N FULLY_CONNECTED ops in a
//                 chain, each on one element (1 input, 1 unit, bias), for
//                 the fixed cost per operator: (I(8) - I(1)) / 7 instructions.
//                 float: y = 0.5 x + 0.25 (exact in binary). int8: scales
//                 0.1 (activations), 0.25 (weight 4), bias 4: the effective
//                 multiplier is 0.25 and each op adds exactly 1.
#include <sys/stat.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tools/writer/model_writer.h"

namespace {

using circlet::DType;
namespace writer = circlet::writer;

constexpr int32_t kFullyConnected = 9;
constexpr int32_t kReshape = 22;

uint32_t g_rng = 0x2545F491u;
uint32_t Next() {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}

template <typename T>
std::vector<uint8_t> Bytes(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

bool Save(const std::string& dir, const std::vector<uint8_t>& model,
          const std::vector<uint8_t>& input, const std::vector<uint8_t>& output) {
  mkdir(dir.c_str(), 0755);
  return writer::WriteFile(dir + "/model.tflite", model) &&
         writer::WriteFile(dir + "/input0.bin", input) &&
         writer::WriteFile(dir + "/output0.bin", output);
}

// Multiple of 1/16 in [-2, 2).
float Sixteenth() {
  return static_cast<float>(static_cast<int>(Next() % 64) - 32) / 16.0f;
}

bool FcFloat(const std::string& out) {
  std::vector<float> x(8), w1(6 * 8), b1(6), w2(3 * 6), b2(3);
  for (auto* v : {&x, &w1, &b1, &w2, &b2}) {
    for (float& f : *v) f = Sixteenth();
  }
  std::vector<double> h(6), y(3);
  for (int o = 0; o < 6; ++o) {
    double acc = b1[o];
    for (int i = 0; i < 8; ++i) acc += static_cast<double>(x[i]) * w1[o * 8 + i];
    h[o] = acc > 0 ? acc : 0;
  }
  for (int o = 0; o < 3; ++o) {
    double acc = b2[o];
    for (int i = 0; i < 6; ++i) acc += h[i] * w2[o * 6 + i];
    y[o] = acc;
  }
  std::vector<float> golden(y.begin(), y.end());

  writer::ModelWriter mw;
  int tx = mw.AddTensor("x", DType::kFloat32, {1, 8});
  int tw1 = mw.AddConstant<float>("w1", DType::kFloat32, {6, 8}, w1);
  int tb1 = mw.AddConstant<float>("b1", DType::kFloat32, {6}, b1);
  int th = mw.AddTensor("h", DType::kFloat32, {1, 6});
  int tw2 = mw.AddConstant<float>("w2", DType::kFloat32, {3, 6}, w2);
  int tb2 = mw.AddConstant<float>("b2", DType::kFloat32, {3}, b2);
  int ty = mw.AddTensor("y", DType::kFloat32, {1, 3});
  mw.AddOperator(kFullyConnected, {tx, tw1, tb1}, {th}, writer::FullyConnectedOptions(1));
  mw.AddOperator(kFullyConnected, {th, tw2, tb2}, {ty}, writer::FullyConnectedOptions(0));
  mw.SetInputs({tx});
  mw.SetOutputs({ty});
  return Save(out + "/own_fc_float", mw.Finish(), Bytes(x), Bytes(golden));
}

bool FcInt8(const std::string& out) {
  const float s_in = 0.05f, s_w = 0.02f, s_out = 0.3f;
  const int zp_in = -3, zp_out = 7;
  std::vector<int8_t> x(16), w(5 * 16);
  std::vector<int32_t> b(5);
  for (int8_t& v : x) v = static_cast<int8_t>(Next() & 0xFF);
  for (int8_t& v : w) v = static_cast<int8_t>(static_cast<int>(Next() % 255) - 127);
  for (int32_t& v : b) v = static_cast<int32_t>(Next() % 2001) - 1000;
  const double m =
      static_cast<double>(s_in) * static_cast<double>(s_w) / static_cast<double>(s_out);
  std::vector<int8_t> golden(5);
  for (int o = 0; o < 5; ++o) {
    for (;;) {
      int64_t acc = b[o];
      for (int i = 0; i < 16; ++i) acc += static_cast<int64_t>(x[i] - zp_in) * w[o * 16 + i];
      const double real = static_cast<double>(acc) * m;
      const double frac = std::fabs(real - std::trunc(real));
      if (std::fabs(frac - 0.5) < 1e-3) {
        ++b[o];  // too close to a tie: move off it
        continue;
      }
      const double r = std::round(real) + zp_out;  // std::round: half away from zero
      golden[o] = static_cast<int8_t>(std::fmin(127.0, std::fmax(-128.0, r)));
      break;
    }
  }

  writer::ModelWriter mw;
  int tx = mw.AddTensor("x", DType::kInt8, {1, 2, 2, 4}, writer::PerTensor(s_in, zp_in));
  int tshape = mw.AddConstant<int32_t>("shape", DType::kInt32, {2}, {1, 16});
  int tflat = mw.AddTensor("flat", DType::kInt8, {1, 16}, writer::PerTensor(s_in, zp_in));
  int tw = mw.AddConstant<int8_t>("w", DType::kInt8, {5, 16}, w, writer::PerTensor(s_w, 0));
  int tb = mw.AddConstant<int32_t>("b", DType::kInt32, {5}, b, writer::PerTensor(s_in * s_w, 0));
  int ty = mw.AddTensor("y", DType::kInt8, {1, 5}, writer::PerTensor(s_out, zp_out));
  mw.AddOperator(kReshape, {tx, tshape}, {tflat}, writer::ReshapeOptions({1, 16}));
  mw.AddOperator(kFullyConnected, {tflat, tw, tb}, {ty}, writer::FullyConnectedOptions(0));
  mw.SetInputs({tx});
  mw.SetOutputs({ty});
  return Save(out + "/own_fc_int8", mw.Finish(), Bytes(x), Bytes(golden));
}

bool ChainFloat(const std::string& out, int n) {
  std::vector<float> x = {1.0f};
  double v = 1.0;
  writer::ModelWriter mw;
  int t = mw.AddTensor("x", DType::kFloat32, {1, 1});
  const int in = t;
  for (int i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    int tw = mw.AddConstant<float>("w" + k, DType::kFloat32, {1, 1}, {0.5f});
    int tb = mw.AddConstant<float>("b" + k, DType::kFloat32, {1}, {0.25f});
    int ty = mw.AddTensor("y" + k, DType::kFloat32, {1, 1});
    mw.AddOperator(kFullyConnected, {t, tw, tb}, {ty}, writer::FullyConnectedOptions(0));
    t = ty;
    v = 0.5 * v + 0.25;
  }
  mw.SetInputs({in});
  mw.SetOutputs({t});
  const std::vector<float> golden = {static_cast<float>(v)};
  return Save(out + "/own_chain" + std::to_string(n) + "_float", mw.Finish(), Bytes(x),
              Bytes(golden));
}

bool ChainInt8(const std::string& out, int n) {
  const float s = 0.1f, s_w = 0.25f;
  std::vector<int8_t> x = {40};
  writer::ModelWriter mw;
  int t = mw.AddTensor("x", DType::kInt8, {1, 1}, writer::PerTensor(s, 0));
  const int in = t;
  for (int i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    int tw = mw.AddConstant<int8_t>("w" + k, DType::kInt8, {1, 1}, {4}, writer::PerTensor(s_w, 0));
    int tb =
        mw.AddConstant<int32_t>("b" + k, DType::kInt32, {1}, {4}, writer::PerTensor(s * s_w, 0));
    int ty = mw.AddTensor("y" + k, DType::kInt8, {1, 1}, writer::PerTensor(s, 0));
    mw.AddOperator(kFullyConnected, {t, tw, tb}, {ty}, writer::FullyConnectedOptions(0));
    t = ty;
  }
  mw.SetInputs({in});
  mw.SetOutputs({t});
  const std::vector<int8_t> golden = {static_cast<int8_t>(40 + n)};  // (4 x + 4) * 0.25 = x + 1
  return Save(out + "/own_chain" + std::to_string(n) + "_int8", mw.Finish(), Bytes(x),
              Bytes(golden));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_models OUT_DIR\n");
    return 2;
  }
  const std::string out = argv[1];
  mkdir(out.c_str(), 0755);
  if (!FcFloat(out) || !FcInt8(out) || !ChainFloat(out, 1) || !ChainFloat(out, 8) ||
      !ChainInt8(out, 1) || !ChainInt8(out, 8)) {
    std::fprintf(stderr, "gen_models: cannot write to %s\n", out.c_str());
    return 1;
  }
  return 0;
}
