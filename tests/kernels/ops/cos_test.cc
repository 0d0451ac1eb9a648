// SPDX-License-Identifier: Apache-2.0
// COS: float32 cosine; cos(-inf) is NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(CosOp, Values) {
  OpTest t(opcode::COS);
  t.Input<float>({4}, {0.0f, 3.14159265f, 1.04719755f, -std::numeric_limits<float>::infinity()});
  t.Output<float>({4});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 1.0f);
  EXPECT_NEAR(y[1], -1.0f, 1e-7f);
  EXPECT_NEAR(y[2], 0.5f, 1e-7f);
  EXPECT_TRUE(std::isnan(y[3]));
}

TEST(CosOp, RefusesAnotherOutputType) {
  OpTest t(opcode::COS);
  t.Input<float>({1}, {0.0f});
  t.Output<int32_t>({1});
  EXPECT_EQ(t.Run(), "op 0 COS: output (tensor 1) is int32, expected float32");
}

}  // namespace
}  // namespace circlet
