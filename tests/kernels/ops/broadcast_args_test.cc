// SPDX-License-Identifier: Apache-2.0
// BROADCAST_ARGS: shape vectors of different lengths, int32 and int64,
// run-time and constant inputs, incompatible shapes.
#include <gtest/gtest.h>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(BroadcastArgsOp, Int32DifferentLengths) {
  OpTest t(opcode::BROADCAST_ARGS);
  t.Input<int32_t>({4}, {2, 1, 1, 1});
  t.Const<int32_t>({2}, {3, 4});
  t.Output<int32_t>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{2, 1, 3, 4}));
}

TEST(BroadcastArgsOp, Int64WithZeroAndOnes) {
  OpTest t(opcode::BROADCAST_ARGS);
  t.Const<int64_t>({2}, {1, 4});
  t.Input<int64_t>({3}, {0, 7, 1});
  t.Output<int64_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{0, 7, 4}));
}

TEST(BroadcastArgsOp, RunTimeIncompatibleEntryTakesInput1) {
  OpTest t(opcode::BROADCAST_ARGS);
  t.Input<int32_t>({2}, {3, 2});
  t.Input<int32_t>({2}, {4, 2});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{3, 2}));
}

TEST(BroadcastArgsOp, ConstantIncompatibleShapesAreRefused) {
  OpTest t(opcode::BROADCAST_ARGS);
  t.Const<int32_t>({2}, {3, 2});
  t.Const<int32_t>({1}, {4});
  t.Output<int32_t>({2});
  EXPECT_EQ(t.Run(),
            "op 0 BROADCAST_ARGS: shapes (tensors 0, 1) do not broadcast at entry 1 from the end");
}

TEST(BroadcastArgsOp, OutputLengthIsChecked) {
  OpTest t(opcode::BROADCAST_ARGS);
  t.Input<int32_t>({2}, {3, 2});
  t.Input<int32_t>({3}, {1, 1, 1});
  t.Output<int32_t>({2});
  EXPECT_NE(t.Run(), "");
}

}  // namespace
}  // namespace circlet
