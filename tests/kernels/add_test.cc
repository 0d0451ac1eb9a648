// SPDX-License-Identifier: Apache-2.0
// ADD: float broadcasting against a nested-loop reference written here;
// int8/int16 against values worked out by hand (exact cases, including
// rounding ties) and against the real-valued sum rounded to nearest (cases
// away from ties, asserted); prepare errors with their exact messages.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;
constexpr int kAdd = 0;

// out[i] = a[broadcast index] + b[broadcast index] for rank-4 shapes given
// with leading 1s, computed with explicit coordinates.
std::vector<float> RefBroadcast4(const std::vector<float>& a, const std::vector<int>& da,
                                 const std::vector<float>& b, const std::vector<int>& db, float lo,
                                 float hi, bool mul = false) {
  int od[4];
  for (int k = 0; k < 4; ++k) od[k] = std::max(da[k], db[k]);
  std::vector<float> out;
  for (int i = 0; i < od[0]; ++i)
    for (int j = 0; j < od[1]; ++j)
      for (int k = 0; k < od[2]; ++k)
        for (int l = 0; l < od[3]; ++l) {
          auto at = [&](const std::vector<float>& v, const std::vector<int>& d) {
            const int ii = d[0] == 1 ? 0 : i, jj = d[1] == 1 ? 0 : j;
            const int kk = d[2] == 1 ? 0 : k, ll = d[3] == 1 ? 0 : l;
            return v[((ii * d[1] + jj) * d[2] + kk) * d[3] + ll];
          };
          const float r = mul ? at(a, da) * at(b, db) : at(a, da) + at(b, db);
          out.push_back(std::min(std::max(r, lo), hi));
        }
  return out;
}

std::vector<float> Iota(int n, float start, float step) {
  std::vector<float> v(n);
  for (int i = 0; i < n; ++i) v[i] = start + step * i;
  return v;
}

struct FloatCase {
  std::vector<int32_t> s1, s2, out;
  std::vector<int> d1, d2;  // the same shapes padded to rank 4
};

TEST(Add, FloatBroadcastingScalarRowAndRankMismatch) {
  const FloatCase cases[] = {
      {{2, 3}, {2, 3}, {2, 3}, {1, 1, 2, 3}, {1, 1, 2, 3}},             // same shape
      {{2, 3}, {}, {2, 3}, {1, 1, 2, 3}, {1, 1, 1, 1}},                 // rank-0 scalar
      {{2, 3}, {1}, {2, 3}, {1, 1, 2, 3}, {1, 1, 1, 1}},                // [1] scalar
      {{2, 3}, {3}, {2, 3}, {1, 1, 2, 3}, {1, 1, 1, 3}},                // row
      {{4, 1}, {2, 1, 3}, {2, 4, 3}, {1, 1, 4, 1}, {1, 2, 1, 3}},       // both broadcast
      {{1, 2, 1, 3}, {5, 1}, {1, 2, 5, 3}, {1, 2, 1, 3}, {1, 1, 5, 1}}  // rank 4 vs 2
  };
  for (const auto& c : cases) {
    ModelWriter mw;
    int a = mw.AddTensor("a", DType::kFloat32, c.s1);
    int b = mw.AddTensor("b", DType::kFloat32, c.s2);
    int y = mw.AddTensor("y", DType::kFloat32, c.out);
    mw.AddOperator(kAdd, {a, b}, {y}, writer::AddOptions(0));
    mw.SetInputs({a, b});
    mw.SetOutputs({y});
    int n1 = 1, n2 = 1;
    for (int d : c.s1) n1 *= d;
    for (int d : c.s2) n2 *= d;
    const auto va = Iota(n1, -1.5f, 0.75f), vb = Iota(n2, 10.0f, -3.25f);
    auto r = test::RunModel(mw.Finish(), {test::Bytes(va), test::Bytes(vb)});
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    const auto want = RefBroadcast4(va, c.d1, vb, c.d2, -1e30f, 1e30f);
    EXPECT_EQ(test::As<float>(r.outputs[0]), want);
  }
}

TEST(Add, FloatRank6Broadcast) {
  // [2, 1, 1, 1, 1, 3] + [2, 1, 1, 1, 1]: out[i][j][0][0][0][k] = a[i][k] + b[j].
  ModelWriter mw;
  int ta = mw.AddTensor("a", DType::kFloat32, {2, 1, 1, 1, 1, 3});
  int tb = mw.AddTensor("b", DType::kFloat32, {2, 1, 1, 1, 1});
  int y = mw.AddTensor("y", DType::kFloat32, {2, 2, 1, 1, 1, 3});
  mw.AddOperator(kAdd, {ta, tb}, {y}, writer::AddOptions(0));
  mw.SetInputs({ta, tb});
  mw.SetOutputs({y});
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {10, 20};
  auto r = test::RunModel(mw.Finish(), {test::Bytes(a), test::Bytes(b)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]),
            (std::vector<float>{11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26}));
}

TEST(Add, FloatRelu6) {
  ModelWriter mw;
  int a = mw.AddTensor("a", DType::kFloat32, {4});
  int b = mw.AddTensor("b", DType::kFloat32, {4});
  int y = mw.AddTensor("y", DType::kFloat32, {4});
  mw.AddOperator(kAdd, {a, b}, {y}, writer::AddOptions(3));
  mw.SetInputs({a, b});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {test::Bytes(std::vector<float>{1, -5, 3, 2.5f}),
                                        test::Bytes(std::vector<float>{2, 1, 7, 1})});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<float>(r.outputs[0]), (std::vector<float>{3, 0, 6, 3.5f}));
}

std::vector<uint8_t> QuantAddModel(DType t, std::vector<int32_t> s1, std::vector<int32_t> s2,
                                   std::vector<int32_t> so, float sc1, int zp1, float sc2, int zp2,
                                   float sco, int zpo, int act = 0) {
  ModelWriter mw;
  int a = mw.AddTensor("a", t, s1, writer::PerTensor(sc1, zp1));
  int b = mw.AddTensor("b", t, s2, writer::PerTensor(sc2, zp2));
  int y = mw.AddTensor("y", t, so, writer::PerTensor(sco, zpo));
  mw.AddOperator(kAdd, {a, b}, {y}, writer::AddOptions(act), 2);
  mw.SetInputs({a, b});
  mw.SetOutputs({y});
  return mw.Finish();
}

// Scales 0.5, 0.25 -> 0.5: twice_max = 1, M1 = 1/2 = (2^30, 0), M2 = 1/4 =
// (2^30, -1), Mo = 1 / (2^20 * 0.5) = (2^30, -18); every step is exact, so
// out = round_half_away((0.5 q1 + 0.25 q2) / 0.5). E.g. q1 = 3, q2 = 5:
// y1 = 3 * 2^19, y2 = 5 * 2^18, sum = 11 * 2^18, out = 11 * 2^17 / 2^18 = 5.5 -> 6.
TEST(Add, Int8ExactWithTies) {
  const std::vector<int8_t> a = {3, -3, 10, -128, 127, 0, 1, -1};
  const std::vector<int8_t> b = {5, -5, -20, -128, 127, 1, 0, 0};
  // real / 0.5: 5.5, -5.5, 0, -192, 190.5, 0.5, 1, -1
  const std::vector<int8_t> want = {6, -6, 0, -128, 127, 1, 1, -1};
  auto r = test::RunModel(QuantAddModel(DType::kInt8, {8}, {8}, {8}, 0.5f, 0, 0.25f, 0, 0.5f, 0),
                          {test::Bytes(a), test::Bytes(b)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int8_t>(r.outputs[0]), want);
}

TEST(Add, Int8GeneralScalesMatchRoundedRealWithBroadcastAndRelu) {
  const float s1 = 0.02f, s2 = 0.013f, so = 0.04f;
  const int zp1 = -5, zp2 = 3, zpo = -2;
  const std::vector<int8_t> a = {-128, -77, -5, 0, 13, 64, 100, 127, -40, 22, 90, -101};
  const std::vector<int8_t> b = {-90, 17, 120};  // a row broadcast over [4, 3]
  for (int act : {0, 1}) {
    auto r = test::RunModel(
        QuantAddModel(DType::kInt8, {4, 3}, {3}, {4, 3}, s1, zp1, s2, zp2, so, zpo, act),
        {test::Bytes(a), test::Bytes(b)});
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    const auto got = test::As<int8_t>(r.outputs[0]);
    for (int i = 0; i < 12; ++i) {
      const double real =
          ((a[i] - zp1) * static_cast<double>(s1) + (b[i % 3] - zp2) * static_cast<double>(s2)) /
          so;
      ASSERT_GT(std::fabs(real - std::floor(real) - 0.5), 1e-3) << "test case near a tie";
      double q = std::round(real) + zpo;
      q = std::min(127.0, std::max(act == 1 ? zpo : -128.0, q));
      EXPECT_EQ(got[i], static_cast<int8_t>(q)) << "act " << act << " element " << i;
    }
  }
}

// int16: left_shift 15, same scales as above: Mo = 1 / (2^15 * 0.5) = (2^30, -13).
TEST(Add, Int16Exact) {
  const std::vector<int16_t> a = {3, 20000, -32768, 32767};
  const std::vector<int16_t> b = {5, -30000, -32768, 32767};
  // real / 0.5: 5.5 -> 6, (10000 - 7500) / 0.5 = 5000, -49152 -> clamp, 49150.5 -> clamp
  const std::vector<int16_t> want = {6, 5000, -32768, 32767};
  auto r = test::RunModel(QuantAddModel(DType::kInt16, {4}, {4}, {4}, 0.5f, 0, 0.25f, 0, 0.5f, 0),
                          {test::Bytes(a), test::Bytes(b)});
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_EQ(test::As<int16_t>(r.outputs[0]), want);
}

TEST(Add, ShapesThatDoNotBroadcast) {
  ModelWriter mw;
  int a = mw.AddTensor("a", DType::kFloat32, {2, 3});
  int b = mw.AddTensor("b", DType::kFloat32, {2, 4});
  int y = mw.AddTensor("y", DType::kFloat32, {2, 4});
  mw.AddOperator(kAdd, {a, b}, {y}, writer::AddOptions(0));
  mw.SetInputs({a, b});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {});
  ASSERT_FALSE(r.status.ok());
  EXPECT_STREQ(r.status.message(),
               "op 0 ADD: input shapes do not broadcast: tensor 0 has 3 and tensor 1 has 4 at "
               "axis 1 from the end");
}

TEST(Add, WrongOutputShapeAndTypeMismatch) {
  {
    ModelWriter mw;
    int a = mw.AddTensor("a", DType::kFloat32, {2, 3});
    int b = mw.AddTensor("b", DType::kFloat32, {3});
    int y = mw.AddTensor("y", DType::kFloat32, {3, 2});
    mw.AddOperator(kAdd, {a, b}, {y}, writer::AddOptions(0));
    mw.SetInputs({a, b});
    mw.SetOutputs({y});
    auto r = test::RunModel(mw.Finish(), {});
    ASSERT_FALSE(r.status.ok());
    EXPECT_STREQ(r.status.message(),
                 "op 0 ADD: output 0 (tensor 2) has shape [3x2], the op computes [2x3]");
  }
  {
    ModelWriter mw;
    int a = mw.AddTensor("a", DType::kInt8, {3}, writer::PerTensor(0.1f, 0));
    int b = mw.AddTensor("b", DType::kFloat32, {3});
    int y = mw.AddTensor("y", DType::kInt8, {3}, writer::PerTensor(0.1f, 0));
    mw.AddOperator(kAdd, {a, b}, {y}, writer::AddOptions(0));
    mw.SetInputs({a, b});
    mw.SetOutputs({y});
    auto r = test::RunModel(mw.Finish(), {});
    ASSERT_FALSE(r.status.ok());
    EXPECT_STREQ(r.status.message(), "op 0 ADD: input 2 (tensor 1) is float32, expected int8");
  }
}

}  // namespace
}  // namespace circlet
