// SPDX-License-Identifier: Apache-2.0
// L2_NORMALIZATION: float32 (epsilon: a zero row gives zeros), int8 within
// 1 LSB of the float result in scale 1/128, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(L2NormalizationOp, FloatRowsAndZeroRow) {
  OpTest t(opcode::L2_NORMALIZATION);
  t.Input<float>({3, 2}, {3, 4, 0, 0, -6, 8});
  t.Output<float>({3, 2});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  const float want[] = {0.6f, 0.8f, 0, 0, -0.6f, 0.8f};
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(y[i], want[i], 1e-6f) << i;
}

TEST(L2NormalizationOp, Int8WithinOneLsbAndZeroRow) {
  // x = 0.1 * (q + 5); rows (3, 4) * 0.1 and (-1, 2, 2) -> outputs * 128.
  OpTest t(opcode::L2_NORMALIZATION);
  t.Input<int8_t>({2, 3}, {25, 35, -5, -15, 15, 15}, writer::PerTensor(0.1f, -5));
  t.Output<int8_t>({2, 3}, writer::PerTensor(1.0f / 128, 0));
  ASSERT_EQ(t.Run(), "");
  const std::vector<int8_t> y = t.Out<int8_t>(0);
  const double r0 = std::sqrt(30.0 * 30 + 40 * 40), r1 = std::sqrt(100.0 + 400 + 400);
  const double want[] = {30 / r0, 40 / r0, 0, -10 / r1, 20 / r1, 20 / r1};
  for (int i = 0; i < 6; ++i) {
    const double q = std::fmin(127.0, std::round(want[i] * 128));
    EXPECT_LE(std::abs(y[i] - q), 1) << i;
  }
  EXPECT_EQ(y[2], 0);
}

TEST(L2NormalizationOp, Int8OutputMustBeScale1Over128) {
  OpTest t(opcode::L2_NORMALIZATION);
  t.Input<int8_t>({2}, {1, 2}, writer::PerTensor(0.1f, 0));
  t.Output<int8_t>({2}, writer::PerTensor(0.01f, 0));
  EXPECT_EQ(t.Run(),
            "op 0 L2_NORMALIZATION: output (tensor 1) must have scale 1/128 and zero point 0");
}

}  // namespace
}  // namespace circlet
