// SPDX-License-Identifier: Apache-2.0
// DEPTH_TO_SPACE: each pixel's bs * bs channel groups become a bs x bs
// block, block rows first (the inverse of SPACE_TO_DEPTH).
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options BlockOptions(int block) {
  return Opt(fb::BuiltinOptions_DepthToSpaceOptions,
             [=](auto& b) { return fb::CreateDepthToSpaceOptions(b, block).Union(); });
}

TEST(DepthToSpaceOp, Block3) {
  OpTest t(opcode::DEPTH_TO_SPACE, BlockOptions(3));
  t.Input<float>({1, 1, 2, 9}, {0, 1, 2, 6, 7, 8, 12, 13, 14, 3, 4, 5, 9, 10, 11, 15, 16, 17});
  t.Output<float>({1, 3, 6, 1});
  ASSERT_EQ(t.Run(), "");
  std::vector<float> want(18);
  for (int i = 0; i < 18; ++i) want[static_cast<size_t>(i)] = static_cast<float>(i);
  EXPECT_EQ(t.Out<float>(0), want);
}

TEST(DepthToSpaceOp, Int8Block2TwoChannels) {
  // One pixel of 8 channels: groups (0,0) (0,1) (1,0) (1,1) of 2 channels.
  OpTest t(opcode::DEPTH_TO_SPACE, BlockOptions(2));
  t.Input<int8_t>({1, 1, 1, 8}, {1, 2, 3, 4, 5, 6, 7, 8}, writer::PerTensor(0.5f, 4));
  t.Output<int8_t>({1, 2, 2, 2}, writer::PerTensor(0.5f, 4));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(DepthToSpaceOp, Block2OnTwoByTwoPixels) {
  // Two rows of two pixels, one channel out: out[y][x] = in[y/2][x/2][(y%2)*2 + x%2].
  OpTest t(opcode::DEPTH_TO_SPACE, BlockOptions(2));
  t.Input<float>({1, 2, 2, 4}, {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23, 30, 31, 32, 33});
  t.Output<float>({1, 4, 4, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0),
            (std::vector<float>{0, 1, 10, 11, 2, 3, 12, 13, 20, 21, 30, 31, 22, 23, 32, 33}));
}

TEST(DepthToSpaceOp, RefusesADepthNotAMultipleOfTheBlockArea) {
  OpTest t(opcode::DEPTH_TO_SPACE, BlockOptions(2));
  t.Input<float>({1, 1, 1, 6}, {1, 2, 3, 4, 5, 6});
  t.Output<float>({1, 2, 2, 1});
  EXPECT_EQ(t.Run(),
            "op 0 DEPTH_TO_SPACE: input (tensor 0) depth 6 is not a multiple of block_size^2 = 4");
}

TEST(DepthToSpaceOp, RefusesAZeroBlock) {
  OpTest t(opcode::DEPTH_TO_SPACE, BlockOptions(0));
  t.Input<float>({1, 1, 1, 1}, {1});
  t.Output<float>({1, 1, 1, 1});
  EXPECT_EQ(t.Run(), "op 0 DEPTH_TO_SPACE: block_size is 0, must be positive");
}

}  // namespace
}  // namespace circlet
