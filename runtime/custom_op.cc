// SPDX-License-Identifier: Apache-2.0
// Custom operators: a CUSTOM opcode's kernel found by its custom code among
// a resolver's CustomKernels (circlet/op_resolver.h). Linked only by a
// program that defines a custom kernel (CIRCLET_CUSTOM_KERNEL) or uses
// AllOpsResolver(); the interpreter references circlet_custom_ops weakly.
#include <cstring>

#include "circlet/op_resolver.h"

namespace circlet {

namespace {

const KernelReg* FindCustomKernel(const KernelReg* const* regs, size_t count, const char* name) {
  const KernelReg* found = nullptr;
  if (name == nullptr) return found;
  for (size_t i = 0; i < count; ++i) {
    if (regs[i]->code != opcode::CUSTOM) continue;
    // A CUSTOM-coded KernelReg is the first member of a CustomKernel.
    const auto* k = reinterpret_cast<const CustomKernel*>(regs[i]);
    if (k->name != nullptr && std::strcmp(k->name, name) == 0) found = regs[i];
  }
  return found;
}

}  // namespace

extern "C" const CustomOpSupport circlet_custom_ops = {
    FindCustomKernel, "%sop %d CUSTOM '%s' (no kernel registered: CIRCLET_CUSTOM_KERNEL)"};

}  // namespace circlet
