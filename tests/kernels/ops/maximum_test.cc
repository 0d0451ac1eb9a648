// SPDX-License-Identifier: Apache-2.0
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
  std::vector<float> y;
  ASSERT_EQ(test::RunBinary<float>(opcode::MAXIMUM, sa, a, sb, b, {1, 2, 1, 1, 4, 3}, &y), "");
  EXPECT_EQ(y,
            test::BroadcastRef(a, sa, b, sb, [](float x1, float x2) { return x1 > x2 ? x1 : x2; }));
}

TEST(MaximumOp, FloatNanFollowsTheComparison) {
  // in1 > in2 is false when either is NaN: input 2's value is taken.
  std::vector<float> y;
  ASSERT_EQ(test::RunBinary<float>(opcode::MAXIMUM, {2}, {NAN, 1}, {2}, {2, NAN}, {2}, &y), "");
  EXPECT_EQ(y[0], 2.0f);
  EXPECT_TRUE(std::isnan(y[1]));
}

TEST(MaximumOp, Int8ComparesRawValues) {
  const writer::Quant q = writer::PerTensor(0.5f, -3);
  std::vector<int8_t> y;
  ASSERT_EQ(test::RunBinary<int8_t>(opcode::MAXIMUM, {2, 2}, {-128, 3, -2, 127}, {2}, {-1, -2},
                                    {2, 2}, &y, q),
            "");
  EXPECT_EQ(y, (std::vector<int8_t>{-1, 3, -1, 127}));
}

TEST(MaximumOp, Int64AndInt32) {
  std::vector<int64_t> y;
  ASSERT_EQ(test::RunBinary<int64_t>(opcode::MAXIMUM, {2}, {1LL << 40, -5}, {1, 1}, {-(1LL << 40)},
                                     {1, 2}, &y),
            "");
  EXPECT_EQ(y, (std::vector<int64_t>{1LL << 40, -5}));

  OpTest u(opcode::MAXIMUM);
  u.Input<int32_t>({4}, {3, -4, 7, 0});
  u.Const<int32_t>({4}, {1, 2, 5, 5});
  u.Output<int32_t>({4});
  ASSERT_EQ(u.Run(), "");
  EXPECT_EQ(u.Out<int32_t>(0), (std::vector<int32_t>{3, 2, 7, 5}));
}

TEST(MaximumOp, EmptyTensor) {
  std::vector<int16_t> y = {1};
  ASSERT_EQ(test::RunBinary<int16_t>(opcode::MAXIMUM, {0, 2}, {}, {2}, {1, 2}, {0, 2}, &y,
                                     writer::PerTensor(1.0f, 0)),
            "");
  EXPECT_TRUE(y.empty());
}

TEST(MaximumOp, WrongOutputShapeIsRefused) {
  std::vector<float> y;
  EXPECT_NE(test::RunBinary<float>(opcode::MAXIMUM, {2, 1}, {1, 2}, {3}, {1, 2, 3}, {2, 1}, &y)
                .find("op 0 MAXIMUM: output"),
            std::string::npos);
}

}  // namespace
}  // namespace circlet
