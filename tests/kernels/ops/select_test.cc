// SPDX-License-Identifier: Apache-2.0
// SELECT (TFLite's first rules): same shapes, a scalar condition, a rank-1
// condition over x's first dimension; numpy broadcasting refused.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(SelectOp, SameShape) {
  OpTest t(opcode::SELECT);
  t.Input<bool>({2, 2}, {true, false, false, true});
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Input<float>({2, 2}, {5, 6, 7, 8});
  t.Output<float>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 6, 7, 4}));
}

TEST(SelectOp, RankOneConditionPicksRows) {
  // Not numpy broadcasting: condition[i] picks row i of x or y.
  OpTest t(opcode::SELECT);
  t.Input<bool>({3}, {false, true, false});
  t.Input<int32_t>({3, 2}, {1, 2, 3, 4, 5, 6});
  t.Input<int32_t>({3, 2}, {-1, -2, -3, -4, -5, -6});
  t.Output<int32_t>({3, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{-1, -2, 3, 4, -5, -6}));
}

TEST(SelectOp, ScalarCondition) {
  OpTest t(opcode::SELECT);
  t.Input<bool>({}, {false});
  t.Input<int8_t>({2, 2}, {1, 2, 3, 4}, writer::PerTensor(0.5f, 0));
  t.Input<int8_t>({2, 2}, {5, 6, 7, 8}, writer::PerTensor(0.5f, 0));
  t.Output<int8_t>({2, 2}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{5, 6, 7, 8}));
}

TEST(SelectOp, NumpyBroadcastIsRefused) {
  OpTest a(opcode::SELECT);
  a.Input<bool>({2}, {true, false});
  a.Input<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  a.Input<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  a.Output<float>({3, 2});
  EXPECT_EQ(a.Run(),
            "op 0 SELECT: condition (tensor 0) must have x's shape, be a scalar or be rank 1 with "
            "x's first dimension (3)");

  OpTest b(opcode::SELECT);
  b.Input<bool>({2}, {true, false});
  b.Input<float>({2}, {1, 2});
  b.Input<float>({1}, {3});
  b.Output<float>({2});
  EXPECT_EQ(b.Run(), "op 0 SELECT: x (tensor 1) and y (tensor 2) differ in shape");
}

}  // namespace
}  // namespace circlet
