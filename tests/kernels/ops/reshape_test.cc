// SPDX-License-Identifier: Apache-2.0
// RESHAPE: a view of the input (no copy); the shape comes from the shape
// tensor, else the option, else the model's output shape; one -1 inferred.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(ReshapeOp, ShapeTensorWithInferredDimension) {
  OpTest t(opcode::RESHAPE);
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({2}, {3, -1});
  t.Output<float>({3, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(ReshapeOp, OptionShapeInt8) {
  OpTest t(opcode::RESHAPE, writer::ReshapeOptions({6}));
  t.Input<int8_t>({1, 2, 3}, {-1, 2, -3, 4, -5, 6}, writer::PerTensor(0.5f, 1));
  t.Output<int8_t>({6}, writer::PerTensor(0.5f, 1));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-1, 2, -3, 4, -5, 6}));
}

TEST(ReshapeOp, ElementCountMismatchIsRefused) {
  OpTest t(opcode::RESHAPE);
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({2}, {4, 2});
  t.Output<float>({4, 2});
  EXPECT_EQ(t.Run(), "op 0 RESHAPE: new shape has 8 elements, input (tensor 0) has 6");
}

TEST(ReshapeOp, RefusesAnInputTypeOutsideTheTable) {
  // The operator table's TYPES column is checked before the kernel runs.
  OpTest t(opcode::DEQUANTIZE);
  t.Input<int32_t>({2}, {1, 2});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(), "op 0 DEQUANTIZE: input 0 (tensor 0) is int32: not a type DEQUANTIZE takes");
}

}  // namespace
}  // namespace circlet
