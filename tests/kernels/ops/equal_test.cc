// SPDX-License-Identifier: Apache-2.0
// EQUAL: bool output, broadcasting, int8 rescaled to a common scale as
// TFLite Micro does, int16 raw as TFLite, NaN never equal, int64 and bool
// inputs.
#include <gtest/gtest.h>

#include <limits>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;
using V = std::vector<uint8_t>;  // bool outputs, one byte each

TEST(EqualOp, FloatBroadcastAndNaN) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  OpTest t(opcode::EQUAL);
  t.Input<float>({2, 3}, {1, 2, nan, 4, 0, -0.0f});
  t.Input<float>({3}, {1, 5, nan});
  t.Output<bool>({2, 3});
  ASSERT_EQ(t.Run(), "");
  // Row 2 against {1, 5, nan}: 4 != 1, 0 != 5, -0 vs NaN false.
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 0, 0, 0, 0}));
}

TEST(EqualOp, Int8EqualInRealTermsWithOtherScales) {
  // in1: scale 0.5, zp 0; in2: scale 0.25, zp 10.
  // 2 -> 1.0 and 14 -> 1.0; -1 -> -0.5 and 8 -> -0.5; 4 -> 2.0 and 4 -> -1.5.
  OpTest t(opcode::EQUAL);
  t.Input<int8_t>({3}, {2, -1, 4}, writer::PerTensor(0.5f, 0));
  t.Input<int8_t>({3}, {14, 8, 4}, writer::PerTensor(0.25f, 10));
  t.Output<bool>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 1, 0}));
}

TEST(EqualOp, Int8RescalingRoundsAsTfliteMicro) {
  // Scale 2^-10: (q * 2^8) * 2^-1 (multiplier 2^30 = 0.5) then a rounding
  // shift by 9: q / 4 rounded half away from zero. 1 -> 0, 2 -> 1,
  // -1 -> 0, -2 -> -1: q = +-1 compare equal to 0, q = +-2 do not.
  OpTest t(opcode::EQUAL);
  t.Input<int8_t>({4}, {1, 2, -1, -2}, writer::PerTensor(1.0f / 1024, 0));
  t.Input<int8_t>({1}, {0}, writer::PerTensor(1.0f / 1024, 0));
  t.Output<bool>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{1, 0, 1, 0}));
}

TEST(EqualOp, Int64AndBool) {
  OpTest a(opcode::EQUAL);
  a.Input<int64_t>({2}, {int64_t{1} << 40, 7});
  a.Input<int64_t>({2}, {(int64_t{1} << 40) + 1, 7});
  a.Output<bool>({2});
  ASSERT_EQ(a.Run(), "");
  EXPECT_EQ(a.Out<uint8_t>(0), (V{0, 1}));

  OpTest b(opcode::EQUAL);
  b.Input<bool>({2, 2}, {true, false, false, true});
  b.Input<bool>({2, 1}, {true, false});
  b.Output<bool>({2, 2});
  ASSERT_EQ(b.Run(), "");
  EXPECT_EQ(b.Out<uint8_t>(0), (V{1, 0, 1, 0}));
}

TEST(EqualOp, Int16ComparesRawValuesAsTflite) {
  // TFLite's EQUAL compares int16 values without rescaling: 512 at scale
  // 2^-9 and 256 at scale 2^-8 are both 1.0 but are not equal here.
  OpTest t(opcode::EQUAL);
  t.Input<int16_t>({3}, {512, -7, 32767}, writer::PerTensor(1.0f / 512, 0));
  t.Input<int16_t>({3}, {256, -7, 32767}, writer::PerTensor(1.0f / 256, 0));
  t.Output<bool>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (V{0, 1, 1}));
}

TEST(EqualOp, OutputMustBeBool) {
  OpTest t(opcode::EQUAL);
  t.Input<int32_t>({2}, {1, 2});
  t.Input<int32_t>({2}, {1, 2});
  t.Output<int32_t>({2});
  EXPECT_EQ(t.Run(), "op 0 EQUAL: output (tensor 2) is int32, expected bool");
}

}  // namespace
}  // namespace circlet
