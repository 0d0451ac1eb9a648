// SPDX-License-Identifier: Apache-2.0
// NOT_EQUAL: true for NaN, int8 rescaling, int32 broadcasting, bool inputs.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;
using V = std::vector<uint8_t>;

TEST(NotEqualOp, FloatNaNIsNotEqual) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpTest t(opcode::NOT_EQUAL);
  t.Input<float>({4}, {nan, nan, 1.5f, -2});
  t.Input<float>({4}, {nan, 0, 1.5f, 2});
  t.Output<bool>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 1, 0, 1}));
}

TEST(NotEqualOp, Int32Broadcast) {
  OpTest t(opcode::NOT_EQUAL);
  t.Input<int32_t>({2, 1}, {5, -7});
  t.Input<int32_t>({1, 3}, {5, -7, 0});
  t.Output<bool>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 1, 1, 1, 0, 1}));
}

TEST(NotEqualOp, Int8OtherZeroPoints) {
  // Both scale 0.5; zero points 3 and -3: 5 -> 1.0 and -1 -> 1.0 (equal),
  // 3 -> 0 and -2 -> 0.5 (not equal).
  OpTest t(opcode::NOT_EQUAL);
  t.Input<int8_t>({2}, {5, 3}, writer::PerTensor(0.5f, 3));
  t.Input<int8_t>({2}, {-1, -2}, writer::PerTensor(0.5f, -3));
  t.Output<bool>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 1}));
}

TEST(NotEqualOp, Bool) {
  OpTest t(opcode::NOT_EQUAL);
  t.Input<bool>({3}, {true, false, true});
  t.Input<bool>({1}, {true});
  t.Output<bool>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 1, 0}));
}

TEST(NotEqualOp, Int16IsRefusedAsByTfliteAndTfliteMicro) {
  OpTest t(opcode::NOT_EQUAL);
  t.Input<int16_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  t.Input<int16_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  t.Output<bool>({2});
  EXPECT_EQ(t.Run(), "op 0 NOT_EQUAL: input 0 (tensor 0) is int16: not a type NOT_EQUAL takes");
}

TEST(NotEqualOp, InputTypesMustMatch) {
  OpTest t(opcode::NOT_EQUAL);
  t.Input<float>({2}, {1, 2});
  t.Input<int32_t>({2}, {1, 2});
  t.Output<bool>({2});
  EXPECT_EQ(t.Run(), "op 0 NOT_EQUAL: input 2 (tensor 1) is int32, expected float32");
}

}  // namespace
}  // namespace circlet
