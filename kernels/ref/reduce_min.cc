// SPDX-License-Identifier: Apache-2.0
// REDUCE_MIN: out = min(x over the reduced axes) (kernels/reduce_util.h:
// axes, keep_dims, output shape, order; PrepareMinMax / EvalMinMax).
// float32, int8, int16.
//
// TFLite's ReduceGeneric: out = max(T) (FLT_MAX, 127, 32767), then
// out = x < out ? x : out in input order. A NaN input never compares less,
// so NaNs are skipped (all NaN, or a zero-size reduced dimension: the
// initial value). int8 and int16: the output must have the input's scale
// and zero point, as for REDUCE_MAX (int16: TFLite's version 3, which the
// TFLite Micro of the goldens refuses).
#include "kernels/reduce_util.h"

namespace circlet {
namespace kernels {

// v1 float32, v2 int8, v3 int16.
CIRCLET_KERNEL(REDUCE_MIN, PrepareMinMax, EvalMinMax<false>)

}  // namespace kernels
}  // namespace circlet
