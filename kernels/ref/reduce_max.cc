// SPDX-License-Identifier: Apache-2.0
// REDUCE_MAX: out = max(x over the reduced axes) (kernels/reduce_util.h:
// axes, keep_dims, output shape, order; PrepareMinMax / EvalMinMax).
// float32, int8, int16.
//
// TFLite's ReduceGeneric: out = lowest(T) (-FLT_MAX, -128, -32768), then
// out = x > out ? x : out in input order. A NaN input never compares
// greater, so NaNs are skipped (all NaN, or a zero-size reduced dimension:
// the initial value). int8 and int16: the output must have the input's
// scale and zero point (TFLite Micro's EvalMaxHelper for int8); int16 is
// TFLite's version 3 (the raw maximum, as int8), which the TFLite Micro of
// the goldens refuses.
#include "kernels/reduce_util.h"

namespace circlet {
namespace kernels {

// v1 float32, v2 int8, v3 int16.
CIRCLET_KERNEL(REDUCE_MAX, PrepareMinMax, EvalMinMax<true>)

}  // namespace kernels
}  // namespace circlet
