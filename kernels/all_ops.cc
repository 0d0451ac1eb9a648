// AllOpsResolver(): every kernel in the CIRCLET_KERNELS list.
#include "circlet/op_resolver.h"

namespace circlet {

namespace {
#define CIRCLET_ALL_ENTRY_(NAME, CODE) OpEntry{CODE, &kernels::NAME},
constexpr OpEntry kAllEntries[] = {CIRCLET_KERNELS(CIRCLET_ALL_ENTRY_)};
#undef CIRCLET_ALL_ENTRY_
constexpr OpResolver kAll(BuildOpTable(kAllEntries));
}  // namespace

const OpResolver& AllOpsResolver() {
  return kAll;
}

}  // namespace circlet
