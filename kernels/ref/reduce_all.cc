// SPDX-License-Identifier: Apache-2.0
// REDUCE_ALL: out = logical AND of x over the reduced axes
// (kernels/reduce_util.h: axes, keep_dims, output shape). bool (one byte,
// 0 or 1).
//
// TFLite's ReduceGeneric<bool>: out = true, then out = x && out; a
// zero-size reduced dimension gives true.
#include "kernels/reduce_util.h"

namespace circlet {
namespace kernels {

CIRCLET_KERNEL(REDUCE_ALL, PrepareReduceGeometry, EvalBoolReduce<true>)

}  // namespace kernels
}  // namespace circlet
