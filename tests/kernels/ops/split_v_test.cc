// SPDX-License-Identifier: Apache-2.0
// SPLIT_V: pieces of the given sizes (one -1 inferred) along a constant axis.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options SplitVOptions(int n) {
  return test::Opt(fb::BuiltinOptions_SplitVOptions,
                   [n](auto& b) { return fb::CreateSplitVOptions(b, n).Union(); });
}

TEST(SplitVOp, InferredSizeOnNegativeAxis) {
  OpTest t(opcode::SPLIT_V, SplitVOptions(3));
  t.Input<float>({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8});
  t.Const<int32_t>({3}, {1, -1, 0});
  t.Const<int32_t>({1}, {-1});
  t.Output<float>({2, 1});
  t.Output<float>({2, 3});
  t.Output<float>({2, 0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 5}));
  EXPECT_EQ(t.Out<float>(1), (std::vector<float>{2, 3, 4, 6, 7, 8}));
  EXPECT_TRUE(t.Out<float>(2).empty());
}

TEST(SplitVOp, Int64SizesOuterAxisViews) {
  OpTest t(opcode::SPLIT_V, SplitVOptions(2));
  t.Input<int8_t>({3, 2}, {1, 2, 3, 4, 5, 6});
  t.Const<int64_t>({2}, {2, 1});
  t.Const<int32_t>({1}, {0});
  t.Output<int8_t>({2, 2});
  t.Output<int8_t>({1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 2, 3, 4}));
  EXPECT_EQ(t.Out<int8_t>(1), (std::vector<int8_t>{5, 6}));
  EXPECT_EQ(t.result().report.activation_bytes, 8u);  // the input's 6 bytes (aligned) only
}

TEST(SplitVOp, TwoMinusOnesAreRefused) {
  OpTest t(opcode::SPLIT_V, SplitVOptions(2));
  t.Input<float>({4}, {1, 2, 3, 4});
  t.Const<int32_t>({2}, {-1, -1});
  t.Const<int32_t>({1}, {0});
  t.Output<float>({2});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(), "op 0 SPLIT_V: size_splits[1] = -1: not in [0, 4] (one -1 at most)");
}

TEST(SplitVOp, SizesNotSummingToTheDimensionAreRefused) {
  OpTest t(opcode::SPLIT_V, SplitVOptions(2));
  t.Input<float>({4}, {1, 2, 3, 4});
  t.Const<int32_t>({2}, {1, 2});
  t.Const<int32_t>({1}, {0});
  t.Output<float>({1});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(), "op 0 SPLIT_V: size_splits sum to 3 but input (tensor 0) has 4 at axis 0");
}

}  // namespace
}  // namespace circlet
