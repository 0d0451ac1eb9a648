// SPDX-License-Identifier: Apache-2.0
// STRIDED_SLICE: the mask logic of TFLite's strided_slice_logic.h and
// strided_slice.cc, every expectation derived by hand (comments show the
// start / end / stride each axis resolves to).
#include <gtest/gtest.h>

#include "tests/kernels/op_test.h"

namespace circlet {
namespace {

using test::OpTest;

struct Masks {
  int begin = 0, end = 0, ellipsis = 0, new_axis = 0, shrink = 0;
  bool offset = false;
};

writer::Options SliceOptions(Masks m) {
  return test::Opt(fb::BuiltinOptions_StridedSliceOptions, [m](flatbuffers::FlatBufferBuilder& b) {
    return fb::CreateStridedSliceOptions(b, m.begin, m.end, m.ellipsis, m.new_axis, m.shrink,
                                         m.offset)
        .Union();
  });
}

const std::vector<float> kRange8 = {0, 1, 2, 3, 4, 5, 6, 7};
// x[r][c] = 10 r + c, shape [3, 4].
const std::vector<float> k3x4 = {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23};
// x[a][b][c] = 100 a + 10 b + c, shape [2, 3, 4].
std::vector<int32_t> X234() {
  std::vector<int32_t> v;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 4; ++c) v.push_back(100 * a + 10 * b + c);
  return v;
}

// A 1-D slice of kRange8.
std::vector<float> Slice1D(int begin, int end, int stride, Masks m, int out_size,
                           std::string* error = nullptr) {
  OpTest t(opcode::STRIDED_SLICE, SliceOptions(m));
  t.Input<float>({8}, kRange8);
  t.Const<int32_t>({1}, {begin});
  t.Const<int32_t>({1}, {end});
  t.Const<int32_t>({1}, {stride});
  t.Output<float>({out_size});
  const std::string e = t.Run();
  if (error != nullptr) *error = e;
  EXPECT_EQ(e, error != nullptr ? e : "");
  return e.empty() ? t.Out<float>(0) : std::vector<float>{};
}

// x (of shape `shape`)[begin:end:strides] with masks `m`, int32 spec
// entries and an output of shape `out_shape`; the run must succeed.
template <typename T>
std::vector<T> Slice(const std::vector<int32_t>& shape, const std::vector<T>& x,
                     const std::vector<int32_t>& begin, const std::vector<int32_t>& end,
                     const std::vector<int32_t>& strides, Masks m,
                     const std::vector<int32_t>& out_shape) {
  OpTest t(opcode::STRIDED_SLICE, SliceOptions(m));
  t.Input<T>(shape, x);
  t.Const<int32_t>({static_cast<int32_t>(begin.size())}, begin);
  t.Const<int32_t>({static_cast<int32_t>(end.size())}, end);
  t.Const<int32_t>({static_cast<int32_t>(strides.size())}, strides);
  t.Output<T>(out_shape);
  const std::string e = t.Run();
  EXPECT_EQ(e, "");
  return e.empty() ? t.Out<T>(0) : std::vector<T>{};
}

TEST(StridedSliceOp, PositiveStride) {
  // 1, 3, 5 (6 excluded).
  EXPECT_EQ(Slice1D(1, 6, 2, {}, 3), (std::vector<float>{1, 3, 5}));
  // ceil((7 - 0) / 3) = 3: 0, 3, 6.
  EXPECT_EQ(Slice1D(0, 7, 3, {}, 3), (std::vector<float>{0, 3, 6}));
}

TEST(StridedSliceOp, NegativeStride) {
  // 6, 4, 2 (1 excluded).
  EXPECT_EQ(Slice1D(6, 1, -2, {}, 3), (std::vector<float>{6, 4, 2}));
  // begin -1 -> 7, end -9 -> -1 (clamped to [-1, 7]): the whole axis reversed.
  EXPECT_EQ(Slice1D(-1, -9, -1, {}, 8), (std::vector<float>{7, 6, 5, 4, 3, 2, 1, 0}));
}

TEST(StridedSliceOp, NegativeIndicesCountFromTheEnd) {
  // -3 -> 5, -1 -> 7: 5, 6.
  EXPECT_EQ(Slice1D(-3, -1, 1, {}, 2), (std::vector<float>{5, 6}));
}

TEST(StridedSliceOp, OutOfRangeBeginAndEndAreClamped) {
  // Stride > 0: begin -100 -> -92 -> 0, end 100 -> 8.
  EXPECT_EQ(Slice1D(-100, 100, 1, {}, 8), kRange8);
  // Stride < 0: begin 100 -> 7, end -100 -> -92 -> -1.
  EXPECT_EQ(Slice1D(100, -100, -3, {}, 3), (std::vector<float>{7, 4, 1}));
  // Stride < 0, begin -100 -> -1: nothing.
  EXPECT_EQ(Slice1D(-100, 0, -1, {}, 0), (std::vector<float>{}));
  // Stride > 0, begin 9 -> 8: nothing.
  EXPECT_EQ(Slice1D(9, 100, 1, {}, 0), (std::vector<float>{}));
  // begin after end with a positive stride: nothing.
  EXPECT_EQ(Slice1D(5, 2, 1, {}, 0), (std::vector<float>{}));
}

TEST(StridedSliceOp, StrideLongerThanTheAxis) {
  EXPECT_EQ(Slice1D(2, 8, 100, {}, 1), (std::vector<float>{2}));
  EXPECT_EQ(Slice1D(5, -9, -100, {}, 1), (std::vector<float>{5}));
}

TEST(StridedSliceOp, BeginMask) {
  Masks m;
  m.begin = 1;
  // Stride > 0: begin 5 ignored -> 0; end 3: 0, 1, 2.
  EXPECT_EQ(Slice1D(5, 3, 1, m, 3), (std::vector<float>{0, 1, 2}));
  // Stride < 0: begin -> 7; end 3: 7, 6, 5, 4.
  EXPECT_EQ(Slice1D(0, 3, -1, m, 4), (std::vector<float>{7, 6, 5, 4}));
}

TEST(StridedSliceOp, EndMask) {
  Masks m;
  m.end = 1;
  // Stride > 0: end -> 8: 2, 5.
  EXPECT_EQ(Slice1D(2, 0, 3, m, 2), (std::vector<float>{2, 5}));
  // Stride < 0: end -> -1: 6, 3, 0.
  EXPECT_EQ(Slice1D(6, 5, -3, m, 3), (std::vector<float>{6, 3, 0}));
  // Both masks, stride -1: x[::-1].
  m.begin = 1;
  EXPECT_EQ(Slice1D(3, 3, -1, m, 8), (std::vector<float>{7, 6, 5, 4, 3, 2, 1, 0}));
}

TEST(StridedSliceOp, OffsetMakesEndASize) {
  Masks m;
  m.offset = true;
  // end = 3 + start 2 = 5: 2, 3, 4.
  EXPECT_EQ(Slice1D(2, 3, 1, m, 3), (std::vector<float>{2, 3, 4}));
  // begin -3 -> 5; end = 2 + 5 = 7: 5, 6.
  EXPECT_EQ(Slice1D(-3, 2, 1, m, 2), (std::vector<float>{5, 6}));
}

TEST(StridedSliceOp, ShrinkAxis) {
  Masks m;
  m.shrink = 1;
  {
    // Row 1, every column: shape [4].
    EXPECT_EQ(Slice<float>({3, 4}, k3x4, {1, 0}, {2, 4}, {1, 1}, m, {4}),
              (std::vector<float>{10, 11, 12, 13}));
  }
  {
    // begin -1 -> row 2 (end 0 is ignored when shrinking), columns 1..2.
    EXPECT_EQ(Slice<float>({3, 4}, k3x4, {-1, 1}, {0, 3}, {1, 1}, m, {2}),
              (std::vector<float>{21, 22}));
  }
  {
    // Both axes shrunk: a scalar, x[2][3].
    m.shrink = 3;
    EXPECT_EQ(Slice<float>({3, 4}, k3x4, {2, -1}, {0, 0}, {1, 1}, m, {}), (std::vector<float>{23}));
  }
}

TEST(StridedSliceOp, TrailingAxesAreWhole) {
  // One entry for a [3, 4] input: rows 1..2, all columns.
  OpTest t(opcode::STRIDED_SLICE);
  t.Input<float>({3, 4}, k3x4);
  t.Const<int32_t>({1}, {1});
  t.Const<int32_t>({1}, {3});
  t.Const<int32_t>({1}, {1});
  t.Output<float>({2, 4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{10, 11, 12, 13, 20, 21, 22, 23}));
}

TEST(StridedSliceOp, EllipsisFirst) {
  // x[..., 1:3:2] on [2, 3, 4]: the ellipsis covers axes 0 and 1; c = 1.
  Masks m;
  m.ellipsis = 1;
  EXPECT_EQ(Slice<int32_t>({2, 3, 4}, X234(), {0, 1}, {0, 3}, {1, 2}, m, {2, 3, 1}),
            (std::vector<int32_t>{1, 11, 21, 101, 111, 121}));
}

TEST(StridedSliceOp, EllipsisInTheMiddle) {
  // x[1:2, ..., 2:4] on [2, 3, 4]: a = 1, every b, c = 2, 3.
  Masks m;
  m.ellipsis = 2;
  EXPECT_EQ(Slice<int32_t>({2, 3, 4}, X234(), {1, 7, 2}, {2, -7, 4}, {1, 5, 1}, m, {1, 3, 2}),
            (std::vector<int32_t>{102, 103, 112, 113, 122, 123}));
}

TEST(StridedSliceOp, EllipsisCoveringNothingStillTakesOneAxis) {
  // [0:1, 1:2, ..., 3:4] on [2, 3, 4]: four entries for three axes. TFLite
  // gives the ellipsis (entry 2) axis 2 and ignores entry 3, so the result
  // is x[0:1, 1:2, :] (TensorFlow would take x[0:1, 1:2, 3:4]).
  Masks m;
  m.ellipsis = 4;
  EXPECT_EQ(
      Slice<int32_t>({2, 3, 4}, X234(), {0, 1, 0, 3}, {1, 2, 0, 4}, {1, 1, 1, 1}, m, {1, 1, 4}),
      (std::vector<int32_t>{10, 11, 12, 13}));
}

TEST(StridedSliceOp, TrailingEllipsisCoversNothing) {
  // [1, 0:3:2, ...] on [3, 4]: the ellipsis entry lies past the two axes.
  Masks m;
  m.ellipsis = 4;
  m.shrink = 1;
  EXPECT_EQ(Slice<float>({3, 4}, k3x4, {1, 0, 0}, {2, 3, 0}, {1, 2, 1}, m, {2}),
            (std::vector<float>{10, 12}));
}

TEST(StridedSliceOp, NewAxisFirst) {
  // x[newaxis, 0:2, 0:3] on [3, 4]: shape [1, 2, 3].
  Masks m;
  m.new_axis = 1;
  EXPECT_EQ(Slice<float>({3, 4}, k3x4, {5, 0, 0}, {-5, 2, 3}, {-1, 1, 1}, m, {1, 2, 3}),
            (std::vector<float>{0, 1, 2, 10, 11, 12}));
}

TEST(StridedSliceOp, NewAxisWithShrink) {
  // x[1, newaxis, 0:3:2] on [3, 4]: row 1 shrunk, a new axis, columns 0, 2.
  Masks m;
  m.new_axis = 2;
  m.shrink = 1;
  EXPECT_EQ(Slice<float>({3, 4}, k3x4, {1, 0, 0}, {2, 0, 3}, {1, 1, 2}, m, {1, 2}),
            (std::vector<float>{10, 12}));
}

TEST(StridedSliceOp, EllipsisThenNewAxis) {
  // x[..., newaxis] on [3, 4]: shape [3, 4, 1], the values unchanged.
  Masks m;
  m.ellipsis = 1;
  m.new_axis = 2;
  EXPECT_EQ(Slice<float>({3, 4}, k3x4, {0, 0}, {0, 0}, {1, 1}, m, {3, 4, 1}), k3x4);
}

TEST(StridedSliceOp, NewAxisOnTheEllipsisEntryIsIgnored) {
  // Entry 0 is both the ellipsis and a new axis: only the ellipsis counts,
  // so x[..., 1:3] on [3, 4] with the new-axis bit gives shape [3, 2].
  Masks m;
  m.ellipsis = 1;
  m.new_axis = 1;
  EXPECT_EQ(Slice<float>({3, 4}, k3x4, {0, 1}, {0, 3}, {1, 1}, m, {3, 2}),
            (std::vector<float>{1, 2, 11, 12, 21, 22}));
}

TEST(StridedSliceOp, Rank4Int8WithNegativeStrides) {
  // [1, 2, 2, 3] int8 values 0..11; x[:, ::-1, :, 2:0:-2]: h reversed, c = 2.
  Masks m;
  m.begin = 3;
  m.end = 3;
  OpTest t(opcode::STRIDED_SLICE, SliceOptions(m));
  t.Input<int8_t>({1, 2, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
                  writer::PerTensor(0.25f, -1));
  t.Const<int64_t>({4}, {0, 0, 0, 2});
  t.Const<int64_t>({4}, {0, 0, 2, 0});
  t.Const<int64_t>({4}, {1, -1, 1, -2});
  t.Output<int8_t>({1, 2, 2, 1}, writer::PerTensor(0.25f, -1));
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<int8_t>(0), (std::vector<int8_t>{8, 11, 2, 5}));
}

TEST(StridedSliceOp, Bool) {
  Masks m;
  m.begin = 1;
  m.end = 1;
  OpTest t(opcode::STRIDED_SLICE, SliceOptions(m));
  t.Input<bool>({4}, {true, false, false, true});
  t.Const<int32_t>({1}, {0});
  t.Const<int32_t>({1}, {0});
  t.Const<int32_t>({1}, {-1});
  t.Output<bool>({4});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<uint8_t>(0), (std::vector<uint8_t>{1, 0, 0, 1}));
}

TEST(StridedSliceOp, HugeInt64IndicesSaturate) {
  // begin -2^62 -> int32 min -> clamped to 0; end 2^62 -> int32 max -> 4.
  OpTest t(opcode::STRIDED_SLICE);
  t.Input<float>({4}, {1, 2, 3, 4});
  t.Const<int64_t>({1}, {-(int64_t{1} << 62)});
  t.Const<int64_t>({1}, {int64_t{1} << 62});
  t.Const<int64_t>({1}, {int64_t{1} << 40});
  t.Output<float>({1});
  ASSERT_EQ(t.Run(), "");
  EXPECT_EQ(t.Out<float>(0), (std::vector<float>{1}));
}

TEST(StridedSliceOp, ZeroStrideIsRefused) {
  std::string e;
  Slice1D(0, 4, 0, {}, 4, &e);
  EXPECT_EQ(e, "op 0 STRIDED_SLICE: strides (tensor 3) has 0 at axis 0");
}

TEST(StridedSliceOp, ShrinkOutsideTheAxisIsRefused) {
  Masks m;
  m.shrink = 1;
  OpTest t(opcode::STRIDED_SLICE, SliceOptions(m));
  t.Input<float>({8}, kRange8);
  t.Const<int32_t>({1}, {8});
  t.Const<int32_t>({1}, {9});
  t.Const<int32_t>({1}, {1});
  t.Output<float>({});
  EXPECT_EQ(t.Run(),
            "op 0 STRIDED_SLICE: shrink_axis_mask at axis 0: begin 8, stride 1 on size 8 selects "
            "no element");
}

TEST(StridedSliceOp, WrongOutputShapeIsRefused) {
  std::string e;
  Slice1D(1, 6, 2, {}, 4, &e);
  EXPECT_NE(e, "");
}

}  // namespace
}  // namespace circlet
