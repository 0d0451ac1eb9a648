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
  switch (code) {
#define CIRCLET_OP_NAME_CASE(name) \
  case kOp_##name: return #name;
    CIRCLET_MODEL_OP_NAMES(CIRCLET_OP_NAME_CASE)
#undef CIRCLET_OP_NAME_CASE
    default: return "UNKNOWN";
  }
}

}  // namespace circlet
