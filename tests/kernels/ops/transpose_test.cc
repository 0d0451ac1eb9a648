// SPDX-License-Identifier: Apache-2.0
// TRANSPOSE: ranks 1 to 6, every type size, and the permutation checks.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(TransposeOp, Rank1IsACopy) {
  OpTest t(opcode::TRANSPOSE);
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int32_t>({1}, {0});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 3}));
}

TEST(TransposeOp, Rank2Int8) {
  OpTest t(opcode::TRANSPOSE);
  t.Input<int8_t>({2, 3}, {1, 2, 3, 4, 5, 6}, writer::PerTensor(0.1f, 4));
  t.Const<int32_t>({2}, {1, 0});
  t.Output<int8_t>({3, 2}, writer::PerTensor(0.1f, 4));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 4, 2, 5, 3, 6}));
}

TEST(TransposeOp, Rank3Int16) {
  // in[a][b][c] = 100a + 10b + c, shape [2, 2, 3]; perm {2, 0, 1}:
  // out[c][a][b] = in[a][b][c], shape [3, 2, 2].
  OpTest t(opcode::TRANSPOSE);
  t.Input<int16_t>({2, 2, 3}, {0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112});
  t.Const<int64_t>({3}, {2, 0, 1});
  t.Output<int16_t>({3, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0),
            (std::vector<int16_t>{0, 10, 100, 110, 1, 11, 101, 111, 2, 12, 102, 112}));
}

TEST(TransposeOp, Rank4Int32) {
  // [1, 2, 2, 2] -> perm {0, 3, 1, 2} (NHWC -> NCHW); in[0][h][w][c] = hwc.
  OpTest t(opcode::TRANSPOSE);
  t.Input<int32_t>({1, 2, 2, 2}, {0, 1, 10, 11, 100, 101, 110, 111});
  t.Const<int32_t>({4}, {0, 3, 1, 2});
  t.Output<int32_t>({1, 2, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 10, 100, 110, 1, 11, 101, 111}));
}

TEST(TransposeOp, Rank5Bool) {
  // [2, 1, 1, 1, 3] with perm {4, 1, 2, 3, 0}: a 2x3 matrix transposed.
  OpTest t(opcode::TRANSPOSE);
  t.Input<bool>({2, 1, 1, 1, 3}, {true, false, false, true, true, false});
  t.Const<int32_t>({5}, {4, 1, 2, 3, 0});
  t.Output<bool>({3, 1, 1, 1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (std::vector<uint8_t>{1, 1, 0, 1, 0, 0}));
}

TEST(TransposeOp, Rank6ReversedAxesInt64) {
  // [2, 1, 1, 1, 1, 2] reversed: out[j][0][0][0][0][i] = in[i][0][0][0][0][j].
  OpTest t(opcode::TRANSPOSE);
  t.Input<int64_t>({2, 1, 1, 1, 1, 2}, {1, 2, 3, int64_t{1} << 50});
  t.Const<int32_t>({6}, {5, 4, 3, 2, 1, 0});
  t.Output<int64_t>({2, 1, 1, 1, 1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{1, 3, 2, int64_t{1} << 50}));
}

TEST(TransposeOp, Rank6AllAxesMove) {
  // dims [1,2,1,3,1,2]; perm {3, 5, 1, 0, 2, 4} -> [3, 2, 2, 1, 1, 1]:
  // out[c][e][b] = in[b][c][e] with in[b][c][e] = 100b + 10c + e.
  OpTest t(opcode::TRANSPOSE);
  t.Input<int32_t>({1, 2, 1, 3, 1, 2}, {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121});
  t.Const<int32_t>({6}, {3, 5, 1, 0, 2, 4});
  t.Output<int32_t>({3, 2, 2, 1, 1, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0),
            (std::vector<int32_t>{0, 100, 1, 101, 10, 110, 11, 111, 20, 120, 21, 121}));
}

TEST(TransposeOp, RepeatedAxisIsRefused) {
  OpTest t(opcode::TRANSPOSE);
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Const<int32_t>({2}, {1, 1});
  t.Output<float>({2, 2});
  EXPECT_EQ(t.Run(), "op 0 TRANSPOSE: perm (tensor 1) is not a permutation of 0..1: entry 1 is 1");
}

TEST(TransposeOp, PermLengthMustBeTheRank) {
  OpTest t(opcode::TRANSPOSE);
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Const<int32_t>({3}, {1, 0, 2});
  t.Output<float>({2, 2});
  EXPECT_EQ(t.Run(), "op 0 TRANSPOSE: perm (tensor 1) must have shape [2]");
}

}  // namespace
}  // namespace circlet
