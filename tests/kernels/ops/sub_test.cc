// SPDX-License-Identifier: Apache-2.0
// SUB: broadcasting up to rank 6, float clamps, int32/int64 wrapping, int8
// and int16 within 1 LSB of the float difference, empty tensors, errors.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "tests/kernels/ops/binary_test_util.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options SubOpt(fb::ActivationFunctionType act) {
  return test::Opt(fb::BuiltinOptions_SubOptions,
                   [act](auto& b) { return fb::CreateSubOptions(b, act).Union(); });
}

TEST(SubOp, FloatBroadcastRank6) {
  const std::vector<int32_t> sa = {2, 1, 1, 1, 1, 2}, sb = {3, 1};
  const std::vector<float> a = {1, 2, 3, 4}, b = {10, 20, 30};
  OpTest t(opcode::SUB, SubOpt(fb::ActivationFunctionType_NONE));
  t.Input<float>(sa, a);
  t.Input<float>(sb, b);
  t.Output<float>({2, 1, 1, 1, 3, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0),
            test::BroadcastRef(a, sa, b, sb, [](float x, float y) { return x - y; }));
  EXPECT_EQ(t.Out<float>(0)[0], -9.0f);    // 1 - 10
  EXPECT_EQ(t.Out<float>(0)[11], -26.0f);  // 4 - 30
}

TEST(SubOp, FloatInfinityIsClampedAndNanStays) {
  OpTest t(opcode::SUB);
  t.Input<float>({4}, {INFINITY, NAN, 1.0f, -INFINITY});
  t.Input<float>({1}, {1.0f});
  t.Output<float>({4});
  ASSERT_EQ(t.Run(), "");
  const std::vector<float> y = t.Out<float>(0);
  EXPECT_EQ(y[0], FLT_MAX);  // TFLite clamps to the NONE range [lowest, max]
  EXPECT_TRUE(std::isnan(y[1]));
  EXPECT_EQ(y[2], 0.0f);
  EXPECT_EQ(y[3], -FLT_MAX);
}

TEST(SubOp, FloatRelu6) {
  OpTest t(opcode::SUB, SubOpt(fb::ActivationFunctionType_RELU6));
  t.Input<float>({4}, {10, 3, -1, 7});
  t.Input<float>({4}, {1, 0.5f, 1, 0});
  t.Output<float>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{6, 2.5f, 0, 6}));
}

TEST(SubOp, Int32WrapsAndRelu) {
  const int32_t kMin = std::numeric_limits<int32_t>::min();
  OpTest t(opcode::SUB);
  t.Input<int32_t>({3}, {kMin, 5, -7});
  t.Input<int32_t>({3}, {1, 7, -7});
  t.Output<int32_t>({3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int32_t>(0), (std::vector<int32_t>{std::numeric_limits<int32_t>::max(), -2, 0}));

  OpTest r(opcode::SUB, SubOpt(fb::ActivationFunctionType_RELU));
  r.Input<int32_t>({2, 2}, {1, 2, 3, 4});
  r.Input<int32_t>({2}, {2, 1});
  r.Output<int32_t>({2, 2});
  ASSERT_EQ(r.Run(), "");
  EXPECT_EQ(r.Out<int32_t>(0), (std::vector<int32_t>{0, 1, 1, 3}));
}

TEST(SubOp, Int64BroadcastRank5) {
  OpTest t(opcode::SUB);
  t.Input<int64_t>({1, 1, 2, 1, 2}, {1LL << 40, 5, -3, 0});
  t.Input<int64_t>({1}, {-(1LL << 40)});
  t.Output<int64_t>({1, 1, 2, 1, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int64_t>(0),
            (std::vector<int64_t>{1LL << 41, 5 + (1LL << 40), -3 + (1LL << 40), 1LL << 40}));
}

TEST(SubOp, Int8WithinOneLsbOfFloat) {
  const std::vector<int32_t> sa = {2, 3, 4}, sb = {3, 1};
  const std::vector<int8_t> a = test::Pattern<int8_t>(24, -128, 127);
  const std::vector<int8_t> b = test::Pattern<int8_t>(3, -128, 127, 99);
  OpTest t(opcode::SUB);
  t.Input<int8_t>(sa, a, writer::PerTensor(0.1f, 3));
  t.Input<int8_t>(sb, b, writer::PerTensor(0.05f, -2));
  t.Output<int8_t>({2, 3, 4}, writer::PerTensor(0.2f, 1));
  ASSERT_EQ(t.Run(), "");
  std::vector<int32_t> want;
  for (const auto& p : test::BroadcastIndices(sa, sb)) {
    const double real = 0.1 * (a[p.first] - 3) - 0.05 * (b[p.second] + 2);
    want.push_back(test::QuantizeRef(real, 0.2, 1, -128, 127));
  }
  EXPECT_TRUE(test::WithinLsb(t.Out<int8_t>(0), want, 1));
}

TEST(SubOp, Int16WithinOneLsbOfFloatWithRelu) {
  const std::vector<int16_t> a = test::Pattern<int16_t>(12, -32768, 32767);
  const std::vector<int16_t> b = test::Pattern<int16_t>(12, -32768, 32767, 7);
  OpTest t(opcode::SUB, SubOpt(fb::ActivationFunctionType_RELU));
  t.Input<int16_t>({12}, a, writer::PerTensor(1.0f / 32768, 0));
  t.Input<int16_t>({12}, b, writer::PerTensor(1.5f / 32768, 0));
  t.Output<int16_t>({12}, writer::PerTensor(2.5f / 32768, 0));
  ASSERT_EQ(t.Run(), "");
  std::vector<int32_t> want;
  for (size_t i = 0; i < a.size(); ++i) {
    const double real = a[i] / 32768.0 - 1.5 * b[i] / 32768.0;
    want.push_back(test::QuantizeRef(real, 2.5 / 32768, 0, 0, 32767));
  }
  EXPECT_TRUE(test::WithinLsb(t.Out<int16_t>(0), want, 1));
}

TEST(SubOp, EmptyTensor) {
  OpTest t(opcode::SUB);
  t.Input<float>({0, 3}, {});
  t.Input<float>({3}, {1, 2, 3});
  t.Output<float>({0, 3});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<float>(0).empty());
}

TEST(SubOp, Int16MultipliersInDoubleAsTfliteMicro) {
  // From TFLite Micro's seanet sub0: (-12142 * s1 - 25341 * s2) / s_out =
  // -20181.4996, so -20181. Multipliers computed from float quotients (not
  // TFLite Micro's double ones) are a few units off in the last bits and
  // give -20182.
  OpTest t(opcode::SUB);
  t.Input<int16_t>({1}, {-12142}, writer::PerTensor(0.000969371584f, 0));
  t.Input<int16_t>({1}, {25341}, writer::PerTensor(8.7098424e-06f, 0));
  t.Output<int16_t>({1}, writer::PerTensor(0.000594149402f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{-20181}));
}

TEST(SubOp, ShapesThatDoNotBroadcastAreRefused) {
  OpTest t(opcode::SUB);
  t.Input<float>({2, 2}, {1, 2, 3, 4});
  t.Input<float>({3}, {1, 2, 3});
  t.Output<float>({2, 3});
  EXPECT_EQ(t.Run(),
            "op 0 SUB: input shapes do not broadcast: tensor 0 has 2 and tensor 1 has 3 at axis 1 "
            "from the end");
}

TEST(SubOp, OutputOfAnotherTypeIsRefused) {
  OpTest t(opcode::SUB);
  t.Input<int32_t>({2}, {1, 2});
  t.Input<int32_t>({2}, {1, 2});
  t.Output<float>({2});
  EXPECT_NE(t.Run(), "");
}

}  // namespace
}  // namespace circlet
