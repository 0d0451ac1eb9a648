// SPDX-License-Identifier: Apache-2.0
// Prepare checks shared by circlet's data-movement kernels that rearrange
// or resample NHWC tensors (RESIZE_*, SPACE_TO_DEPTH, DEPTH_TO_SPACE,
// SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND): the output has the input's element
// type and, when quantized, the input's scale and zero point (the values are
// copied or interpolated as raw integers, as TFLite does).
#ifndef CIRCLET_KERNELS_SPATIAL_UTIL_H_
#define CIRCLET_KERNELS_SPATIAL_UTIL_H_

#include "kernels/kernel_util.h"

namespace circlet {
namespace kernels {

// Output 0 has input 0's type; for int8/int16 one scale and zero point each,
// equal to the input's.
CIRCLET_COLD inline Status CheckSameTypeAndQuant(const OpContext& ctx, const TensorView& in,
                                                 const TensorView& out) {
  CIRCLET_RETURN_IF_ERROR(ctx.ExpectType(out, in.type, "output"));
  if (in.type != DType::kInt8 && in.type != DType::kInt16) return Status::Ok();
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, in, "input"));
  CIRCLET_RETURN_IF_ERROR(CheckPerTensorQuant(ctx, out, "output"));
  if (in.quant.scale() != out.quant.scale() || in.quant.zero_point() != out.quant.zero_point()) {
    return ctx.Error(StatusCode::kUnsupported,
                     "output (tensor %d) quantization differs from input (tensor %d): the values "
                     "are moved without requantization",
                     out.index, in.index);
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace circlet

#endif  // CIRCLET_KERNELS_SPATIAL_UTIL_H_
