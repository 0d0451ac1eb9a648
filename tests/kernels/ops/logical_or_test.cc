// SPDX-License-Identifier: Apache-2.0
// LOGICAL_OR: bool inputs with broadcasting; other types refused.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;
using V = std::vector<uint8_t>;

TEST(LogicalOrOp, Broadcast) {
  OpTest t(opcode::LOGICAL_OR);
  t.Input<bool>({2, 1}, {false, true});
  t.Input<bool>({1, 3}, {false, true, false});
  t.Output<bool>({2, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 1, 0, 1, 1, 1}));
}

TEST(LogicalOrOp, FloatIsRefused) {
  OpTest t(opcode::LOGICAL_OR);
  t.Input<float>({2}, {1, 0});
  t.Input<float>({2}, {1, 0});
  t.Output<bool>({2});
  EXPECT_EQ(t.Run(), "op 0 LOGICAL_OR: input 0 (tensor 0) is float32: not a type LOGICAL_OR takes");
}

}  // namespace
}  // namespace circlet
