// SPDX-License-Identifier: Apache-2.0
// Checked arithmetic used where model numbers become sizes and offsets.
#include "base/checked_math.h"

#include <gtest/gtest.h>

#include <vector>

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

// Model::Create on a model of one tensor "x" (input and output).
Status CreateOneTensorModel(DType type, const std::vector<int32_t>& shape) {
  writer::ModelWriter mw;
  const int x = mw.AddTensor("x", type, shape);
  mw.SetInputs({x});
  mw.SetOutputs({x});
  const auto bytes = mw.Finish();
  Model m;
  return Model::Create(bytes.data(), bytes.size(), &m);
}

TEST(CheckedMath, EmptyTensorWithHugeOtherDimensionsIsAnError) {
  // [0, 2^16, 2^16]: no bytes, but 2^32 elements once the empty axis is
  // set aside, which kernels that multiply the other axes would overflow.
  EXPECT_STREQ(CreateOneTensorModel(DType::kInt8, {0, 1 << 16, 1 << 16}).message(),
               "invalid model: tensor 0 'x': shape too large (over 2 GiB, zero dimensions aside)");
  // [0, 2^15, 2^15] (2^30 once the empty axis is set aside) is accepted.
  EXPECT_TRUE(CreateOneTensorModel(DType::kInt8, {0, 1 << 15, 1 << 15}).ok());
}

TEST(CheckedMath, ShapeProductOverflowInAModelIsAnError) {
  // 4 x 2^29 float32 elements = 8 GiB; each dim is fine on its own.
  EXPECT_STREQ(CreateOneTensorModel(DType::kFloat32, {4, 1 << 29}).message(),
               "invalid model: tensor 0 'x': shape too large (over 2 GiB, zero dimensions aside)");
  // The element count fits but the byte size does not: 2^29 float32.
  EXPECT_STREQ(CreateOneTensorModel(DType::kFloat32, {1 << 29}).message(),
               "invalid model: tensor 0 'x': byte size too large (over 2 GiB)");
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
