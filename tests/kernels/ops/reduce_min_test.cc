// SPDX-License-Identifier: Apache-2.0
// REDUCE_MIN: NaN is skipped, every axis, int8, int16. Expected values by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"
#include "tests/kernels/ops/reduce_test_util.h"

namespace circlet {
namespace {

using test::OpTest;
using test::Reducer;

const float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST(ReduceMinOp, NaNIsSkippedEveryAxis) {
  OpTest t(opcode::REDUCE_MIN, Reducer(false));
  t.Input<float>({2, 2}, {3, kNaN, -1.5f, 4});
  t.Const<int32_t>({2}, {1, 0});
  t.Output<float>({});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{-1.5f}));
}

TEST(ReduceMinOp, Int8) {
  OpTest t(opcode::REDUCE_MIN, Reducer(true));
  t.Input<int8_t>({2, 3}, {4, -9, 0, 127, 8, 2}, writer::PerTensor(1.0f, 0));
  t.Const<int32_t>({1}, {1});
  t.Output<int8_t>({2, 1}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-9, 2}));
}

TEST(ReduceMinOp, Int16) {
  // Both axes of [[5, -300], [32767, -32768]]: -32768; axis 0: [5, -32768].
  OpTest t(opcode::REDUCE_MIN, Reducer(false));
  t.Input<int16_t>({2, 2}, {5, -300, 32767, -32768}, writer::PerTensor(0.25f, 0));
  t.Const<int32_t>({2}, {0, 1});
  t.Output<int16_t>({}, writer::PerTensor(0.25f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{-32768}));

  OpTest a(opcode::REDUCE_MIN, Reducer(false));
  a.Input<int16_t>({2, 2}, {5, -300, 32767, -32768}, writer::PerTensor(0.25f, 0));
  a.Const<int32_t>({1}, {0});
  a.Output<int16_t>({2}, writer::PerTensor(0.25f, 0));
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<int16_t>(0), (std::vector<int16_t>{5, -32768}));
}

}  // namespace
}  // namespace circlet
