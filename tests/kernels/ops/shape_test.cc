// SPDX-License-Identifier: Apache-2.0
// SHAPE: the input's dimensions as int32 or int64 (ShapeOptions.out_type).
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options ShapeOut(fb::TensorType type) {
  return Opt(fb::BuiltinOptions_ShapeOptions, [type](flatbuffers::FlatBufferBuilder& b) {
    return fb::CreateShapeOptions(b, type).Union();
  });
}

TEST(ShapeOp, Int32AndInt64) {
  OpTest a(opcode::SHAPE, ShapeOut(fb::TensorType_INT32));
  a.Input<int8_t>({2, 3, 0, 5}, {}, writer::PerTensor(0.5f, 1));
  a.Output<int32_t>({4});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<int32_t>(0), (std::vector<int32_t>{2, 3, 0, 5}));
  OpTest b(opcode::SHAPE, ShapeOut(fb::TensorType_INT64));
  b.Input<float>({7, 1}, {1, 2, 3, 4, 5, 6, 7});
  b.Output<int64_t>({2});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<int64_t>(0), (std::vector<int64_t>{7, 1}));
}

TEST(ShapeOp, ScalarInputGivesAnEmptyOutput) {
  OpTest t(opcode::SHAPE);
  t.Input<float>({}, {3.0f});
  t.Output<int32_t>({0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<int32_t>(0).empty());
}

TEST(ShapeOp, RefusesMismatchedTypesAndLength) {
  OpTest a(opcode::SHAPE, ShapeOut(fb::TensorType_INT64));
  a.Input<float>({2}, {1, 2});
  a.Output<int32_t>({1});
  EXPECT_EQ(a.Run(), "op 0 SHAPE: ShapeOptions.out_type is int64 but output (tensor 1) is int32");
  OpTest b(opcode::SHAPE);
  b.Input<float>({2}, {1, 2});
  b.Output<float>({1});
  EXPECT_EQ(b.Run(), "op 0 SHAPE: output (tensor 1) is float32, expected int32 or int64");
  OpTest c(opcode::SHAPE);
  c.Input<float>({2, 1}, {1, 2});
  c.Output<int32_t>({3});
  EXPECT_EQ(c.Run(), "op 0 SHAPE: output 0 (tensor 1) has shape [3], the op computes [2]");
}

}  // namespace
}  // namespace circlet
