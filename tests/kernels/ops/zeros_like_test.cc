// SPDX-License-Identifier: Apache-2.0
// ZEROS_LIKE: raw zero bytes of the input's shape and type (int8: raw 0,
// not the zero point, as TFLite Micro).
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(ZerosLikeOp, FloatInt64AndInt8RawZero) {
  OpTest a(opcode::ZEROS_LIKE);
  a.Input<float>({2, 2}, {1.5f, -2.0f, 3.0f, 4.0f});
  a.Output<float>({2, 2});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<float>(0), (std::vector<float>{0, 0, 0, 0}));
  OpTest b(opcode::ZEROS_LIKE);
  b.Input<int64_t>({2}, {-7, 1LL << 40});
  b.Output<int64_t>({2});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<int64_t>(0), (std::vector<int64_t>{0, 0}));
  OpTest c(opcode::ZEROS_LIKE);
  c.Input<int8_t>({3}, {-26, 5, 100}, writer::PerTensor(0.01f, -26));
  c.Output<int8_t>({3}, writer::PerTensor(0.01f, -26));
  ASSERT_EQ(c.Run(), "");
  EXPECT_EQ(c.Out<int8_t>(0), (std::vector<int8_t>{0, 0, 0}));
}

TEST(ZerosLikeOp, RefusesInt16AndAnotherOutputType) {
  OpTest a(opcode::ZEROS_LIKE);
  a.Input<int16_t>({1}, {1}, writer::PerTensor(0.5f, 0));
  a.Output<int16_t>({1}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(a.Run(), "op 0 ZEROS_LIKE: input 0 (tensor 0) is int16: not a type ZEROS_LIKE takes");
  OpTest b(opcode::ZEROS_LIKE);
  b.Input<int32_t>({1}, {1});
  b.Output<float>({1});
  EXPECT_EQ(b.Run(), "op 0 ZEROS_LIKE: output (tensor 1) is float32, expected int32");
}

}  // namespace
}  // namespace circlet
