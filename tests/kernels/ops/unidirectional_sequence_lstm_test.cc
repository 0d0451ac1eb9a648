// SPDX-License-Identifier: Apache-2.0
// UNIDIRECTIONAL_SEQUENCE_LSTM (float32): two cells over three time steps and
// a second invoke that continues from the kept state, against the LSTM
// equations written out here in double; CIFG; time-major; cell clipping;
// peephole weights refused by name.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options LstmOptions(float cell_clip, bool time_major) {
  return Opt(fb::BuiltinOptions_UnidirectionalSequenceLSTMOptions, [=](auto& b) {
    return fb::CreateUnidirectionalSequenceLSTMOptions(b, fb::ActivationFunctionType_TANH,
                                                       cell_clip, 0.0f, time_major)
        .Union();
  });
}

// One layer: n_input 2, n_cell = n_output 2. Weights per gate g (input,
// forget, cell, output), filled from a small pattern.
struct Weights {
  std::vector<float> w[4], r[4], b[4];
  Weights() {
    for (int g = 0; g < 4; ++g) {
      for (int k = 0; k < 4; ++k) {
        w[g].push_back(0.1f * static_cast<float>((g + 1) * (k + 1) % 7) - 0.3f);
        r[g].push_back(0.05f * static_cast<float>((3 * g + k) % 5) - 0.1f);
      }
      b[g] = {0.1f * static_cast<float>(g) - 0.1f, 0.2f - 0.05f * static_cast<float>(g)};
    }
  }
};

double Sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

// The LSTM equations over a sequence of 2-vectors; h, c carried in and out.
std::vector<float> Reference(const Weights& p, const std::vector<float>& xs, bool cifg, double clip,
                             double* h, double* c) {
  std::vector<float> out;
  for (size_t t = 0; t < xs.size() / 2; ++t) {
    double gate[4][2];
    for (int g = 0; g < 4; ++g) {
      for (int i = 0; i < 2; ++i) {
        double v = p.b[g][static_cast<size_t>(i)];
        for (int k = 0; k < 2; ++k) {
          v += p.w[g][static_cast<size_t>(i * 2 + k)] * xs[t * 2 + static_cast<size_t>(k)];
          v += p.r[g][static_cast<size_t>(i * 2 + k)] * h[k];
        }
        gate[g][i] = v;
      }
    }
    for (int i = 0; i < 2; ++i) {
      const double f = Sigmoid(gate[1][i]);
      const double in = cifg ? 1.0 - f : Sigmoid(gate[0][i]);
      double cell = f * c[i] + in * std::tanh(gate[2][i]);
      if (clip > 0) cell = std::max(-clip, std::min(clip, cell));
      c[i] = cell;
    }
    for (int i = 0; i < 2; ++i) {
      h[i] = Sigmoid(gate[3][i]) * std::tanh(c[i]);
      out.push_back(static_cast<float>(h[i]));
    }
  }
  return out;
}

void AddLayer(OpTest& t, const Weights& p, bool cifg) {
  for (int g = 0; g < 4; ++g) {
    if (cifg && g == 0) {
      t.NoInput();
    } else {
      t.Const<float>({2, 2}, p.w[g]);
    }
  }
  for (int g = 0; g < 4; ++g) {
    if (cifg && g == 0) {
      t.NoInput();
    } else {
      t.Const<float>({2, 2}, p.r[g]);
    }
  }
  for (int i = 0; i < 3; ++i) t.NoInput();  // no peephole
  for (int g = 0; g < 4; ++g) {
    if (cifg && g == 0) {
      t.NoInput();
    } else {
      t.Const<float>({2}, p.b[g]);
    }
  }
  t.NoInput();  // no projection
  t.NoInput();
  t.Variable<float>({1, 2});
  t.Variable<float>({1, 2});
}

void ExpectNear(const std::vector<float>& got, const std::vector<float>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-5) << "element " << i;
}

TEST(LstmOp, ThreeStepsThenTheStateCarriesOver) {
  for (const bool cifg : {false, true}) {
    const Weights p;
    const std::vector<float> x0 = {0.5f, -1.0f, 1.5f, 0.25f, -0.75f, 2.0f};
    const std::vector<float> x1 = {1.0f, 1.0f, -2.0f, 0.5f, 0.0f, -0.5f};
    OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(0.0f, false));
    t.Input<float>({1, 3, 2}, x0);
    AddLayer(t, p, cifg);
    t.Output<float>({1, 3, 2});
    t.Step<float>(x1);
    ASSERT_EQ(t.Run(), "") << "cifg " << cifg;
    double h[2] = {0, 0}, c[2] = {0, 0};
    ExpectNear(t.StepOut<float>(0, 0), Reference(p, x0, cifg, 0, h, c));
    ExpectNear(t.StepOut<float>(1, 0), Reference(p, x1, cifg, 0, h, c));
  }
}

TEST(LstmOp, TimeMajorAndCellClip) {
  // Time major [time, batch = 1, input]: the same layout for one batch. A
  // clip of 0.05 binds: the cell state stays within +-0.05.
  const Weights p;
  const std::vector<float> x = {3.0f, -3.0f, 2.0f, 2.0f, -1.0f, 4.0f};
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(0.05f, true));
  t.Input<float>({3, 1, 2}, x);
  AddLayer(t, p, false);
  t.Output<float>({3, 1, 2});
  ASSERT_EQ(t.Run(), "");
  double h[2] = {0, 0}, c[2] = {0, 0};
  const std::vector<float> want = Reference(p, x, false, 0.05, h, c);
  ExpectNear(t.Out<float>(0), want);
  double unclipped_h[2] = {0, 0}, unclipped_c[2] = {0, 0};
  const std::vector<float> free = Reference(p, x, false, 0, unclipped_h, unclipped_c);
  EXPECT_GT(std::fabs(free[4] - want[4]) + std::fabs(free[5] - want[5]), 1e-3);
}

TEST(LstmOp, PeepholeIsRefusedByName) {
  const Weights p;
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(0.0f, false));
  t.Input<float>({1, 1, 2}, {0, 0});
  for (int g = 0; g < 8; ++g) t.Const<float>({2, 2}, p.w[g % 4]);
  t.Const<float>({2}, {1, 1});  // cell_to_input: a peephole
  t.NoInput();
  t.NoInput();
  for (int g = 0; g < 4; ++g) t.Const<float>({2}, p.b[g]);
  t.NoInput();
  t.NoInput();
  t.Variable<float>({1, 2});
  t.Variable<float>({1, 2});
  t.Output<float>({1, 1, 2});
  EXPECT_EQ(t.Run(),
            "op 0 UNIDIRECTIONAL_SEQUENCE_LSTM: peephole weights (input 9) are not supported");
}

}  // namespace
}  // namespace circlet
