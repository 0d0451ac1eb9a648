// SPDX-License-Identifier: Apache-2.0
// UNPACK: num tensors along an axis, the axis removed.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options UnpackOptions(int num, int axis) {
  return test::Opt(fb::BuiltinOptions_UnpackOptions,
                   [num, axis](auto& b) { return fb::CreateUnpackOptions(b, num, axis).Union(); });
}

TEST(UnpackOp, AfterSizeOneAxisViews) {
  OpTest t(opcode::UNPACK, UnpackOptions(3, 1));
  t.Input<float>({1, 3, 2}, {1, 2, 3, 4, 5, 6});
  t.Output<float>({1, 2});
  t.Output<float>({1, 2});
  t.Output<float>({1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2}));
  EXPECT_EQ(t.Out<float>(1), (std::vector<float>{3, 4}));
  EXPECT_EQ(t.Out<float>(2), (std::vector<float>{5, 6}));
  EXPECT_EQ(t.result().report.activation_bytes, 24u);  // the input's 24 bytes only
}

TEST(UnpackOp, NumNotTheDimensionIsRefused) {
  OpTest t(opcode::UNPACK, UnpackOptions(2, 0));
  t.Input<float>({3, 1}, {1, 2, 3});
  t.Output<float>({1});
  t.Output<float>({1});
  EXPECT_EQ(t.Run(),
            "op 0 UNPACK: num is 2, the op has 2 outputs and input (tensor 0) has 3 at axis 0");
}

TEST(UnpackOp, NegativeInnerAxisCopies) {
  OpTest t(opcode::UNPACK, UnpackOptions(2, -1));
  t.Input<int8_t>({3, 2}, {1, 2, 3, 4, 5, 6});
  t.Output<int8_t>({3});
  t.Output<int8_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 3, 5}));
  EXPECT_EQ(t.Out<int8_t>(1), (std::vector<int8_t>{2, 4, 6}));
}

}  // namespace
}  // namespace circlet
