// SPDX-License-Identifier: Apache-2.0
// LOG_SOFTMAX over the last axis; int8 output fixed at scale 16/256, zero
// point 127, checked within 1 LSB of the float function.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

// Plain double log-softmax of rows of `depth`.
std::vector<double> LogSoftmax(const std::vector<double>& x, size_t depth) {
  std::vector<double> y(x.size());
  for (size_t r = 0; r < x.size(); r += depth) {
    double max = x[r];
    for (size_t c = 0; c < depth; ++c) max = std::max(max, x[r + c]);
    double sum = 0;
    for (size_t c = 0; c < depth; ++c) sum += std::exp(x[r + c] - max);
    for (size_t c = 0; c < depth; ++c) y[r + c] = x[r + c] - max - std::log(sum);
  }
  return y;
}

TEST(LogSoftmaxOp, FloatRows) {
  OpTest t(opcode::LOG_SOFTMAX);
  const std::vector<float> x = {1, 2, 3, 0, 0, 0, -50, 50, 10, 1000, 1000, -1000};
  t.Input<float>({2, 2, 3}, x);
  t.Output<float>({2, 2, 3});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  const std::vector<double> want = LogSoftmax(std::vector<double>(x.begin(), x.end()), 3);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], want[i], 1e-4) << i;
}

TEST(LogSoftmaxOp, FloatDepthOneIsZero) {
  OpTest t(opcode::LOG_SOFTMAX);
  t.Input<float>({3, 1}, {-7.0f, 0.0f, 7.0f});
  t.Output<float>({3, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0.0f, 0.0f, 0.0f}));
}

TEST(LogSoftmaxOp, Int8) {
  // x = (q + 1) / 32 (the zoo's input scale), out real = (o - 127) / 16.
  std::vector<int8_t> q;
  for (int v = -128; v <= 127; v += 9) q.push_back(static_cast<int8_t>(v));
  q.resize(24);
  const size_t depth = 6;
  OpTest t(opcode::LOG_SOFTMAX);
  t.Input<int8_t>({4, 6}, q, writer::PerTensor(0.0313725508749485f, -1));
  t.Output<int8_t>({4, 6}, writer::PerTensor(16.0f / 256, 127));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int8_t> y = t.Out<int8_t>(0);
  std::vector<double> x;
  for (int8_t v : q) x.push_back(0.0313725508749485 * (v + 1));
  const std::vector<double> real = LogSoftmax(x, depth);
  for (size_t i = 0; i < q.size(); ++i) {
    const double want = std::max(-128.0, real[i] * 16 + 127);
    EXPECT_LE(std::abs(y[i] - want), 1.0) << i;
  }
}

TEST(LogSoftmaxOp, Int8FarBelowTheMaxIsTheMinimum) {
  // scale 1: differences of -100 are far beyond the int8 output range.
  OpTest t(opcode::LOG_SOFTMAX);
  t.Input<int8_t>({1, 3}, {100, 0, 99}, writer::PerTensor(1.0f, 0));
  t.Output<int8_t>({1, 3}, writer::PerTensor(16.0f / 256, 127));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int8_t> y = t.Out<int8_t>(0);
  // log(1 / (1 + e^-1)) = -0.3133 -> 127 - 5.01; -1.3133 -> 127 - 21.01.
  EXPECT_LE(std::abs(y[0] - 122), 1);
  EXPECT_EQ(y[1], -128);
  EXPECT_LE(std::abs(y[2] - 106), 1);
}

TEST(LogSoftmaxOp, Int8OutputQuantizationIsFixed) {
  OpTest t(opcode::LOG_SOFTMAX);
  t.Input<int8_t>({1, 2}, {0, 1}, writer::PerTensor(0.1f, 0));
  t.Output<int8_t>({1, 2}, writer::PerTensor(0.1f, 127));
  EXPECT_EQ(t.Run(),
            "op 0 LOG_SOFTMAX: int8 output (tensor 1) must have scale 16/256 and zero point 127");
}

TEST(LogSoftmaxOp, ScalarIsRefused) {
  OpTest t(opcode::LOG_SOFTMAX);
  t.Input<float>({}, {1.0f});
  t.Output<float>({});
  EXPECT_EQ(t.Run(), "op 0 LOG_SOFTMAX: input (tensor 0) is a scalar: no axis to reduce");
}

}  // namespace
}  // namespace circlet
