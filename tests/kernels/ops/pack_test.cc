// SPDX-License-Identifier: Apache-2.0
// PACK: values_count tensors stacked along a new axis.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options PackOptions(int n, int axis) {
  return test::Opt(fb::BuiltinOptions_PackOptions,
                   [n, axis](auto& b) { return fb::CreatePackOptions(b, n, axis).Union(); });
}

TEST(PackOp, NewLastAxisByNegativeAxis) {
  OpTest t(opcode::PACK, PackOptions(2, -1));
  t.Input<float>({3}, {1, 2, 3});
  t.Input<float>({3}, {4, 5, 6});
  t.Output<float>({3, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 4, 2, 5, 3, 6}));
}

TEST(PackOp, MiddleAxisInt64) {
  OpTest t(opcode::PACK, PackOptions(3, 1));
  t.Input<int64_t>({2, 1}, {1, 2});
  t.Const<int64_t>({2, 1}, {30, 40});
  t.Input<int64_t>({2, 1}, {5, 6});
  t.Output<int64_t>({2, 3, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{1, 30, 5, 2, 40, 6}));
}

TEST(PackOp, FirstAxisZeroSize) {
  OpTest t(opcode::PACK, PackOptions(2, 0));
  t.Input<int8_t>({0}, {});
  t.Input<int8_t>({0}, {});
  t.Output<int8_t>({2, 0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<int8_t>(0).empty());
}

TEST(PackOp, DifferentShapesAreRefused) {
  OpTest t(opcode::PACK, PackOptions(2, 0));
  t.Input<float>({2}, {1, 2});
  t.Input<float>({3}, {1, 2, 3});
  t.Output<float>({2, 2});
  EXPECT_EQ(t.Run(), "op 0 PACK: input 1 (tensor 1) has 3 at axis 0, input 0 has 2");
}

TEST(PackOp, ValuesCountMismatchIsRefused) {
  OpTest t(opcode::PACK, PackOptions(3, 0));
  t.Input<float>({2}, {1, 2});
  t.Input<float>({2}, {1, 2});
  t.Output<float>({3, 2});
  EXPECT_EQ(t.Run(), "op 0 PACK: values_count is 3 but the op has 2 inputs");
}

}  // namespace
}  // namespace circlet
