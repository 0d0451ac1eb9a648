// SPDX-License-Identifier: Apache-2.0
// BuiltinOpName for one model's firmware: the names of the operators
// CIRCLET_MODEL_OP_NAMES(X) lists (generated from the model with its
// kernels, targets/CMakeLists.txt), "UNKNOWN" for any other code. Defining
// it here keeps circlet's table of every operator name (model/op_names.cc,
// 1.6 KB) out of the link; the model holds no other operator. Part of the
// runtime's code in the flash accounts (tools/mcu/flash_map.py).
#include "circlet/model.h"
#include "model/builtin_ops.h"
#include "runner_ops.h"

namespace circlet {

const char* BuiltinOpName(int32_t code) {
  // The names NUL-separated in list order, then "UNKNOWN".
  // Codes stored as code - kOpCodeMin (Circle's codes are negative): one
  // byte each.
  static constexpr uint8_t kCodes[] = {
#define CIRCLET_OP_CODE(name) kOp_##name - kOpCodeMin,
      CIRCLET_MODEL_OP_NAMES(CIRCLET_OP_CODE)
#undef CIRCLET_OP_CODE
  };
  static constexpr char kNames[] =
#define CIRCLET_OP_NAME(name) #name "\0"
      CIRCLET_MODEL_OP_NAMES(CIRCLET_OP_NAME)
#undef CIRCLET_OP_NAME
          "UNKNOWN";
  const char* p = kNames;
  for (const uint8_t c : kCodes) {
    if (c == code - kOpCodeMin) return p;
    while (*p != '\0') ++p;
    ++p;
  }
  return p;
}

}  // namespace circlet
