// SPDX-License-Identifier: Apache-2.0
// ZEROS_LIKE: an output of the input's shape and type filled with raw zero
// bytes: 0.0f for float32, 0 for int32/int64, and for int8 the raw value 0
// (not the zero point: TFLite Micro writes raw 0, so a quantized int8 output
// reads (0 - zp) * scale). int16 is refused as TFLite Micro does. The input's
// values are never read.
#include <cstring>

#include "kernels/elementwise_util.h"

namespace circlet {
namespace kernels {
namespace {

CIRCLET_SPEED Status Eval(OpContext& ctx) {
  const TensorView out = ctx.output(0);
  std::memset(out.data, 0, out.bytes());
  return Status::Ok();
}

}  // namespace

CIRCLET_KERNEL(ZEROS_LIKE, PrepareUnarySame, Eval)

}  // namespace kernels
}  // namespace circlet
