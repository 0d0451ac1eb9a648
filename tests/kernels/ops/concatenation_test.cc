// SPDX-License-Identifier: Apache-2.0
// CONCATENATION int64 (the other types: tests/kernels/concatenation_test.cc).
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(ConcatenationOp, Int64InnerAxis) {
  OpTest t(opcode::CONCATENATION, writer::ConcatenationOptions(-1, 0));
  t.Input<int64_t>({2, 1}, {1, -2});
  t.Input<int64_t>({2, 2}, {int64_t{1} << 40, 4, 5, -(int64_t{1} << 62)});
  t.Output<int64_t>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0),
            (std::vector<int64_t>{1, int64_t{1} << 40, 4, -2, 5, -(int64_t{1} << 62)}));
}

TEST(ConcatenationOp, Int64OuterAxis) {
  OpTest t(opcode::CONCATENATION, writer::ConcatenationOptions(0, 0));
  t.Input<int64_t>({1, 2}, {7, 8});
  t.Const<int64_t>({1, 2}, {9, 10});
  t.Output<int64_t>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{7, 8, 9, 10}));
}

TEST(ConcatenationOp, MixedTypesAreRefused) {
  OpTest t(opcode::CONCATENATION, writer::ConcatenationOptions(0, 0));
  t.Input<int64_t>({1}, {7});
  t.Input<int32_t>({1}, {8});
  t.Output<int64_t>({2});
  EXPECT_EQ(t.Run(), "op 0 CONCATENATION: input 1 (tensor 1) is int32 but the output is int64");
}

}  // namespace
}  // namespace circlet
