// SPDX-License-Identifier: Apache-2.0
// Shared by SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND: input 0 is [N, H, W, C]
// or [N, H, C] (TFLite's reference treats the latter as [N, H, 1, C]),
// input 1 the constant int32 block_shape [M], input 2 the constant int32
// paddings (SPACE_TO_BATCH_ND) or crops (BATCH_TO_SPACE_ND) [M, 2], M =
// rank - 2. TFLite Micro has no dynamic shapes: computed operands are
// refused.
#ifndef CIRCLET_KERNELS_SPACE_BATCH_UTIL_H_
#define CIRCLET_KERNELS_SPACE_BATCH_UTIL_H_

#include <cstring>

#include "kernels/spatial_util.h"

namespace circlet {
namespace kernels {

// The operands seen as 4-D (a rank-3 tensor has width 1, block 1, no
// padding or crop along it).
struct BlockParams {
  int32_t block_h, block_w;
  int32_t before_h, after_h, before_w, after_w;  // paddings or crops
};

// The 4-D view [batches, h, w, c] of a rank-3 or rank-4 tensor.
struct Dims4 {
  int32_t n, h, w, c;
};
inline Dims4 Dims4Of(const TensorView& t) {
  return Dims4{t.dim(0), t.dim(1), t.rank == 4 ? t.dim(2) : 1, t.dim(t.rank - 1)};
}

// Checks arity, ranks, types and values (blocks >= 1, amounts >= 0) and the
// output's type and quantization. `amounts` names input 2 in messages.
CIRCLET_COLD inline Status PrepareBlockParams(const OpContext& ctx, const char* amounts,
                                              BlockParams* p) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 3, 3, 1));
  const TensorView in = ctx.input(0), block = ctx.input(1), pad = ctx.input(2);
  if (in.rank != 3 && in.rank != 4) {
    return ctx.Error(StatusCode::kUnsupported, "input (tensor %d) has rank %d, expected 3 or 4",
                     in.index, in.rank);
  }
  CIRCLET_RETURN_IF_ERROR(CheckSameTypeAndQuant(ctx, in, ctx.output(0)));
  const int m = in.rank - 2;
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(block, DType::kInt32, "block_shape"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(pad, DType::kInt32, amounts));
  if (block.rank != 1 || block.dim(0) != m || pad.rank != 2 || pad.dim(0) != m || pad.dim(1) != 2) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "block_shape (tensor %d) must be [%d] and %s (tensor %d) [%d, 2] for a rank "
                     "%d input",
                     block.index, m, amounts, pad.index, m, in.rank);
  }
  if (!block.is_constant || !pad.is_constant) {
    return ctx.Error(StatusCode::kUnsupported,
                     "block_shape (tensor %d) and %s (tensor %d) must be constant", block.index,
                     amounts, pad.index);
  }
  const int32_t* b = block.as<const int32_t>();
  const int32_t* a = pad.as<const int32_t>();
  *p = BlockParams{b[0], m == 2 ? b[1] : 1, a[0], a[1], m == 2 ? a[2] : 0, m == 2 ? a[3] : 0};
  if (p->block_h < 1 || p->block_w < 1) {
    return ctx.Error(StatusCode::kInvalidModel, "block_shape (tensor %d) must be positive",
                     block.index);
  }
  if (p->before_h < 0 || p->after_h < 0 || p->before_w < 0 || p->after_w < 0) {
    return ctx.Error(StatusCode::kInvalidModel, "%s (tensor %d) must not be negative", amounts,
                     pad.index);
  }
  return Status::Ok();
}

// After the kernel's own checks: the model's output against the 4-D dims
// (rank 3: width dropped), and the op data (the BlockParams).
CIRCLET_COLD inline Status FinishSpaceBatch(OpContext& ctx, int rank, const int64_t* d4,
                                            const BlockParams& p) {
  for (int i = 0; i < 4; ++i) {
    if (d4[i] > 0x7FFFFFFF) {
      return ctx.Error(StatusCode::kInvalidModel, "output dimension %d is too large", i);
    }
  }
  const int32_t dims[4] = {static_cast<int32_t>(d4[0]), static_cast<int32_t>(d4[1]),
                           rank == 4 ? static_cast<int32_t>(d4[2]) : static_cast<int32_t>(d4[3]),
                           static_cast<int32_t>(d4[3])};
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, rank));
  auto* op = ctx.AllocateOpData<BlockParams>();
  if (op == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  *op = p;
  return Status::Ok();
}

// Eval of both. The batch tensor (the output of SPACE_TO_BATCH_ND, the
// input of BATCH_TO_SPACE_ND) is walked in order; its position (b, y, x)
// is space pixel (b % N, y * bh + s / bw - top, x * bw + s % bw - left),
// s = b / N, N the space tensor's batches. kToBatch true (SPACE_TO_BATCH_ND)
// copies space to batch, raw 0 where the pixel is outside the space tensor
// (the padding); false (BATCH_TO_SPACE_ND) copies batch to space, skipping
// those positions (the crops).
template <bool kToBatch>
Status EvalSpaceBatch(OpContext& ctx) {
  const BlockParams& p = *ctx.op_data<BlockParams>();
  const TensorView in = ctx.input(0), out = ctx.output(0);
  const TensorView& space_t = kToBatch ? in : out;
  const TensorView& batch_t = kToBatch ? out : in;
  const Dims4 space = Dims4Of(space_t), batch = Dims4Of(batch_t);
  const size_t run = static_cast<size_t>(space.c) * DTypeSize(in.type);
  auto* const space_p = static_cast<uint8_t*>(space_t.data);
  auto* batch_p = static_cast<uint8_t*>(batch_t.data);
  for (int32_t b = 0; b < batch.n; ++b) {
    const int32_t sb = b % space.n, phase = b / space.n;
    const int32_t sw = phase % p.block_w, sh = phase / p.block_w;
    for (int32_t y = 0; y < batch.h; ++y) {
      const int32_t sy = y * p.block_h + sh - p.before_h;
      if (sy < 0 || sy >= space.h) {
        if (kToBatch) std::memset(batch_p, 0, run * static_cast<size_t>(batch.w));
        batch_p += run * static_cast<size_t>(batch.w);
        continue;
      }
      for (int32_t x = 0; x < batch.w; ++x, batch_p += run) {
        const int32_t sx = x * p.block_w + sw - p.before_w;
        if (sx < 0 || sx >= space.w) {
          if (kToBatch) std::memset(batch_p, 0, run);
          continue;
        }
        uint8_t* sp = space_p + ((static_cast<size_t>(sb) * space.h + sy) * space.w + sx) * run;
        if (kToBatch) {
          std::memcpy(batch_p, sp, run);
        } else {
          std::memcpy(sp, batch_p, run);
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_SPACE_BATCH_UTIL_H_
