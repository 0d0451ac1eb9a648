// SPDX-License-Identifier: Apache-2.0
// REDUCE_ALL: bool rows.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"
#include "tests/kernels/ops/reduce_test_util.h"

namespace circlet {
namespace {

using test::OpTest;
using test::Reducer;

TEST(ReduceAllOp, Bool) {
  OpTest t(opcode::REDUCE_ALL, Reducer(false));
  t.Input<bool>({2, 3}, {true, true, true, true, false, true});
  t.Const<int32_t>({1}, {1});
  t.Output<bool>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (std::vector<uint8_t>{1, 0}));
}

}  // namespace
}  // namespace circlet
