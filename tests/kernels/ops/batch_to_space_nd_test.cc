// SPDX-License-Identifier: Apache-2.0
// BATCH_TO_SPACE_ND: batches become block phases, then crops.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(BatchToSpaceNdOp, Block3WithCrops) {
  // The inverse of SPACE_TO_BATCH_ND's Block3WithPadding: interleave
  // [0, 3], [1, 4], [2, 0] into [0, 1, 2, 3, 4, 0], crop 1 left and right.
  OpTest t(opcode::BATCH_TO_SPACE_ND);
  t.Input<float>({3, 1, 2, 1}, {0, 3, 1, 4, 2, 0});
  t.Const<int32_t>({2}, {1, 3});
  t.Const<int32_t>({2, 2}, {0, 0, 1, 1});
  t.Output<float>({1, 1, 4, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 3, 4}));
}

TEST(BatchToSpaceNdOp, Int8Block2x2TwoOutputBatches) {
  // Input batch i: output batch i % 2, phase i / 2 = (row, column) in the block.
  OpTest t(opcode::BATCH_TO_SPACE_ND);
  t.Input<int8_t>({8, 1, 1, 1}, {1, -1, 2, -2, 3, -3, 4, -4}, writer::PerTensor(0.5f, 5));
  t.Const<int32_t>({2}, {2, 2});
  t.Const<int32_t>({2, 2}, {0, 0, 0, 0});
  t.Output<int8_t>({2, 2, 2, 1}, writer::PerTensor(0.5f, 5));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 2, 3, 4, -1, -2, -3, -4}));
}

TEST(BatchToSpaceNdOp, CropTopRank4) {
  OpTest t(opcode::BATCH_TO_SPACE_ND);
  t.Input<float>({2, 2, 1, 1}, {1, 3, 2, 4});
  t.Const<int32_t>({2}, {2, 1});
  t.Const<int32_t>({2, 2}, {1, 0, 0, 0});
  t.Output<float>({1, 3, 1, 1});
  ASSERT_EQ(t.Run(), "");
  // Uncropped rows [1, 2, 3, 4]; the first is cropped.
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{2, 3, 4}));
}

TEST(BatchToSpaceNdOp, RefusesBatchesNotAMultipleOfTheBlock) {
  OpTest t(opcode::BATCH_TO_SPACE_ND);
  t.Input<float>({3, 1, 1, 1}, {1, 2, 3});
  t.Const<int32_t>({2}, {2, 1});
  t.Const<int32_t>({2, 2}, {0, 0, 0, 0});
  t.Output<float>({1, 2, 1, 1});
  EXPECT_EQ(t.Run(),
            "op 0 BATCH_TO_SPACE_ND: input (tensor 0) has 3 batches, not a multiple of "
            "block_shape 2x1");
}

}  // namespace
}  // namespace circlet
