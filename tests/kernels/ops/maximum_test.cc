// MAXIMUM: raw compare over broadcasting (rank 6, size-1 dims), TFLite's NaN
// order, int8 without requantization, int32/int64, empty tensors, errors.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(MaximumOp, FloatBroadcastRank6) {
  const std::vector<int32_t> sa = {1, 2, 1, 1, 1, 3}, sb = {4, 1};
  const std::vector<float> a = {1, 5, -2, 0, 3, 8}, b = {2, -1, 4, 10};
  OpTest t(opcode::MAXIMUM);
  t.Input<float>(sa, a);
  t.Input<float>(sb, b);
  t.Output<float>({1, 2, 1, 1, 4, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0),
            test::BroadcastRef(a, sa, b, sb, [](float x, float y) { return x > y ? x : y; }));
}

TEST(MaximumOp, FloatNanFollowsTheComparison) {
  // in1 > in2 is false when either is NaN: input 2's value is taken.
  OpTest t(opcode::MAXIMUM);
  t.Input<float>({2}, {NAN, 1});
  t.Input<float>({2}, {2, NAN});
  t.Output<float>({2});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 2.0f);
  EXPECT_TRUE(std::isnan(y[1]));
}

TEST(MaximumOp, Int8ComparesRawValues) {
  const writer::Quant q = writer::PerTensor(0.5f, -3);
  OpTest t(opcode::MAXIMUM);
  t.Input<int8_t>({2, 2}, {-128, 3, -2, 127}, q);
  t.Input<int8_t>({2}, {-1, -2}, q);
  t.Output<int8_t>({2, 2}, q);
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{-1, 3, -1, 127}));
}

TEST(MaximumOp, Int64AndInt32) {
  OpTest t(opcode::MAXIMUM);
  t.Input<int64_t>({2}, {1LL << 40, -5});
  t.Input<int64_t>({1, 1}, {-(1LL << 40)});
  t.Output<int64_t>({1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{1LL << 40, -5}));

  OpTest u(opcode::MAXIMUM);
  u.Input<int32_t>({4}, {3, -4, 7, 0});
  u.Const<int32_t>({4}, {1, 2, 5, 5});
  u.Output<int32_t>({4});
  ASSERT_EQ(u.Run(), "");
  EXPECT_EQ(u.Out<int32_t>(0), (std::vector<int32_t>{3, 2, 7, 5}));
}

TEST(MaximumOp, EmptyTensor) {
  OpTest t(opcode::MAXIMUM);
  t.Input<int16_t>({0, 2}, {}, writer::PerTensor(1.0f, 0));
  t.Input<int16_t>({2}, {1, 2}, writer::PerTensor(1.0f, 0));
  t.Output<int16_t>({0, 2}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<int16_t>(0).empty());
}

TEST(MaximumOp, WrongOutputShapeIsRefused) {
  OpTest t(opcode::MAXIMUM);
  t.Input<float>({2, 1}, {1, 2});
  t.Input<float>({3}, {1, 2, 3});
  t.Output<float>({2, 1});
  EXPECT_NE(t.Run().find("op 0 MAXIMUM: output"), std::string::npos);
}

}  // namespace
}  // namespace circlet
