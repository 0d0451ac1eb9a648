// SPDX-License-Identifier: Apache-2.0
// TFLite's interpolated int16 lookup tables (internal/common.h: gen_lut for
// int16 inputs and int16 outputs, and the lookup with interpolation), as
// TFLite Micro's int16 SOFTMAX builds them: exp on [-10, 0] and 1 / (1 + x)
// on [0, 1], both into [-1, 1).
//
// Table (513 entries, the last one only for the last slope), all in float:
//   step = (in_max - in_min) / 512, scale = 65536 / (out_max - out_min)
//   for i in 0..511, with x = in_min + i * step:
//     sample = round(f(x) * scale)
//     interp = round((f(x + step) * scale + sample) / 2)
//     mid    = round(f(x + step / 2) * scale)
//     lut[i] = clamp(sample - round((interp - mid) / 2), int16)
//   lut[512] = clamp(round(f(in_max) * scale), int16)
// where round is half away from zero (std::round on float). The correction
// centres the error of the linear interpolation between two entries.
//
// Lookup of an int16 value v: the top 9 bits pick the entry,
//   i = 256 + (v >> 7) (arithmetic shift), frac = v & 127;
//   out = lut[i] + ((lut[i + 1] - lut[i]) * frac + 64) >> 7.
#ifndef CIRCLET_QUANT_LUT_H_
#define CIRCLET_QUANT_LUT_H_

#include <cmath>
#include <cstdint>

namespace circlet {
namespace quant {

constexpr int kInt16LutSize = 513;

// Fills lut[kInt16LutSize] for f on [in_min, in_max] -> [out_min, out_max).
template <typename F>
void GenerateInt16Lut(F f, float in_min, float in_max, float out_min, float out_max, int16_t* lut) {
  const float step = (in_max - in_min) / 512;
  const float half_step = step / 2;
  const float scale = 65536.0f / (out_max - out_min);
  auto clamp16 = [](float v) {
    return static_cast<int16_t>(v < -32768.0f ? -32768.0f : (v > 32767.0f ? 32767.0f : v));
  };
  for (int i = 0; i < 512; ++i) {
    const float x = in_min + static_cast<float>(i) * step;
    const float value = f(x);
    const float next = f(in_min + static_cast<float>(i + 1) * step);
    const float middle = f(x + half_step);
    const float sample = std::round(value * scale);
    const float interpolated = std::round((next * scale + sample) / 2);
    const float error = interpolated - std::round(middle * scale);
    lut[i] = clamp16(sample - std::round(error / 2));
  }
  lut[512] = clamp16(std::round(f(in_max) * scale));
}

// The table's value at v, linearly interpolated between two entries.
inline int16_t LookupInt16Lut(int16_t v, const int16_t* lut) {
  const int i = 256 + (v >> 7);
  const int frac = v & 0x7F;
  const int base = lut[i];
  const int slope = lut[i + 1] - base;
  return static_cast<int16_t>(base + ((slope * frac + 64) >> 7));
}

}  // namespace quant
}  // namespace circlet

#endif  // CIRCLET_QUANT_LUT_H_
