// SPDX-License-Identifier: Apache-2.0
// SVDF: the state's shift and newest column over several invokes (by hand),
// bias, rank > 1, RELU, int8 with int16 state and exact unit multipliers,
// output saturation, and a state that is not a variable tensor.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::Opt;
using test::OpTest;

writer::Options SvdfOptions(int rank, int activation) {
  return Opt(fb::BuiltinOptions_SVDFOptions, [rank, activation](auto& b) {
    return fb::CreateSVDFOptions(b, rank, static_cast<fb::ActivationFunctionType>(activation))
        .Union();
  });
}

TEST(SvdfOp, FloatStateOverThreeInvokesRelu) {
  // filters 2, rank 1 (units 2), memory 3, input_size 2.
  // wf = [[1, 2], [3, -1]], wt = [[1, 10, 100], [2, 0, -1]], bias [0.5, -0.5].
  // x = [1, 1]: state [0,0,3 | 0,0,2]; t = [300, -2]; out relu [300.5, 0].
  // x = [2, 0]: the buffer shifts left by one: [0,3,0 | 0,2,2], newest
  //   columns 2 and 6: [0,3,2 | 0,2,6]; t = [30+200, -6]; out [230.5, 0].
  // x = [0, 1]: shift [3,2,0 | 2,6,6], newest 2 and -1: [3,2,2 | 2,6,-1];
  //   t = [3+20+200, 4+0+1]; out [223.5, 4.5].
  OpTest t(opcode::SVDF, SvdfOptions(1, fb::ActivationFunctionType_RELU));
  t.Input<float>({1, 2}, {1, 1});
  t.Const<float>({2, 2}, {1, 2, 3, -1});
  t.Const<float>({2, 3}, {1, 10, 100, 2, 0, -1});
  t.Const<float>({2}, {0.5f, -0.5f});
  t.Variable<float>({1, 6});
  t.Output<float>({1, 2});
  t.Step<float>({2, 0});
  t.Step<float>({0, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.StepOut<float>(0, 0), (std::vector<float>{300.5f, 0.0f}));
  EXPECT_EQ(t.StepOut<float>(1, 0), (std::vector<float>{230.5f, 0.0f}));
  EXPECT_EQ(t.StepOut<float>(2, 0), (std::vector<float>{223.5f, 4.5f}));
}

TEST(SvdfOp, FloatStateStartsFromItsBuffer) {
  // The variable's buffer is its initial value: state [1,2,3] for the one
  // filter (memory 3); x = [0]: shift [2,3,3], newest 0 -> [2,3,0];
  // wt [1,1,1]: out 5 (no bias).
  OpTest t(opcode::SVDF, SvdfOptions(1, fb::ActivationFunctionType_NONE));
  t.Input<float>({1, 1}, {0});
  t.Const<float>({1, 1}, {1});
  t.Const<float>({1, 3}, {1, 1, 1});
  t.NoInput();
  t.Variable<float>({1, 3}, writer::Quant(), {1, 2, 3});
  t.Output<float>({1, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{5.0f}));
}

TEST(SvdfOp, Int8WithInt16StateRankTwo) {
  // Scales chosen so both multipliers are exactly 1: s_in 0.5, s_wf 0.5,
  // s_state 0.25 (e1 = 1); s_wt 0.5, s_out 0.125 (e2 = 1). in_zp 1,
  // out_zp -2. filters 2, rank 2 (one unit), memory 2, bias [5].
  // x = [3, 1] -> [2, 0]: newest f0 = 2, f1 = 6: state [0,2 | 0,6];
  //   t = [4, 24]; out = 5 + 28 - 2 = 31.
  // x = [1, 4] -> [0, 3]: shift [2,0 | 6,6], newest 6 and -3:
  //   [2,6 | 6,-3]; t = [2+12, 18-12]; out = 5 + 20 - 2 = 23.
  OpTest t(opcode::SVDF, SvdfOptions(2, fb::ActivationFunctionType_NONE), 3);
  t.Input<int8_t>({1, 2}, {3, 1}, writer::PerTensor(0.5f, 1));
  t.Const<int8_t>({2, 2}, {1, 2, 3, -1}, writer::PerTensor(0.5f, 0));
  t.Const<int16_t>({2, 2}, {1, 2, 3, 4}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1}, {5}, writer::PerTensor(0.125f, 0));
  t.Variable<int16_t>({1, 4}, writer::PerTensor(0.25f, 0));
  t.Output<int8_t>({1, 1}, writer::PerTensor(0.125f, -2));
  t.Step<int8_t>({1, 4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.StepOut<int8_t>(0, 0), (std::vector<int8_t>{31}));
  EXPECT_EQ(t.StepOut<int8_t>(1, 0), (std::vector<int8_t>{23}));
}

TEST(SvdfOp, Int8OutputSaturates) {
  // The same unit multipliers; bias 1000 pushes the output past 127.
  OpTest t(opcode::SVDF, SvdfOptions(1, fb::ActivationFunctionType_NONE), 3);
  t.Input<int8_t>({1, 1}, {0}, writer::PerTensor(0.5f, 0));
  t.Const<int8_t>({1, 1}, {1}, writer::PerTensor(0.5f, 0));
  t.Const<int16_t>({1, 1}, {1}, writer::PerTensor(0.5f, 0));
  t.Const<int32_t>({1}, {1000}, writer::PerTensor(0.125f, 0));
  t.Variable<int16_t>({1, 1}, writer::PerTensor(0.25f, 0));
  t.Output<int8_t>({1, 1}, writer::PerTensor(0.125f, 0));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{127}));
}

TEST(SvdfOp, StateMustBeAVariable) {
  OpTest t(opcode::SVDF, SvdfOptions(1, fb::ActivationFunctionType_NONE));
  t.Input<float>({1, 1}, {0});
  t.Const<float>({1, 1}, {1});
  t.Const<float>({1, 3}, {1, 1, 1});
  t.NoInput();
  t.Input<float>({1, 3}, {0, 0, 0});
  t.Output<float>({1, 1});
  EXPECT_EQ(t.Run(), "op 0 SVDF: input 4 (tensor 3) must be a variable tensor (the state)");
}

}  // namespace
}  // namespace circlet
