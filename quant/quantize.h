// SPDX-License-Identifier: Apache-2.0
// Prepare-time quantization helpers: turning real multipliers into
// (multiplier, shift) pairs and fused activations into clamp ranges, exactly
// as TFLite's reference kernels do (quantization_util.cc, kernel_util.cc).
#ifndef CIRCLET_QUANT_QUANTIZE_H_
#define CIRCLET_QUANT_QUANTIZE_H_

#include <cstdint>

#include "circlet/tensor.h"

namespace circlet {
namespace quant {

// M = multiplier * 2^(shift - 31). M == 0 gives (0, 0). A significand that
// rounds up to 2^31 is halved with shift + 1; shifts below -31 flush to 0,
// above 30 saturate to (2^31 - 1, 30), as TFLite does.
void QuantizeMultiplier(double real_multiplier, int32_t* multiplier, int* shift);
// For 0 < M < 1: shift <= 0.
void QuantizeMultiplierSmallerThanOneExp(double real_multiplier, int32_t* multiplier,
                                         int* left_shift);
// For M > 1: shift >= 0.
void QuantizeMultiplierGreaterThanOne(double real_multiplier, int32_t* multiplier, int* left_shift);

// Fused activation (TFLite ActivationFunctionType numbering: 0 NONE, 1 RELU,
// 2 RELU_N1_TO_1, 3 RELU6) as a clamp range in the output's quantized domain
// (CalculateActivationRangeQuantized), or as floats.
void ActivationRangeQuantized(int activation, float scale, int32_t zero_point, DType type,
                              int32_t* act_min, int32_t* act_max);
void ActivationRangeFloat(int activation, float* act_min, float* act_max);
// True for the activations circlet implements (NONE, RELU, RELU_N1_TO_1, RELU6).
bool ActivationSupported(int activation);
const char* ActivationName(int activation);

}  // namespace quant
}  // namespace circlet

#endif  // CIRCLET_QUANT_QUANTIZE_H_
