// SPDX-License-Identifier: Apache-2.0
// BROADCAST_ARGS: the broadcast shape of two 1-D shape vectors (int32 or
// int64, both of one type, output of that type and of length
// max(len1, len2)), as TFLite's reference BroadcastArgs: the vectors are
// aligned at their ends, a missing entry counts as 1; out = s2 where s1 is 1,
// else s1 (s1 and s2 must then agree or s2 be 1). Entries are read as int,
// as TFLite does (an int64 entry keeps its low 32 bits).
// Incompatible entries (neither 1, different): TFLite aborts. circlet
// refuses them in prepare when both vectors are constants; for run-time
// vectors it writes s1's entry (what the reference computes without its
// check).
#include <cinttypes>

#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {
namespace {

struct BroadcastArgsData {
  int32_t len1, len2, out_len;
};

template <typename T>
int32_t EntryFromEnd(const T* data, int32_t len, int32_t backward) {
  const int32_t forward = len - 1 - backward;
  return forward < 0 ? 1 : static_cast<int32_t>(data[forward]);
}

// Writes out[len - 1 - i] for every backward index i; returns the first
// incompatible backward index, or -1.
template <typename T>
int32_t BroadcastShapes(const BroadcastArgsData& d, const T* s1, const T* s2, T* out) {
  int32_t bad = -1;
  for (int32_t i = 0; i < d.out_len; ++i) {
    const int32_t a = EntryFromEnd(s1, d.len1, i);
    const int32_t b = EntryFromEnd(s2, d.len2, i);
    if (a != 1 && b != 1 && a != b && bad < 0) bad = i;
    const int32_t v = a == 1 ? b : a;
    if (out != nullptr) out[d.out_len - 1 - i] = static_cast<T>(v);
  }
  return bad;
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView s1 = ctx.input(0), s2 = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(s2, s1.type, "input 2"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, s1.type, "output"));
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, s1, 1, "input 1"));
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, s2, 1, "input 2"));
  auto* d = ctx.AllocateOpData<BroadcastArgsData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->len1 = s1.dims[0];
  d->len2 = s2.dims[0];
  d->out_len = d->len1 > d->len2 ? d->len1 : d->len2;
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, &d->out_len, 1));
  if (s1.is_constant && s2.is_constant && s1.data != nullptr && s2.data != nullptr) {
    const int32_t bad =
        s1.type == DType::kInt32
            ? BroadcastShapes<int32_t>(*d, s1.as<const int32_t>(), s2.as<const int32_t>(), nullptr)
            : BroadcastShapes<int64_t>(*d, s1.as<const int64_t>(), s2.as<const int64_t>(), nullptr);
    if (bad >= 0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "shapes (tensors %d, %d) do not broadcast at entry %" PRId32 " from the end",
                       s1.index, s2.index, bad + 1);
    }
  }
  return Status::Ok();
}

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const BroadcastArgsData& d = *ctx.op_data<BroadcastArgsData>();
  const TensorView s1 = ctx.input(0), s2 = ctx.input(1), out = ctx.output(0);
  if (out.type == DType::kInt32) {
    BroadcastShapes<int32_t>(d, s1.as<const int32_t>(), s2.as<const int32_t>(), out.as<int32_t>());
  } else {
    BroadcastShapes<int64_t>(d, s1.as<const int64_t>(), s2.as<const int64_t>(), out.as<int64_t>());
  }
  return Status::Ok();
}

}  // namespace

// v1: int32 and int64 shapes.
CIRCLET_KERNEL(BROADCAST_ARGS, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
