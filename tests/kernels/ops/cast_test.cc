// SPDX-License-Identifier: Apache-2.0
// CAST: raw value conversions; float -> integer truncates through an int32
// as the x86 reference (INT32_MIN when not representable, low bits kept for
// int8/int16); integer narrowing wraps; quantization is ignored.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(CastOp, FloatToInt8KeepsTheLowBitsOfTheTruncation) {
  OpTest t(opcode::CAST);
  t.Input<float>({6}, {300.7f, -129.9f, 1e10f, std::nanf(""), -2.5f, 0.99f});
  t.Output<int8_t>({6}, writer::PerTensor(0.5f, 3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{44, 127, 0, 0, -2, 0}));
}

TEST(CastOp, FloatToInt32AndInt16) {
  const int32_t kMin = std::numeric_limits<int32_t>::min();
  OpTest a(opcode::CAST);
  a.Input<float>({2, 3}, {2.9f, -2.9f, 3e9f, std::nanf(""), -2147483648.0f, 70000.5f});
  a.Output<int32_t>({2, 3});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<int32_t>(0), (std::vector<int32_t>{2, -2, kMin, kMin, kMin, 70000}));
  OpTest b(opcode::CAST);
  b.Input<float>({3}, {70000.5f, -129.9f, -40000.0f});
  b.Output<int16_t>({3});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<int16_t>(0), (std::vector<int16_t>{4464, -129, 25536}));
}

TEST(CastOp, IntegersWrapAndWiden) {
  OpTest a(opcode::CAST);
  a.Input<int32_t>({4}, {70000, -1, 32768, -32769});
  a.Output<int16_t>({4});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<int16_t>(0), (std::vector<int16_t>{4464, -1, -32768, 32767}));
  OpTest b(opcode::CAST);
  b.Input<int8_t>({3}, {-128, -1, 127}, writer::PerTensor(0.1f, -5));
  b.Output<int32_t>({3});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<int32_t>(0), (std::vector<int32_t>{-128, -1, 127}));
  OpTest c(opcode::CAST);
  c.Input<int16_t>({3}, {300, -200, 127});
  c.Output<int8_t>({3});
  ASSERT_EQ(c.Run(), "");
  EXPECT_EQ(c.Out<int8_t>(0), (std::vector<int8_t>{44, 56, 127}));
}

TEST(CastOp, ToFloat) {
  OpTest a(opcode::CAST);
  a.Input<int32_t>({3}, {16777217, -3, 0});
  a.Output<float>({3});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<float>(0), (std::vector<float>{16777216.0f, -3.0f, 0.0f}));
  OpTest b(opcode::CAST);
  b.Input<bool>({1, 3}, {true, false, true});
  b.Output<float>({1, 3});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<float>(0), (std::vector<float>{1.0f, 0.0f, 1.0f}));
  OpTest c(opcode::CAST);
  c.Input<bool>({2}, {false, true});
  c.Output<int32_t>({2});
  ASSERT_EQ(c.Run(), "");
  EXPECT_EQ(c.Out<int32_t>(0), (std::vector<int32_t>{0, 1}));
}

TEST(CastOp, RefusesWhatTfliteMicroRefuses) {
  OpTest a(opcode::CAST);
  a.Input<float>({1}, {1.0f});
  a.Output<bool>({1});
  EXPECT_EQ(a.Run(),
            "op 0 CAST: output (tensor 1) is bool: CAST writes float32, int8, int16 or int32");
  OpTest b(opcode::CAST);
  b.Input<int64_t>({1}, {1});
  b.Output<int32_t>({1});
  EXPECT_EQ(b.Run(), "op 0 CAST: input 0 (tensor 0) is int64: not a type CAST takes");
  OpTest c(opcode::CAST);
  c.Input<int32_t>({2}, {1, 2});
  c.Output<float>({1});
  EXPECT_EQ(c.Run(), "op 0 CAST: output 0 (tensor 1) has shape [1], the op computes [2]");
}

}  // namespace
}  // namespace circlet
