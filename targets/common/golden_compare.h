// SPDX-License-Identifier: Apache-2.0
// Compares a firmware's output tensor with golden bytes embedded in flash,
// with the rules of ../shared/models/README.md: integer and bool tensors
// byte for byte, float32 within 1e-5 * max(1, max|golden|). Shared by the
// model runner and the operator-zoo runner.
#ifndef CIRCLET_TARGETS_COMMON_GOLDEN_COMPARE_H_
#define CIRCLET_TARGETS_COMMON_GOLDEN_COMPARE_H_

#include <cmath>
#include <cstdint>
#include <cstring>

#include "circlet/tensor.h"
#include "targets/common/firmware_util.h"

namespace circlet {
namespace firmware {

// True when output `index` matches; prints one line (always when `verbose`,
// otherwise only on a mismatch).
inline bool CompareOutput(const TensorView& t, const uint8_t* golden, uint32_t size, int index,
                          bool verbose) {
  if (t.bytes() != size) {
    Print("output %d: %zu bytes, golden %u bytes: MISMATCH\n", index, t.bytes(),
          static_cast<unsigned>(size));
    return false;
  }
  const uint8_t* p = static_cast<const uint8_t*>(t.data);
  if (t.type == DType::kFloat32) {
    const size_t n = size / 4;
    float mx = 1.0f;
    for (size_t i = 0; i < n; ++i) {
      float g;
      std::memcpy(&g, golden + 4 * i, 4);
      mx = std::fmax(mx, std::fabs(g));
    }
    float worst = 0.0f;
    for (size_t i = 0; i < n; ++i) {
      float g, a;
      std::memcpy(&g, golden + 4 * i, 4);
      std::memcpy(&a, p + 4 * i, 4);
      const float d = std::fabs(a - g);
      const bool both_nan = std::isnan(a) && std::isnan(g);
      if (!both_nan && !(d <= 1e-5f * mx) && a != g) {
        Print("output %d: float32 element %zu differs by %d ppm of max|golden|: MISMATCH\n", index,
              i, static_cast<int>(d / mx * 1e6f));
        return false;
      }
      if (d == d && d > worst) worst = d;
    }
    if (verbose) {
      Print("output %d: float32 x%zu within tolerance (max diff %d ppb of max|golden|)\n", index, n,
            static_cast<int>(worst / mx * 1e9f));
    }
    return true;
  }
  for (size_t i = 0; i < size; ++i) {
    if (p[i] != golden[i]) {
      Print("output %d: %s byte %zu is %d, golden %d: MISMATCH\n", index, DTypeName(t.type), i,
            p[i], golden[i]);
      return false;
    }
  }
  if (verbose) {
    Print("output %d: %s %zu bytes byte-identical\n", index, DTypeName(t.type),
          static_cast<size_t>(size));
  }
  return true;
}

}  // namespace firmware
}  // namespace circlet

#endif  // CIRCLET_TARGETS_COMMON_GOLDEN_COMPARE_H_
