// SPDX-License-Identifier: Apache-2.0
// SELECT_V2: three-way broadcasting, the types TFLite takes, the scalar
// case, refusals.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(SelectV2Op, FloatThreeWayBroadcast) {
  OpTest t(opcode::SELECT_V2);
  t.Input<bool>({2, 1}, {true, false});
  t.Input<float>({1, 3}, {1, 2, 3});
  t.Input<float>({}, {-1});
  t.Output<float>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 3, -1, -1, -1}));
}

TEST(SelectV2Op, Rank6) {
  OpTest t(opcode::SELECT_V2);
  t.Input<bool>({2, 1, 1, 1, 1, 1}, {true, false});
  t.Input<float>({1, 1, 1, 1, 1, 2}, {1, 2});
  t.Input<float>({1, 1, 1, 1, 2, 1}, {7, 9});
  t.Output<float>({2, 1, 1, 1, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 2, 1, 2, 7, 7, 9, 9}));
}

TEST(SelectV2Op, Int8ConditionAlongLastAxis) {
  OpTest t(opcode::SELECT_V2);
  t.Input<bool>({3}, {false, true, false});
  t.Input<int8_t>({2, 3}, {1, 2, 3, 4, 5, 6}, writer::PerTensor(0.5f, -1));
  t.Input<int8_t>({2, 3}, {-1, -2, -3, -4, -5, -6}, writer::PerTensor(0.5f, -1));
  t.Output<int8_t>({2, 3}, writer::PerTensor(0.5f, -1));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-1, 2, -3, -4, 5, -6}));
}

TEST(SelectV2Op, Int16Int32Int64) {
  OpTest a(opcode::SELECT_V2);
  a.Input<bool>({2}, {true, false});
  a.Input<int16_t>({2}, {-30000, 7}, writer::PerTensor(0.01f, 0));
  a.Input<int16_t>({2}, {1, 30000}, writer::PerTensor(0.01f, 0));
  a.Output<int16_t>({2}, writer::PerTensor(0.01f, 0));
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<int16_t>(0), (std::vector<int16_t>{-30000, 30000}));

  OpTest b(opcode::SELECT_V2);
  b.Input<bool>({1, 2}, {false, true});
  b.Input<int32_t>({2, 1}, {10, 20});
  b.Input<int32_t>({2, 2}, {1, 2, 3, 4});
  b.Output<int32_t>({2, 2});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<int32_t>(0), (std::vector<int32_t>{1, 10, 3, 20}));

  OpTest c(opcode::SELECT_V2);
  c.Input<bool>({}, {true});
  c.Input<int64_t>({2}, {int64_t{1} << 40, -5});
  c.Input<int64_t>({2}, {0, 0});
  c.Output<int64_t>({2});
  ASSERT_EQ(c.Run(), "");
  EXPECT_EQ(c.Out<int64_t>(0), (std::vector<int64_t>{int64_t{1} << 40, -5}));
}

TEST(SelectV2Op, OneElementKeepsTheModelsOutputShape) {
  OpTest t(opcode::SELECT_V2);
  t.Input<bool>({1}, {false});
  t.Input<float>({}, {1});
  t.Input<float>({1, 1}, {2});
  t.Output<float>({1, 1, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{2}));
}

TEST(SelectV2Op, Refusals) {
  OpTest a(opcode::SELECT_V2);
  a.Input<float>({2}, {1, 0});
  a.Input<float>({2}, {1, 2});
  a.Input<float>({2}, {3, 4});
  a.Output<float>({2});
  EXPECT_EQ(a.Run(), "op 0 SELECT_V2: input 0 (tensor 0) is float32: not a type SELECT_V2 takes");

  OpTest b(opcode::SELECT_V2);
  b.Input<bool>({2}, {true, false});
  b.Input<float>({2}, {1, 2});
  b.Input<int32_t>({2}, {3, 4});
  b.Output<float>({2});
  EXPECT_EQ(b.Run(), "op 0 SELECT_V2: y (tensor 2) is int32, expected float32");

  OpTest c(opcode::SELECT_V2);
  c.Input<bool>({3}, {true, false, true});
  c.Input<float>({2}, {1, 2});
  c.Input<float>({2}, {3, 4});
  c.Output<float>({2});
  EXPECT_EQ(c.Run(),
            "op 0 SELECT_V2: input shapes do not broadcast: tensor 0 has 3 and tensor 1 has 2 at "
            "axis 1 from the end");
}

}  // namespace
}  // namespace circlet
