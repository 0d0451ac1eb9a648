// SPDX-License-Identifier: Apache-2.0
// BuiltinOpName: every TFLite builtin operator's name, for messages and
// profiles. Alone in its file, so that a firmware that knows its model's
// operators can link a table of those names only: its own definition of
// BuiltinOpName keeps this object out of the link (targets/runner/op_names.h).
// Compiled for size (base/code_size.h).
#include "circlet/model.h"
#include "model/builtin_ops.h"

namespace circlet {

namespace {

// Every builtin operator's name in one string, NUL-separated in the list's
// order, and each code's offset into it: 2 bytes per code where a table of
// pointers takes 4 (this runs for messages and profiles only).
constexpr char kOpNames[] =
#define CIRCLET_NAME_K_(NAME, CODE, VERSIONS, TYPES) #NAME "\0"
#define CIRCLET_NAME_N_(NAME, CODE) #NAME "\0"
    CIRCLET_OPS(CIRCLET_NAME_K_, CIRCLET_NAME_N_)
#undef CIRCLET_NAME_K_
#undef CIRCLET_NAME_N_
        "UNKNOWN";

constexpr uint16_t kNoName = 0xFFFF;

struct OpNameOffsets {
  uint16_t at[kOpCodeLimit - kOpCodeMin];
};

constexpr OpNameOffsets MakeOpNameOffsets() {
  OpNameOffsets o{};
  for (uint16_t& v : o.at) v = kNoName;
  constexpr int32_t kCodes[] = {
#define CIRCLET_CODE_K_(NAME, CODE, VERSIONS, TYPES) CODE,
#define CIRCLET_CODE_N_(NAME, CODE) CODE,
      CIRCLET_OPS(CIRCLET_CODE_K_, CIRCLET_CODE_N_)
#undef CIRCLET_CODE_K_
#undef CIRCLET_CODE_N_
  };
  size_t pos = 0;
  for (int32_t code : kCodes) {
    o.at[code - kOpCodeMin] = static_cast<uint16_t>(pos);
    while (kOpNames[pos] != '\0') ++pos;
    ++pos;
  }
  return o;
}

constexpr OpNameOffsets kOpNameOffsets = MakeOpNameOffsets();
static_assert(sizeof(kOpNames) < kNoName, "operator names must fit 16-bit offsets");

}  // namespace

const char* BuiltinOpName(int32_t code) {
  const uint16_t at =
      (code >= kOpCodeMin && code < kOpCodeLimit) ? kOpNameOffsets.at[code - kOpCodeMin] : kNoName;
  return at != kNoName ? kOpNames + at : kOpNames + sizeof(kOpNames) - sizeof("UNKNOWN");
}

}  // namespace circlet
