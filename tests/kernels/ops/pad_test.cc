// SPDX-License-Identifier: Apache-2.0
// PAD: zeros (float, int16), the output zero point (int8), int32/int64
// paddings, zero-size inputs, rank 6, and the prepare errors.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(PadOp, Float2D) {
  OpTest t(opcode::PAD);
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Const<int32_t>({2, 2}, {1, 0, 0, 2});
  t.Output<float>({3, 4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0, 0, 0, 0,  //
                                                 1, 2, 0, 0,  //
                                                 3, 4, 0, 0}));
}

TEST(PadOp, Int8PadsWithTheOutputZeroPoint) {
  OpTest t(opcode::PAD);
  t.Input<int8_t>({1, 2, 1}, {7, -8}, writer::PerTensor(0.5f, -5));
  t.Const<int64_t>({3, 2}, {0, 0, 1, 1, 0, 1});
  t.Output<int8_t>({1, 4, 2}, writer::PerTensor(0.5f, -5));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-5, -5, 7, -5, -8, -5, -5, -5}));
}

TEST(PadOp, Int64PaddingsAtAFourByteOffset) {
  // The paddings are read with LoadInt64: a converter's 4-byte offset is fine.
  OpTest t(opcode::PAD);
  t.Input<int8_t>({1, 2, 1}, {7, -8}, writer::PerTensor(0.5f, -5));
  t.AtFourByteOffset(t.Const<int64_t>({3, 2}, {0, 0, 1, 1, 0, 1}));
  t.Output<int8_t>({1, 4, 2}, writer::PerTensor(0.5f, -5));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-5, -5, 7, -5, -8, -5, -5, -5}));
}

TEST(PadOp, Int16PadsWithZero) {
  OpTest t(opcode::PAD);
  t.Input<int16_t>({2}, {300, -300}, writer::PerTensor(0.25f, 0));
  t.Const<int32_t>({1, 2}, {2, 1});
  t.Output<int16_t>({5}, writer::PerTensor(0.25f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{0, 0, 300, -300, 0}));
}

TEST(PadOp, Int64Values) {
  OpTest t(opcode::PAD);
  t.Input<int64_t>({1}, {int64_t{1} << 40});
  t.Const<int32_t>({1, 2}, {1, 1});
  t.Output<int64_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{0, int64_t{1} << 40, 0}));
}

TEST(PadOp, ZeroSizeInputGivesOnlyPadding) {
  OpTest t(opcode::PAD);
  t.Input<int8_t>({0, 2}, {}, writer::PerTensor(1.0f, 3));
  t.Const<int32_t>({2, 2}, {1, 1, 0, 1});
  t.Output<int8_t>({2, 3}, writer::PerTensor(1.0f, 3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{3, 3, 3, 3, 3, 3}));
}

TEST(PadOp, Rank6) {
  OpTest t(opcode::PAD);
  t.Input<int32_t>({1, 1, 1, 1, 1, 2}, {5, 6});
  t.Const<int32_t>({6, 2}, {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1});
  t.Output<int32_t>({1, 1, 1, 1, 2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 0, 0, 5, 6, 0}));
}

TEST(PadOp, NegativePaddingIsRefused) {
  OpTest t(opcode::PAD);
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int32_t>({1, 2}, {-1, 0});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(),
            "op 0 PAD: paddings (tensor 1) has -1, 0 at axis 0: paddings must be in 0..2^31");
}

TEST(PadOp, HugePaddingIsRefused) {
  OpTest t(opcode::PAD);
  t.Input<float>({1}, {1});
  t.Const<int64_t>({1, 2}, {int64_t{1} << 62, int64_t{1} << 62});
  t.Output<float>({3});
  EXPECT_EQ(t.Run(),
            "op 0 PAD: paddings (tensor 1) has 4611686018427387904, 4611686018427387904 at axis 0: "
            "paddings must be in 0..2^31");
}

TEST(PadOp, WrongOutputShapeIsRefused) {
  OpTest t(opcode::PAD);
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int32_t>({1, 2}, {1, 1});
  t.Output<float>({4});
  EXPECT_NE(t.Run(), "");
}

TEST(PadOp, PaddingsShapeIsChecked) {
  OpTest t(opcode::PAD);
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int32_t>({2}, {1, 1});
  t.Output<float>({5});
  EXPECT_EQ(t.Run(), "op 0 PAD: paddings (tensor 1) must have shape [1, 2]");
}

TEST(PadOp, OutputQuantizationMustMatch) {
  OpTest t(opcode::PAD);
  t.Input<int8_t>({1}, {1}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1, 2}, {1, 1});
  t.Output<int8_t>({3}, writer::PerTensor(0.5f, 1));
  EXPECT_EQ(t.Run(),
            "op 0 PAD: output (tensor 2) must have the scale and zero point of input (tensor 0)");
}

}  // namespace
}  // namespace circlet
