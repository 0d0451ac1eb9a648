// SPDX-License-Identifier: Apache-2.0
// RELU6: min(max(x, 0), 6); int8/int16 clamp in the input's quantization,
// without rescale (TFLite Micro), whatever the output's quantization says.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

TEST(Relu6Op, Float) {
  OpTest t(opcode::RELU6);
  t.Input<float>({5}, {-1.0f, 0.0f, 3.0f, 7.0f, std::nanf("")});
  t.Output<float>({5});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], 0.0f);
  EXPECT_EQ(y[2], 3.0f);
  EXPECT_EQ(y[3], 6.0f);
  EXPECT_TRUE(std::isnan(y[4]));
}

TEST(Relu6Op, Int8ClampsInTheInputQuantization) {
  // zero = 5, six = round(6 / 0.1) + 5 = 65; the output's (1.0, 0) is ignored.
  OpTest t(opcode::RELU6);
  t.Input<int8_t>({7}, {-128, 4, 5, 30, 65, 66, 127}, writer::PerTensor(0.1f, 5));
  t.Output<int8_t>({7}, writer::PerTensor(1.0f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{5, 5, 5, 30, 65, 65, 65}));
}

TEST(Relu6Op, Int16SixBeyondTheRangeIsClamped) {
  // six = round(6 / 0.0001) = 60000 -> 32767: only the lower bound acts.
  OpTest t(opcode::RELU6);
  t.Input<int16_t>({4}, {-32768, -1, 100, 32767}, writer::PerTensor(0.0001f, 0));
  t.Output<int16_t>({4}, writer::PerTensor(0.0001f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{0, 0, 100, 32767}));
}

TEST(Relu6Op, Int16) {
  OpTest t(opcode::RELU6);
  t.Input<int16_t>({5}, {-3, 0, 5999, 6000, 6001}, writer::PerTensor(0.001f, 0));
  t.Output<int16_t>({5}, writer::PerTensor(0.001f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{0, 0, 5999, 6000, 6000}));
}

TEST(Relu6Op, OutputTypeMustMatch) {
  OpTest t(opcode::RELU6);
  t.Input<int8_t>({1}, {1}, writer::PerTensor(0.1f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(0.1f, 0));
  EXPECT_EQ(t.Run(), "op 0 RELU6: output (tensor 1) is int16, expected int8");
}

}  // namespace
}  // namespace circlet
