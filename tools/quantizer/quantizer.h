// SPDX-License-Identifier: Apache-2.0
// Post-training quantizer (host only): turns a float model described in C++
// into an int8 or a 16x8 TFLite model, the way TFLite's converter does for
// full-integer quantization (16x8: int16 activations, int8 weights):
//
//   FloatModel ──WriteFloatModel──▶ float .tflite ──Calibrate(samples)──▶ ranges
//        │                                                                  │
//        └──────────────────────────── Quantize ◀───────────────────────────┘
//                                          │
//                                          ▼
//                             int8 or 16x8 .tflite
//
// * Calibration runs each sample through the float model with circlet's own
//   interpreter and records every activation tensor's min and max (an
//   InvokeObserver reads each layer's output right after it runs).
// * Activations (ActivationType::kInt8): asymmetric int8, the range widened
//   to include 0 so that 0 is exactly representable: scale = (max - min) /
//   255, zero_point = round(-128 - min / scale) clamped to [-128, 127].
// * Activations (ActivationType::kInt16, TFLite's 16x8 scheme): symmetric
//   int16, zero point 0, scale = max(|min|, |max|) / 32767 (the range
//   widened to include 0, as TFLite's GetSymmetricQuantizationParams).
// * Weights: per-channel symmetric int8 along the output channel (dim 0 for
//   FULLY_CONNECTED [units, depth] and CONV_2D [out, kh, kw, in]):
//   scale[c] = max|w_c| / 127, q = round(w / scale[c]) in [-127, 127].
//   The same int8 weights in both modes.
// * Bias: scale[c] = input_scale * weight_scale[c], zero point 0; int32 with
//   int8 activations, int64 with int16 (TFLite's 16x8 default; circlet's
//   kernels then accumulate in int64, as TFLite's).
// * The model's input and output are int8 (int16) tensors (no
//   QUANTIZE/DEQUANTIZE ops), like TFLite Micro's hello_world_int8: callers
//   quantize the input with the input tensor's scale/zero point and
//   dequantize the output.
// * Opcode versions: FULLY_CONNECTED 4, CONV_2D 3 in both modes. TFLite's
//   op_version.cc has no version of its own for 16x8 with int8 weights and
//   the default int64 bias: its int16 branches (FULLY_CONNECTED 7, CONV_2D
//   4) test for int16 *weights*, the 16x8 ones (11, 8) need the
//   quantized_bias_type option, which the converter writes only when asked
//   for a bias type (_experimental_full_integer_quantization_bias_type). The
//   converter keeps the int8 kernels' minimum versions: converter-made 16x8
//   models carry CONV_2D v3 (TFLite Micro's seanet integration tests,
//   ../shared/models/seanet_int16).
//
// The model is a chain: layer k consumes layer k-1's output. FULLY_CONNECTED
// and CONV_2D (NHWC input, [out, kh, kw, in] weights, stride/dilation/padding)
// are implemented; the tests cover FULLY_CONNECTED chains and a VALID,
// stride-1 CONV_2D followed by FULLY_CONNECTED. Another layer type needs its output shape, its
// options, its per-channel dimension (DEPTHWISE_CONV_2D: 3) and a kernel in
// circlet for calibration.
#ifndef CIRCLET_TOOLS_QUANTIZER_QUANTIZER_H_
#define CIRCLET_TOOLS_QUANTIZER_QUANTIZER_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/schema.h"

namespace circlet {
namespace quantizer {

struct QuantizerError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class LayerType { kFullyConnected, kConv2D };

// The activations' type: int8 (weights int8, bias int32) or int16 (TFLite's
// 16x8: weights int8, bias int64).
enum class ActivationType { kInt8, kInt16 };

struct Layer {
  LayerType type = LayerType::kFullyConnected;
  std::string name;
  // FULLY_CONNECTED: [units, depth]; CONV_2D: [out_channels, kh, kw, in_channels].
  std::vector<int32_t> weights_shape;
  std::vector<float> weights;  // row-major in weights_shape
  std::vector<float> bias;     // one per output channel, or empty for none
  int activation = 0;          // TFLite ActivationFunctionType: 0 NONE, 1 RELU, 3 RELU6
  // CONV_2D only (input NHWC).
  fb::Padding padding = fb::Padding_VALID;
  int stride_w = 1, stride_h = 1, dilation_w = 1, dilation_h = 1;

  int32_t out_channels() const { return weights_shape.empty() ? 0 : weights_shape[0]; }
};

Layer FullyConnected(const std::string& name, int32_t units, int32_t depth,
                     std::vector<float> weights, std::vector<float> bias, int activation);

struct FloatModel {
  std::vector<int32_t> input_shape;  // e.g. {1, 1}; NHWC for convolutions
  std::string input_name = "input";
  std::string output_name = "output";
  std::vector<Layer> layers;
};

// Shape of the tensor after each layer (index k: output of layer k). Throws
// QuantizerError for inconsistent shapes.
std::vector<std::vector<int32_t>> LayerOutputShapes(const FloatModel& m);

// The float model as TFLite bytes (throws QuantizerError when inconsistent).
std::vector<uint8_t> WriteFloatModel(const FloatModel& m);

struct Range {
  float min = 0.0f, max = 0.0f;
};
// ranges[0]: the model input; ranges[k + 1]: the output of layer k.
struct Calibration {
  std::vector<Range> ranges;
};

// Runs every sample (the input's elements, row-major) through the float model
// with circlet's interpreter and records each activation's range.
Calibration Calibrate(const FloatModel& m, const std::vector<std::vector<float>>& samples);

struct QParams {
  float scale = 1.0f;
  int32_t zero_point = 0;
};
// Asymmetric int8 parameters for [min, max] widened to include 0.
QParams ChooseActivationParams(Range r);
// The parameters for `type`: kInt8 as above; kInt16 symmetric, zero point 0,
// scale max(|min|, |max|) / 32767 (1 for an all-zero range).
QParams ChooseActivationParams(Range r, ActivationType type);
// Symmetric per-channel weight scales along dim 0 (max|w_c| / 127; 1 for an
// all-zero channel).
std::vector<float> ChooseWeightScales(const Layer& layer);

struct QuantizedModel {
  std::vector<uint8_t> bytes;  // the int8 (16x8) .tflite
  ActivationType activation_type = ActivationType::kInt8;
  std::vector<QParams> activations;               // as Calibration::ranges
  std::vector<std::vector<float>> weight_scales;  // per layer, per channel
};

QuantizedModel Quantize(const FloatModel& m, const Calibration& calibration,
                        ActivationType activations = ActivationType::kInt8);

// int8 <-> float with given parameters (round half away from zero, clamped).
int8_t QuantizeValue(float x, QParams p);
float DequantizeValue(int8_t q, QParams p);
// int16 <-> float (round half away from zero, clamped to [-32768, 32767]).
int16_t QuantizeValue16(float x, QParams p);
float DequantizeValue16(int16_t q, QParams p);

}  // namespace quantizer
}  // namespace circlet

#endif  // CIRCLET_TOOLS_QUANTIZER_QUANTIZER_H_
