// SPDX-License-Identifier: Apache-2.0
// circlet::Status: one word, the message in one shared buffer, an older
// Status whose text was replaced reports its code's name.
#include "circlet/status.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <type_traits>

namespace circlet {
namespace {

// One 32-bit word: returned in r0 on Arm (AAPCS returns a composite of at
// most 4 bytes in a register), so a call's Status costs its caller no stack.
static_assert(sizeof(Status) == 4, "Status is one word");
static_assert(std::is_trivially_copyable<Status>::value, "Status copies as a word");

TEST(Status, OkHasNoMessage) {
  const Status s = Status::Ok();
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_STREQ(s.message(), "");
  EXPECT_TRUE(Status().ok());
}

TEST(Status, ErrorFormatsCodeAndMessage) {
  const Status s = Status::Error(StatusCode::kArenaTooSmall, "need %d bytes, have %u (%s)", 4096,
                                 1000u, "arena");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kArenaTooSmall);
  EXPECT_STREQ(s.message(), "need 4096 bytes, have 1000 (arena)");
}

TEST(Status, CopyKeepsCodeAndMessage) {
  const Status s = Status::Error(StatusCode::kUnsupported, "op %d", 7);
  const Status copy = s;
  EXPECT_EQ(copy.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(copy.message(), "op 7");
}

// The message lives until the next Status::Error(): then an older Status
// gives its code's name, never the newer error's text; its code stays.
TEST(Status, OlderMessageGivesWayToTheCodeName) {
  const Status first = Status::Error(StatusCode::kInvalidModel, "tensor %d has no buffer", 3);
  EXPECT_STREQ(first.message(), "tensor 3 has no buffer");
  const Status second = Status::Error(StatusCode::kBadState, "invoke before prepare");
  EXPECT_STREQ(second.message(), "invoke before prepare");
  EXPECT_FALSE(first.ok());
  EXPECT_EQ(first.code(), StatusCode::kInvalidModel);
  EXPECT_STREQ(first.message(), "invalid model");
  // A success in between changes nothing.
  const Status ok = Status::Ok();
  EXPECT_TRUE(ok.ok());
  EXPECT_STREQ(second.message(), "invoke before prepare");
}

// The usual wrapping: the current message as an argument of the next error.
TEST(Status, ErrorMayQuoteTheCurrentMessage) {
  const Status inner = Status::Error(StatusCode::kInvalidModel, "filter has %d dims", 3);
  const Status outer = Status::Error(inner.code(), "op %d %s: %s", 12, "CONV_2D", inner.message());
  EXPECT_EQ(outer.code(), StatusCode::kInvalidModel);
  EXPECT_STREQ(outer.message(), "op 12 CONV_2D: filter has 3 dims");
}

// A message longer than the buffer keeps its first kMaxMessage - 1 = 159
// characters.
TEST(Status, LongMessageIsCutToTheBuffer) {
  const std::string words(200, 'w');
  const Status s = Status::Error(StatusCode::kInvalidArgument, "start %s", words.c_str());
  const std::string m = s.message();
  ASSERT_EQ(m.size(), 159u);
  EXPECT_EQ(m, "start " + std::string(153, 'w'));
}

}  // namespace
}  // namespace circlet
