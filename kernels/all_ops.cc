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
}  // namespace

const OpResolver& AllOpsResolver() {
  return kAll;
}

}  // namespace circlet
