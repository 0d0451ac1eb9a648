// SPDX-License-Identifier: Apache-2.0
// MIRROR_PAD: PAD whose padding mirrors the input along every axis
// (TFLite's mirror_pad, as TFLite Micro runs it). With before = paddings[d][0]
// and n = in.dims[d], output index o along axis d reads input index
//   o <  before:          before + offset - 1 - o
//   o >= before + n:      n - 1 - offset - (o - before - n)
//   otherwise:            o - before
// where offset = 1 for REFLECT (the edge is not repeated: [a b c] padded by
// 2 on the left gives [c b a b c]) and 0 for SYMMETRIC (the edge is
// repeated: [b a a b c]). paddings: a constant int32 or int64 tensor of
// shape [rank, 2], every entry >= 0 and at most n - offset (n - 1 for
// REFLECT, n for SYMMETRIC; TensorFlow's limits, beyond which TFLite would
// read outside the input). Rank up to 6; types float32 and int8, as TFLite
// Micro (it refuses int16); the output keeps the input's type, scale and
// zero point.
#include "kernels/pad_util.h"

namespace circlet {
namespace kernels {
namespace {

struct MirrorPadData {
  int32_t out_dims[kMaxRank];  // right-aligned to rank 6
  int32_t in_dims[kMaxRank];
  int32_t in_strides[kMaxRank];  // elements
  int32_t before[kMaxRank];
  int32_t offset;  // 1 REFLECT, 0 SYMMETRIC
  uint8_t elem_size;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView in = ctx.input(0), paddings = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckPadTensors(ctx, in, paddings, out));
  const int rank = in.rank;
  const auto* opt = ctx.options<fb::MirrorPadOptions>();
  const bool reflect = opt == nullptr || opt->mode() == fb::MirrorPadMode_REFLECT;
  auto* d = ctx.AllocateOpData<MirrorPadData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->offset = reflect ? 1 : 0;
  d->elem_size = static_cast<uint8_t>(DTypeSize(in.type));
  int32_t dims[kMaxRank], strides[kMaxRank];
  ContiguousStrides(in.dims, rank, strides);
  const int lead = kMaxRank - rank;
  for (int i = 0; i < kMaxRank; ++i) {
    d->out_dims[i] = d->in_dims[i] = 1;
    d->in_strides[i] = 0;
    d->before[i] = 0;
  }
  for (int i = 0; i < rank; ++i) {
    const int64_t lo = IndexAt(paddings, 2 * i), hi = IndexAt(paddings, 2 * i + 1);
    const int64_t limit = in.dim(i) - d->offset;
    if (lo < 0 || hi < 0 || (lo > 0 && lo > limit) || (hi > 0 && hi > limit)) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "paddings (tensor %d) has %lld, %lld at axis %d: %s padding must be in "
                       "0..%lld",
                       paddings.index, static_cast<long long>(lo), static_cast<long long>(hi), i,
                       reflect ? "REFLECT" : "SYMMETRIC", static_cast<long long>(limit));
    }
    dims[i] = static_cast<int32_t>(in.dim(i) + lo + hi);
    d->out_dims[lead + i] = dims[i];
    d->in_dims[lead + i] = in.dim(i);
    d->in_strides[lead + i] = strides[i];
    d->before[lead + i] = static_cast<int32_t>(lo);
  }
  return ctx.CheckOutputShape(0, dims, rank);
}

// Input index along axis k for output index o.
inline int32_t Mirror(const MirrorPadData& d, int k, int32_t o) {
  const int32_t before = d.before[k], n = d.in_dims[k];
  if (o < before) return before + d.offset - 1 - o;
  const int32_t p = o - before;
  if (p >= n) return n - 1 - d.offset - (p - n);
  return p;
}

template <typename T>
void EvalTyped(const MirrorPadData& d, const T* in, T* out) {
  const int32_t* n = d.out_dims;
  const int32_t* s = d.in_strides;
  for (int32_t i0 = 0; i0 < n[0]; ++i0) {
    const int32_t a0 = Mirror(d, 0, i0) * s[0];
    for (int32_t i1 = 0; i1 < n[1]; ++i1) {
      const int32_t a1 = a0 + Mirror(d, 1, i1) * s[1];
      for (int32_t i2 = 0; i2 < n[2]; ++i2) {
        const int32_t a2 = a1 + Mirror(d, 2, i2) * s[2];
        for (int32_t i3 = 0; i3 < n[3]; ++i3) {
          const int32_t a3 = a2 + Mirror(d, 3, i3) * s[3];
          for (int32_t i4 = 0; i4 < n[4]; ++i4) {
            const int32_t a4 = a3 + Mirror(d, 4, i4) * s[4];
            for (int32_t i5 = 0; i5 < n[5]; ++i5) *out++ = in[a4 + Mirror(d, 5, i5)];
          }
        }
      }
    }
  }
}

Status Eval(OpContext& ctx) {
  const MirrorPadData& d = *ctx.op_data<MirrorPadData>();
  const void* in = ctx.input(0).data;
  void* out = ctx.output(0).data;
  if (d.elem_size == 1) {
    EvalTyped(d, static_cast<const uint8_t*>(in), static_cast<uint8_t*>(out));
  } else {
    EvalTyped(d, static_cast<const uint32_t*>(in), static_cast<uint32_t*>(out));
  }
  return Status::Ok();
}

}  // namespace

// paddings (input 1) are read with IndexAt (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(MIRROR_PAD, Prepare, Eval, 1 << 1)

}  // namespace kernels
}  // namespace circlet
