// SPDX-License-Identifier: Apache-2.0
// PADV2: PAD with the pad value from input 2 (one element of the input's
// type; int8 with the output's scale and zero point, as TFLite Micro checks);
// without input 2 it pads as PAD does. Paddings constant int32/int64
// [rank, 2], >= 0. Types float32, int8, int16, int32, int64; the output keeps
// the input's type, scale and zero point. Prepare and eval: kernels/pad_util.h.
#include "kernels/pad_util.h"

namespace circlet {
namespace kernels {

// paddings (input 1) with IndexAt (LoadInt64), the value (input 2) with memcpy.
CIRCLET_KERNEL_UNALIGNED64(PADV2, PadPrepare, PadEval, (1 << 1) | (1 << 2))

}  // namespace kernels
}  // namespace circlet
