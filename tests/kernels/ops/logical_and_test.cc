// SPDX-License-Identifier: Apache-2.0
// LOGICAL_AND: bool inputs with broadcasting; other types refused.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;
using V = std::vector<uint8_t>;

TEST(LogicalAndOp, Broadcast) {
  OpTest t(opcode::LOGICAL_AND);
  t.Input<bool>({2, 2}, {true, false, true, true});
  t.Input<bool>({2}, {true, false});
  t.Output<bool>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 1, 0}));
}

TEST(LogicalAndOp, SecondInputMustBeBool) {
  OpTest t(opcode::LOGICAL_AND);
  t.Input<bool>({2}, {true, false});
  t.Input<int8_t>({2}, {1, 0}, writer::PerTensor(0.5f, 0));
  t.Output<bool>({2});
  EXPECT_EQ(t.Run(), "op 0 LOGICAL_AND: input 2 (tensor 1) is int8, expected bool");
}

}  // namespace
}  // namespace circlet
