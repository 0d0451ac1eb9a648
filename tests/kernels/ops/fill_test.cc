// SPDX-License-Identifier: Apache-2.0
// FILL: the output (shape from the dims tensor) filled with the scalar value.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(FillOp, FloatFromInt32Dims) {
  OpTest t(opcode::FILL);
  t.Const<int32_t>({3}, {2, 3, 1});
  t.Input<float>({}, {1.5f});
  t.Output<float>({2, 3, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), std::vector<float>(6, 1.5f));
}

TEST(FillOp, Int64ValueFromInt64DimsBoolAndInt8) {
  OpTest a(opcode::FILL);
  a.Const<int64_t>({2}, {1, 3});
  a.Input<int64_t>({}, {-(1LL << 40)});
  a.Output<int64_t>({1, 3});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<int64_t>(0), std::vector<int64_t>(3, -(1LL << 40)));
  OpTest b(opcode::FILL);
  b.Const<int32_t>({1}, {4});
  b.Input<bool>({}, {true});
  b.Output<bool>({4});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<uint8_t>(0), std::vector<uint8_t>(4, 1));
  OpTest c(opcode::FILL);
  c.Const<int32_t>({2}, {2, 2});
  c.Input<int8_t>({}, {-26}, writer::PerTensor(0.01f, -26));
  c.Output<int8_t>({2, 2}, writer::PerTensor(0.01f, -26));
  ASSERT_EQ(c.Run(), "");
  EXPECT_EQ(c.Out<int8_t>(0), std::vector<int8_t>(4, -26));
}

TEST(FillOp, ZeroSizeOutput) {
  OpTest a(opcode::FILL);
  a.Const<int32_t>({2}, {2, 0});
  a.Input<int32_t>({}, {7});
  a.Output<int32_t>({2, 0});
  ASSERT_EQ(a.Run(), "");
  EXPECT_TRUE(a.Out<int32_t>(0).empty());
}

TEST(FillOp, RefusesBadDimsAndValues) {
  OpTest a(opcode::FILL);
  a.Const<int32_t>({2}, {2, 3});
  a.Input<float>({}, {1.0f});
  a.Output<float>({3, 2});
  EXPECT_EQ(a.Run(), "op 0 FILL: output 0 (tensor 2) has shape [3x2], the op computes [2x3]");
  OpTest b(opcode::FILL);
  b.Const<int32_t>({2}, {2, -1});
  b.Input<float>({}, {1.0f});
  b.Output<float>({2, 1});
  EXPECT_EQ(b.Run(), "op 0 FILL: dims (tensor 0) has -1 at index 1");
  OpTest c(opcode::FILL);
  c.Const<int32_t>({1}, {2});
  c.Input<int16_t>({}, {1}, writer::PerTensor(0.5f, 0));
  c.Output<int16_t>({2}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(c.Run(),
            "op 0 FILL: value (tensor 1) is int16: FILL takes float32, int32, int64, int8 or bool");
  OpTest d(opcode::FILL);
  d.Const<int32_t>({1}, {2});
  d.Input<float>({1}, {1.0f});
  d.Output<float>({2});
  EXPECT_EQ(d.Run(), "op 0 FILL: value (tensor 1) has rank 1, expected 0");
}

}  // namespace
}  // namespace circlet
