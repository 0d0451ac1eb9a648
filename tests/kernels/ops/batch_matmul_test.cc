// SPDX-License-Identifier: Apache-2.0
// BATCH_MATMUL: plain matrix products worked out by hand; adj_x/adj_y,
// broadcast batch dimensions up to rank 5, int8 and int16 requantization.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options MatMulOptions(bool adj_x, bool adj_y) {
  return Opt(fb::BuiltinOptions_BatchMatMulOptions, [=](auto& b) {
    fb::BatchMatMulOptionsBuilder o(b);
    o.add_adj_x(adj_x);
    o.add_adj_y(adj_y);
    return o.Finish().Union();
  });
}

// [[1, 2, 3], [4, 5, 6]] x [[1, 0], [0, 1], [1, 1]] = [[4, 5], [10, 11]],
// with each operand given as stored or transposed.
TEST(BatchMatMulOp, FloatEachAdjointCombination) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, a_t = {1, 4, 2, 5, 3, 6};
  const std::vector<float> b = {1, 0, 0, 1, 1, 1}, b_t = {1, 0, 1, 0, 1, 1};
  for (int adj_x = 0; adj_x < 2; ++adj_x) {
    for (int adj_y = 0; adj_y < 2; ++adj_y) {
      OpTest t(opcode::BATCH_MATMUL, MatMulOptions(adj_x != 0, adj_y != 0));
      if (adj_x != 0) {
        t.Input<float>({3, 2}, a_t);
      } else {
        t.Input<float>({2, 3}, a);
      }
      if (adj_y != 0) {
        t.Input<float>({2, 3}, b_t);
      } else {
        t.Input<float>({3, 2}, b);
      }
      t.Output<float>({2, 2});
      ASSERT_EQ(t.Run(), "") << adj_x << adj_y;
      EXPECT_EQ(t.Out<float>(0), (std::vector<float>{4, 5, 10, 11})) << adj_x << adj_y;
    }
  }
}

TEST(BatchMatMulOp, FloatBroadcastsBatches) {
  // lhs 2 batches of [1 x 2] (middle batch 1), rhs 3 batches of [2 x 1].
  OpTest t(opcode::BATCH_MATMUL);
  t.Input<float>({2, 1, 1, 2}, {1, 2, 3, 4});
  t.Input<float>({3, 2, 1}, {1, 1, 1, 0, 0, 1});
  t.Output<float>({2, 3, 1, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{3, 1, 2, 7, 3, 4}));
}

TEST(BatchMatMulOp, FloatRank5Broadcast) {
  // out[b0][b1][b2] = lhs[b0][b2] * rhs[b1] (1x1 matrices).
  OpTest t(opcode::BATCH_MATMUL);
  t.Input<float>({2, 1, 2, 1, 1}, {1, 2, 3, 4});
  t.Input<float>({1, 3, 1, 1, 1}, {10, 20, 30});
  t.Output<float>({2, 3, 2, 1, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{10, 20, 20, 40, 30, 60, 30, 40, 60, 80, 90, 120}));
}

TEST(BatchMatMulOp, Int8ZeroPointsAndSaturation) {
  // lhs real [1, 2] (zp 1), rhs real [1.5, 2.5] and [10, 10] (zp -1), M = 1:
  // acc 2 * 3 + 4 * 5 = 26 -> 29; 2 * 21 + 4 * 21 = 126 -> 129 -> 127.
  OpTest t(opcode::BATCH_MATMUL);
  t.Input<int8_t>({1, 2}, {3, 5}, writer::PerTensor(0.5f, 1));
  t.Input<int8_t>({2, 2}, {2, 20, 4, 20}, writer::PerTensor(0.5f, -1));
  t.Output<int8_t>({1, 2}, writer::PerTensor(0.25f, 3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{29, 127}));
}

TEST(BatchMatMulOp, Int16RoundsTiesUp) {
  // 101 * 3 + 200 * 4 = 1103, M = 0.5: 551.5 -> 552.
  OpTest t(opcode::BATCH_MATMUL, MatMulOptions(false, true));
  t.Input<int16_t>({1, 2}, std::vector<int16_t>{101, 200}, writer::PerTensor(1.0f, 0));
  t.Input<int16_t>({1, 2}, std::vector<int16_t>{3, 4}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({1, 1}, writer::PerTensor(2.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{552}));
}

TEST(BatchMatMulOp, RefusesMismatchedDepth) {
  OpTest t(opcode::BATCH_MATMUL);
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Output<float>({2, 2});
  EXPECT_EQ(t.Run(),
            "op 0 BATCH_MATMUL: lhs (tensor 0) has depth 3, rhs (tensor 1) has 2 (adj_x 0, "
            "adj_y 0)");
}

TEST(BatchMatMulOp, RefusesBatchesThatDoNotBroadcast) {
  OpTest t(opcode::BATCH_MATMUL);
  t.Input<float>({2, 1, 1}, {1, 2});
  t.Input<float>({3, 1, 1}, {1, 2, 3});
  t.Output<float>({3, 1, 1});
  EXPECT_EQ(t.Run(),
            "op 0 BATCH_MATMUL: batch dimension 0: lhs (tensor 0) has 2, rhs (tensor 1) has 3; "
            "they must be equal or 1");
}

}  // namespace
}  // namespace circlet
