// SPDX-License-Identifier: Apache-2.0
// ADD on int32 and int64 (the float/int8/int16 paths are tested in
// tests/kernels/add_test.cc): wrapping sums, activations, broadcasting.
#include <gtest/gtest.h>

#include <limits>

#include "runtime/op_context.h"
#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(AddOp, Int32WrapsAndBroadcastsRank6) {
  const int32_t kMax = std::numeric_limits<int32_t>::max();
  OpTest t(opcode::ADD);
  t.Input<int32_t>({1, 1, 1, 1, 2, 2}, {kMax, 1, -3, 4});
  t.Input<int32_t>({2}, {1, -10});
  t.Output<int32_t>({1, 1, 1, 1, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0),
            (std::vector<int32_t>{std::numeric_limits<int32_t>::min(), -9, -2, -6}));
}

TEST(AddOp, Int32Relu6) {
  OpTest t(opcode::ADD, writer::AddOptions(3));
  t.Input<int32_t>({3}, {-5, 3, 10});
  t.Input<int32_t>({1}, {1});
  t.Output<int32_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 4, 6}));
}

TEST(AddOp, Int64AndEmpty) {
  OpTest t(opcode::ADD);
  t.Input<int64_t>({2}, {1LL << 40, std::numeric_limits<int64_t>::max()});
  t.Input<int64_t>({2}, {1LL << 40, 1});
  t.Output<int64_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0),
            (std::vector<int64_t>{1LL << 41, std::numeric_limits<int64_t>::min()}));

  OpTest e(opcode::ADD);
  e.Input<int64_t>({0}, {});
  e.Input<int64_t>({1}, {1});
  e.Output<int64_t>({0});
  ASSERT_EQ(e.Run(), "");
  EXPECT_TRUE(e.Out<int64_t>(0).empty());
}

// ADD reads int64 with typed (8-byte) loads: a constant the model stores
// at a 4-byte offset is refused before prepare, naming the input.
TEST(AddOp, RefusesAnInt64ConstantAtAFourByteOffset) {
  if (!CIRCLET_INT64_ALIGNMENT_CHECK) GTEST_SKIP() << "the check is compiled out on Cortex-M";
  OpTest t(opcode::ADD);
  t.Input<int64_t>({2}, {1, 2});
  t.AtFourByteOffset(t.Const<int64_t>({2}, {3, 4}));
  t.Output<int64_t>({2});
  EXPECT_EQ(t.Run(),
            "op 0 ADD: input 1 (tensor 1): constant int64 data at a 4-byte offset, which ADD "
            "reads with 8-byte loads (store the buffer 8-byte aligned)");
}

TEST(AddOp, Int64ReluKeepsLargeValues) {
  OpTest t(opcode::ADD, writer::AddOptions(1));
  t.Input<int64_t>({2}, {1LL << 40, -(1LL << 40)});
  t.Input<int64_t>({1}, {0});
  t.Output<int64_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{1LL << 40, 0}));
}

TEST(AddOp, Int32WithInt64InputIsRefused) {
  OpTest t(opcode::ADD);
  t.Input<int32_t>({1}, {1});
  t.Input<int64_t>({1}, {1});
  t.Output<int32_t>({1});
  EXPECT_NE(t.Run(), "");
}

}  // namespace
}  // namespace circlet
