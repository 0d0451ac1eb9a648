// SPDX-License-Identifier: Apache-2.0
// PADV2: the pad value from input 2 (constant or computed), int8 with the
// output's quantization, and the pad value checks.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(PadV2Op, FloatConstantValue) {
  OpTest t(opcode::PADV2);
  t.Input<float>({1, 2}, {1, 2});
  t.Const<int32_t>({2, 2}, {1, 0, 1, 1});
  t.Const<float>({}, {-7.5f});
  t.Output<float>({2, 4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{-7.5f, -7.5f, -7.5f, -7.5f,  //
                                                 -7.5f, 1, 2, -7.5f}));
}

TEST(PadV2Op, Int8ValueIsUsedRaw) {
  OpTest t(opcode::PADV2);
  t.Input<int8_t>({2}, {10, 20}, writer::PerTensor(0.5f, -3));
  t.Const<int64_t>({1, 2}, {0, 2});
  t.Const<int8_t>({1}, {100}, writer::PerTensor(0.5f, -3));
  t.Output<int8_t>({4}, writer::PerTensor(0.5f, -3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{10, 20, 100, 100}));
}

TEST(PadV2Op, ComputedValueIsReadAtEval) {
  OpTest t(opcode::PADV2);
  t.Input<int16_t>({1}, {4});
  t.Const<int32_t>({1, 2}, {1, 1});
  t.Input<int16_t>({}, {-9});
  t.Output<int16_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{-9, 4, -9}));
}

TEST(PadV2Op, ValueTypeMustMatch) {
  OpTest t(opcode::PADV2);
  t.Input<float>({1}, {1});
  t.Const<int32_t>({1, 2}, {1, 1});
  t.Const<int32_t>({}, {3});
  t.Output<float>({3});
  EXPECT_EQ(t.Run(),
            "op 0 PADV2: pad value (tensor 2) must be one float32 element, is int32 with 1 "
            "elements");
}

TEST(PadV2Op, Int8ValueQuantizationMustMatch) {
  OpTest t(opcode::PADV2);
  t.Input<int8_t>({1}, {1}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1, 2}, {1, 1});
  t.Const<int8_t>({}, {3}, writer::PerTensor(0.25f, 0));
  t.Output<int8_t>({3}, writer::PerTensor(0.5f, 0));
  EXPECT_EQ(t.Run(),
            "op 0 PADV2: pad value (tensor 2) must have the output's scale and zero point");
}

}  // namespace
}  // namespace circlet
