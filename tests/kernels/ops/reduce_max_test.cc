// SPDX-License-Identifier: Apache-2.0
// REDUCE_MAX: NaN is skipped (TFLite's comparison), int8 needs equal
// quantization, size-1 dims, int16. Expected values by hand.
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

TEST(ReduceMaxOp, NaNIsSkipped) {
  OpTest t(opcode::REDUCE_MAX, Reducer(false));
  t.Input<float>({3, 2}, {kNaN, 1, 2, kNaN, kNaN, kNaN});
  t.Const<int32_t>({1}, {1});
  t.Output<float>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, std::numeric_limits<float>::lowest()}));
}

TEST(ReduceMaxOp, Int8SizeOneDimsKeepDims) {
  OpTest t(opcode::REDUCE_MAX, Reducer(true));
  t.Input<int8_t>({1, 2, 1, 3}, {-128, 5, -7, 3, -2, 9}, writer::PerTensor(0.5f, 3));
  t.Const<int32_t>({2}, {1, -4});
  t.Output<int8_t>({1, 1, 1, 3}, writer::PerTensor(0.5f, 3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{3, 5, 9}));
}

TEST(ReduceMaxOp, Int8NeedsEqualQuantization) {
  OpTest t(opcode::REDUCE_MAX, Reducer(false));
  t.Input<int8_t>({2}, {1, 2}, writer::PerTensor(0.5f, 3));
  t.Const<int32_t>({1}, {0});
  t.Output<int8_t>({}, writer::PerTensor(0.25f, 3));
  EXPECT_EQ(t.Run(),
            "op 0 REDUCE_MAX: output (tensor 2) must have the input's (tensor 0) scale and zero "
            "point");
}

TEST(ReduceMaxOp, Int16KeepsTheQuantization) {
  // Rows [-32768, -5, 300] and [7, 32767, -1] along axis 1; an empty
  // reduction gives the initial value -32768.
  OpTest t(opcode::REDUCE_MAX, Reducer(false));
  t.Input<int16_t>({2, 3}, {-32768, -5, 300, 7, 32767, -1}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1}, {-1});
  t.Output<int16_t>({2}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{300, 32767}));

  OpTest e(opcode::REDUCE_MAX, Reducer(false));
  e.Input<int16_t>({2, 0}, {}, writer::PerTensor(0.5f, 0));
  e.Const<int32_t>({1}, {1});
  e.Output<int16_t>({2}, writer::PerTensor(0.5f, 0));
  ASSERT_EQ(e.Run(), "");
  EXPECT_EQ(e.Out<int16_t>(0), (std::vector<int16_t>{-32768, -32768}));

  OpTest q(opcode::REDUCE_MAX, Reducer(false));
  q.Input<int16_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  q.Const<int32_t>({1}, {0});
  q.Output<int16_t>({}, writer::PerTensor(0.25f, 0));
  EXPECT_EQ(q.Run(),
            "op 0 REDUCE_MAX: output (tensor 2) must have the input's (tensor 0) scale and zero "
            "point");
}

}  // namespace
}  // namespace circlet
