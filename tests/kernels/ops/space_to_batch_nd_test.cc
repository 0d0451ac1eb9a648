// SPDX-License-Identifier: Apache-2.0
// SPACE_TO_BATCH_ND: block phases become batches, padding is raw 0.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(SpaceToBatchNdOp, Block3WithPadding) {
  // 1x4 row [1, 2, 3, 4] padded left 1, right 1 to 6, block 1x3: phases
  // take columns {0, 3}, {1, 4}, {2, 5} of [0, 1, 2, 3, 4, 0].
  OpTest t(opcode::SPACE_TO_BATCH_ND);
  t.Input<float>({1, 1, 4, 1}, {1, 2, 3, 4});
  t.Const<int32_t>({2}, {1, 3});
  t.Const<int32_t>({2, 2}, {0, 0, 1, 1});
  t.Output<float>({3, 1, 2, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{0, 3, 1, 4, 2, 0}));
}

TEST(SpaceToBatchNdOp, Int8Block2x2TwoBatchesPadsRawZero) {
  // Batch b, phase (sh, sw) -> output batch (sh * 2 + sw) * 2 + b; padding
  // top 1 makes phase row 0 the padding row: raw 0, not the zero point 5.
  OpTest t(opcode::SPACE_TO_BATCH_ND);
  t.Input<int8_t>({2, 1, 2, 1}, {1, 2, 3, 4}, writer::PerTensor(0.5f, 5));
  t.Const<int32_t>({2}, {2, 2});
  t.Const<int32_t>({2, 2}, {1, 0, 0, 0});
  t.Output<int8_t>({8, 1, 1, 1}, writer::PerTensor(0.5f, 5));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{0, 0, 0, 0, 1, 3, 2, 4}));
}

TEST(SpaceToBatchNdOp, Rank3Input) {
  OpTest t(opcode::SPACE_TO_BATCH_ND);
  t.Input<float>({1, 4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  t.Const<int32_t>({1}, {2});
  t.Const<int32_t>({1, 2}, {0, 0});
  t.Output<float>({2, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 5, 6, 3, 4, 7, 8}));
}

TEST(SpaceToBatchNdOp, RefusesAPaddedSizeNotAMultipleOfTheBlock) {
  OpTest t(opcode::SPACE_TO_BATCH_ND);
  t.Input<float>({1, 1, 4, 1}, {1, 2, 3, 4});
  t.Const<int32_t>({2}, {1, 3});
  t.Const<int32_t>({2, 2}, {0, 0, 0, 1});
  t.Output<float>({3, 1, 2, 1});
  EXPECT_EQ(t.Run(),
            "op 0 SPACE_TO_BATCH_ND: padded input 1x5 is not a multiple of block_shape 1x3");
}

}  // namespace
}  // namespace circlet
