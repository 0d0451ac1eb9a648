// SPDX-License-Identifier: Apache-2.0
// PAD: out = the input surrounded by paddings[d][0] elements before and
// paddings[d][1] after along every axis d (constant int32/int64 paddings of
// shape [rank, 2], >= 0), filled with 0 (float32, int16, int32, int64) or the
// output zero point (int8), as TFLite Micro does; a third input, if present,
// gives the pad value as for PADV2. Types float32, int8, int16, int32, int64;
// the output keeps the input's type, scale and zero point. The prepare and
// eval it shares with PADV2 are in kernels/pad_util.h.
#include "kernels/pad_util.h"

namespace circlet {
namespace kernels {

// paddings (input 1) are read with IndexAt (LoadInt64).
CIRCLET_KERNEL_UNALIGNED64(PAD, PadPrepare, PadEval, 1 << 1)

}  // namespace kernels
}  // namespace circlet
