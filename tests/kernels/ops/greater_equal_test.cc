// SPDX-License-Identifier: Apache-2.0
// GREATER_EQUAL: ties, NaN, int8 values equal in real terms, rank-5
// broadcasting, int8 scale errors.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;
using V = std::vector<uint8_t>;

TEST(GreaterEqualOp, FloatTiesAndNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpTest t(opcode::GREATER_EQUAL);
  t.Input<float>({4}, {1, nan, 2, -0.0f});
  t.Input<float>({4}, {1, nan, 3, 0.0f});
  t.Output<bool>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 0, 1}));
}

TEST(GreaterEqualOp, Int8EqualInRealTerms) {
  // in1 scale 0.5 zp 0: {2, -1, 1} -> {1.0, -0.5, 0.5};
  // in2 scale 0.25 zp 10: {14, 8, 13} -> {1.0, -0.5, 0.75}.
  OpTest t(opcode::GREATER_EQUAL);
  t.Input<int8_t>({3}, {2, -1, 1}, writer::PerTensor(0.5f, 0));
  t.Input<int8_t>({3}, {14, 8, 13}, writer::PerTensor(0.25f, 10));
  t.Output<bool>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 1, 0}));
}

TEST(GreaterEqualOp, Int32Rank5Broadcast) {
  OpTest t(opcode::GREATER_EQUAL);
  t.Input<int32_t>({2, 1, 1, 1, 2}, {0, 10, 20, 30});
  t.Input<int32_t>({1, 1, 1, 2, 1}, {10, 25});
  t.Output<bool>({2, 1, 1, 2, 2});
  ASSERT_EQ(t.Run(), "");
  // [b][row][col]: b0: {0,10} vs 10 -> {0,1}; vs 25 -> {0,0};
  //                b1: {20,30} vs 10 -> {1,1}; vs 25 -> {0,1}.
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 1, 0, 0, 1, 1, 0, 1}));
}

TEST(GreaterEqualOp, Int16RawTiesAreTrue) {
  // TFLite's GREATER_EQUAL compares int16 values as they are (scales and
  // zero points are not used).
  OpTest t(opcode::GREATER_EQUAL);
  t.Input<int16_t>({4}, {-1, 0, 300, -32768}, writer::PerTensor(0.25f, 0));
  t.Input<int16_t>({4}, {-1, 1, 299, -32767}, writer::PerTensor(4.0f, 0));
  t.Output<bool>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 1, 0}));
}

TEST(GreaterEqualOp, Int8ScaleMustBeBelowOne) {
  OpTest t(opcode::GREATER_EQUAL);
  t.Input<int8_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  t.Input<int8_t>({2}, {1, 2}, writer::PerTensor(2.0f, 0));
  t.Output<bool>({2});
  EXPECT_EQ(t.Run(),
            "op 0 GREATER_EQUAL: input 2 (tensor 1): int8 comparison needs a scale in (0, 1)");
}

}  // namespace
}  // namespace circlet
