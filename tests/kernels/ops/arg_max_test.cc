// SPDX-License-Identifier: Apache-2.0
// ARG_MAX: ties to the lowest index, NaN as TFLite, negative axis, int64
// output, uint8/int32 inputs, refusals.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options ArgMaxOut(fb::TensorType type) {
  return Opt(fb::BuiltinOptions_ArgMaxOptions, [type](flatbuffers::FlatBufferBuilder& b) {
    return fb::CreateArgMaxOptions(b, type).Union();
  });
}

TEST(ArgMaxOp, LastAxisTiesPickTheLowestIndex) {
  OpTest t(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT32));
  t.Input<float>({2, 4}, {1, 3, 3, 0, -1, -1, -1, -1});
  t.Const<int32_t>({}, {1});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{1, 0}));
}

TEST(ArgMaxOp, NegativeAxisMiddleDimensionInt64Output) {
  // x[2][3][2]; axis -2 = 1: max over the 3 rows of each [b][c].
  OpTest t(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT64));
  t.Input<int8_t>({2, 3, 2}, {0, 5, 7, 5, -3, 9, -8, -8, -9, -7, -8, -6},
                  writer::PerTensor(0.5f, 3));
  t.Const<int32_t>({1}, {-2});
  t.Output<int64_t>({2, 2});
  ASSERT_EQ(t.Run(), "");
  // b0 c0 {0,7,-3} -> 1; b0 c1 {5,5,9} -> 2; b1 c0 {-8,-9,-8} -> 0;
  // b1 c1 {-8,-7,-6} -> 2.
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{1, 2, 0, 2}));
}

TEST(ArgMaxOp, NaN) {
  // A NaN first stays the answer; a NaN later is never greater.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpTest t(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT32));
  t.Input<float>({2, 3}, {nan, 5, 6, 1, nan, 0});
  t.Const<int64_t>({}, {1});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 0}));
}

TEST(ArgMaxOp, Uint8AndInt32FirstAxis) {
  OpTest a(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT32));
  a.Input<uint8_t>({3, 2}, {10, 200, 255, 100, 30, 200}, writer::PerTensor(1.0f, 128));
  a.Const<int32_t>({}, {0});
  a.Output<int32_t>({2});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<int32_t>(0), (std::vector<int32_t>{1, 0}));

  OpTest b(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT32));
  b.Input<int32_t>({3}, {-2000000000, 2000000000, 1999999999});
  b.Const<int32_t>({}, {-1});
  b.Output<int32_t>({});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<int32_t>(0), (std::vector<int32_t>{1}));
}

TEST(ArgMaxOp, Bool) {
  OpTest t(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT32));
  t.Input<bool>({2, 3}, {false, true, true, false, false, false});
  t.Const<int32_t>({}, {1});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{1, 0}));
}

TEST(ArgMaxOp, Refusals) {
  OpTest a(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT32));
  a.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  a.Const<int32_t>({}, {2});
  a.Output<int32_t>({2});
  EXPECT_EQ(a.Run(), "op 0 ARG_MAX: axis 2 is out of range for input (tensor 0) of rank 2");

  OpTest b(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT64));
  b.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  b.Const<int32_t>({}, {1});
  b.Output<int32_t>({2});
  EXPECT_EQ(b.Run(),
            "op 0 ARG_MAX: output_type option (4) differs from the output (tensor 2), which is "
            "int32");

  OpTest c(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT32));
  c.Input<int16_t>({2}, {1, 2}, writer::PerTensor(0.5f, 0));
  c.Const<int32_t>({}, {0});
  c.Output<int32_t>({});
  EXPECT_EQ(c.Run(), "op 0 ARG_MAX: input 0 (tensor 0) is int16: not a type ARG_MAX takes");

  OpTest d(opcode::ARG_MAX, ArgMaxOut(fb::TensorType_INT32));
  d.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  d.Const<int32_t>({}, {1});
  d.Output<int32_t>({3});
  EXPECT_NE(d.Run(), "");
}

}  // namespace
}  // namespace circlet
