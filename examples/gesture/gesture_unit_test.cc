// SPDX-License-Identifier: Apache-2.0
// The gesture example without the model: TFLite Micro's detection rule
// (predictor.h) on hand-made score sequences, and the CSV reader's rows and
// refusals.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "examples/gesture/gesture.h"
#include "examples/gesture/predictor.h"

namespace {

using gesture::kRing;
using gesture::kSlope;
using gesture::kUnknown;
using gesture::kWing;
using gesture::Predictor;

const float kRingSure[4] = {0.0f, 1.0f, 0.0f, 0.0f};
const float kWingSure[4] = {1.0f, 0.0f, 0.0f, 0.0f};
const float kUnknownSure[4] = {0.0f, 0.0f, 0.0f, 1.0f};

// The ring of the last five predictions starts as zeros: four sure
// predictions make a mean of exactly 0.8, the threshold, which is enough.
TEST(GesturePredictor, FourSurePredictionsReportOnTheFourth) {
  Predictor p;
  float mean = 0.0f;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(p.Update(kRingSure, &mean), kUnknown) << i;
    EXPECT_FLOAT_EQ(mean, (i + 1) / 5.0f);
  }
  EXPECT_EQ(p.Update(kRingSure, &mean), kRing);
  EXPECT_EQ(mean, 0.8f);
}

TEST(GesturePredictor, JustBelowTheThresholdReportsNothing) {
  Predictor p;
  const float almost[4] = {0.0f, 0.79f, 0.0f, 0.21f};
  for (int i = 0; i < 100; ++i) EXPECT_EQ(p.Update(almost), kUnknown) << i;
}

// After a report, the next 24 predictions report nothing, however sure; the
// 25th reports again.
TEST(GesturePredictor, SuppressesTwentyFourPredictionsAfterAReport) {
  Predictor p;
  for (int i = 0; i < 3; ++i) p.Update(kRingSure);
  ASSERT_EQ(p.Update(kRingSure), kRing);
  for (int i = 0; i < gesture::kPredictionSuppressionDuration - 1; ++i) {
    EXPECT_EQ(p.Update(kRingSure), kUnknown) << i;
  }
  EXPECT_EQ(p.Update(kRingSure), kRing);
}

TEST(GesturePredictor, SuppressionAlsoHoldsBackAnotherGesture) {
  Predictor p;
  for (int i = 0; i < 4; ++i) p.Update(kRingSure);
  for (int i = 0; i < gesture::kPredictionSuppressionDuration - 1; ++i) {
    EXPECT_EQ(p.Update(kWingSure), kUnknown) << i;
  }
  EXPECT_EQ(p.Update(kWingSure), kWing);
}

TEST(GesturePredictor, UnknownIsNeverReported) {
  Predictor p;
  for (int i = 0; i < 60; ++i) EXPECT_EQ(p.Update(kUnknownSure), kUnknown) << i;
}

// Alternating sure ring and sure wing: each mean stays at 0.6 or below.
TEST(GesturePredictor, DisagreeingPredictionsReportNothing) {
  Predictor p;
  for (int i = 0; i < 60; ++i) EXPECT_EQ(p.Update(i % 2 ? kRingSure : kWingSure), kUnknown) << i;
}

// One odd prediction among sure ones: the mean over five still decides.
TEST(GesturePredictor, OneOddPredictionDoesNotBreakTheMean) {
  Predictor p;
  const float slope[4] = {0.0f, 0.0f, 1.0f, 0.0f};
  const float odd[4] = {0.0f, 0.0f, 0.5f, 0.5f};
  EXPECT_EQ(p.Update(slope), kUnknown);
  EXPECT_EQ(p.Update(slope), kUnknown);
  EXPECT_EQ(p.Update(odd), kUnknown);    // mean 2.5 / 5 = 0.5
  EXPECT_EQ(p.Update(slope), kUnknown);  // 3.5 / 5 = 0.7
  EXPECT_EQ(p.Update(slope), kSlope);    // 4.5 / 5 = 0.9
}

// Equal means: the lower class index wins (TFLite Micro's strict ">").
TEST(GesturePredictor, TieGoesToTheFirstClass) {
  Predictor p;
  const float half[4] = {0.5f, 0.5f, 0.0f, 0.0f};
  float mean = 0.0f;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(p.Update(half, &mean), kUnknown);
  EXPECT_EQ(mean, 0.5f);
  // The same tie above the threshold cannot happen (scores sum to 1), but
  // the rule's order shows with wing and ring both sure in one prediction.
  Predictor q;
  const float both[4] = {1.0f, 1.0f, 0.0f, 0.0f};
  for (int i = 0; i < 3; ++i) q.Update(both);
  EXPECT_EQ(q.Update(both), kWing);
}

class GestureCsv : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "gesture_csv_" + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return path;
  }
  // The reader's error for `text`, "" when it reads.
  std::string Error(const std::string& text, std::vector<float>* values = nullptr) {
    std::vector<float> v;
    std::string error;
    const bool ok = gesture::ReadTraceCsv(Write("t.csv", text), &v, &error);
    if (values) *values = v;
    return ok ? "" : error.substr(error.find(": ") + 2);
  }
};

TEST_F(GestureCsv, ReadsRowsWithOrWithoutHeader) {
  std::vector<float> v;
  EXPECT_EQ(Error("x,y,z\n1,2,3\n-4.5, 5e2 ,6\n", &v), "");
  EXPECT_EQ(v, (std::vector<float>{1, 2, 3, -4.5f, 500, 6}));
  EXPECT_EQ(Error("1,2,3\r\n\r\n7,8,9", &v), "");  // CRLF, a blank line, no final newline
  EXPECT_EQ(v, (std::vector<float>{1, 2, 3, 7, 8, 9}));
}

TEST_F(GestureCsv, NamesTheProblemAndTheLine) {
  EXPECT_EQ(Error("x,y,z\n1,2,3\n1,2\n"), "line 3: 2 columns, expected 3 (x,y,z)");
  EXPECT_EQ(Error("1,2,3,4\n"), "line 1: 4 columns, expected 3 (x,y,z)");
  EXPECT_EQ(Error("1,2,3,\n"), "line 1: 4 columns, expected 3 (x,y,z)");
  EXPECT_EQ(Error("time,x,y,z\n"), "line 1: 4 columns, expected 3 (x,y,z header)");
  EXPECT_EQ(Error("1,2,3\n4,abc,6\n"), "line 2, column 2: 'abc' is not a number");
  EXPECT_EQ(Error("1,2,3\n4,5,\n"), "line 2, column 3: an empty field is not a number");
  EXPECT_EQ(Error("1,2,3\n4,5,6x\n"), "line 2, column 3: '6x' is not a number");
  EXPECT_EQ(Error("x,y,z\ny,x,z\n"), "line 2, column 1: 'y' is not a number");
  EXPECT_EQ(Error("1,2,3\nnan,5,6\n"), "line 2, column 1: 'nan' is not a finite number");
  EXPECT_EQ(Error("1,2,3\n1,1e39,6\n"), "line 2, column 2: '1e39' is not a finite number");
  EXPECT_EQ(Error(""), "empty file (0 bytes), expected rows of x,y,z");
  EXPECT_EQ(Error("x,y,z\n\n"), "no samples (2 lines, none of them a row of x,y,z)");
  EXPECT_EQ(Error(std::string("1,2,3\n\0\0", 8)),
            "not a text file (it holds zero bytes); expected CSV rows of x,y,z");
}

TEST_F(GestureCsv, MissingFile) {
  std::vector<float> v;
  std::string error;
  EXPECT_FALSE(gesture::ReadTraceCsv(::testing::TempDir() + "no_such_trace.csv", &v, &error));
  EXPECT_NE(error.find("no_such_trace.csv: cannot open: No such file or directory"),
            std::string::npos)
      << error;
}

}  // namespace
