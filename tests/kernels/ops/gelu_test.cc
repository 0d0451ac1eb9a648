// SPDX-License-Identifier: Apache-2.0
// GELU: x * Phi(x), exact (erf) or tanh-approximated; int8 through a
// 256-entry table, checked within 1 LSB of the float function.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options Approximate(bool approximate) {
  return Opt(fb::BuiltinOptions_GeluOptions,
             [approximate](auto& b) { return fb::CreateGeluOptions(b, approximate).Union(); });
}

double Exact(double x) {
  return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)));
}
double Tanh(double x) {
  return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
}

TEST(GeluOp, FloatExact) {
  OpTest t(opcode::GELU);  // no options: exact
  const std::vector<float> x = {-10.0f, -3.0f, -1.0f, -0.1f, 0.0f, 0.5f, 2.0f, 10.0f};
  t.Input<float>({8}, x);
  t.Output<float>({8});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], Exact(x[i]), 1e-5) << x[i];
}

TEST(GeluOp, FloatApproximate) {
  OpTest t(opcode::GELU, Approximate(true), 2);
  const std::vector<float> x = {-10.0f, -3.0f, -1.0f, -0.1f, 0.0f, 0.5f, 2.0f, 10.0f};
  t.Input<float>({2, 4}, x);
  t.Output<float>({2, 4});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], Tanh(x[i]), 1e-5) << x[i];
  // The two forms differ visibly at x = -1: -0.15866 vs -0.15881.
  EXPECT_GT(std::abs(Tanh(-1.0) - Exact(-1.0)), 1e-4);
}

TEST(GeluOp, Int8EveryValueBothForms) {
  for (bool approximate : {false, true}) {
    std::vector<int8_t> q;
    for (int v = -128; v <= 127; ++v) q.push_back(static_cast<int8_t>(v));
    OpTest t(opcode::GELU, Approximate(approximate), 2);
    t.Input<int8_t>({256}, q, writer::PerTensor(0.03f, 10));
    t.Output<int8_t>({256}, writer::PerTensor(0.02f, -120));
    ASSERT_EQ(t.Run(), "");
    const std::vector<int8_t> y = t.Out<int8_t>(0);
    for (int i = 0; i < 256; ++i) {
      const double x = 0.03 * (q[i] - 10);
      const double real = approximate ? Tanh(x) : Exact(x);
      const double want = std::min(127.0, std::max(-128.0, real / 0.02 - 120));
      EXPECT_LE(std::abs(y[i] - want), 1.0) << int(q[i]) << " approximate " << approximate;
    }
  }
}

TEST(GeluOp, Int16IsRefused) {
  OpTest t(opcode::GELU);
  t.Input<int16_t>({1}, {0}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 GELU: input 0 (tensor 0) is int16: not a type GELU takes");
}

}  // namespace
}  // namespace circlet
