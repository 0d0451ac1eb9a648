// SPDX-License-Identifier: Apache-2.0
// SPLIT: equal pieces along a constant axis (input 0), data is input 1;
// views when the axis is the outermost non-1 axis, copies otherwise. Also
// the planner with several views of one tensor (graph input, graph outputs,
// views read by a later op, in place over a view).
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options SplitOptions(int n) {
  return test::Opt(fb::BuiltinOptions_SplitOptions,
                   [n](auto& b) { return fb::CreateSplitOptions(b, n).Union(); });
}

TEST(SplitOp, InnerAxisCopiesInt8) {
  OpTest t(opcode::SPLIT, SplitOptions(2));
  t.Const<int32_t>({1}, {1});
  t.Input<int8_t>({2, 4}, {1, 2, 3, 4, 5, 6, 7, 8}, writer::PerTensor(0.5f, 3));
  t.Output<int8_t>({2, 2}, writer::PerTensor(0.5f, 3));
  t.Output<int8_t>({2, 2}, writer::PerTensor(0.5f, 3));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 2, 5, 6}));
  EXPECT_EQ(t.Out<int8_t>(1), (std::vector<int8_t>{3, 4, 7, 8}));
}

TEST(SplitOp, NegativeAxisFloatThreeWays) {
  OpTest t(opcode::SPLIT, SplitOptions(3));
  t.Const<int32_t>({}, {-1});
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Output<float>({2, 1});
  t.Output<float>({2, 1});
  t.Output<float>({2, 1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1, 4}));
  EXPECT_EQ(t.Out<float>(1), (std::vector<float>{2, 5}));
  EXPECT_EQ(t.Out<float>(2), (std::vector<float>{3, 6}));
}

TEST(SplitOp, AfterSizeOneAxesOutputsAreViews) {
  // [1, 4, 2] along axis 1: the leading 1 keeps each piece contiguous.
  OpTest t(opcode::SPLIT, SplitOptions(2));
  t.Const<int32_t>({1}, {1});
  t.Input<int16_t>({1, 4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  t.Output<int16_t>({1, 2, 2});
  t.Output<int16_t>({1, 2, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int16_t>(0), (std::vector<int16_t>{1, 2, 3, 4}));
  EXPECT_EQ(t.Out<int16_t>(1), (std::vector<int16_t>{5, 6, 7, 8}));
  // Input and outputs share the input's 16 bytes (copies would need 32).
  EXPECT_EQ(t.result().report.activation_bytes, 16u);
}

TEST(SplitOp, ZeroSizeDimension) {
  OpTest t(opcode::SPLIT, SplitOptions(2));
  t.Const<int32_t>({1}, {1});
  t.Input<float>({0, 4}, {});
  t.Output<float>({0, 2});
  t.Output<float>({0, 2});
  ASSERT_EQ(t.Run(), "");
  EXPECT_TRUE(t.Out<float>(0).empty());
}

TEST(SplitOp, IndivisibleDimensionIsRefused) {
  OpTest t(opcode::SPLIT, SplitOptions(2));
  t.Const<int32_t>({1}, {0});
  t.Input<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  t.Output<float>({1, 2});
  t.Output<float>({1, 2});
  EXPECT_EQ(t.Run(),
            "op 0 SPLIT: input (tensor 1) has 3 at axis 0: not a multiple of num_splits 2");
}

TEST(SplitOp, AxisOutOfRangeIsRefused) {
  OpTest t(opcode::SPLIT, SplitOptions(1));
  t.Const<int32_t>({1}, {-3});
  t.Input<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  t.Output<float>({3, 2});
  EXPECT_EQ(t.Run(), "op 0 SPLIT: axis -3 is outside [-2, 2)");
}

// x[6,4] float split in 2 along `axis`; x is the graph input, the pieces are
// the graph outputs.
test::RunResult SplitGraph(int axis, const std::vector<int32_t>& piece) {
  writer::ModelWriter w;
  const int a = w.AddConstant<int32_t>("axis", DType::kInt32, {1}, {axis});
  const int x = w.AddTensor("x", DType::kFloat32, {6, 4});
  const int y0 = w.AddTensor("y0", DType::kFloat32, piece);
  const int y1 = w.AddTensor("y1", DType::kFloat32, piece);
  w.AddOperator(opcode::SPLIT, {a, x}, {y0, y1}, SplitOptions(2));
  w.SetInputs({x});
  w.SetOutputs({y0, y1});
  std::vector<float> in(24);
  for (int i = 0; i < 24; ++i) in[i] = static_cast<float>(i);
  return test::RunModel(w.Finish(), {test::Bytes(in)});
}

TEST(SplitOp, ViewsOfAGraphInputAsGraphOutputsNeedNoCopy) {
  const test::RunResult views = SplitGraph(0, {3, 4});
  const test::RunResult copies = SplitGraph(1, {6, 2});
  ASSERT_TRUE(views.status.ok()) << views.status.message();
  ASSERT_TRUE(copies.status.ok()) << copies.status.message();
  std::vector<float> first, second;
  for (int i = 0; i < 12; ++i) first.push_back(static_cast<float>(i));
  for (int i = 12; i < 24; ++i) second.push_back(static_cast<float>(i));
  EXPECT_EQ(test::As<float>(views.outputs[0]), first);
  EXPECT_EQ(test::As<float>(views.outputs[1]), second);
  EXPECT_EQ(test::As<float>(copies.outputs[0]),
            (std::vector<float>{0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21}));
  // The views live in the input's 96 bytes; the copies need 96 more.
  EXPECT_EQ(views.report.activation_bytes, 96u);
  EXPECT_EQ(copies.report.activation_bytes, 192u);
  EXPECT_LT(views.report.arena_bytes, copies.report.arena_bytes);
}

TEST(SplitOp, ViewsFeedABroadcastingOp) {
  // x[3,2] -> SPLIT_V {1, 2} along 0 -> a[1,2] (bytes 0..8), b[2,2] (8..24);
  // ADD(b, a) broadcasts a over b's rows. ADD may run in place, but not over
  // a piece of x: its output would take x's first bytes, which are a, and
  // the second row still reads a.
  writer::ModelWriter w;
  const int x = w.AddTensor("x", DType::kFloat32, {3, 2});
  const int s = w.AddConstant<int32_t>("sizes", DType::kInt32, {2}, {1, 2});
  const int ax = w.AddConstant<int32_t>("axis", DType::kInt32, {1}, {0});
  const int a = w.AddTensor("a", DType::kFloat32, {1, 2});
  const int b = w.AddTensor("b", DType::kFloat32, {2, 2});
  const int y = w.AddTensor("y", DType::kFloat32, {2, 2});
  w.AddOperator(opcode::SPLIT_V, {x, s, ax}, {a, b},
                test::Opt(fb::BuiltinOptions_SplitVOptions,
                          [](auto& fbb) { return fb::CreateSplitVOptions(fbb, 2).Union(); }));
  w.AddOperator(opcode::ADD, {b, a}, {y}, writer::AddOptions(0));
  w.SetInputs({x});
  w.SetOutputs({y});
  const test::RunResult r =
      test::RunModel(w.Finish(), {test::Bytes(std::vector<float>{1, 2, 10, 20, 30, 40})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{11, 22, 31, 42}));
  EXPECT_EQ(r.report.inplace_ops, 0u);
  EXPECT_EQ(r.report.activation_bytes, 24u + 16u);  // x and its pieces, y
}

TEST(SplitOp, NoInPlaceOverATensorWhosePieceTheOpStillReads) {
  // x[2,2] -> SPLIT along 0 -> a = row 0 (a view), b; ADD(x, a) broadcasts
  // a over x's rows: running in place over x would overwrite row 0, which
  // is a, before the second row reads it.
  writer::ModelWriter w;
  const int ax = w.AddConstant<int32_t>("axis", DType::kInt32, {1}, {0});
  const int x = w.AddTensor("x", DType::kFloat32, {2, 2});
  const int a = w.AddTensor("a", DType::kFloat32, {1, 2});
  const int b = w.AddTensor("b", DType::kFloat32, {1, 2});
  const int y = w.AddTensor("y", DType::kFloat32, {2, 2});
  w.AddOperator(opcode::SPLIT, {ax, x}, {a, b}, SplitOptions(2));
  w.AddOperator(opcode::ADD, {x, a}, {y}, writer::AddOptions(0));
  w.SetInputs({x});
  w.SetOutputs({y});
  const test::RunResult r =
      test::RunModel(w.Finish(), {test::Bytes(std::vector<float>{1, 2, 10, 20})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{2, 4, 11, 22}));
}

TEST(SplitOp, ViewOfAConstantReadByAnOp) {
  // SPLIT of a constant: the views read the model's bytes; ADD reads them.
  writer::ModelWriter w;
  const int ax = w.AddConstant<int32_t>("axis", DType::kInt32, {1}, {0});
  const int c = w.AddConstant<float>("c", DType::kFloat32, {2, 2}, {1, 2, 3, 4});
  const int c0 = w.AddTensor("c0", DType::kFloat32, {1, 2});
  const int c1 = w.AddTensor("c1", DType::kFloat32, {1, 2});
  const int x = w.AddTensor("x", DType::kFloat32, {1, 2});
  const int y = w.AddTensor("y", DType::kFloat32, {1, 2});
  w.AddOperator(opcode::SPLIT, {ax, c}, {c0, c1}, SplitOptions(2));
  w.AddOperator(opcode::ADD, {x, c1}, {y}, writer::AddOptions(0));
  w.SetInputs({x});
  w.SetOutputs({y, c0});
  const test::RunResult r = test::RunModel(w.Finish(), {test::Bytes(std::vector<float>{10, 20})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{13, 24}));
  EXPECT_EQ(test::As<float>(r.outputs[1]), (std::vector<float>{1, 2}));
}

}  // namespace
}  // namespace circlet
