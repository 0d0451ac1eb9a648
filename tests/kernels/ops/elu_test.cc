// SPDX-License-Identifier: Apache-2.0
// ELU: x < 0 ? exp(x) - 1 : x; int8 through a 256-entry table, checked
// within 1 LSB of the float function over every input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(EluOp, Float) {
  OpTest t(opcode::ELU);
  const std::vector<float> x = {-10.0f, -1.0f, -1e-3f, 0.0f, 2.0f};
  t.Input<float>({5}, x);
  t.Output<float>({5});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(y[i], x[i] < 0 ? std::exp(static_cast<double>(x[i])) - 1 : x[i], 1e-7) << x[i];
  }
}

TEST(EluOp, FloatNaN) {
  OpTest t(opcode::ELU);
  t.Input<float>({1}, {std::nanf("")});
  t.Output<float>({1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(std::isnan(t.Out<float>(0)[0]));
}

TEST(EluOp, Int8EveryValue) {
  // x = (q - 25) / 51; y = (o + 43) * 0.0117647 (the zoo's quantization),
  // and one where large inputs saturate at 127.
  struct Case {
    float in_scale;
    int in_zp;
    float out_scale;
    int out_zp;
  };
  for (const Case c : {Case{0.019607843831181526f, 25, 0.0117647061124444f, -43},
                       Case{1.0f / 16, 0, 1.0f / 32, 0}}) {
    std::vector<int8_t> q;
    for (int v = -128; v <= 127; ++v) q.push_back(static_cast<int8_t>(v));
    OpTest t(opcode::ELU);
    t.Input<int8_t>({16, 16}, q, writer::PerTensor(c.in_scale, c.in_zp));
    t.Output<int8_t>({16, 16}, writer::PerTensor(c.out_scale, c.out_zp));
    ASSERT_EQ(t.Run(), "");
    const std::vector<int8_t> y = t.Out<int8_t>(0);
    for (int i = 0; i < 256; ++i) {
      const double x = static_cast<double>(c.in_scale) * (q[i] - c.in_zp);
      const double real = x < 0 ? std::exp(x) - 1 : x;
      const double want = std::min(127.0, std::max(-128.0, real / c.out_scale + c.out_zp));
      EXPECT_LE(std::abs(y[i] - want), 1.0) << int(q[i]);
    }
  }
}

TEST(EluOp, Int16IsRefused) {
  OpTest t(opcode::ELU);
  t.Input<int16_t>({1}, {0}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(), "op 0 ELU: input 0 (tensor 0) is int16: not a type ELU takes");
}

}  // namespace
}  // namespace circlet
