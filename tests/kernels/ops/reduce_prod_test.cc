// SPDX-License-Identifier: Apache-2.0
// REDUCE_PROD: float32, a zero-size axis gives 1, int8 refused.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"
#include "tests/kernels/ops/reduce_test_util.h"

namespace circlet {
namespace {

using test::OpTest;
using test::Reducer;

TEST(ReduceProdOp, Float) {
  OpTest t(opcode::REDUCE_PROD, Reducer(false));
  t.Input<float>({2, 3}, {1, 2, 3, -1, 0.5f, 4});
  t.Const<int32_t>({1}, {-1});
  t.Output<float>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{6, -2}));
}

TEST(ReduceProdOp, ZeroSizeAxisGivesOne) {
  OpTest t(opcode::REDUCE_PROD, Reducer(true));
  t.Input<float>({0, 2}, {});
  t.Const<int32_t>({1}, {0});
  t.Output<float>({1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 1}));
}

TEST(ReduceProdOp, Int8IsRefused) {
  OpTest t(opcode::REDUCE_PROD, Reducer(false));
  t.Input<int8_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1}, {0});
  t.Output<int8_t>({}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(), "op 0 REDUCE_PROD: input 0 (tensor 0) is int8: not a type REDUCE_PROD takes");
}

}  // namespace
}  // namespace circlet
