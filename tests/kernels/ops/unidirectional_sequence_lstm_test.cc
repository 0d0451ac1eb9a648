// SPDX-License-Identifier: Apache-2.0
// UNIDIRECTIONAL_SEQUENCE_LSTM (float32): two cells over three time steps and
// a second invoke that continues from the kept state, against the LSTM
// equations written out here in double; CIFG; time-major; cell clipping;
// peephole weights refused by name.
// Integer (TFLite Micro's 8x8_16 and 16x8): one cell with one input, worked
// out by hand below (every rounding written out); the state across time
// steps and across invokes, batches in time-major layout, cell clipping, an
// int64 bias at a 4-byte offset, and the refusals (weight zero point, CIFG,
// layer normalization, a cell activation other than TANH). Larger random
// layers: the reference loops and the dot-product routines (kernels/arm/)
// give the same bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "kernels/optimized.h"
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

// ---------------------------------------------------------------------------
// Integer LSTM, one cell and one input, every scale a power of two:
//   x: int8, scale 2^-7, zero point -1 (raw 63 is 0.5); h: int8, scale 2^-7,
//   zero point 2 (starts at raw 2 = 0.0); c: int16, scale 2^-11 (starts 0);
//   W_{i,f,c,o} = {64, 96, 64, 32}, R = 64 for every gate (scale 2^-7);
//   biases {0, 4096, 0, 0} (units 2^-14: the forget gate's is 0.25).
// The gates' FC multiplier is 2^-7 * 2^-7 / 2^-12 = 1/4: (2^30, shift -1).
// The int16 logistic and tanh read the table T (kSigmoidTableUint16) at
// u = 3v >> 9 (logistic) or 3v >> 8 (tanh) with the remainder f:
//   logistic: ((T[u] << 9) + f (T[u+1] - T[u]) + 512) >> 10
//   tanh:     ((T[u] << 8) + f (T[u+1] - T[u]) - 2^23 + 128) >> 8
// Step 1 (h = 0, c = 0), x - zp = 64:
//   i: 64*64 = 4096 -> 1024, 3v = 3072: u 6, f 0: (36843*512 + 512) >> 10 = 18422
//   c: 1024, 3v = 3072: u 12, f 0: (40794*256 - 8388480) >> 8 = 8026
//   o: 32*64 = 2048 -> 512, 3v = 1536: u 3: (34813*512 + 512) >> 10 = 17407
//   c = MBQM(18422 * 8026 = 147854972, 2^-19) = 282 (f * 0 adds 0)
//   tanh(c): cell scale 2^-11 -> input 282 * 6 = 1692: u 6, f 156:
//     (36843*256 + 156*670 - 8388480) >> 8 = 4483
//   h = 2 + MBQM(4483 * 17407 = 78035581, 2^-30 / 2^-7 = 2^-23) = 2 + 9 = 11
// Step 2 (h = 9 above its zero point, c = 282): every recurrent FC gives
// 64*9 = 576 -> 144:
//   i: 1024 + 144 = 1168, 3v = 3504: u 6, f 432: 18704
//   f: 96*64 + 4096 = 10240 -> 2560, + 144 = 2704, 3v = 8112: u 15, f 432:
//     (42688*512 + 432*616 + 512) >> 10 = 21604
//   c: 1168, 3v = 3504 (tanh): u 13, f 176: (41432*256 + 176*632 - 8388480) >> 8 = 9099
//   o: 512 + 144 = 656, 3v = 1968: u 3, f 432: (34813*512 + 432*680 + 512) >> 10 = 17693
//   f * c: MBQM(21604 * 282 = 6092328, 2^-15) = 186
//   i * g: MBQM(18704 * 9099 = 170187696, 2^-19) = 325; c = 511
//   tanh(c): 511 * 6 = 3066: u 11, f 250: (40149*256 + 250*645 - 8388480) >> 8 = 8011
//   h = 2 + MBQM(8011 * 17693 = 141738623, 2^-23) = 2 + 17 = 19
// (The float LSTM gives h = 0.0727 and 0.1320, i.e. 9.3 and 16.9 steps of 2^-7.)
constexpr float kS7 = 1.0f / 128.0f;

struct IntCell {
  std::vector<int8_t> w = {64, 96, 64, 32}, r = {64, 64, 64, 64};
  std::vector<int64_t> b = {0, 4096, 0, 0};
  int64_t w_zp = 0;  // of input_to_forget (refused unless 0)
  int32_t batch = 1;
  bool cifg = false, layer_norm = false;
};

// Inputs 1-23 of a one-cell int8 layer (see above).
void AddInt8Cell(OpTest& t, const IntCell& p) {
  for (int g = 0; g < 4; ++g) {
    if (p.cifg && g == 0) {
      t.NoInput();
    } else {
      t.Const<int8_t>({1, 1}, {p.w[g]}, writer::PerTensor(kS7, g == 1 ? p.w_zp : 0));
    }
  }
  for (int g = 0; g < 4; ++g) {
    if (p.cifg && g == 0) {
      t.NoInput();
    } else {
      t.Const<int8_t>({1, 1}, {p.r[g]}, writer::PerTensor(kS7, 0));
    }
  }
  for (int i = 0; i < 3; ++i) t.NoInput();
  for (int g = 0; g < 4; ++g) {
    if (p.cifg && g == 0) {
      t.NoInput();
    } else {
      t.Const<int32_t>({1}, {static_cast<int32_t>(p.b[g])}, writer::PerTensor(kS7 * kS7, 0));
    }
  }
  t.NoInput();
  t.NoInput();
  t.Variable<int8_t>({p.batch, 1}, writer::PerTensor(kS7, 2));
  t.Variable<int16_t>({p.batch, 1}, writer::PerTensor(1.0f / 2048.0f, 0));
  if (p.layer_norm) {
    t.Const<int16_t>({1}, {1024}, writer::PerTensor(1.0f / 1024.0f, 0));
    for (int i = 0; i < 3; ++i) t.NoInput();
  }
}

TEST(LstmOp, Int8OneCellByHand) {
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(0.0f, false));
  t.Input<int8_t>({1, 2, 1}, {63, 63}, writer::PerTensor(kS7, -1));
  AddInt8Cell(t, IntCell());
  t.Output<int8_t>({1, 2, 1}, writer::PerTensor(kS7, 2));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{11, 19}));
}

TEST(LstmOp, Int8StateCarriesAcrossInvokes) {
  // The two steps above as two invokes of one step each.
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(0.0f, false));
  t.Input<int8_t>({1, 1, 1}, {63}, writer::PerTensor(kS7, -1));
  AddInt8Cell(t, IntCell());
  t.Output<int8_t>({1, 1, 1}, writer::PerTensor(kS7, 2));
  t.Step<int8_t>({63});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.StepOut<int8_t>(0, 0), (std::vector<int8_t>{11}));
  EXPECT_EQ(t.StepOut<int8_t>(1, 0), (std::vector<int8_t>{19}));
}

TEST(LstmOp, Int8TimeMajorBatches) {
  // [time 2, batch 2, 1]: batch 0 is the case above; batch 1 reads x = zero
  // point (0.0) with its own zero state: every gate's FC is 0, the cell
  // gate tanh(0) = 0, so c stays 0 and h = zero point 2 at both steps.
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(0.0f, true));
  t.Input<int8_t>({2, 2, 1}, {63, -1, 63, -1}, writer::PerTensor(kS7, -1));
  IntCell p;
  p.batch = 2;
  AddInt8Cell(t, p);
  t.Output<int8_t>({2, 2, 1}, writer::PerTensor(kS7, 2));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{11, 2, 19, 2}));
}

TEST(LstmOp, Int8CellClip) {
  // cell_clip 0.1: q = int16(0.1 / 2^-11 = 204.8) = 204 binds at step 1
  // (282 -> 204); tanh(204 * 6 = 1224): u 4, f 200:
  // (35493*256 + 200*676 - 8388480) >> 8 = 3253; h = 2 + MBQM(3253 * 17407 =
  // 56624971, 2^-23) = 2 + 7 = 9.
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(0.1f, false));
  t.Input<int8_t>({1, 1, 1}, {63}, writer::PerTensor(kS7, -1));
  AddInt8Cell(t, IntCell());
  t.Output<int8_t>({1, 1, 1}, writer::PerTensor(kS7, 2));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{9}));
}

TEST(LstmOp, Int16x8OneCellByHand) {
  // 16x8: x and h int16 at 2^-12 (zero points 0), weights as above but W =
  // {64, 64, 64, 32}, int64 biases {0, 0, 0, 65536} (units 2^-19), the
  // output gate's stored 4 bytes past an 8-byte boundary. FC multiplier
  // 2^-12 * 2^-7 / 2^-12 = 2^-7: (2^30, -6); TFLite's int64 requantization
  // reduces it to 2^14 and computes (acc * 2^14 + 2^20) >> 21.
  // x = 1024 (0.25), h = 0, c = 0:
  //   i: 64*1024 = 65536 -> 512, 3v = 1536: 17407 (as o above)
  //   c: 512 -> tanh, 3v = 1536: u 6, f 0: (36843*256 - 8388480) >> 8 = 4075
  //   o: 32*1024 + 65536 = 98304 -> 768, 3v = 2304: u 4, f 256:
  //      (35493*512 + 256*676 + 512) >> 10 = 17916
  //   c = MBQM(17407 * 4075 = 70933525, 2^-19) = 135
  //   tanh(c): 135 * 6 = 810: u 3, f 42: (34813*256 + 42*680 - 8388480) >> 8 = 2157
  //   h = MBQM(2157 * 17916 = 38644812, 2^-30 / 2^-12 = 2^-18) = 147
  // (float: 0.0359 = 147.2 steps of 2^-12).
  const float s12 = 1.0f / 4096.0f;
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(0.0f, false));
  t.Input<int16_t>({1, 1, 1}, {1024}, writer::PerTensor(s12, 0));
  const int8_t w[4] = {64, 64, 64, 32};
  for (int g = 0; g < 4; ++g) t.Const<int8_t>({1, 1}, {w[g]}, writer::PerTensor(kS7, 0));
  for (int g = 0; g < 4; ++g) t.Const<int8_t>({1, 1}, {64}, writer::PerTensor(kS7, 0));
  for (int i = 0; i < 3; ++i) t.NoInput();
  int bias = 0;
  for (int g = 0; g < 4; ++g) {
    bias = t.Const<int64_t>({1}, {g == 3 ? 65536 : 0}, writer::PerTensor(s12 * kS7, 0));
  }
  t.AtFourByteOffset(bias);
  t.NoInput();
  t.NoInput();
  t.Variable<int16_t>({1, 1}, writer::PerTensor(s12, 0));
  t.Variable<int16_t>({1, 1}, writer::PerTensor(1.0f / 2048.0f, 0));
  t.Output<int16_t>({1, 1, 1}, writer::PerTensor(s12, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{147}));
}

std::string RunRefused(const IntCell& p, int activation = fb::ActivationFunctionType_TANH) {
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM,
           Opt(fb::BuiltinOptions_UnidirectionalSequenceLSTMOptions, [=](auto& b) {
             return fb::CreateUnidirectionalSequenceLSTMOptions(
                        b, static_cast<fb::ActivationFunctionType>(activation), 0.0f, 0.0f, false)
                 .Union();
           }));
  t.Input<int8_t>({1, 1, 1}, {63}, writer::PerTensor(kS7, -1));
  AddInt8Cell(t, p);
  t.Output<int8_t>({1, 1, 1}, writer::PerTensor(kS7, 2));
  return t.Run();
}

TEST(LstmOp, IntegerRefusals) {
  IntCell zp;
  zp.w_zp = 3;
  EXPECT_EQ(RunRefused(zp),
            "op 0 UNIDIRECTIONAL_SEQUENCE_LSTM: weights (input 2, tensor 2) have zero point 3: "
            "the integer LSTM takes symmetric int8 weights (zero point 0)");
  IntCell cifg;
  cifg.cifg = true;
  EXPECT_EQ(RunRefused(cifg),
            "op 0 UNIDIRECTIONAL_SEQUENCE_LSTM: CIFG (no input gate: inputs 1, 5, 12 absent) is "
            "float32 only; the integer LSTM needs all four gates");
  IntCell norm;
  norm.layer_norm = true;
  EXPECT_EQ(RunRefused(norm),
            "op 0 UNIDIRECTIONAL_SEQUENCE_LSTM: layer normalization (input 20) is not supported");
  EXPECT_EQ(RunRefused(IntCell(), fb::ActivationFunctionType_RELU),
            "op 0 UNIDIRECTIONAL_SEQUENCE_LSTM: fused activation RELU: the integer LSTM's cell "
            "gate takes TANH only");
}

#if CIRCLET_KERNEL_SWITCH
// A random layer (n_input 600: the 16x8 sums pass the routines' 508-term
// partial sums; n_cell 6: a block of four cells and two single ones), two
// batches of three steps and a second invoke, run with the optimized
// kernels and with the reference loops: the same outputs.
template <typename Act, typename Bias>
std::vector<std::vector<Act>> RandomLayer(bool optimized) {
  constexpr int32_t kIn = 600, kCell = 6, kBatch = 2, kTime = 3;
  uint32_t seed = 12345;
  auto next = [&seed]() {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
  };
  const bool i16 = sizeof(Act) == 2;
  const float s_x = i16 ? 1.0f / 8192.0f : 0.02f, s_h = i16 ? 1.0f / 16384.0f : 0.007f;
  const int64_t x_zp = i16 ? 0 : 5, h_zp = i16 ? 0 : -3;
  std::vector<Act> x0, x1;
  for (int32_t k = 0; k < kBatch * kTime * kIn; ++k) {
    x0.push_back(static_cast<Act>(next()));
    x1.push_back(static_cast<Act>(next()));
  }
  OpTest t(opcode::UNIDIRECTIONAL_SEQUENCE_LSTM, LstmOptions(3.0f, false));
  t.Input<Act>({kBatch, kTime, kIn}, x0, writer::PerTensor(s_x, x_zp));
  for (int g = 0; g < 8; ++g) {
    const int32_t cols = g < 4 ? kIn : kCell;
    std::vector<int8_t> w;
    for (int32_t k = 0; k < kCell * cols; ++k) w.push_back(static_cast<int8_t>(next()));
    t.Const<int8_t>({kCell, cols}, w, writer::PerTensor(0.002f + 0.001f * g, 0));
  }
  for (int i = 0; i < 3; ++i) t.NoInput();
  for (int g = 0; g < 4; ++g) {
    std::vector<Bias> b;
    for (int32_t k = 0; k < kCell; ++k) b.push_back(static_cast<Bias>(next() % 20001) - 10000);
    t.Const<Bias>({kCell}, b);
  }
  t.NoInput();
  t.NoInput();
  t.Variable<Act>({kBatch, kCell}, writer::PerTensor(s_h, h_zp));
  t.Variable<int16_t>({kBatch, kCell}, writer::PerTensor(1.0f / 4096.0f, 0));
  t.Output<Act>({kBatch, kTime, kCell}, writer::PerTensor(s_h, h_zp));
  t.Step<Act>(x1);
  kernels::opt::SetOptimizedKernels(optimized);
  const std::string e = t.Run();
  kernels::opt::SetOptimizedKernels(true);
  EXPECT_EQ(e, "");
  return {t.StepOut<Act>(0, 0), t.StepOut<Act>(1, 0)};
}

TEST(LstmOp, IntegerRoutinesMatchTheReferenceLoops) {
  const auto a8 = RandomLayer<int8_t, int32_t>(true);
  EXPECT_EQ(a8, (RandomLayer<int8_t, int32_t>(false)));
  const auto a16 = RandomLayer<int16_t, int64_t>(true);
  EXPECT_EQ(a16, (RandomLayer<int16_t, int64_t>(false)));
  // Not all at one value (the gates saturate now and then, not always).
  std::vector<int16_t> seen = a16[0];
  std::sort(seen.begin(), seen.end());
  EXPECT_GT(std::unique(seen.begin(), seen.end()) - seen.begin(), 6);
}
#endif

}  // namespace
}  // namespace circlet
