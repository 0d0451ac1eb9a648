// SPDX-License-Identifier: Apache-2.0
// GATHER_ND: slices addressed by the last dimension of int32 indices.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(GatherNdOp, FullIndicesPickElements) {
  OpTest t(opcode::GATHER_ND);
  t.Input<int32_t>({2, 3}, {10, 11, 12, 20, 21, 22});
  t.Const<int32_t>({3, 2}, {1, 2, 0, 0, 1, 0});
  t.Output<int32_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{22, 10, 20}));
}

TEST(GatherNdOp, PartialIndicesPickSlices) {
  // params [2,2,2], indices [1,2,1]: slices params[i] of 4 elements.
  OpTest t(opcode::GATHER_ND);
  t.Input<int8_t>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}, writer::PerTensor(1.0f, 0));
  t.Const<int32_t>({1, 2, 1}, {1, 0});
  t.Output<int8_t>({1, 2, 2, 2}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{5, 6, 7, 8, 1, 2, 3, 4}));
}

TEST(GatherNdOp, ComputedIndicesOutOfRangeGiveZeros) {
  OpTest t(opcode::GATHER_ND);
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Input<int32_t>({3, 2}, {1, 1, 0, 2, -1, 0});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{4, 0, 0}));
}

TEST(GatherNdOp, TooManyIndexDimensionsAreRefused) {
  OpTest t(opcode::GATHER_ND);
  t.Input<float>({2}, {1, 2});
  t.Const<int32_t>({1, 2}, {0, 0});
  t.Output<float>({1});
  EXPECT_EQ(t.Run(),
            "op 0 GATHER_ND: indices (tensor 1) address 2 dimensions, params (tensor 0) have 1");
}

TEST(GatherNdOp, ConstantIndexOutOfRangeIsRefused) {
  OpTest t(opcode::GATHER_ND);
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({1, 2}, {1, 3});
  t.Output<float>({1});
  EXPECT_EQ(t.Run(), "op 0 GATHER_ND: indices (tensor 1) [1] = 3 is outside [0, 3)");
}

TEST(GatherNdOp, Int64IndicesAreRefused) {
  OpTest t(opcode::GATHER_ND);
  t.Input<float>({2}, {1, 2});
  t.Const<int64_t>({1, 1}, {0});
  t.Output<float>({1});
  EXPECT_EQ(t.Run(), "op 0 GATHER_ND: indices (tensor 1) is int64, expected int32");
}

}  // namespace
}  // namespace circlet
