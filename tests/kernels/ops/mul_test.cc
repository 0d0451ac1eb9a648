// SPDX-License-Identifier: Apache-2.0
// MUL on int32 and int64 (the float/int8/int16 paths are tested in
// tests/kernels/mul_test.cc): wrapping products, activations, broadcasting.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(MulOp, Int32WrapsAndBroadcastsRank5) {
  OpTest t(opcode::MUL);
  t.Input<int32_t>({1, 2, 1, 1, 2}, {65536, -3, 7, std::numeric_limits<int32_t>::min()});
  t.Input<int32_t>({2, 1}, {65536, -1});
  t.Output<int32_t>({1, 2, 1, 2, 2});
  ASSERT_EQ(t.Run(), "");
  // 2^16 * 2^16 wraps to 0; INT32_MIN * -1 wraps to INT32_MIN.
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, -3 * 65536, -65536, 3, 7 * 65536, 0, -7,
                                                     std::numeric_limits<int32_t>::min()}));
}

TEST(MulOp, Int32ReluN1To1) {
  OpTest t(opcode::MUL, writer::MulOptions(2));
  t.Input<int32_t>({3}, {-5, 0, 10});
  t.Input<int32_t>({1}, {1});
  t.Output<int32_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{-1, 0, 1}));
}

TEST(MulOp, Int64) {
  OpTest t(opcode::MUL);
  t.Input<int64_t>({2}, {1LL << 40, -3});
  t.Input<int64_t>({2}, {1LL << 20, 1LL << 40});
  t.Output<int64_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{1LL << 60, -3 * (1LL << 40)}));
}

}  // namespace
}  // namespace circlet
