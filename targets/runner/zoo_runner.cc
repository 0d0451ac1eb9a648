// SPDX-License-Identifier: Apache-2.0
// Operator-zoo firmware: runs every case of ../shared/models/ops (embedded
// by tools/mcu/zoo_blobs.py) with every kernel (AllOpsResolver) and prints,
// per case, one line: "zoo NAME pass", "zoo NAME FAIL" (outputs differ from
// TensorFlow Lite Micro's goldens) or "zoo NAME refused: <Status message>".
// Each Invoke() runs between circlet_mark_begin/_end, so the QEMU plugin
// prints one instruction count per case that ran, in case order
// (tools/mcu/zoo_mcu.py pairs them up and checks the results).
//
// The same runner runs other case sets embedded the same way (the seanet
// 16x8 tests: tools/mcu/seanet_blobs.py); CIRCLET_ZOO_LABEL replaces "zoo"
// at the start of its lines.
#include <cstdint>
#include <cstring>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "port/port.h"
#include "targets/common/firmware_util.h"
#include "targets/common/golden_compare.h"

#ifndef CIRCLET_ZOO_LABEL
#define CIRCLET_ZOO_LABEL "zoo"
#endif

extern "C" const uint32_t circlet_zoo_cases[];

namespace {

using circlet::firmware::Print;

alignas(16) __attribute__((section(".arena"))) uint8_t g_arena[1024 * 1024];

const uint8_t* Ptr(uint32_t word) {
  return reinterpret_cast<const uint8_t*>(word);
}

// Runs case `c` (its table row); returns false on a mismatch.
bool RunCase(const uint32_t* row, int* ran) {
  const char* name = reinterpret_cast<const char*>(row[0]);
  const int n_in = static_cast<int>(row[3]), n_out = static_cast<int>(row[4]);
  const uint32_t* io = row + 5;
  circlet::Model model;
  circlet::Status s = circlet::Model::Create(Ptr(row[1]), row[2], &model);
  circlet::Interpreter interp(model, circlet::AllOpsResolver(), g_arena, sizeof(g_arena));
  if (s.ok()) s = interp.Prepare();
  if (s.ok() && (interp.num_inputs() != n_in || interp.num_outputs() != n_out)) {
    s = circlet::Status::Error(circlet::StatusCode::kInvalidArgument, "%d inputs / %d outputs",
                               interp.num_inputs(), interp.num_outputs());
  }
  for (int i = 0; s.ok() && i < n_in; ++i) s = interp.SetInput(i, Ptr(io[2 * i]), io[2 * i + 1]);
  if (!s.ok()) {
    Print(CIRCLET_ZOO_LABEL " %s refused: %s\n", name, s.message());
    return true;
  }
  circlet_mark_begin();
  s = interp.Invoke();
  circlet_mark_end();
  ++*ran;
  bool ok = s.ok();
  for (int i = 0; ok && i < n_out; ++i) {
    const uint32_t* g = io + 2 * (n_in + i);
    ok = circlet::firmware::CompareOutput(interp.output(i), Ptr(g[0]), g[1], i, false);
  }
  Print(CIRCLET_ZOO_LABEL " %s %s\n", name, ok ? "pass" : "FAIL");
  return ok;
}

}  // namespace

int main() {
  circlet_port_cycles_init();
  const int n = static_cast<int>(circlet_zoo_cases[0]);
  const uint32_t* row = circlet_zoo_cases + 1;
  int ran = 0, failed = 0;
  for (int c = 0; c < n; ++c) {
    if (!RunCase(row, &ran)) ++failed;
    row += 5 + 2 * (row[3] + row[4]);
  }
  Print(CIRCLET_ZOO_LABEL ": %d cases, %d ran, %d differ from the goldens\n", n, ran, failed);
  Print("RESULT %s\n", failed == 0 ? "PASS" : "FAIL");
  return failed == 0 ? 0 : 1;
}
