// SPDX-License-Identifier: Apache-2.0
// GRU (Circle, float32): the recurrence of kernels/ref/gru.cc computed here
// in double, step by step, from the same weights; one hand-worked step;
// optional biases; refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options GruOptions(bool return_sequences) {
  return test::Opt(fb::BuiltinOptions_GRUOptions, [=](flatbuffers::FlatBufferBuilder& b) {
    return fb::CreateGRUOptions(b, fb::ActivationFunctionType_TANH, return_sequences, false)
        .Union();
  });
}

double Sigmoid(double v) {
  return 1.0 / (1.0 + std::exp(-v));
}

// The recurrence, in double: h after `time` steps.
std::vector<double> Reference(const std::vector<float>& x, int time, int n_in, int n,
                              const std::vector<float>& wx, const std::vector<float>& bx,
                              const std::vector<float>& wh, const std::vector<float>& bh,
                              const std::vector<float>& h0) {
  std::vector<double> h(h0.begin(), h0.end());
  for (int t = 0; t < time; ++t) {
    std::vector<double> p(3 * n), q(3 * n);
    for (int o = 0; o < 3 * n; ++o) {
      p[o] = bx.empty() ? 0.0 : bx[o];
      q[o] = bh.empty() ? 0.0 : bh[o];
      for (int i = 0; i < n_in; ++i)
        p[o] += static_cast<double>(wx[o * n_in + i]) * x[t * n_in + i];
      for (int i = 0; i < n; ++i) q[o] += static_cast<double>(wh[o * n + i]) * h[i];
    }
    for (int i = 0; i < n; ++i) {
      const double z = Sigmoid(q[i] + p[i]);
      const double r = Sigmoid(p[n + i] + q[n + i]);
      const double c = std::tanh(r * q[2 * n + i] + p[2 * n + i]);
      h[i] = z * h[i] + (1.0 - z) * c;
    }
  }
  return h;
}

std::vector<float> Ramp(int count, float scale, float offset) {
  std::vector<float> v(count);
  for (int i = 0; i < count; ++i) v[i] = scale * static_cast<float>((i * 7) % 11) + offset;
  return v;
}

TEST(GruOp, OneStepByHand) {
  // n = 1, n_in = 1, x = 1, h0 = 0.5; W_x = [0, 1, 0], W_h = [0, 0, 2], no bias:
  // p = [0, 1, 0], q = [0, 0, 1]; z = sigmoid(0) = 0.5, r = sigmoid(1),
  // c = tanh(r * 1 + 0) = tanh(0.7310586), h = 0.5 * 0.5 + 0.5 * c.
  OpTest t(opcode::GRU, GruOptions(false));
  t.Input<float>({1, 1, 1}, {1.0f});
  t.Const<float>({3, 1}, {0.0f, 1.0f, 0.0f});
  t.NoInput();
  t.Const<float>({3, 1}, {0.0f, 0.0f, 2.0f});
  t.NoInput();
  t.Const<float>({1, 1}, {0.5f});
  t.Output<float>({1, 1});
  ASSERT_EQ(t.Run(), "");
  const double want = 0.25 + 0.5 * std::tanh(1.0 / (1.0 + std::exp(-1.0)));
  EXPECT_NEAR(t.Out<float>(0)[0], want, 1e-6);
  EXPECT_NEAR(want, 0.5618, 1e-4);
}

TEST(GruOp, SequenceMatchesTheRecurrence) {
  for (const bool biases : {true, false}) {
    const int time = 5, n_in = 3, n = 4;
    const std::vector<float> x = Ramp(time * n_in, 0.2f, -1.0f);
    const std::vector<float> wx = Ramp(3 * n * n_in, 0.09f, -0.45f);
    const std::vector<float> wh = Ramp(3 * n * n, -0.08f, 0.4f);
    const std::vector<float> bx = biases ? Ramp(3 * n, 0.05f, -0.2f) : std::vector<float>();
    const std::vector<float> bh = biases ? Ramp(3 * n, -0.03f, 0.1f) : std::vector<float>();
    const std::vector<float> h0 = {0.1f, -0.2f, 0.3f, 0.0f};
    OpTest t(opcode::GRU, GruOptions(false));
    t.Input<float>({time, 1, n_in}, x);
    t.Const<float>({3 * n, n_in}, wx);
    if (biases) {
      t.Const<float>({3 * n}, bx);
    } else {
      t.NoInput();
    }
    t.Const<float>({3 * n, n}, wh);
    if (biases) {
      t.Const<float>({3 * n}, bh);
    } else {
      t.NoInput();
    }
    t.Const<float>({1, n}, h0);
    t.Output<float>({1, n});
    ASSERT_EQ(t.Run(), "");
    const std::vector<double> want = Reference(x, time, n_in, n, wx, bx, wh, bh, h0);
    const std::vector<float> y = t.Out<float>(0);
    for (int i = 0; i < n; ++i) EXPECT_NEAR(y[i], want[i], 1e-5) << "biases " << biases << " " << i;
  }
}

// A one-unit GRU (W_x [3, 1], W_h [3, 1], no biases, h0 0.5) on input `x` of
// `shape`, output `out_shape`; Run()'s message.
std::string RunOneUnit(bool return_sequences, const std::vector<int32_t>& shape,
                       const std::vector<float>& x, const std::vector<int32_t>& out_shape) {
  OpTest t(opcode::GRU, GruOptions(return_sequences));
  t.Input<float>(shape, x);
  t.Const<float>({3, 1}, {0.0f, 1.0f, 0.0f});
  t.NoInput();
  t.Const<float>({3, 1}, {0.0f, 0.0f, 2.0f});
  t.NoInput();
  t.Const<float>({1, 1}, {0.5f});
  t.Output<float>(out_shape);
  return t.Run();
}

TEST(GruOp, Refusals) {
  EXPECT_NE(
      RunOneUnit(true, {2, 1, 1}, {1.0f, 2.0f}, {2, 1}).find("return_sequences is not supported"),
      std::string::npos);
  // Two sequences.
  EXPECT_NE(RunOneUnit(false, {2, 2, 1}, {1.0f, 2.0f, 3.0f, 4.0f}, {1, 1})
                .find("must be [time, 1, features]"),
            std::string::npos);
  // n_in 1 in the weights, 2 in the input.
  EXPECT_NE(RunOneUnit(false, {1, 1, 2}, {1.0f, 2.0f}, {1, 1})
                .find("input weights (tensor 1) must be [3, 2]"),
            std::string::npos);
}

}  // namespace
}  // namespace circlet
