// SPDX-License-Identifier: Apache-2.0
// LOGICAL_NOT: bool negation.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(LogicalNotOp, Negates) {
  OpTest t(opcode::LOGICAL_NOT);
  t.Input<bool>({2, 2}, {true, false, false, true});
  t.Output<bool>({2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (std::vector<uint8_t>{0, 1, 1, 0}));
}

TEST(LogicalNotOp, RefusesFloatInputAndOutput) {
  OpTest a(opcode::LOGICAL_NOT);
  a.Input<float>({1}, {1.0f});
  a.Output<float>({1});
  EXPECT_EQ(a.Run(),
            "op 0 LOGICAL_NOT: input 0 (tensor 0) is float32: not a type LOGICAL_NOT takes");
  OpTest b(opcode::LOGICAL_NOT);
  b.Input<bool>({1}, {true});
  b.Output<float>({1});
  EXPECT_EQ(b.Run(), "op 0 LOGICAL_NOT: output (tensor 1) is float32, expected bool");
}

}  // namespace
}  // namespace circlet
