// SPDX-License-Identifier: Apache-2.0
// ARG_MIN: ties to the lowest index, NaN as TFLite, negative axis, int64
// output, empty axis, refusals.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options ArgMinOut(fb::TensorType type) {
  return Opt(fb::BuiltinOptions_ArgMinOptions, [type](flatbuffers::FlatBufferBuilder& b) {
    return fb::CreateArgMinOptions(b, type).Union();
  });
}

TEST(ArgMinOp, FirstAxisTies) {
  OpTest t(opcode::ARG_MIN, ArgMinOut(fb::TensorType_INT32));
  t.Input<float>({3, 2}, {2, -1, 1, -1, 1, -2});
  t.Const<int32_t>({}, {0});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  // column 0 {2, 1, 1} -> 1 (first of the tie); column 1 {-1, -1, -2} -> 2.
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{1, 2}));
}

TEST(ArgMinOp, NegativeAxisInt64OutputInt8) {
  OpTest t(opcode::ARG_MIN, ArgMinOut(fb::TensorType_INT64));
  t.Input<int8_t>({2, 3}, {-128, 127, -128, 5, 4, 4}, writer::PerTensor(0.1f, -5));
  t.Const<int64_t>({1}, {-1});
  t.Output<int64_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0), (std::vector<int64_t>{0, 1}));
}

TEST(ArgMinOp, NaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpTest t(opcode::ARG_MIN, ArgMinOut(fb::TensorType_INT32));
  t.Input<float>({2, 3}, {nan, -5, -6, 1, nan, 0});
  t.Const<int32_t>({}, {1});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 2}));
}

TEST(ArgMinOp, EmptyAxisGivesZero) {
  OpTest t(opcode::ARG_MIN, ArgMinOut(fb::TensorType_INT32));
  t.Input<float>({2, 0}, {});
  t.Const<int32_t>({}, {1});
  t.Output<int32_t>({2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{0, 0}));
}

TEST(ArgMinOp, Refusals) {
  OpTest a(opcode::ARG_MIN, ArgMinOut(fb::TensorType_INT32));
  a.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  a.Const<int32_t>({}, {-3});
  a.Output<int32_t>({2});
  EXPECT_EQ(a.Run(), "op 0 ARG_MIN: axis -3 is out of range for input (tensor 0) of rank 2");

  OpTest b(opcode::ARG_MIN, ArgMinOut(fb::TensorType_INT32));
  b.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  b.Input<int32_t>({}, {1});
  b.Output<int32_t>({2});
  EXPECT_EQ(b.Run(),
            "op 0 ARG_MIN: axis (tensor 1) must be a constant int32 or int64 tensor of one "
            "element");

  OpTest c(opcode::ARG_MIN, ArgMinOut(fb::TensorType_FLOAT32));
  c.Input<float>({2}, {1, 2});
  c.Const<int32_t>({}, {0});
  c.Output<float>({});
  EXPECT_EQ(c.Run(), "op 0 ARG_MIN: output (tensor 2) is float32, expected int32 or int64");
}

}  // namespace
}  // namespace circlet
