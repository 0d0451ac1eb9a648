// SPDX-License-Identifier: Apache-2.0
// Custom operators: a CUSTOM opcode's kernel found by its custom code among
// a resolver's CustomKernels (circlet/op_resolver.h). Linked only by a
// program that defines a custom kernel (CIRCLET_CUSTOM_KERNEL) or uses
// AllOpsResolver(); its definitions replace the interpreter's weak defaults.
#include <cstring>

#include "circlet/model.h"
#include "circlet/op_resolver.h"

namespace circlet {

const KernelReg* circlet_resolve_custom(const OpResolver& resolver, const Model& model,
                                        int opcode) {
  const char* name = model.opcode_custom_name(opcode);
  const KernelReg* found = nullptr;
  if (name == nullptr) return found;
  for (size_t i = 0; i < resolver.size(); ++i) {
    const KernelReg* reg = resolver.at(i);
    if (reg->code != opcode::CUSTOM) continue;
    // A CUSTOM-coded KernelReg is the first member of a CustomKernel.
    const auto* k = reinterpret_cast<const CustomKernel*>(reg);
    if (k->name != nullptr && std::strcmp(k->name, name) == 0) found = reg;
  }
  return found;
}

const char circlet_custom_missing_format[] =
    "%sCUSTOM '%s' v%d (no kernel registered: CIRCLET_CUSTOM_KERNEL)";

const char circlet_custom_op_support = 0;

}  // namespace circlet
