// SPDX-License-Identifier: Apache-2.0
// SQUEEZE: a view without the listed size-1 axes (negative allowed), or
// without every size-1 axis when the list is empty.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options SqueezeOptions(std::vector<int32_t> dims) {
  return test::Opt(fb::BuiltinOptions_SqueezeOptions,
                   [dims](auto& b) { return fb::CreateSqueezeOptionsDirect(b, &dims).Union(); });
}

TEST(SqueezeOp, ListedAxesWithNegative) {
  OpTest t(opcode::SQUEEZE, SqueezeOptions({0, -2}));
  t.Input<int8_t>({1, 3, 1, 1}, {-1, 0, 7}, writer::PerTensor(0.1f, 2));
  t.Output<int8_t>({3, 1}, writer::PerTensor(0.1f, 2));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-1, 0, 7}));
  EXPECT_EQ(t.result().report.activation_bytes, 8u);  // one 3-byte buffer, 8-byte aligned
}

TEST(SqueezeOp, EmptyListRemovesEverySizeOneAxis) {
  OpTest t(opcode::SQUEEZE);
  t.Input<float>({1, 2, 1, 2}, {1, 2, 3, 4});
  t.Output<float>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 3, 4}));
}

TEST(SqueezeOp, ZeroSizeAxisStays) {
  OpTest t(opcode::SQUEEZE);
  t.Input<int32_t>({1, 0, 1}, {});
  t.Output<int32_t>({0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<int32_t>(0).empty());
}

TEST(SqueezeOp, AxisOfSizeTwoIsRefused) {
  OpTest t(opcode::SQUEEZE, SqueezeOptions({1}));
  t.Input<float>({1, 2}, {1, 2});
  t.Output<float>({1});
  EXPECT_EQ(t.Run(), "op 0 SQUEEZE: squeeze_dims[0] = 1: input (tensor 0) has size 2 there, not 1");
}

TEST(SqueezeOp, WrongOutputShapeIsRefused) {
  OpTest t(opcode::SQUEEZE, SqueezeOptions({0}));
  t.Input<float>({1, 1, 2}, {1, 2});
  t.Output<float>({2});
  EXPECT_NE(t.Run(), "");
}

}  // namespace
}  // namespace circlet
