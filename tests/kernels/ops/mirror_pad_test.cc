// SPDX-License-Identifier: Apache-2.0
// MIRROR_PAD: REFLECT and SYMMETRIC at their largest paddings, 2-D, int8,
// and the padding limit and int16 refusals.
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

writer::Options Mode(fb::MirrorPadMode mode) {
  return test::Opt(fb::BuiltinOptions_MirrorPadOptions, [mode](flatbuffers::FlatBufferBuilder& b) {
    return fb::CreateMirrorPadOptions(b, mode).Union();
  });
}

TEST(MirrorPadOp, ReflectAtTheLargestPadding) {
  // n = 3: REFLECT pads at most 2 per side, the edge not repeated.
  OpTest t(opcode::MIRROR_PAD, Mode(fb::MirrorPadMode_REFLECT));
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int32_t>({1, 2}, {2, 2});
  t.Output<float>({7});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{3, 2, 1, 2, 3, 2, 1}));
}

TEST(MirrorPadOp, SymmetricAtTheLargestPadding) {
  // n = 3: SYMMETRIC pads at most 3 per side, the edge repeated.
  OpTest t(opcode::MIRROR_PAD, Mode(fb::MirrorPadMode_SYMMETRIC));
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int64_t>({1, 2}, {3, 3});
  t.Output<float>({9});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{3, 2, 1, 1, 2, 3, 3, 2, 1}));
}

TEST(MirrorPadOp, Reflect2D) {
  // Rows [1 2 3], [4 5 6] padded 1 / 1 -> r1 r0 r1 r0; columns 2 / 0:
  // [a b c] -> [c b a b c].
  OpTest t(opcode::MIRROR_PAD, Mode(fb::MirrorPadMode_REFLECT));
  t.Input<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  t.Const<int32_t>({2, 2}, {1, 1, 2, 0});
  t.Output<float>({4, 5});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{6, 5, 4, 5, 6, 3, 2, 1, 2, 3,  //
                                                 6, 5, 4, 5, 6, 3, 2, 1, 2, 3}));
}

TEST(MirrorPadOp, SymmetricInt8) {
  // Rows padded 1 / 0 -> r0 r0 r1; columns 0 / 2: [a b] -> [a b b a].
  OpTest t(opcode::MIRROR_PAD, Mode(fb::MirrorPadMode_SYMMETRIC));
  t.Input<int8_t>({2, 2}, {1, 2, 3, 4}, writer::PerTensor(0.5f, -7));
  t.Const<int32_t>({2, 2}, {1, 0, 0, 2});
  t.Output<int8_t>({3, 4}, writer::PerTensor(0.5f, -7));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{1, 2, 2, 1, 1, 2, 2, 1, 3, 4, 4, 3}));
}

TEST(MirrorPadOp, ReflectPastTheLimitIsRefused) {
  OpTest t(opcode::MIRROR_PAD, Mode(fb::MirrorPadMode_REFLECT));
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int32_t>({1, 2}, {3, 0});
  t.Output<float>({6});
  EXPECT_EQ(t.Run(),
            "op 0 MIRROR_PAD: paddings (tensor 1) has 3, 0 at axis 0: REFLECT padding must be "
            "in 0..2");
}

TEST(MirrorPadOp, SymmetricPastTheLimitIsRefused) {
  OpTest t(opcode::MIRROR_PAD, Mode(fb::MirrorPadMode_SYMMETRIC));
  t.Input<float>({3}, {1, 2, 3});
  t.Const<int32_t>({1, 2}, {0, 4});
  t.Output<float>({7});
  EXPECT_EQ(t.Run(),
            "op 0 MIRROR_PAD: paddings (tensor 1) has 0, 4 at axis 0: SYMMETRIC padding must be "
            "in 0..3");
}

TEST(MirrorPadOp, Int16IsRefusedAsTfliteMicroDoes) {
  OpTest t(opcode::MIRROR_PAD, Mode(fb::MirrorPadMode_REFLECT));
  t.Input<int16_t>({3}, {1, 2, 3});
  t.Const<int32_t>({1, 2}, {1, 1});
  t.Output<int16_t>({5});
  EXPECT_EQ(t.Run(), "op 0 MIRROR_PAD: input 0 (tensor 0) is int16: not a type MIRROR_PAD takes");
}

}  // namespace
}  // namespace circlet
