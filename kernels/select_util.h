// SPDX-License-Identifier: Apache-2.0
// What SELECT and SELECT_V2 share: out[o] = cond[c] ? x[i] : y[j] over a
// three-input broadcast (kernels/broadcast_util.h's Broadcast3), the values
// copied as raw elements (TFLite's Select copies; quantized tensors keep
// their bytes, as TFLite does without comparing their quantization).
// A condition byte other than 0 reads as true.
#ifndef CIRCLET_KERNELS_SELECT_UTIL_H_
#define CIRCLET_KERNELS_SELECT_UTIL_H_

#include <cstdint>

#include "kernels/broadcast_util.h"

namespace circlet {
namespace kernels {

struct SelectData {
  Broadcast3 bc;
};

// Arity, a bool condition, x and y of one type, the output of x's type;
// the op data allocated. The caller fills d->bc and checks the output shape.
CIRCLET_COLD inline Status PrepareSelectCommon(OpContext& ctx, SelectData** d) {
  CIRCLET_RETURN_IF_ERROR(CheckArity(ctx, 3, 3, 1));
  const TensorView x = ctx.input(1);
  // The operator table admits only bool conditions (input 0).
  switch (x.type) {
    case DType::kFloat32:
    case DType::kInt8:
    case DType::kInt16:
    case DType::kInt32:
    case DType::kInt64:
    case DType::kUInt8:
    case DType::kBool: break;
    default:
      return ctx.Error(StatusCode::kUnsupported, "x (tensor %d) is %s: not a type %s takes",
                       x.index, DTypeName(x.type), ctx.op_name());
  }
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(ctx.input(2), x.type, "y"));
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(0), x.type, "output"));
  *d = ctx.AllocateOpData<SelectData>();
  if (*d == nullptr) return ctx.Error(StatusCode::kArenaTooSmall, "no room for op data");
  return Status::Ok();
}

// TFLite keeps the model's output shape when every tensor holds one element
// (mixed shapes standing for a scalar): one element copied, all strides 0.
CIRCLET_COLD inline bool SelectAllSingle(const OpContext& ctx) {
  return ctx.input(0).num_elements() == 1 && ctx.input(1).num_elements() == 1 &&
         ctx.input(2).num_elements() == 1 && ctx.output(0).num_elements() == 1;
}

CIRCLET_COLD inline void SingleElementBroadcast3(Broadcast3* b) {
  for (int i = 0; i < kMaxRank; ++i) {
    b->out_dims[i] = 1;
    for (int k = 0; k < 3; ++k) b->stride[k][i] = 0;
  }
  b->elements = 1;
}

// The prepare of SELECT and SELECT_V2: PrepareSelectCommon, the all-single
// case, then the op's broadcast rule, fill(ctx, cond, x, y, &bc, dims, &rank)
// (fills the Broadcast3 and the output shape, or returns an error), and the
// output shape checked against the model's.
template <typename Fill>
CIRCLET_COLD inline Status PrepareSelect(OpContext& ctx, Fill&& fill) {
  SelectData* d = nullptr;
  CIRCLET_RETURN_IF_ERROR(PrepareSelectCommon(ctx, &d));
  if (SelectAllSingle(ctx)) {
    SingleElementBroadcast3(&d->bc);
    return Status::Ok();
  }
  const TensorView cond = ctx.input(0), x = ctx.input(1), y = ctx.input(2);
  int32_t dims[kMaxRank];
  int rank = 0;
  CIRCLET_RETURN_IF_ERROR(fill(ctx, cond, x, y, &d->bc, dims, &rank));
  return ctx.CheckOutputShape(0, dims, rank);
}

template <typename T>
inline void SelectElements(const Broadcast3& bc, const uint8_t* cond, const T* x, const T* y,
                           T* out) {
  ForEachBroadcast3(
      bc, [&](int32_t c, int32_t i, int32_t j, int32_t o) { out[o] = cond[c] != 0 ? x[i] : y[j]; });
}

// Copies by element size (1, 2, 4 or 8 bytes).
inline Status EvalSelect(OpContext& ctx) {
  const SelectData& d = *ctx.op_data<SelectData>();
  const TensorView cond = ctx.input(0), x = ctx.input(1), y = ctx.input(2), out = ctx.output(0);
  const uint8_t* c = cond.as<const uint8_t>();
  switch (DTypeSize(x.type)) {
    case 1:
      SelectElements(d.bc, c, x.as<const uint8_t>(), y.as<const uint8_t>(), out.as<uint8_t>());
      break;
    case 2:
      SelectElements(d.bc, c, x.as<const uint16_t>(), y.as<const uint16_t>(), out.as<uint16_t>());
      break;
    case 4:
      SelectElements(d.bc, c, x.as<const uint32_t>(), y.as<const uint32_t>(), out.as<uint32_t>());
      break;
    default:
      SelectElements(d.bc, c, x.as<const uint64_t>(), y.as<const uint64_t>(), out.as<uint64_t>());
      break;
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_SELECT_UTIL_H_
