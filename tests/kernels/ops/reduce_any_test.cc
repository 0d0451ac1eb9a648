// SPDX-License-Identifier: Apache-2.0
// REDUCE_ANY: bool rows with keep_dims.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"
#include "tests/kernels/ops/reduce_test_util.h"

namespace circlet {
namespace {

using test::OpTest;
using test::Reducer;

TEST(ReduceAnyOp, Bool) {
  OpTest t(opcode::REDUCE_ANY, Reducer(true));
  t.Input<bool>({2, 3}, {false, false, false, false, true, false});
  t.Const<int32_t>({1}, {1});
  t.Output<bool>({2, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (std::vector<uint8_t>{0, 1}));
}

}  // namespace
}  // namespace circlet
