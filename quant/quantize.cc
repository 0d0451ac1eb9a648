// SPDX-License-Identifier: Apache-2.0
#include "quant/quantize.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace circlet {
namespace quant {

void QuantizeMultiplier(double real_multiplier, int32_t* multiplier, int* shift) {
  if (!(real_multiplier > 0.0) || std::isinf(real_multiplier)) {
    // Not a positive finite number (NaN, <= 0: 0; +inf: the largest).
    const bool inf = std::isinf(real_multiplier) && real_multiplier > 0.0;
    *multiplier = inf ? std::numeric_limits<int32_t>::max() : 0;
    *shift = inf ? 30 : 0;
    return;
  }
  const double q = std::frexp(real_multiplier, shift);
  int64_t q_fixed = static_cast<int64_t>(std::round(q * (1LL << 31)));
  if (q_fixed == (1LL << 31)) {
    q_fixed /= 2;
    ++*shift;
  }
  if (*shift < -31) {
    *shift = 0;
    q_fixed = 0;
  }
  if (*shift > 30) {
    *shift = 30;
    q_fixed = (1LL << 31) - 1;
  }
  *multiplier = static_cast<int32_t>(q_fixed);
}

void QuantizeMultiplierSmallerThanOneExp(double real_multiplier, int32_t* multiplier,
                                         int* left_shift) {
  QuantizeMultiplier(real_multiplier, multiplier, left_shift);
}

void QuantizeMultiplierGreaterThanOne(double real_multiplier, int32_t* multiplier,
                                      int* left_shift) {
  QuantizeMultiplier(real_multiplier, multiplier, left_shift);
}

namespace {

int32_t QuantizeValue(float scale, int32_t zero_point, float v) {
  float t = std::round(v / scale);
  // Beyond any quantized type: clamp before the cast (defined behaviour for
  // absurd scales; the caller clamps to the type's range anyway).
  t = t > 1e6f ? 1e6f : (t >= -1e6f ? t : -1e6f);
  return zero_point + static_cast<int32_t>(t);
}

}  // namespace

void ActivationRangeQuantized(int activation, float scale, int32_t zero_point, DType type,
                              int32_t* act_min, int32_t* act_max) {
  int32_t qmin = std::numeric_limits<int8_t>::min();
  int32_t qmax = std::numeric_limits<int8_t>::max();
  if (type == DType::kInt16) {
    qmin = std::numeric_limits<int16_t>::min();
    qmax = std::numeric_limits<int16_t>::max();
  } else if (type == DType::kUInt8) {
    qmin = 0;
    qmax = 255;
  }
  switch (activation) {
    case 1:  // RELU
      *act_min = std::max(qmin, QuantizeValue(scale, zero_point, 0.0f));
      *act_max = qmax;
      break;
    case 2:  // RELU_N1_TO_1
      *act_min = std::max(qmin, QuantizeValue(scale, zero_point, -1.0f));
      *act_max = std::min(qmax, QuantizeValue(scale, zero_point, 1.0f));
      break;
    case 3:  // RELU6
      *act_min = std::max(qmin, QuantizeValue(scale, zero_point, 0.0f));
      *act_max = std::min(qmax, QuantizeValue(scale, zero_point, 6.0f));
      break;
    default:
      *act_min = qmin;
      *act_max = qmax;
      break;
  }
}

void ActivationRangeFloat(int activation, float* act_min, float* act_max) {
  switch (activation) {
    case 1:
      *act_min = 0.0f;
      *act_max = std::numeric_limits<float>::max();
      break;
    case 2:
      *act_min = -1.0f;
      *act_max = 1.0f;
      break;
    case 3:
      *act_min = 0.0f;
      *act_max = 6.0f;
      break;
    default:
      *act_min = std::numeric_limits<float>::lowest();
      *act_max = std::numeric_limits<float>::max();
      break;
  }
}

bool ActivationSupported(int activation) {
  return activation >= 0 && activation <= 3;
}

const char* ActivationName(int activation) {
  switch (activation) {
    case 0: return "NONE";
    case 1: return "RELU";
    case 2: return "RELU_N1_TO_1";
    case 3: return "RELU6";
    case 4: return "TANH";
    case 5: return "SIGN_BIT";
  }
  return "UNKNOWN";
}

}  // namespace quant
}  // namespace circlet
