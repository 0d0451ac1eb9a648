// SPDX-License-Identifier: Apache-2.0
#include "tools/quantizer/quantizer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "circlet/interpreter.h"
#include "model/builtin_ops.h"
#include "tools/writer/model_writer.h"

namespace circlet {
namespace quantizer {
namespace {

int64_t Elements(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

std::string ShapeStr(const std::vector<int32_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? "," : "") + std::to_string(s[i]);
  return out + "]";
}

[[noreturn]] void Fail(const std::string& what) {
  throw QuantizerError("quantizer: " + what);
}

// Output size of a convolution along one spatial axis (TFLite's
// ComputeOutSize): SAME ceil(in / stride); VALID ceil((in - eff + 1) / stride)
// with eff = (k - 1) * dilation + 1.
int32_t ConvOutSize(fb::Padding padding, int32_t in, int32_t k, int stride, int dilation) {
  const int32_t eff = (k - 1) * dilation + 1;
  if (padding == fb::Padding_SAME) return (in + stride - 1) / stride;
  return in >= eff ? (in - eff + stride) / stride : 0;
}

std::vector<int32_t> LayerOutputShape(const Layer& l, const std::vector<int32_t>& in, size_t k) {
  const std::string where = "layer " + std::to_string(k) + " '" + l.name + "': ";
  const int64_t wn = Elements(l.weights_shape);
  if (static_cast<int64_t>(l.weights.size()) != wn) {
    Fail(where + std::to_string(l.weights.size()) + " weights for shape " +
         ShapeStr(l.weights_shape));
  }
  if (!l.bias.empty() && static_cast<int32_t>(l.bias.size()) != l.out_channels()) {
    Fail(where + std::to_string(l.bias.size()) + " biases for " + std::to_string(l.out_channels()) +
         " output channels");
  }
  if (l.type == LayerType::kFullyConnected) {
    if (l.weights_shape.size() != 2) Fail(where + "weights must be [units, depth]");
    const int32_t depth = l.weights_shape[1];
    const int64_t n = Elements(in);
    if (depth <= 0 || n % depth != 0) {
      Fail(where + "input " + ShapeStr(in) + " is not a multiple of depth " +
           std::to_string(depth));
    }
    return {static_cast<int32_t>(n / depth), l.weights_shape[0]};
  }
  if (l.weights_shape.size() != 4 || in.size() != 4) {
    Fail(where + "CONV_2D needs NHWC input and [out, kh, kw, in] weights");
  }
  if (in[3] != l.weights_shape[3]) {
    Fail(where + "input channels " + std::to_string(in[3]) + " vs weights " +
         std::to_string(l.weights_shape[3]));
  }
  const int32_t oh = ConvOutSize(l.padding, in[1], l.weights_shape[1], l.stride_h, l.dilation_h);
  const int32_t ow = ConvOutSize(l.padding, in[2], l.weights_shape[2], l.stride_w, l.dilation_w);
  if (oh <= 0 || ow <= 0) Fail(where + "empty output");
  return {in[0], oh, ow, l.weights_shape[0]};
}

writer::Options LayerOptions(const Layer& l) {
  if (l.type == LayerType::kFullyConnected) return writer::FullyConnectedOptions(l.activation);
  return writer::Conv2DOptions(l.padding, l.stride_w, l.stride_h, l.activation, l.dilation_w,
                               l.dilation_h);
}

int32_t LayerOpCode(const Layer& l) {
  return l.type == LayerType::kFullyConnected ? kOp_FULLY_CONNECTED : kOp_CONV_2D;
}

std::string TensorName(const FloatModel& m, size_t k) {
  return k + 1 == m.layers.size() ? m.output_name : m.layers[k].name;
}

// Records the range of every layer output right after its op has run.
class RangeObserver : public InvokeObserver {
 public:
  RangeObserver(const Interpreter& interp, Calibration* cal) : interp_(interp), cal_(cal) {}
  void OnOpEnd(int op) override {
    const int t = interp_.model().fb_operator(op)->outputs()->Get(0);
    const TensorView v = interp_.tensor(t);
    Range& r = cal_->ranges[static_cast<size_t>(op) + 1];
    const float* p = v.as<float>();
    for (int64_t i = 0; i < v.num_elements(); ++i) {
      r.min = std::min(r.min, p[i]);
      r.max = std::max(r.max, p[i]);
    }
  }

 private:
  const Interpreter& interp_;
  Calibration* cal_;
};

// A rounded value saturated to T's range (int32 or int64 bias).
template <typename T>
T Saturate(double q) {
  // T's max as a double is 2^31 - 1 (exact) or 2^63 (rounded up): >= saturates.
  if (q >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  if (q <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  return static_cast<T>(q);
}

}  // namespace

Layer FullyConnected(const std::string& name, int32_t units, int32_t depth,
                     std::vector<float> weights, std::vector<float> bias, int activation) {
  Layer l;
  l.type = LayerType::kFullyConnected;
  l.name = name;
  l.weights_shape = {units, depth};
  l.weights = std::move(weights);
  l.bias = std::move(bias);
  l.activation = activation;
  return l;
}

std::vector<std::vector<int32_t>> LayerOutputShapes(const FloatModel& m) {
  if (m.layers.empty()) Fail("the model has no layers");
  if (m.input_shape.empty() || Elements(m.input_shape) <= 0) Fail("empty input shape");
  std::vector<std::vector<int32_t>> shapes;
  std::vector<int32_t> cur = m.input_shape;
  for (size_t k = 0; k < m.layers.size(); ++k) {
    cur = LayerOutputShape(m.layers[k], cur, k);
    shapes.push_back(cur);
  }
  return shapes;
}

std::vector<uint8_t> WriteFloatModel(const FloatModel& m) {
  const auto shapes = LayerOutputShapes(m);
  writer::ModelWriter w;
  int cur = w.AddTensor(m.input_name, DType::kFloat32, m.input_shape);
  const int input = cur;
  for (size_t k = 0; k < m.layers.size(); ++k) {
    const Layer& l = m.layers[k];
    const int wt =
        w.AddConstant<float>(l.name + "/weights", DType::kFloat32, l.weights_shape, l.weights);
    const int b = l.bias.empty() ? -1
                                 : w.AddConstant<float>(l.name + "/bias", DType::kFloat32,
                                                        {l.out_channels()}, l.bias);
    const int out = w.AddTensor(TensorName(m, k), DType::kFloat32, shapes[k]);
    w.AddOperator(LayerOpCode(l), {cur, wt, b}, {out}, LayerOptions(l), 1);
    cur = out;
  }
  w.SetInputs({input});
  w.SetOutputs({cur});
  w.SetDescription("circlet quantizer: float model");
  return w.Finish();
}

Calibration Calibrate(const FloatModel& m, const std::vector<std::vector<float>>& samples) {
  if (samples.empty()) Fail("calibration needs at least one sample");
  const std::vector<uint8_t> bytes = WriteFloatModel(m);
  Model model;
  Status s = Model::Create(bytes.data(), bytes.size(), &model);
  if (!s.ok()) Fail(std::string("float model: ") + s.message());
  const size_t arena_bytes = size_t{16} << 20;
  std::unique_ptr<uint64_t[]> arena(new uint64_t[arena_bytes / 8]);
  Interpreter interp(model, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.get()), arena_bytes);
  s = interp.Prepare();
  if (!s.ok()) Fail(std::string("float model: ") + s.message());

  Calibration cal;
  cal.ranges.resize(m.layers.size() + 1);
  for (Range& r : cal.ranges) {
    r.min = std::numeric_limits<float>::infinity();
    r.max = -std::numeric_limits<float>::infinity();
  }
  RangeObserver observer(interp, &cal);
  interp.set_observer(&observer);
  const TensorView in = interp.input(0);
  for (size_t i = 0; i < samples.size(); ++i) {
    const std::vector<float>& x = samples[i];
    if (static_cast<int64_t>(x.size()) != in.num_elements()) {
      Fail("sample " + std::to_string(i) + " has " + std::to_string(x.size()) +
           " values, the input has " + std::to_string(in.num_elements()));
    }
    std::memcpy(in.data, x.data(), x.size() * sizeof(float));
    for (float v : x) {
      cal.ranges[0].min = std::min(cal.ranges[0].min, v);
      cal.ranges[0].max = std::max(cal.ranges[0].max, v);
    }
    s = interp.Invoke();
    if (!s.ok()) Fail(std::string("float model: ") + s.message());
  }
  return cal;
}

QParams ChooseActivationParams(Range r, ActivationType type) {
  if (type == ActivationType::kInt8) return ChooseActivationParams(r);
  // TFLite's GetSymmetricQuantizationParams with half range 32767, in float.
  const float lo = std::min(r.min, 0.0f), hi = std::max(r.max, 0.0f);
  QParams p;
  const float m = std::max(std::fabs(lo), std::fabs(hi));
  if (m > 0.0f) p.scale = m / 32767.0f;
  return p;
}

QParams ChooseActivationParams(Range r) {
  const float lo = std::min(r.min, 0.0f), hi = std::max(r.max, 0.0f);
  QParams p;
  if (!(hi > lo)) return p;  // all zeros: any scale represents them
  p.scale = (hi - lo) / 255.0f;
  const double zp = std::round(-128.0 - static_cast<double>(lo) / p.scale);
  p.zero_point = static_cast<int32_t>(std::min(127.0, std::max(-128.0, zp)));
  return p;
}

std::vector<float> ChooseWeightScales(const Layer& l) {
  const int32_t channels = l.out_channels();
  const size_t per = l.weights.size() / static_cast<size_t>(channels);
  std::vector<float> scales(static_cast<size_t>(channels));
  for (int32_t c = 0; c < channels; ++c) {
    float mx = 0.0f;
    for (size_t i = 0; i < per; ++i) mx = std::max(mx, std::fabs(l.weights[c * per + i]));
    scales[static_cast<size_t>(c)] = mx > 0.0f ? mx / 127.0f : 1.0f;
  }
  return scales;
}

int8_t QuantizeValue(float x, QParams p) {
  const double q = std::round(static_cast<double>(x) / p.scale) + p.zero_point;
  return static_cast<int8_t>(std::min(127.0, std::max(-128.0, q)));
}

float DequantizeValue(int8_t q, QParams p) {
  return p.scale * static_cast<float>(static_cast<int32_t>(q) - p.zero_point);
}

int16_t QuantizeValue16(float x, QParams p) {
  const double q = std::round(static_cast<double>(x) / p.scale) + p.zero_point;
  return static_cast<int16_t>(std::min(32767.0, std::max(-32768.0, q)));
}

float DequantizeValue16(int16_t q, QParams p) {
  return p.scale * static_cast<float>(static_cast<int32_t>(q) - p.zero_point);
}

QuantizedModel Quantize(const FloatModel& m, const Calibration& cal, ActivationType type) {
  const auto shapes = LayerOutputShapes(m);
  if (cal.ranges.size() != m.layers.size() + 1) {
    Fail("calibration has " + std::to_string(cal.ranges.size()) + " ranges, the model needs " +
         std::to_string(m.layers.size() + 1));
  }
  const bool i16 = type == ActivationType::kInt16;
  const DType act_type = i16 ? DType::kInt16 : DType::kInt8;
  QuantizedModel qm;
  qm.activation_type = type;
  for (const Range& r : cal.ranges) {
    if (!std::isfinite(r.min) || !std::isfinite(r.max) || r.min > r.max) {
      Fail("calibration range is empty or not finite (no samples run?)");
    }
    qm.activations.push_back(ChooseActivationParams(r, type));
  }

  writer::ModelWriter w;
  const QParams& ip = qm.activations[0];
  int cur = w.AddTensor(m.input_name, act_type, m.input_shape,
                        writer::PerTensor(ip.scale, ip.zero_point));
  const int input = cur;
  for (size_t k = 0; k < m.layers.size(); ++k) {
    const Layer& l = m.layers[k];
    const int32_t channels = l.out_channels();
    const size_t per = l.weights.size() / static_cast<size_t>(channels);
    const std::vector<float> ws = ChooseWeightScales(l);
    qm.weight_scales.push_back(ws);

    std::vector<int8_t> qw(l.weights.size());
    writer::Quant wq;
    wq.quantized_dimension = 0;
    for (int32_t c = 0; c < channels; ++c) {
      const float s = ws[static_cast<size_t>(c)];
      wq.scales.push_back(s);
      wq.zero_points.push_back(0);
      for (size_t i = 0; i < per; ++i) {
        const double q = std::round(static_cast<double>(l.weights[c * per + i]) / s);
        qw[c * per + i] = static_cast<int8_t>(std::min(127.0, std::max(-127.0, q)));
      }
    }
    const int wt =
        w.AddConstant<int8_t>(l.name + "/weights", DType::kInt8, l.weights_shape, qw, wq);
    int b = -1;
    if (!l.bias.empty()) {
      const float in_scale = qm.activations[k].scale;
      std::vector<int64_t> qb(static_cast<size_t>(channels));
      writer::Quant bq;
      bq.quantized_dimension = 0;
      for (int32_t c = 0; c < channels; ++c) {
        const double s = static_cast<double>(in_scale) * ws[static_cast<size_t>(c)];
        bq.scales.push_back(static_cast<float>(s));
        bq.zero_points.push_back(0);
        const double q = std::round(static_cast<double>(l.bias[static_cast<size_t>(c)]) / s);
        qb[static_cast<size_t>(c)] = i16 ? Saturate<int64_t>(q) : Saturate<int32_t>(q);
      }
      if (i16) {
        b = w.AddConstant<int64_t>(l.name + "/bias", DType::kInt64, {channels}, qb, bq);
      } else {
        const std::vector<int32_t> qb32(qb.begin(), qb.end());
        b = w.AddConstant<int32_t>(l.name + "/bias", DType::kInt32, {channels}, qb32, bq);
      }
    }
    const QParams& op = qm.activations[k + 1];
    const int out = w.AddTensor(TensorName(m, k), act_type, shapes[k],
                                writer::PerTensor(op.scale, op.zero_point));
    // Opcode versions: FULLY_CONNECTED 4, CONV_2D 3, those of TFLite's int8
    // kernels, for 16x8 too (quantizer.h: TFLite has no other version for
    // 16x8 with int8 weights and an int64 bias).
    const int version = l.type == LayerType::kFullyConnected ? 4 : 3;
    w.AddOperator(LayerOpCode(l), {cur, wt, b}, {out}, LayerOptions(l), version);
    cur = out;
  }
  w.SetInputs({input});
  w.SetOutputs({cur});
  w.SetDescription(i16 ? "circlet quantizer: 16x8 model" : "circlet quantizer: int8 model");
  qm.bytes = w.Finish();
  return qm;
}

}  // namespace quantizer
}  // namespace circlet
