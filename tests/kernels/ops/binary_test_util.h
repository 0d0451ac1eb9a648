// SPDX-License-Identifier: Apache-2.0
// Test-side reference for the binary elementwise operators: numpy-style
// broadcasting written out plainly (independent of kernels/broadcast_util.h)
// and float references for quantized outputs.
#ifndef CIRCLET_TESTS_KERNELS_OPS_BINARY_TEST_UTIL_H_
#define CIRCLET_TESTS_KERNELS_OPS_BINARY_TEST_UTIL_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace test {

// The broadcast output shape of a and b.
inline std::vector<int32_t> BroadcastShape(std::vector<int32_t> a, std::vector<int32_t> b) {
  while (a.size() < b.size()) a.insert(a.begin(), 1);
  while (b.size() < a.size()) b.insert(b.begin(), 1);
  std::vector<int32_t> out(a.size());
  for (size_t i = 0; i < a.size(); ++i) out[i] = a[i] == 1 ? b[i] : a[i];
  return out;
}

// For every output element in row-major order, the flat indices into a and b.
inline std::vector<std::pair<int, int>> BroadcastIndices(std::vector<int32_t> a,
                                                         std::vector<int32_t> b) {
  const std::vector<int32_t> out = BroadcastShape(a, b);
  while (a.size() < out.size()) a.insert(a.begin(), 1);
  while (b.size() < out.size()) b.insert(b.begin(), 1);
  int64_t total = 1;
  for (int32_t d : out) total *= d;
  std::vector<std::pair<int, int>> r;
  std::vector<int32_t> idx(out.size(), 0);
  for (int64_t n = 0; n < total; ++n) {
    int ia = 0, ib = 0;
    for (size_t k = 0; k < out.size(); ++k) {
      ia = ia * a[k] + (a[k] == 1 ? 0 : idx[k]);
      ib = ib * b[k] + (b[k] == 1 ? 0 : idx[k]);
    }
    r.emplace_back(ia, ib);
    for (int k = static_cast<int>(out.size()) - 1; k >= 0; --k) {
      if (++idx[k] < out[k]) break;
      idx[k] = 0;
    }
  }
  return r;
}

// f applied over the broadcast of (a, shape_a) and (b, shape_b).
template <typename T, typename F>
std::vector<T> BroadcastRef(const std::vector<T>& a, const std::vector<int32_t>& shape_a,
                            const std::vector<T>& b, const std::vector<int32_t>& shape_b, F f) {
  std::vector<T> r;
  for (const auto& p : BroadcastIndices(shape_a, shape_b)) r.push_back(f(a[p.first], b[p.second]));
  return r;
}

// round(real / scale) + zero_point clamped to [lo, hi].
inline int32_t QuantizeRef(double real, double scale, int32_t zero_point, int32_t lo, int32_t hi) {
  const double q = std::round(real / scale) + zero_point;
  return static_cast<int32_t>(std::min<double>(hi, std::max<double>(lo, q)));
}

// Every element of got within `lsb` of want.
template <typename T>
::testing::AssertionResult WithinLsb(const std::vector<T>& got, const std::vector<int32_t>& want,
                                     int lsb) {
  if (got.size() != want.size()) return ::testing::AssertionFailure() << "size differs";
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::abs(static_cast<int32_t>(got[i]) - want[i]) > lsb) {
      return ::testing::AssertionFailure()
             << "element " << i << ": got " << static_cast<int32_t>(got[i]) << ", want " << want[i];
    }
  }
  return ::testing::AssertionSuccess();
}

// Pseudo-random int values in [lo, hi] (xorshift32), for quantized cases.
template <typename T>
std::vector<T> Pattern(size_t n, int32_t lo, int32_t hi, uint32_t seed = 2463534242u) {
  std::vector<T> v;
  for (size_t i = 0; i < n; ++i) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    v.push_back(
        static_cast<T>(lo + static_cast<int32_t>(seed % static_cast<uint32_t>(hi - lo + 1))));
  }
  return v;
}

// Runs `op` with input 1 a (shape_a) and input 2 b (shape_b), both fed at
// Run(), and one output of out_shape, every tensor with quantization q (none
// by default). Returns Run()'s message ("" when it ran) and sets *out to the
// output.
template <typename T>
std::string RunBinary(int32_t op, const std::vector<int32_t>& shape_a, const std::vector<T>& a,
                      const std::vector<int32_t>& shape_b, const std::vector<T>& b,
                      const std::vector<int32_t>& out_shape, std::vector<T>* out,
                      const writer::Quant& q = writer::Quant()) {
  OpTest t(op);
  t.Input<T>(shape_a, a, q);
  t.Input<T>(shape_b, b, q);
  t.Output<T>(out_shape, q);
  const std::string message = t.Run();
  if (message.empty()) *out = t.Out<T>(0);
  return message;
}

}  // namespace test
}  // namespace circlet

#endif  // CIRCLET_TESTS_KERNELS_OPS_BINARY_TEST_UTIL_H_
