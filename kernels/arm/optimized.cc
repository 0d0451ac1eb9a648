// SPDX-License-Identifier: Apache-2.0
// The run-time switch of kernels/optimized.h (host tools may turn the
// optimized kernels off to compare them with the reference kernels).
#include "kernels/optimized.h"

namespace circlet {
namespace kernels {
namespace opt {

#if CIRCLET_KERNEL_SWITCH
bool g_optimized_kernels = true;
#endif

}  // namespace opt
}  // namespace kernels
}  // namespace circlet
