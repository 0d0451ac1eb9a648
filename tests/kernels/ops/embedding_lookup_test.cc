// SPDX-License-Identifier: Apache-2.0
// EMBEDDING_LOOKUP: rows of a float32/int8 table at int32 ids; int8 table
// to float32 output dequantizes.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(EmbeddingLookupOp, FloatRowsOfRank3Table) {
  OpTest t(opcode::EMBEDDING_LOOKUP);
  t.Input<int32_t>({3}, {2, 0, 2});
  t.Const<float>({3, 1, 2}, {1, 2, 3, 4, 5, 6});
  t.Output<float>({3, 1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{5, 6, 1, 2, 5, 6}));
}

TEST(EmbeddingLookupOp, Int8Copy) {
  OpTest t(opcode::EMBEDDING_LOOKUP);
  t.Const<int32_t>({2}, {1, 1});
  t.Input<int8_t>({2, 2}, {-1, -2, 3, 4}, writer::PerTensor(0.5f, 3));
  t.Output<int8_t>({2, 2}, writer::PerTensor(0.5f, 3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{3, 4, 3, 4}));
}

TEST(EmbeddingLookupOp, Int8ToFloatDequantizes) {
  OpTest t(opcode::EMBEDDING_LOOKUP);
  t.Input<int32_t>({2}, {0, 5});  // 5 is out of range: a row of zeros
  t.Const<int8_t>({2, 3}, {-4, 2, 127, 1, 1, 1}, writer::PerTensor(0.25f, 0));
  t.Output<float>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{-1.0f, 0.5f, 31.75f, 0, 0, 0}));
}

TEST(EmbeddingLookupOp, DequantizingNeedsZeroPointZero) {
  OpTest t(opcode::EMBEDDING_LOOKUP);
  t.Input<int32_t>({1}, {0});
  t.Const<int8_t>({1, 2}, {1, 2}, writer::PerTensor(0.25f, 1));
  t.Output<float>({1, 2});
  EXPECT_EQ(t.Run(),
            "op 0 EMBEDDING_LOOKUP: value table (tensor 1) has zero point 1: dequantizing to "
            "float32 needs 0");
}

TEST(EmbeddingLookupOp, Int16TableIsRefusedAsTfliteMicroDoes) {
  OpTest t(opcode::EMBEDDING_LOOKUP);
  t.Input<int32_t>({1}, {0});
  t.Const<int16_t>({1, 2}, {1, 2});
  t.Output<int16_t>({1, 2});
  EXPECT_EQ(t.Run(),
            "op 0 EMBEDDING_LOOKUP: value table (tensor 1) is int16 of rank 2: expected float32 "
            "or int8 of rank >= 2");
}

TEST(EmbeddingLookupOp, ConstantIdOutOfRangeIsRefused) {
  OpTest t(opcode::EMBEDDING_LOOKUP);
  t.Const<int32_t>({1}, {-1});
  t.Input<float>({2, 1}, {1, 2});
  t.Output<float>({1, 1});
  EXPECT_EQ(t.Run(), "op 0 EMBEDDING_LOOKUP: ids (tensor 0) [0] = -1 is outside [0, 2)");
}

}  // namespace
}  // namespace circlet
