// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes through Model creation, Prepare() with a
// bounded arena and Invoke(). Built by the `fuzz` preset (clang,
// -fsanitize=fuzzer,address,undefined); `make fuzz` runs it.
#include "tests/fuzz/run_untrusted.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  circlet::fuzz::RunUntrusted(data, size, 64 * 1024);
  return 0;
}
