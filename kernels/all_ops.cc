// SPDX-License-Identifier: Apache-2.0
// AllOpsResolver(): every kernel of the operator table (circlet/op_table.h).
#include "circlet/op_resolver.h"

namespace circlet {

namespace {
#define CIRCLET_ALL_K_(NAME, CODE, VERSIONS, TYPES) &kernels::NAME,
#define CIRCLET_ALL_N_(NAME, CODE)
constexpr const KernelReg* kAllRegs[] = {CIRCLET_OPS(CIRCLET_ALL_K_, CIRCLET_ALL_N_)};
#undef CIRCLET_ALL_K_
#undef CIRCLET_ALL_N_
constexpr OpResolver kAll(kAllRegs);
// Programs that run any model (tools, tests) also get the custom-operator
// lookup and its message (runtime/custom_op.cc), though no custom kernel.
__attribute__((used)) const void* const kLinkCustomOps = &circlet_custom_op_support;
}  // namespace

const OpResolver& AllOpsResolver() {
  return kAll;
}

}  // namespace circlet
