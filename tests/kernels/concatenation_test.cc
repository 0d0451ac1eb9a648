// SPDX-License-Identifier: Apache-2.0
// CONCATENATION: float along every axis (including negative ones) against an
// index-by-index reference written here; int8 copy when parameters match and
// requantization (worked out by hand) when they differ; prepare errors.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;
constexpr int kConcat = 2;

// Reference for rank-3 inputs a [A0, A1, A2] and b [B0, B1, B2] joined on axis.
std::vector<float> RefConcat3(const std::vector<float>& a, const int* da,
                              const std::vector<float>& b, const int* db, int axis) {
  int od[3] = {da[0], da[1], da[2]};
  od[axis] += db[axis];
  std::vector<float> y;
  for (int i = 0; i < od[0]; ++i)
    for (int j = 0; j < od[1]; ++j)
      for (int k = 0; k < od[2]; ++k) {
        int idx[3] = {i, j, k};
        if (idx[axis] < da[axis]) {
          y.push_back(a[(i * da[1] + j) * da[2] + k]);
        } else {
          idx[axis] -= da[axis];
          y.push_back(b[(idx[0] * db[1] + idx[1]) * db[2] + idx[2]]);
        }
      }
  return y;
}

TEST(Concatenation, FloatEveryAxisIncludingNegative) {
  for (int axis : {0, 1, 2, -1, -2, -3}) {
    const int pos = axis < 0 ? axis + 3 : axis;
    int da[3] = {2, 3, 4}, db[3] = {2, 3, 4};
    db[pos] = pos + 1;  // inputs differ along the axis only
    std::vector<float> a(da[0] * da[1] * da[2]), b(db[0] * db[1] * db[2]);
    for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<float>(i);
    for (size_t i = 0; i < b.size(); ++i) b[i] = -100.0f - static_cast<float>(i);
    int od[3] = {da[0], da[1], da[2]};
    od[pos] += db[pos];
    ModelWriter mw;
    int ta = mw.AddTensor("a", DType::kFloat32, {da[0], da[1], da[2]});
    int tb = mw.AddTensor("b", DType::kFloat32, {db[0], db[1], db[2]});
    int y = mw.AddTensor("y", DType::kFloat32, {od[0], od[1], od[2]});
    mw.AddOperator(kConcat, {ta, tb}, {y}, writer::ConcatenationOptions(axis, 0));
    mw.SetInputs({ta, tb});
    mw.SetOutputs({y});
    auto r = test::RunModel(mw.Finish(), {test::Bytes(a), test::Bytes(b)});
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    EXPECT_EQ(test::As<float>(r.outputs[0]), RefConcat3(a, da, b, db, pos)) << "axis " << axis;
  }
}

TEST(Concatenation, FloatThreeInputsLastAxisByHand) {
  // [2,1] ++ [2,2] ++ [2,1] on axis -1.
  ModelWriter mw;
  int t0 = mw.AddTensor("a", DType::kFloat32, {2, 1});
  int t1 = mw.AddTensor("b", DType::kFloat32, {2, 2});
  int t2 = mw.AddTensor("c", DType::kFloat32, {2, 1});
  int y = mw.AddTensor("y", DType::kFloat32, {2, 4});
  mw.AddOperator(kConcat, {t0, t1, t2}, {y}, writer::ConcatenationOptions(-1, 0));
  mw.SetInputs({t0, t1, t2});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(std::vector<float>{1, 2}),
                                        test::Bytes(std::vector<float>{3, 4, 5, 6}),
                                        test::Bytes(std::vector<float>{7, 8})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{1, 3, 4, 7, 2, 5, 6, 8}));
}

// Output scale 0.25, zero point 10.
//   input 0 (0.25, 10): same parameters, bytes copied unchanged.
//   input 1 (0.5, 0):   scale 2, bias 0: 3 -> 16, -100 -> -190 -> -128, 60 -> 130 -> 127.
//   input 2 (0.1, -3):  scale 0.4, bias 1.2: 2 -> 2.0 -> 12; -3 -> 0 -> 10; 9 -> 4.8 -> 15.
TEST(Concatenation, Int8CopyAndRequantize) {
  ModelWriter mw;
  int t0 = mw.AddTensor("a", DType::kInt8, {1, 3}, writer::PerTensor(0.25f, 10));
  int t1 = mw.AddTensor("b", DType::kInt8, {1, 3}, writer::PerTensor(0.5f, 0));
  int t2 = mw.AddTensor("c", DType::kInt8, {1, 3}, writer::PerTensor(0.1f, -3));
  int y = mw.AddTensor("y", DType::kInt8, {1, 9}, writer::PerTensor(0.25f, 10));
  mw.AddOperator(kConcat, {t0, t1, t2}, {y}, writer::ConcatenationOptions(1, 0), 2);
  mw.SetInputs({t0, t1, t2});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(std::vector<int8_t>{-128, 0, 127}),
                                        test::Bytes(std::vector<int8_t>{3, -100, 60}),
                                        test::Bytes(std::vector<int8_t>{2, -3, 9})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]),
            (std::vector<int8_t>{-128, 0, 127, 16, -128, 127, 12, 10, 15}));
}

// Input scale 0.5, output scale 1: q * 0.5 with ties away from zero:
// 3 -> 1.5 -> 2, -3 -> -2, 1 -> 1, -1 -> -1, 4 -> 2; stacked on axis 0.
TEST(Concatenation, Int8RequantizeTiesAwayFromZero) {
  ModelWriter mw;
  int t0 = mw.AddTensor("a", DType::kInt8, {1, 5}, writer::PerTensor(0.5f, 0));
  int t1 = mw.AddTensor("b", DType::kInt8, {1, 5}, writer::PerTensor(1.0f, 0));
  int y = mw.AddTensor("y", DType::kInt8, {2, 5}, writer::PerTensor(1.0f, 0));
  mw.AddOperator(kConcat, {t0, t1}, {y}, writer::ConcatenationOptions(0, 0), 2);
  mw.SetInputs({t0, t1});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(std::vector<int8_t>{3, -3, 1, -1, 4}),
                                        test::Bytes(std::vector<int8_t>{9, 8, 7, 6, 5})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), (std::vector<int8_t>{2, -2, 1, -1, 2, 9, 8, 7, 6, 5}));
}

TEST(Concatenation, PrepareErrors) {
  {
    ModelWriter mw;
    int t0 = mw.AddTensor("a", DType::kFloat32, {2, 3});
    int t1 = mw.AddTensor("b", DType::kFloat32, {3, 3});
    int y = mw.AddTensor("y", DType::kFloat32, {2, 6});
    mw.AddOperator(kConcat, {t0, t1}, {y}, writer::ConcatenationOptions(-1, 0));
    mw.SetInputs({t0, t1});
    mw.SetOutputs({y});
    auto r = test::RunModel(mw.Finish(), {});
    ASSERT_FALSE(r.status.ok());
    EXPECT_STREQ(r.status.message(),
                 "op 0 CONCATENATION: input 1 (tensor 1) has 3 at axis 0, the output has 2");
  }
  {
    ModelWriter mw;
    int t0 = mw.AddTensor("a", DType::kFloat32, {2, 3});
    int y = mw.AddTensor("y", DType::kFloat32, {2, 3});
    mw.AddOperator(kConcat, {t0}, {y}, writer::ConcatenationOptions(-3, 0));
    mw.SetInputs({t0});
    mw.SetOutputs({y});
    auto r = test::RunModel(mw.Finish(), {});
    ASSERT_FALSE(r.status.ok());
    EXPECT_STREQ(r.status.message(), "op 0 CONCATENATION: axis -3 is outside the output's rank 2");
  }
  {
    ModelWriter mw;
    int t0 = mw.AddTensor("a", DType::kFloat32, {2, 3});
    int t1 = mw.AddTensor("b", DType::kFloat32, {2, 3});
    int y = mw.AddTensor("y", DType::kFloat32, {2, 5});
    mw.AddOperator(kConcat, {t0, t1}, {y}, writer::ConcatenationOptions(1, 0));
    mw.SetInputs({t0, t1});
    mw.SetOutputs({y});
    auto r = test::RunModel(mw.Finish(), {});
    ASSERT_FALSE(r.status.ok());
    EXPECT_STREQ(r.status.message(),
                 "op 0 CONCATENATION: output 0 (tensor 2) has shape [2x5], the op computes [2x6]");
  }
  {
    ModelWriter mw;
    int t0 = mw.AddTensor("a", DType::kFloat32, {2, 3});
    int y = mw.AddTensor("y", DType::kFloat32, {2, 3});
    mw.AddOperator(kConcat, {t0}, {y}, writer::ConcatenationOptions(0, 1));
    mw.SetInputs({t0});
    mw.SetOutputs({y});
    auto r = test::RunModel(mw.Finish(), {});
    ASSERT_FALSE(r.status.ok());
    EXPECT_STREQ(r.status.message(),
                 "op 0 CONCATENATION: fused activation RELU is not supported (NONE only)");
  }
}

}  // namespace
}  // namespace circlet
