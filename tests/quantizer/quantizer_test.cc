// SPDX-License-Identifier: Apache-2.0
// Post-training quantizer. Expected values are hand-computed (parameter
// choice, calibration ranges) or come from a fake-quantization simulation in
// double written here: each layer recomputed from the int8 model's actual
// input to that layer, with the weights/bias/activation parameters rederived
// from the float model by the rules (per-channel max|w|/127, bias scale
// in_scale * w_scale, asymmetric activations including 0). The int8 kernels
// must agree within 1 LSB (fixed-point multiplier rounding).
#include "tools/quantizer/quantizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "circlet/interpreter.h"
#include "model/builtin_ops.h"
#include "tests/harness.h"

namespace circlet {
namespace quantizer {
namespace {

TEST(Quantizer, ActivationParamsHandComputed) {
  // [-1, 3]: scale 4/255; zp = round(-128 + 1 / (4/255)) = round(-64.25) = -64.
  QParams p = ChooseActivationParams({-1.0f, 3.0f});
  EXPECT_FLOAT_EQ(p.scale, 4.0f / 255.0f);
  EXPECT_EQ(p.zero_point, -64);
  // [0.5, 2] is widened to [0, 2]: 0 -> -128.
  p = ChooseActivationParams({0.5f, 2.0f});
  EXPECT_FLOAT_EQ(p.scale, 2.0f / 255.0f);
  EXPECT_EQ(p.zero_point, -128);
  // [-3, -1] is widened to [-3, 0]: 0 -> 127.
  p = ChooseActivationParams({-3.0f, -1.0f});
  EXPECT_FLOAT_EQ(p.scale, 3.0f / 255.0f);
  EXPECT_EQ(p.zero_point, 127);
}

TEST(Quantizer, WeightScalesPerOutputChannel) {
  const Layer l = FullyConnected("fc", 3, 2, {1.5f, -2.0f, 0.3f, 0.1f, 0.0f, 0.0f}, {}, 0);
  const std::vector<float> s = ChooseWeightScales(l);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_FLOAT_EQ(s[0], 2.0f / 127.0f);
  EXPECT_FLOAT_EQ(s[1], 0.3f / 127.0f);
  EXPECT_FLOAT_EQ(s[2], 1.0f);  // all-zero channel
}

TEST(Quantizer, CalibrationRecordsEachLayerRange) {
  // y1 = relu(2x + 1), y2 = -y1 + 0.5. Samples x in {-1, 0.5, 2}:
  // y1 = {0 (relu of -1), 2, 5}, y2 = {0.5, -1.5, -4.5}.
  FloatModel m;
  m.input_shape = {1, 1};
  m.layers.push_back(FullyConnected("a", 1, 1, {2.0f}, {1.0f}, 1));
  m.layers.push_back(FullyConnected("b", 1, 1, {-1.0f}, {0.5f}, 0));
  const Calibration c = Calibrate(m, {{-1.0f}, {0.5f}, {2.0f}});
  ASSERT_EQ(c.ranges.size(), 3u);
  EXPECT_FLOAT_EQ(c.ranges[0].min, -1.0f);
  EXPECT_FLOAT_EQ(c.ranges[0].max, 2.0f);
  EXPECT_FLOAT_EQ(c.ranges[1].min, 0.0f);
  EXPECT_FLOAT_EQ(c.ranges[1].max, 5.0f);
  EXPECT_FLOAT_EQ(c.ranges[2].min, -4.5f);
  EXPECT_FLOAT_EQ(c.ranges[2].max, 0.5f);
}

TEST(Quantizer, WritesInt8WeightsAndInt32Bias) {
  FloatModel m;
  m.input_shape = {1, 2};
  m.layers.push_back(FullyConnected("fc", 2, 2, {1.5f, -2.0f, 0.3f, 0.1f}, {0.25f, -0.1f}, 0));
  Calibration c;
  c.ranges = {{-1.0f, 3.0f}, {-2.0f, 6.0f}};
  const QuantizedModel q = Quantize(m, c);
  Model model;
  ASSERT_TRUE(Model::Create(q.bytes.data(), q.bytes.size(), &model).ok());
  ASSERT_EQ(model.num_operators(), 1);
  EXPECT_EQ(model.op_code(0), kOp_FULLY_CONNECTED);
  const TensorView in = model.tensor_view(model.input_tensor(0));
  EXPECT_EQ(in.type, DType::kInt8);
  EXPECT_FLOAT_EQ(in.quant.scale(), 4.0f / 255.0f);
  EXPECT_EQ(in.quant.zero_point(), -64);
  const TensorView out = model.tensor_view(model.output_tensor(0));
  EXPECT_EQ(out.type, DType::kInt8);
  EXPECT_FLOAT_EQ(out.quant.scale(), 8.0f / 255.0f);
  EXPECT_EQ(out.quant.zero_point(), -64);  // round(-128 + 2 / (8/255)) = round(-64.25)

  const auto* fop = model.fb_operator(0);
  const TensorView w = model.tensor_view(fop->inputs()->Get(1));
  const TensorView b = model.tensor_view(fop->inputs()->Get(2));
  ASSERT_EQ(w.type, DType::kInt8);
  ASSERT_EQ(w.quant.count, 2);
  EXPECT_EQ(w.quant.quantized_dimension, 0);
  EXPECT_FLOAT_EQ(w.quant.scales[0], 2.0f / 127.0f);
  EXPECT_FLOAT_EQ(w.quant.scales[1], 0.3f / 127.0f);
  // Row 0: 1.5 * 127/2 = 95.25 -> 95, -2 -> -127. Row 1: 0.3 -> 127, 0.1 * 127/0.3 = 42.33 -> 42.
  const int8_t* wq = w.as<int8_t>();
  EXPECT_EQ(wq[0], 95);
  EXPECT_EQ(wq[1], -127);
  EXPECT_EQ(wq[2], 127);
  EXPECT_EQ(wq[3], 42);
  ASSERT_EQ(b.type, DType::kInt32);
  ASSERT_EQ(b.quant.count, 2);
  // Bias scale = (4/255) * (2/127) = 2.4699e-4: 0.25 / 2.4699e-4 = 1012.2 -> 1012.
  // (4/255) * (0.3/127) = 3.7054e-5: -0.1 / 3.7054e-5 = -2698.8 -> -2699.
  EXPECT_NEAR(b.quant.scales[0], 4.0 / 255 * 2.0 / 127, 1e-9);
  EXPECT_NEAR(b.quant.scales[1], 4.0 / 255 * 0.3 / 127, 1e-10);
  EXPECT_EQ(b.as<int32_t>()[0], 1012);
  EXPECT_EQ(b.as<int32_t>()[1], -2699);
}

TEST(Quantizer, RejectsInconsistentModels) {
  FloatModel m;
  m.input_shape = {1, 3};
  m.layers.push_back(FullyConnected("fc", 2, 3, {1, 2, 3}, {}, 0));  // 3 of 6 weights
  EXPECT_THROW(WriteFloatModel(m), QuantizerError);
  m.layers[0] = FullyConnected("fc", 2, 4, std::vector<float>(8, 1.0f), {}, 0);  // depth 4 vs 3
  EXPECT_THROW(WriteFloatModel(m), QuantizerError);
  m.layers[0] = FullyConnected("fc", 2, 3, std::vector<float>(6, 1.0f), {1, 2, 3}, 0);
  EXPECT_THROW(WriteFloatModel(m), QuantizerError);  // 3 biases for 2 units
  m.layers[0] = FullyConnected("fc", 2, 3, std::vector<float>(6, 1.0f), {1, 2}, 0);
  EXPECT_THROW(Calibrate(m, {}), QuantizerError);
  EXPECT_THROW(Calibrate(m, {{1.0f, 2.0f}}), QuantizerError);  // 2 values for 3 inputs
}

// ---- fake-quantization simulation ------------------------------------------

float Pseudo(uint32_t* s) {  // xorshift32 in [-1, 1)
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return static_cast<float>(*s >> 8) / 8388608.0f - 1.0f;
}

std::vector<float> RandomVector(size_t n, float amplitude, uint32_t* s) {
  std::vector<float> v(n);
  for (float& x : v) x = amplitude * Pseudo(s);
  return v;
}

struct Sim {
  double scale;
  int zp;
};

// The rule, written independently of the quantizer.
Sim ActParams(double lo, double hi) {
  lo = std::fmin(lo, 0.0);
  hi = std::fmax(hi, 0.0);
  const double s = static_cast<float>((hi - lo) / 255.0);
  const double z = std::round(-128.0 - lo / s);
  return {s, static_cast<int>(std::fmin(127.0, std::fmax(-128.0, z)))};
}

int8_t Q(double x, Sim p) {
  return static_cast<int8_t>(std::fmin(127.0, std::fmax(-128.0, std::round(x / p.scale) + p.zp)));
}

// One layer on the int8 input `in` (values dequantized), float math on the
// fake-quantized weights and bias; returns the int8 result.
std::vector<int8_t> SimulateLayer(const Layer& l, const std::vector<int32_t>& in_shape,
                                  const std::vector<int8_t>& in, Sim in_p, Sim out_p) {
  const int32_t oc = l.weights_shape[0];
  const size_t per = l.weights.size() / static_cast<size_t>(oc);
  std::vector<double> wd(l.weights.size()), bd(static_cast<size_t>(oc), 0.0);
  for (int32_t c = 0; c < oc; ++c) {
    double mx = 0.0;
    for (size_t i = 0; i < per; ++i) mx = std::fmax(mx, std::fabs(l.weights[c * per + i]));
    const double ws = static_cast<float>(mx / 127.0);
    for (size_t i = 0; i < per; ++i) wd[c * per + i] = std::round(l.weights[c * per + i] / ws) * ws;
    const double bs = in_p.scale * ws;
    if (!l.bias.empty()) bd[static_cast<size_t>(c)] = std::round(l.bias[c] / bs) * bs;
  }
  auto x = [&](size_t i) { return (in[i] - in_p.zp) * in_p.scale; };
  std::vector<double> acc;
  if (l.type == LayerType::kFullyConnected) {
    const size_t depth = static_cast<size_t>(l.weights_shape[1]);
    for (size_t bt = 0; bt < in.size() / depth; ++bt) {
      for (int32_t c = 0; c < oc; ++c) {
        double a = bd[static_cast<size_t>(c)];
        for (size_t i = 0; i < depth; ++i) a += x(bt * depth + i) * wd[c * depth + i];
        acc.push_back(a);
      }
    }
  } else {  // CONV_2D, VALID, stride 1, NHWC, batch 1
    const int H = in_shape[1], W = in_shape[2], C = in_shape[3];
    const int KH = l.weights_shape[1], KW = l.weights_shape[2];
    for (int oy = 0; oy + KH <= H; ++oy) {
      for (int ox = 0; ox + KW <= W; ++ox) {
        for (int32_t o = 0; o < oc; ++o) {
          double a = bd[static_cast<size_t>(o)];
          for (int ky = 0; ky < KH; ++ky)
            for (int kx = 0; kx < KW; ++kx)
              for (int c = 0; c < C; ++c)
                a += x(static_cast<size_t>(((oy + ky) * W + ox + kx) * C + c)) *
                     wd[static_cast<size_t>(((o * KH + ky) * KW + kx) * C + c)];
          acc.push_back(a);
        }
      }
    }
  }
  std::vector<int8_t> out;
  for (double a : acc) {
    if (l.activation == 1) a = std::fmax(a, 0.0);                  // RELU
    if (l.activation == 3) a = std::fmin(std::fmax(a, 0.0), 6.0);  // RELU6
    out.push_back(Q(a, out_p));
  }
  return out;
}

// Captures each op's int8 output.
class Capture : public InvokeObserver {
 public:
  explicit Capture(const Interpreter& i) : interp_(i) {}
  void OnOpEnd(int op) override {
    const TensorView t = interp_.tensor(interp_.model().fb_operator(op)->outputs()->Get(0));
    outputs.emplace_back(t.as<int8_t>(), t.as<int8_t>() + t.num_elements());
  }
  std::vector<std::vector<int8_t>> outputs;

 private:
  const Interpreter& interp_;
};

// Quantizes `m` with `samples`, runs each test input through the int8 model
// and compares every layer with the simulation; returns the largest
// |int8 output dequantized - float model output| (float forward via circlet).
double CheckAgainstSimulation(const FloatModel& m, const std::vector<std::vector<float>>& samples,
                              const std::vector<std::vector<float>>& inputs) {
  const Calibration cal = Calibrate(m, samples);
  const QuantizedModel q = Quantize(m, cal);
  const auto shapes = LayerOutputShapes(m);
  std::vector<Sim> act;
  for (const Range& r : cal.ranges) act.push_back(ActParams(r.min, r.max));

  Model qm, fm;
  const std::vector<uint8_t> fbytes = WriteFloatModel(m);
  EXPECT_TRUE(Model::Create(q.bytes.data(), q.bytes.size(), &qm).ok());
  EXPECT_TRUE(Model::Create(fbytes.data(), fbytes.size(), &fm).ok());
  std::unique_ptr<uint64_t[]> a1(new uint64_t[1 << 14]), a2(new uint64_t[1 << 14]);
  Interpreter qi(qm, AllOpsResolver(), reinterpret_cast<uint8_t*>(a1.get()), 8 << 14);
  Interpreter fi(fm, AllOpsResolver(), reinterpret_cast<uint8_t*>(a2.get()), 8 << 14);
  Status s = qi.Prepare();
  EXPECT_TRUE(s.ok()) << s.message();
  s = fi.Prepare();
  EXPECT_TRUE(s.ok()) << s.message();
  if (!qi.prepared() || !fi.prepared()) return 1e9;
  // The model carries the parameters the rule gives.
  for (size_t k = 0; k <= m.layers.size(); ++k) {
    const int t =
        k == 0 ? qm.input_tensor(0) : qm.fb_operator(static_cast<int>(k - 1))->outputs()->Get(0);
    const TensorView v = qm.tensor_view(t);
    EXPECT_NEAR(v.quant.scale(), act[k].scale, 1e-7 * act[k].scale) << "tensor after layer " << k;
    EXPECT_EQ(v.quant.zero_point(), act[k].zp) << "tensor after layer " << k;
  }
  double worst = 0.0;
  int off_by_one = 0, compared = 0;
  for (const auto& x : inputs) {
    std::vector<int8_t> xq;
    for (float v : x) xq.push_back(Q(v, act[0]));
    std::memcpy(qi.input(0).data, xq.data(), xq.size());
    Capture cap(qi);
    qi.set_observer(&cap);
    EXPECT_TRUE(qi.Invoke().ok());
    qi.set_observer(nullptr);
    std::vector<int8_t> layer_in = xq;
    std::vector<int32_t> in_shape = m.input_shape;
    for (size_t k = 0; k < m.layers.size(); ++k) {
      const std::vector<int8_t> sim =
          SimulateLayer(m.layers[k], in_shape, layer_in, act[k], act[k + 1]);
      EXPECT_EQ(sim.size(), cap.outputs[k].size());
      for (size_t i = 0; i < sim.size() && i < cap.outputs[k].size(); ++i) {
        const int d = std::abs(sim[i] - cap.outputs[k][i]);
        EXPECT_LE(d, 1) << "layer " << k << " element " << i;
        off_by_one += d == 1;
        ++compared;
      }
      layer_in = cap.outputs[k];
      in_shape = shapes[k];
    }
    std::memcpy(fi.input(0).data, x.data(), x.size() * sizeof(float));
    EXPECT_TRUE(fi.Invoke().ok());
    const TensorView fo = fi.output(0), qo = qi.output(0);
    for (int64_t i = 0; i < fo.num_elements(); ++i) {
      const double deq = (qo.as<int8_t>()[i] - act.back().zp) * act.back().scale;
      worst = std::fmax(worst, std::fabs(deq - fo.as<float>()[i]));
    }
  }
  std::printf(
      "[ quant    ] %d of %d int8 values 1 LSB off the double simulation; "
      "max |int8 - float| at the output %.4f (output scale %.4f)\n",
      off_by_one, compared, worst, act.back().scale);
  return worst;
}

TEST(Quantizer, FullyConnectedChainMatchesSimulation) {
  uint32_t seed = 12345;
  FloatModel m;
  m.input_shape = {1, 8};
  m.layers.push_back(FullyConnected("fc0", 12, 8, RandomVector(96, 0.5f, &seed),
                                    RandomVector(12, 0.2f, &seed), 1));
  m.layers.push_back(FullyConnected("fc1", 6, 12, RandomVector(72, 0.4f, &seed),
                                    RandomVector(6, 0.2f, &seed), 3 /*RELU6*/));
  m.layers.push_back(FullyConnected("fc2", 3, 6, RandomVector(18, 0.6f, &seed), {}, 0));
  std::vector<std::vector<float>> samples, inputs;
  for (int i = 0; i < 64; ++i) samples.push_back(RandomVector(8, 1.0f, &seed));
  // Test on calibration samples: no activation is clipped by its range (an
  // input outside the calibrated ranges saturates, as in any PTQ model).
  inputs.assign(samples.begin(), samples.begin() + 16);
  const double worst = CheckAgainstSimulation(m, samples, inputs);
  // Quality, not exactness: the output range is a few units wide, its LSB
  // about 0.01; three requantizations stay well within 0.1.
  EXPECT_LT(worst, 0.1);
}

TEST(Quantizer, ConvThenFullyConnectedMatchesSimulation) {
  uint32_t seed = 777;
  FloatModel m;
  m.input_shape = {1, 5, 5, 2};
  Layer conv;
  conv.type = LayerType::kConv2D;
  conv.name = "conv";
  conv.weights_shape = {3, 3, 3, 2};
  conv.weights = RandomVector(54, 0.5f, &seed);
  conv.bias = RandomVector(3, 0.1f, &seed);
  conv.activation = 1;
  m.layers.push_back(conv);
  m.layers.push_back(
      FullyConnected("fc", 2, 27, RandomVector(54, 0.3f, &seed), RandomVector(2, 0.1f, &seed), 0));
  EXPECT_EQ(LayerOutputShapes(m)[0], (std::vector<int32_t>{1, 3, 3, 3}));
  std::vector<std::vector<float>> samples, inputs;
  for (int i = 0; i < 32; ++i) samples.push_back(RandomVector(50, 1.0f, &seed));
  inputs.assign(samples.begin(), samples.begin() + 8);
  EXPECT_LT(CheckAgainstSimulation(m, samples, inputs), 0.1);
}

}  // namespace
}  // namespace quantizer
}  // namespace circlet
