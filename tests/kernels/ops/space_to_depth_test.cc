// SPDX-License-Identifier: Apache-2.0
// SPACE_TO_DEPTH: each bs x bs block becomes one pixel, block rows first.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options BlockOptions(int block) {
  return Opt(fb::BuiltinOptions_SpaceToDepthOptions,
             [=](auto& b) { return fb::CreateSpaceToDepthOptions(b, block).Union(); });
}

std::vector<float> Iota(int n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = static_cast<float>(i);
  return v;
}

TEST(SpaceToDepthOp, Block3) {
  // 3x6 image of 0..17: two 3x3 blocks.
  OpTest t(opcode::SPACE_TO_DEPTH, BlockOptions(3));
  t.Input<float>({1, 3, 6, 1}, Iota(18));
  t.Output<float>({1, 1, 2, 9});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0),
            (std::vector<float>{0, 1, 2, 6, 7, 8, 12, 13, 14, 3, 4, 5, 9, 10, 11, 15, 16, 17}));
}

TEST(SpaceToDepthOp, Int8Block2TwoChannelsTwoBatches) {
  OpTest t(opcode::SPACE_TO_DEPTH, BlockOptions(2));
  t.Input<int8_t>({2, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, -5, -6, -7, -8},
                  writer::PerTensor(0.5f, -3));
  t.Output<int8_t>({2, 1, 1, 8}, writer::PerTensor(0.5f, -3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0),
            (std::vector<int8_t>{1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, -5, -6, -7, -8}));
}

TEST(SpaceToDepthOp, RefusesASizeNotAMultipleOfTheBlock) {
  OpTest t(opcode::SPACE_TO_DEPTH, BlockOptions(2));
  t.Input<float>({1, 3, 3, 1}, Iota(9));
  t.Output<float>({1, 1, 1, 4});
  EXPECT_EQ(t.Run(),
            "op 0 SPACE_TO_DEPTH: input (tensor 0) is 3x3, not a multiple of block_size 2");
}

TEST(SpaceToDepthOp, RefusesInt16) {
  OpTest t(opcode::SPACE_TO_DEPTH, BlockOptions(1));
  t.Input<int16_t>({1, 1, 1, 1}, std::vector<int16_t>{1}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1, 1, 1, 1}, writer::PerTensor(1.0f, 0));
  EXPECT_EQ(t.Run(),
            "op 0 SPACE_TO_DEPTH: input 0 (tensor 0) is int16: not a type SPACE_TO_DEPTH takes");
}

}  // namespace
}  // namespace circlet
