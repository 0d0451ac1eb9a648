// SPDX-License-Identifier: Apache-2.0
// GATHER: slices along axis at int32/int64 indices, with batch_dims; out of
// range computed indices give zeros, constant ones are refused.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options GatherOptions(int axis, int batch_dims) {
  return test::Opt(fb::BuiltinOptions_GatherOptions, [axis, batch_dims](auto& b) {
    return fb::CreateGatherOptions(b, axis, batch_dims).Union();
  });
}

TEST(GatherOp, Axis0Int32Indices2D) {
  OpTest t(opcode::GATHER, GatherOptions(0, 0));
  t.Input<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({2, 2}, {2, 0, 1, 2});
  t.Output<float>({2, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{5, 6, 1, 2, 3, 4, 5, 6}));
}

TEST(GatherOp, NegativeAxisInt64Indices) {
  OpTest t(opcode::GATHER, GatherOptions(-1, 0));
  t.Input<int8_t>({2, 3}, {1, 2, 3, 4, 5, 6}, writer::PerTensor(0.5f, -1));
  t.Const<int64_t>({2}, {2, 2});
  t.Output<int8_t>({2, 2}, writer::PerTensor(0.5f, -1));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{3, 3, 6, 6}));
}

TEST(GatherOp, Int64IndicesAtAFourByteOffset) {
  OpTest t(opcode::GATHER, GatherOptions(0, 0));
  t.Input<int8_t>({3}, {1, 2, 3}, writer::PerTensor(0.5f, -1));
  t.AtFourByteOffset(t.Const<int64_t>({3}, {2, 0, 1}));
  t.Output<int8_t>({3}, writer::PerTensor(0.5f, -1));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{3, 1, 2}));
}

TEST(GatherOp, BatchDimsOne) {
  // params [2,3], indices [2,2], batch_dims 1, axis 1: row b picks its own.
  OpTest t(opcode::GATHER, GatherOptions(1, 1));
  t.Input<int32_t>({2, 3}, {10, 11, 12, 20, 21, 22});
  t.Const<int32_t>({2, 2}, {2, 0, 1, 1});
  t.Output<int32_t>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{12, 10, 21, 21}));
}

TEST(GatherOp, NegativeBatchDimsAndInnerSlices) {
  // params [2,2,2], indices [2,1], batch_dims -1 -> 1, axis 1.
  OpTest t(opcode::GATHER, GatherOptions(1, -1));
  t.Input<float>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  t.Const<int32_t>({2, 1}, {1, 0});
  t.Output<float>({2, 1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{3, 4, 5, 6}));
}

TEST(GatherOp, ComputedIndicesOutOfRangeGiveZeros) {
  OpTest t(opcode::GATHER, GatherOptions(0, 0));
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Input<int32_t>({3}, {1, -1, 2});
  t.Output<float>({3, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{3, 4, 0, 0, 0, 0}));
}

TEST(GatherOp, ZeroSizeIndices) {
  OpTest t(opcode::GATHER, GatherOptions(1, 0));
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Input<int32_t>({0}, {});
  t.Output<float>({2, 0});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<float>(0).empty());
}

TEST(GatherOp, ConstantIndexOutOfRangeIsRefused) {
  OpTest t(opcode::GATHER, GatherOptions(0, 0));
  t.Input<float>({2}, {1, 2});
  t.Const<int32_t>({2}, {0, 2});
  t.Output<float>({2});
  EXPECT_EQ(t.Run(), "op 0 GATHER: indices (tensor 1) [1] = 2 is outside [0, 2)");
}

TEST(GatherOp, Int16ParamsAreRefusedAsTfliteMicroDoes) {
  OpTest t(opcode::GATHER, GatherOptions(0, 0));
  t.Input<int16_t>({2}, {1, 2});
  t.Const<int32_t>({1}, {0});
  t.Output<int16_t>({1});
  EXPECT_EQ(t.Run(), "op 0 GATHER: input 0 (tensor 0) is int16: not a type GATHER takes");
}

TEST(GatherOp, BatchDimsPastAxisAreRefused) {
  OpTest t(opcode::GATHER, GatherOptions(0, 1));
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Const<int32_t>({2, 1}, {0, 0});
  t.Output<float>({2, 1, 2});
  EXPECT_EQ(t.Run(),
            "op 0 GATHER: batch_dims 1 must lie in [0, axis 0] and within the ranks of params (2) "
            "and indices (2)");
}

}  // namespace
}  // namespace circlet
