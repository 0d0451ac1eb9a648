// SPDX-License-Identifier: Apache-2.0
// Builtin operator codes as an enum (kOp_NAME), from the operator table
// (circlet/op_table.h), which is the one list of codes and names.
#ifndef CIRCLET_MODEL_BUILTIN_OPS_H_
#define CIRCLET_MODEL_BUILTIN_OPS_H_

#include <cstdint>

#include "circlet/op_table.h"

namespace circlet {

enum BuiltinOp : int32_t {
#define CIRCLET_ENUM_K_(NAME, CODE, VERSIONS, TYPES) kOp_##NAME = CODE,
#define CIRCLET_ENUM_N_(NAME, CODE) kOp_##NAME = CODE,
  CIRCLET_OPS(CIRCLET_ENUM_K_, CIRCLET_ENUM_N_)
#undef CIRCLET_ENUM_K_
#undef CIRCLET_ENUM_N_
      kOpCodeMin = -6,    // Circle's lowest (RMS_NORM)
  kOpCodeLimit = 162,     // one past the highest code with a name
  kOpExtendedCodes = 127  // TFLite's PLACEHOLDER_FOR_GREATER_OP_CODES
};

}  // namespace circlet

#endif  // CIRCLET_MODEL_BUILTIN_OPS_H_
