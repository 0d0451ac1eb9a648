// SPDX-License-Identifier: Apache-2.0
// LESS_EQUAL: ties, NaN, int8 rescaling with rounding, int64 broadcast.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;
using V = std::vector<uint8_t>;

TEST(LessEqualOp, FloatTiesAndNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpTest t(opcode::LESS_EQUAL);
  t.Input<float>({2, 2}, {1, 2, nan, 0.5f});
  t.Input<float>({2}, {1, 1});
  t.Output<bool>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 0, 1}));
}

TEST(LessEqualOp, Int8RescalingRounds) {
  // Scale 2^-10: each value becomes q / 4 rounded half away from zero:
  // in1 {2, 1, -2} -> {1, 0, -1}; in2 {1, 0, -1} -> {0, 0, 0}.
  // So 2 <= 1 is false, 1 <= 0 is TRUE (both round to 0), -2 <= -1 true.
  OpTest t(opcode::LESS_EQUAL);
  t.Input<int8_t>({3}, {2, 1, -2}, writer::PerTensor(1.0f / 1024, 0));
  t.Input<int8_t>({3}, {1, 0, -1}, writer::PerTensor(1.0f / 1024, 0));
  t.Output<bool>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 1, 1}));
}

TEST(LessEqualOp, Int64Broadcast) {
  OpTest t(opcode::LESS_EQUAL);
  t.Input<int64_t>({3, 1}, {-(int64_t{1} << 35), 0, int64_t{1} << 35});
  t.Input<int64_t>({2}, {0, int64_t{1} << 35});
  t.Output<bool>({3, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 1, 1, 1, 0, 1}));
}

}  // namespace
}  // namespace circlet
