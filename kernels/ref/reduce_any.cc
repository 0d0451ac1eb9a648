// SPDX-License-Identifier: Apache-2.0
// REDUCE_ANY: out = logical OR of x over the reduced axes
// (kernels/reduce_util.h: axes, keep_dims, output shape). bool (one byte,
// 0 or 1).
//
// TFLite's ReduceGeneric<bool>: out = false, then out = x || out; a
// zero-size reduced dimension gives false.
#include "kernels/reduce_util.h"

namespace circlet {
namespace kernels {

CIRCLET_KERNEL(REDUCE_ANY, PrepareReduceGeometry, EvalBoolReduce<false>)

}  // namespace kernels
}  // namespace circlet
