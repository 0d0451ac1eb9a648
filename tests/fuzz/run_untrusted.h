// SPDX-License-Identifier: Apache-2.0
// The path untrusted bytes take through circlet, shared by the libFuzzer
// target, the corpus regression test and the corrupted-model test: Model
// creation, Prepare() with a bounded arena, Invoke() when prepare succeeds.
// The model bytes and the arena are exactly-sized heap blocks, so
// AddressSanitizer reports any access outside either.
#ifndef CIRCLET_TESTS_FUZZ_RUN_UNTRUSTED_H_
#define CIRCLET_TESTS_FUZZ_RUN_UNTRUSTED_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "circlet/interpreter.h"

namespace circlet {
namespace fuzz {

enum class Outcome { kCreateError, kPrepareError, kInvokeError, kRan };

struct Result {
  Outcome outcome;
  Status status;  // the error, when there was one
};

// A model whose WHILE never ends stops with an error after this many
// iterations (SECURITY.md); kept small so that each run stays fast.
constexpr uint32_t kUntrustedWhileLimit = 1000;

inline Result RunUntrusted(const uint8_t* data, size_t size, size_t arena_bytes = 256 * 1024) {
  SetWhileIterationLimit(kUntrustedWhileLimit);
  std::unique_ptr<uint8_t[]> bytes(new uint8_t[size > 0 ? size : 1]);
  if (size > 0) std::memcpy(bytes.get(), data, size);
  Model model;
  Status s = Model::Create(bytes.get(), size, &model);
  if (!s.ok()) return {Outcome::kCreateError, s};
  std::unique_ptr<uint8_t[]> arena(new uint8_t[arena_bytes]);
  Interpreter interp(model, AllOpsResolver(), arena.get(), arena_bytes);
  // Half the inputs (by their last byte) also go through patch-based
  // execution, forced onto every chain it can take.
  if (size > 0 && (data[size - 1] & 1) != 0) EnablePatchExecution(interp, true);
  s = interp.Prepare();
  if (!s.ok()) return {Outcome::kPrepareError, s};
  uint32_t x = 0x2545F491u;
  for (int i = 0; i < interp.num_inputs(); ++i) {
    TensorView t = interp.input(i);
    auto* p = static_cast<uint8_t*>(t.data);
    for (size_t k = 0; k < t.bytes(); ++k) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      // Small values keep float inputs finite and meaningful.
      p[k] = static_cast<uint8_t>(x & 0x3F);
    }
  }
  s = interp.Invoke();
  if (!s.ok()) return {Outcome::kInvokeError, s};
  // Read every output byte so a bad output pointer is caught.
  volatile uint8_t sink = 0;
  for (int i = 0; i < interp.num_outputs(); ++i) {
    TensorView t = interp.output(i);
    const auto* p = static_cast<const uint8_t*>(t.data);
    for (size_t k = 0; k < t.bytes(); ++k) sink = sink ^ p[k];
  }
  (void)sink;
  return {Outcome::kRan, s};
}

}  // namespace fuzz
}  // namespace circlet

#endif  // CIRCLET_TESTS_FUZZ_RUN_UNTRUSTED_H_
