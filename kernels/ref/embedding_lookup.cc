// SPDX-License-Identifier: Apache-2.0
// EMBEDDING_LOOKUP: output row i is row ids[i] of the value table.
//
// TFLite Micro semantics: input 0 holds the ids (1-D int32), input 1 the
// table (rank >= 2, float32 or int8); the output shape is [len(ids)] +
// table.shape[1:]. float32 -> float32 and int8 -> int8 copy rows as bytes;
// int8 -> float32 (hybrid) dequantizes: out = (q - 0) * scale, which needs
// the table's zero point to be 0. An id outside [0, rows) (TFLite Micro
// fails the invoke; circlet's eval cannot fail): constant ids are refused in
// prepare; computed ones give a row of zeros, never a read outside the table.
// The operator table's TYPES column is input 0's: the ids, int32.
#include <cstring>

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {
namespace {

struct EmbeddingData {
  int32_t ids, rows;
  int32_t columns;    // elements per row
  int32_t row_bytes;  // of the table
  bool dequantize;    // int8 table, float32 output
  float scale;
};

CIRCLET_COLD Status Prepare(OpContext& ctx) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 2, 2, 1));
  const TensorView ids = ctx.input(0), table = ctx.input(1), out = ctx.output(0);
  CIRCLET_RETURN_IF_ERROR(CheckRank(ctx, ids, 1, "ids"));
  if (table.rank < 2 || (table.type != DType::kFloat32 && table.type != DType::kInt8)) {
    return ctx.Error(StatusCode::kUnsupported,
                     "value table (tensor %d) is %s of rank %d: expected float32 or int8 of rank "
                     ">= 2",
                     table.index, DTypeName(table.type), static_cast<int>(table.rank));
  }
  const bool dequantize = table.type == DType::kInt8 && out.type == DType::kFloat32;
  if (!dequantize) CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, table.type, "output"));
  if (dequantize) {
    CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, table, "value table"));
    if (table.quant.zero_point() != 0) {
      return ctx.Error(StatusCode::kUnsupported,
                       "value table (tensor %d) has zero point %d: dequantizing to float32 "
                       "needs 0",
                       table.index, static_cast<int>(table.quant.zero_point()));
    }
  }
  int32_t dims[kMaxRank];
  dims[0] = ids.dim(0);
  int64_t columns = 1;
  for (int i = 1; i < table.rank; ++i) {
    dims[i] = table.dim(i);
    columns *= table.dim(i);
  }
  CIRCLET_RETURN_IF_ERROR(ctx.CheckOutputShape(0, dims, table.rank));
  const int32_t rows = table.dim(0);
  if (ids.is_constant) {
    const int32_t* v = ids.as<const int32_t>();
    for (int32_t i = 0; i < ids.dim(0); ++i) {
      if (v[i] < 0 || v[i] >= rows) {
        return ctx.Error(StatusCode::kInvalidModel, "ids (tensor %d) [%d] = %d is outside [0, %d)",
                         ids.index, static_cast<int>(i), static_cast<int>(v[i]),
                         static_cast<int>(rows));
      }
    }
  }
  auto* d = ctx.AllocateOpData<EmbeddingData>();
  if (d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  d->ids = ids.dim(0);
  d->rows = rows;
  d->columns = static_cast<int32_t>(columns);
  d->row_bytes = static_cast<int32_t>(columns * static_cast<int64_t>(DTypeSize(table.type)));
  d->dequantize = dequantize;
  d->scale = dequantize ? table.quant.scale() : 0.0f;
  return Status::Ok();
}

Status Eval(OpContext& ctx) {
  const EmbeddingData& d = *ctx.op_data<EmbeddingData>();
  const int32_t* ids = ctx.input(0).as<const int32_t>();
  const TensorView table = ctx.input(1), out = ctx.output(0);
  for (int32_t i = 0; i < d.ids; ++i) {
    const int32_t id = ids[i];
    const bool inside = id >= 0 && id < d.rows;
    const size_t row = static_cast<size_t>(inside ? id : 0);
    if (d.dequantize) {
      float* y = out.as<float>() + static_cast<size_t>(i) * d.columns;
      const int8_t* q = table.as<const int8_t>() + row * d.columns;
      for (int32_t j = 0; j < d.columns; ++j) {
        y[j] = inside ? static_cast<float>(q[j]) * d.scale : 0.0f;
      }
    } else if (d.row_bytes != 0) {
      uint8_t* y = out.as<uint8_t>() + static_cast<size_t>(i) * d.row_bytes;
      if (inside) {
        std::memcpy(y, table.as<const uint8_t>() + row * d.row_bytes, d.row_bytes);
      } else {
        std::memset(y, 0, d.row_bytes);
      }
    }
  }
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(EMBEDDING_LOOKUP, Prepare, Eval)

}  // namespace kernels
}  // namespace circlet
