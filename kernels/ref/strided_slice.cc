// SPDX-License-Identifier: Apache-2.0
// STRIDED_SLICE: out = in[begin:end:stride] per axis, with TFLite's masks
// (tensorflow/lite/kernels/strided_slice.cc and strided_slice_logic.h).
//
// 1. The spec (begin, end, strides: constant int32/int64 of one length n)
//    becomes one entry per "effective" axis, rank + (new axes):
//    - ellipsis_mask bit i: the entry stands for every input axis the other
//      entries leave out (at least one); they take the whole axis;
//    - new_axis_mask bit i (not also an ellipsis): a new axis of size 1
//      (start 0, end 1, stride 1), which appears in the output;
//    - axes after the last entry take the whole axis;
//    - entries past the effective axes are ignored (so an ellipsis there
//      covers nothing, but one before them still covers an axis: TFLite
//      then drops the last entries, where TensorFlow would not);
//    - the others take begin/end/stride and their begin/end/shrink bits.
// 2. Per effective axis of size n, stride s != 0 (TFLite's
//    StridedSliceStartForAxis / StridedSliceEndForAxis):
//      start = begin (+ n if negative), clamped to [0, n] (s > 0) or
//              [-1, n - 1] (s < 0); begin_mask: 0 (s > 0) or n - 1 (s < 0);
//      end   = end (+ start when the `offset` option is set) (+ n if
//              negative), clamped the same way; end_mask: n (s > 0) or -1;
//      count = ceil((end - start) / s), at least 0.
//    (With `offset`, TFLite sizes the output as ceil(end / s) unclamped;
//    circlet's count is clamped, so a slice leaving the axis fails the
//    output-shape check instead of leaving part of the output unwritten.)
//    shrink_axis_mask bit: exactly element `start`; the axis leaves the
//    output. circlet refuses a shrunk axis whose start is outside [0, n) or
//    whose stride is negative: TFLite writes nothing there (its loop stops
//    at once), leaving the output undefined.
// 3. out[k] = in[start + k * s] along every axis: one strided copy
//    (kernels/copy_util.h) planned in prepare.
// Rank (with new axes) up to 6; types float32, int8, int16, int32, int64,
// bool, moved by byte size; the output keeps the input's type, scale and
// zero point. begin/end/strides may be int64 (TFLite takes int32 only):
// values are saturated to int32 and computed in 64 bits.
#include <algorithm>
#include <cinttypes>

#include "kernels/copy_util.h"

namespace circlet {
namespace kernels {
namespace {

inline int64_t ClampIndex(int64_t v, int64_t lo, int64_t hi) {
  return v > hi ? hi : (v < lo ? lo : v);
}

// int64 indices are saturated to int32 (TFLite takes int32 indices only).
inline int64_t Saturate32(int64_t v) {
  return ClampIndex(v, -int64_t{0x7FFFFFFF} - 1, 0x7FFFFFFF);
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 4, 4, 1));
  const TensorView in = ctx.input(0), begin = ctx.input(1), end = ctx.input(2);
  const TensorView strides = ctx.input(3), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckCopyTensors(ctx, in, out, /*count_output=*/false));
  const int rank = in.rank;
  CIRCLET_RETURN_IF_ERROR(CheckIndexTensor(ctx, begin, "begin", -1, true));
  const int n = begin.dim(0);
  CIRCLET_RETURN_IF_ERROR(CheckIndexTensor(ctx, end, "end", n, true));
  CIRCLET_RETURN_IF_ERROR(CheckIndexTensor(ctx, strides, "strides", n, true));
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_mask = 0;
  bool offset = false;
  if (const auto* opt = ctx.options<fb::StridedSliceOptions>()) {
    begin_mask = opt->begin_mask();
    end_mask = opt->end_mask();
    ellipsis_mask = opt->ellipsis_mask();
    new_axis_mask = opt->new_axis_mask();
    shrink_mask = opt->shrink_axis_mask();
    offset = opt->offset();
  }
  const auto bit = [](int32_t mask, int i) { return i < 31 && ((mask >> i) & 1) != 0; };

  // 1. Effective axes: new axes that are not also the ellipsis add one each.
  int added = 0;
  for (int i = 0; i < n; ++i) {
    if (!bit(ellipsis_mask, i) && bit(new_axis_mask, i)) ++added;
  }
  const int eff = rank + added;
  if (eff > kMaxRank) {
    return ctx.Error(StatusCode::kUnsupported, "%d axes with the new ones, at most %d", eff,
                     kMaxRank);
  }
  int32_t eff_ellipsis = 0, eff_new = 0;
  int ellipsis_start = eff, expanded = 0;
  for (int i = 0; i < eff;) {
    if (bit(ellipsis_mask, i)) {
      ellipsis_start = i;
      const int stop = std::max(i + 1, std::min(i + 1 + added + rank - n, eff));
      expanded = stop - ellipsis_start - 1;
      for (; i < stop; ++i) eff_ellipsis |= 1 << i;
      continue;
    }
    if (bit(new_axis_mask, i - expanded)) eff_new |= 1 << i;
    ++i;
  }
  int32_t shape[kMaxRank];
  int64_t b[kMaxRank], e[kMaxRank], s[kMaxRank];
  int32_t bm = 0, em = 0, sm = 0;
  int added_ellipsis = 0, added_axes = 0;
  for (int i = 0; i < eff; ++i) {
    const bool is_new = !bit(eff_ellipsis, i) && bit(eff_new, i);
    if (!is_new && i - added_axes >= rank) {
      return ctx.Error(StatusCode::kUnsupported,
                       "ellipsis_mask %" PRId32 " and new_axis_mask %" PRId32
                       " do not map onto the input's %d axes",
                       ellipsis_mask, new_axis_mask, rank);
    }
    b[i] = 0;
    e[i] = 0;
    s[i] = 1;
    if (bit(eff_ellipsis, i)) {
      added_ellipsis = std::max(0, i - ellipsis_start);
      bm |= 1 << i;
      em |= 1 << i;
      shape[i] = in.dim(i - added_axes);
    } else if (is_new) {
      e[i] = 1;
      shape[i] = 1;
      ++added_axes;
    } else if (i >= n + expanded) {
      bm |= 1 << i;
      em |= 1 << i;
      shape[i] = in.dim(i - added_axes);
    } else {
      const int k = i - added_ellipsis;
      if (k < 0 || k >= n) {
        return ctx.Error(StatusCode::kUnsupported,
                         "ellipsis_mask %" PRId32 " does not map onto begin", ellipsis_mask);
      }
      b[i] = Saturate32(IndexAt(begin, k));
      e[i] = Saturate32(IndexAt(end, k));
      s[i] = Saturate32(IndexAt(strides, k));
      if (bit(begin_mask, k)) bm |= 1 << i;
      if (bit(end_mask, k)) em |= 1 << i;
      if (bit(shrink_mask, k)) sm |= 1 << i;
      shape[i] = in.dim(i - added_axes);
    }
  }
  if (eff - added_axes != rank) {
    return ctx.Error(StatusCode::kUnsupported,
                     "new_axis_mask %" PRId32 " has bits past the begin entries (%d)",
                     new_axis_mask, n);
  }

  // 2. Start, step and count per effective axis; the output shape.
  int32_t start[kMaxRank], step[kMaxRank], count[kMaxRank], out_dims[kMaxRank];
  int out_rank = 0;
  for (int i = 0; i < eff; ++i) {
    const int64_t size = shape[i], stride = s[i];
    if (stride == 0) {
      return ctx.Error(StatusCode::kInvalidModel, "strides (tensor %d) has 0 at axis %d",
                       strides.index, i);
    }
    const int64_t lo = stride > 0 ? 0 : -1, hi = stride > 0 ? size : size - 1;
    int64_t first = b[i] < 0 ? b[i] + size : b[i];
    first = ClampIndex(first, lo, hi);
    if (bit(bm, i)) first = stride > 0 ? 0 : size - 1;
    int64_t num;
    if (bit(sm, i)) {
      if (stride < 0 || first < 0 || first >= size) {
        return ctx.Error(StatusCode::kUnsupported,
                         "shrink_axis_mask at axis %d: begin %lld, stride %lld on size %lld "
                         "selects no element",
                         i, static_cast<long long>(b[i]), static_cast<long long>(stride),
                         static_cast<long long>(size));
      }
      num = 1;
    } else {
      int64_t last = offset ? e[i] + first : e[i];
      if (last < 0) last += size;
      last = ClampIndex(last, lo, hi);
      if (bit(em, i)) last = stride > 0 ? size : -1;
      num =
          stride > 0 ? (last - first + stride - 1) / stride : (first - last - stride - 1) / -stride;
      if (num < 0) num = 0;
      out_dims[out_rank++] = static_cast<int32_t>(num);
    }
    start[i] = static_cast<int32_t>(first);
    // A stride longer than the axis takes at most one element: it is
    // shortened to the axis so that element offsets stay in int32.
    const int64_t longest = size > 1 ? size : 1;
    step[i] = static_cast<int32_t>(ClampIndex(stride, -longest, longest));
    count[i] = static_cast<int32_t>(num);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, out_dims, out_rank));
  return PrepareSliceCopy(ctx, shape, eff, in.type, start, step, count);
}

}  // namespace

// begin, end and strides (inputs 1..3) are read with IndexAt (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(STRIDED_SLICE, Prepare, CopyEval, (1 << 1) | (1 << 2) | (1 << 3))

}  // namespace kernels
}  // namespace circlet
