// SPDX-License-Identifier: Apache-2.0
// BATCH_MATMUL: lhs [..., R, K] (adj_x: [..., K, R]), rhs [..., K, C]
// (adj_y: [..., C, K]), ranks 2..5; output [batch..., R, C] with
//   out[b][r][c] = sum_{k = 0..K-1} lhs[b][r][k] * rhs[b][k][c]
// The batch dimensions (all but the last two, right-aligned, missing ones
// 1) broadcast: each pair equal, or one of them 1. As TFLite's reference
// (batch_matmul.h) that TFLite Micro runs:
//   float32: total = 0.f, total += l * r for k = 0, 1, ... (that order).
//   int8: total (int32) += (l - lhs_zero_point) * (r - rhs_zero_point);
//     out = clamp(MultiplyByQuantizedMultiplier(total, M, shift) +
//     out_zero_point, -128, 127), M, shift = QuantizeMultiplier(
//     double(lhs_scale) * double(rhs_scale) / double(out_scale)); no fused
//     activation. The int32 sum wraps on overflow (as the hardware does).
//   int16 (zero points 0, as TFLM requires): total in int64, requantized
//     with TFLite's int64 MultiplyByQuantizedMultiplier (16-bit reduced
//     multiplier; quant/fixed_point.h), clamped to int16; K <= 65536 and
//     shift <= 14 (TFLite's preconditions) or prepare refuses.
// The transposes (adj_x, adj_y) are read in place through strides; TFLM's
// transposed copies give the same values in the same order.
#include <cinttypes>
#include <type_traits>

#include "kernels/kernel_util.h"
#include "quant/multiplier.h"

namespace circlet {
namespace kernels {
namespace {

constexpr int kBatchDims = 3;  // shapes are extended to rank 5

struct OpData {
  int32_t batch[kBatchDims];                           // broadcast batch sizes
  int32_t lhs_step[kBatchDims], rhs_step[kBatchDims];  // 0 where broadcast
  int32_t rows, cols, depth;
  int32_t l_row, l_k, r_k, r_col;  // element strides inside one matrix
  int32_t multiplier;
  int32_t shift;
  int32_t lhs_zp, rhs_zp, out_zp;
};

// `t`'s shape right-aligned into 5 dimensions (leading 1s).
CIRCLET_COLD void Extend5(const TensorView& t, int32_t* d) {
  for (int i = 0; i < 5; ++i) d[i] = 1;
  for (int i = 0; i < t.rank; ++i) d[5 - t.rank + i] = t.dim(i);
}

// Element stride of batch dimension i of an extended shape; 0 if it is 1.
CIRCLET_COLD int32_t BatchStep(const int32_t* d, int i) {
  if (d[i] == 1) return 0;
  int64_t p = 1;
  for (int j = i + 1; j < 5; ++j) p *= d[j];
  return static_cast<int32_t>(p);
}

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView lhs = ctx.input(0), rhs = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(rhs, lhs.type, "rhs"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, lhs.type, "output"));
  const TensorView* both[2] = {&lhs, &rhs};
  for (const TensorView* t : both) {
    if (t->rank < 2 || t->rank > 5) {
      return ctx.Error(StatusCode::kUnsupported, "%s (tensor %d) has rank %d, expected 2..5",
                       t == &lhs ? "lhs" : "rhs", t->index, t->rank);
    }
  }
  const auto* opt = ctx.options<fb::BatchMatMulOptions>();
  const bool adj_x = opt != nullptr && opt->adj_x();
  const bool adj_y = opt != nullptr && opt->adj_y();
  int32_t l[5], r[5];
  Extend5(lhs, l);
  Extend5(rhs, r);
  auto* d = ctx.AllocateOpData<OpData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  const int out_rank = lhs.rank > rhs.rank ? lhs.rank : rhs.rank;
  int32_t dims[5];
  for (int i = 0; i < kBatchDims; ++i) {
    if (l[i] != r[i] && l[i] != 1 && r[i] != 1) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "batch dimension %d: lhs (tensor %d) has %" PRId32
                       ", rhs (tensor %d) has %" PRId32
                       "; they "
                       "must be equal or 1",
                       i - (5 - out_rank), lhs.index, l[i], rhs.index, r[i]);
    }
    d->batch[i] = l[i] == 1 ? r[i] : l[i];
    d->lhs_step[i] = BatchStep(l, i);
    d->rhs_step[i] = BatchStep(r, i);
    if (i >= 5 - out_rank) dims[i - (5 - out_rank)] = d->batch[i];
  }
  d->rows = adj_x ? l[4] : l[3];
  d->depth = adj_x ? l[3] : l[4];
  const int32_t rhs_depth = adj_y ? r[4] : r[3];
  d->cols = adj_y ? r[3] : r[4];
  if (d->depth != rhs_depth) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "lhs (tensor %d) has depth %" PRId32 ", rhs (tensor %d) has %" PRId32
                     " (adj_x %d, adj_y %d)",
                     lhs.index, d->depth, rhs.index, rhs_depth, adj_x ? 1 : 0, adj_y ? 1 : 0);
  }
  d->l_row = adj_x ? 1 : l[4];
  d->l_k = adj_x ? l[4] : 1;
  d->r_k = adj_y ? 1 : r[4];
  d->r_col = adj_y ? r[4] : 1;
  dims[out_rank - 2] = d->rows;
  dims[out_rank - 1] = d->cols;
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, out_rank));
  if (lhs.type == DType::kFloat32) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, lhs, "lhs"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, rhs, "rhs"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  const double m = static_cast<double>(lhs.quant.scale()) * static_cast<double>(rhs.quant.scale()) /
                   static_cast<double>(out.quant.scale());
  if (!(m >= 0.0) || m > 1e30) {
    return ctx.Error(StatusCode::kInvalidModel,
                     "lhs (tensor %d), rhs (tensor %d) and output (tensor %d) scales give no "
                     "finite non-negative multiplier",
                     lhs.index, rhs.index, out.index);
  }
  int shift = 0;
  quant::ChannelMultiplier(lhs.quant.scale(), rhs.quant.scale(), out.quant.scale(), &d->multiplier,
                           &shift);
  d->shift = shift;
  d->lhs_zp = lhs.quant.zero_point();
  d->rhs_zp = rhs.quant.zero_point();
  d->out_zp = out.quant.zero_point();
  if (lhs.type == DType::kInt16) {
    if (d->lhs_zp != 0 || d->rhs_zp != 0 || d->out_zp != 0) {
      return ctx.Error(StatusCode::kInvalidModel,
                       "int16 lhs (tensor %d), rhs (tensor %d) and output (tensor %d) need zero "
                       "points 0, have %" PRId32 ", %" PRId32 ", %" PRId32,
                       lhs.index, rhs.index, out.index, d->lhs_zp, d->rhs_zp, d->out_zp);
    }
    if (d->depth > 65536 || shift > 14) {
      return ctx.Error(StatusCode::kUnsupported,
                       "int16 depth %" PRId32
                       " or output shift %d outside TFLite's range (depth <= "
                       "65536, shift <= 14)",
                       d->depth, shift);
    }
  }
  return Status::Ok();
}

// One output matrix: out[r][c] from lhs and rhs matrices (element pointers).
template <typename T>
void MatMul(const OpData& d, const T* a, const T* b, T* y) {
  for (int32_t r = 0; r < d.rows; ++r) {
    for (int32_t c = 0; c < d.cols; ++c) {
      const T* ap = a + static_cast<ptrdiff_t>(r) * d.l_row;
      const T* bp = b + static_cast<ptrdiff_t>(c) * d.r_col;
      if constexpr (std::is_same<T, float>::value) {
        float total = 0.f;
        for (int32_t k = 0; k < d.depth; ++k) total += ap[k * d.l_k] * bp[k * d.r_k];
        *y++ = total;
      } else if constexpr (std::is_same<T, int8_t>::value) {
        int32_t total = 0;
        for (int32_t k = 0; k < d.depth; ++k) {
          total = quant::WrapAdd(total, (ap[k * d.l_k] - d.lhs_zp) * (bp[k * d.r_k] - d.rhs_zp));
        }
        *y++ = static_cast<int8_t>(
            quant::Requantize(total, d.multiplier, d.shift, d.out_zp, -128, 127));
      } else {
        int64_t total = 0;
        for (int32_t k = 0; k < d.depth; ++k) {
          total += static_cast<int64_t>(ap[k * d.l_k]) * static_cast<int64_t>(bp[k * d.r_k]);
        }
        *y++ = quant::Clamp<int16_t>(
            quant::MultiplyByQuantizedMultiplierInt64(total, d.multiplier, d.shift), -32768, 32767);
      }
    }
  }
}

template <typename T>
void EvalType(const OpData& d, const TensorView& lhs, const TensorView& rhs,
              const TensorView& out) {
  const T* a = lhs.as<const T>();
  const T* b = rhs.as<const T>();
  T* y = out.as<T>();
  const ptrdiff_t matrix = static_cast<ptrdiff_t>(d.rows) * d.cols;
  for (int32_t b0 = 0; b0 < d.batch[0]; ++b0) {
    for (int32_t b1 = 0; b1 < d.batch[1]; ++b1) {
      for (int32_t b2 = 0; b2 < d.batch[2]; ++b2) {
        const ptrdiff_t la = static_cast<ptrdiff_t>(b0) * d.lhs_step[0] +
                             static_cast<ptrdiff_t>(b1) * d.lhs_step[1] +
                             static_cast<ptrdiff_t>(b2) * d.lhs_step[2];
        const ptrdiff_t rb = static_cast<ptrdiff_t>(b0) * d.rhs_step[0] +
                             static_cast<ptrdiff_t>(b1) * d.rhs_step[1] +
                             static_cast<ptrdiff_t>(b2) * d.rhs_step[2];
        MatMul<T>(d, a + la, b + rb, y);
        y += matrix;
      }
    }
  }
}

Status Eval(OpContext& ctx) {
  const OpData& d = *ctx.op_data<OpData>();
  const TensorView lhs = ctx.input(0), rhs = ctx.input(1), out = ctx.output(0);
  if (lhs.type == DType::kFloat32) {
    EvalType<float>(d, lhs, rhs, out);
  } else if (lhs.type == DType::kInt8) {
    EvalType<int8_t>(d, lhs, rhs, out);
  } else {
    EvalType<int16_t>(d, lhs, rhs, out);
  }
  return Status::Ok();
}

}  // namespace

// Versions (TFLite's registration: 1..4): 1 float, 2 int8, 3 int16,
// 4 (asymmetric_quantize_inputs, hybrid only: hybrid is refused by type).
CIRCLET_KERNEL(BATCH_MATMUL, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
