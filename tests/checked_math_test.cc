// SPDX-License-Identifier: Apache-2.0
// Checked arithmetic used where model numbers become sizes and offsets.
#include "base/checked_math.h"

#include <gtest/gtest.h>

#include "tests/harness.h"

namespace circlet {
namespace {

TEST(CheckedMath, MulAddAlignAtTheLimit) {
  uint64_t out = 0;
  EXPECT_TRUE(CheckedMul(65536, 32767, &out));
  EXPECT_EQ(out, 2147418112u);
  EXPECT_FALSE(CheckedMul(65536, 32768, &out));   // 2^31 > kMaxBytes
  EXPECT_FALSE(CheckedMul(UINT64_MAX, 2, &out));  // wraps in 64 bits
  EXPECT_TRUE(CheckedMul(0, UINT64_MAX, &out));
  EXPECT_EQ(out, 0u);
  EXPECT_TRUE(CheckedAdd(kMaxBytes - 1, 1, &out));
  EXPECT_EQ(out, kMaxBytes);
  EXPECT_FALSE(CheckedAdd(kMaxBytes, 1, &out));
  EXPECT_FALSE(CheckedAdd(UINT64_MAX, 1, &out));
  EXPECT_TRUE(CheckedAlignUp(13, 8, &out));
  EXPECT_EQ(out, 16u);
  EXPECT_TRUE(CheckedAlignUp(16, 8, &out));
  EXPECT_EQ(out, 16u);
  EXPECT_FALSE(CheckedAlignUp(kMaxBytes, 8, &out));
}

TEST(CheckedMath, EmptyTensorWithHugeOtherDimensionsIsAnError) {
  // [0, 2^16, 2^16]: no bytes, but 2^32 elements once the empty axis is
  // set aside, which kernels that multiply the other axes would overflow.
  writer::ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, {0, 1 << 16, 1 << 16});
  mw.SetInputs({x});
  mw.SetOutputs({x});
  auto bytes = mw.Finish();
  Model m;
  Status s = Model::Create(bytes.data(), bytes.size(), &m);
  EXPECT_STREQ(s.message(),
               "invalid model: tensor 0 'x': shape too large (over 2 GiB, zero dimensions aside)");
  // [0, 2^15, 2^15] (2^30 once the empty axis is set aside) is accepted.
  writer::ModelWriter mw2;
  x = mw2.AddTensor("x", DType::kInt8, {0, 1 << 15, 1 << 15});
  mw2.SetInputs({x});
  mw2.SetOutputs({x});
  bytes = mw2.Finish();
  EXPECT_TRUE(Model::Create(bytes.data(), bytes.size(), &m).ok());
}

TEST(CheckedMath, ShapeProductOverflowInAModelIsAnError) {
  // 4 x 2^29 float32 elements = 8 GiB; each dim is fine on its own.
  writer::ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {4, 1 << 29});
  mw.SetInputs({x});
  mw.SetOutputs({x});
  auto bytes = mw.Finish();
  Model m;
  Status s = Model::Create(bytes.data(), bytes.size(), &m);
  EXPECT_STREQ(s.message(),
               "invalid model: tensor 0 'x': shape too large (over 2 GiB, zero dimensions aside)");
  // The element count fits but the byte size does not: 2^29 float32.
  writer::ModelWriter mw2;
  x = mw2.AddTensor("x", DType::kFloat32, {1 << 29});
  mw2.SetInputs({x});
  mw2.SetOutputs({x});
  bytes = mw2.Finish();
  s = Model::Create(bytes.data(), bytes.size(), &m);
  EXPECT_STREQ(s.message(), "invalid model: tensor 0 'x': byte size too large (over 2 GiB)");
}

TEST(CheckedMath, ArenaOffsetsPast4GiBDoNotWrap) {
  // x, y and z = x + y, 1.5 GiB each, all live at op 0: 4.5 GiB of offsets.
  // Each size is valid; the sum must not wrap around 32 bits.
  writer::ModelWriter mw;
  const int32_t n = 3 << 29;
  int x = mw.AddTensor("x", DType::kInt8, {n}, writer::PerTensor(0.5f, 0));
  int y = mw.AddTensor("y", DType::kInt8, {n}, writer::PerTensor(0.5f, 0));
  int z = mw.AddTensor("z", DType::kInt8, {n}, writer::PerTensor(0.5f, 0));
  mw.AddOperator(0, {x, y}, {z}, writer::AddOptions(0));
  mw.SetInputs({x, y});
  mw.SetOutputs({z});
  auto res = test::RunModel(mw.Finish(), {}, 1 << 20);
  EXPECT_EQ(res.status.code(), StatusCode::kArenaTooSmall) << res.status.message();
  EXPECT_NE(std::string(res.status.message()).find("the plan needs more than 2147483647 bytes"),
            std::string::npos)
      << res.status.message();
}

TEST(CheckedMath, ArenaOffsetsBeyondTheArenaAreReported) {
  // A valid 1 GiB tensor (and its RESHAPE view) cannot fit a 4 KiB arena.
  writer::ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, {1 << 30});
  int r = mw.AddTensor("r", DType::kInt8, {1 << 30});
  mw.AddOperator(22, {x}, {r}, writer::ReshapeOptions({1 << 30}));
  mw.SetInputs({x});
  mw.SetOutputs({x, r});
  auto res = test::RunModel(mw.Finish(), {}, 4096);
  EXPECT_EQ(res.status.code(), StatusCode::kArenaTooSmall);
  EXPECT_NE(std::string(res.status.message()).find("arena too small: 4096 bytes given"),
            std::string::npos)
      << res.status.message();
}

}  // namespace
}  // namespace circlet
