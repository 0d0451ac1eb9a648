// SPDX-License-Identifier: Apache-2.0
// Consumer test (5): a build without CMake. `circlet cc-array` wrote
// consumer_model.h (own_fc_int8, tools/mcu/gen_models.cc); this file is
// compiled with a plain compiler command against include/ and libcirclet.a
// (tests/consumers/run_cc_array.cmake) with check_c.c, which reads the
// length from C.
//
//   cc_array MODEL INPUT GOLDEN
//
// checks that the array is 16-byte aligned and holds MODEL's bytes, then
// runs it on INPUT and compares the output with GOLDEN; prints RESULT PASS.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "circlet/interpreter.h"
#include "circlet/op_resolver.h"
// The header defines the array in one source file: here, or with
// -DHEADER_IN_C in check_c.c (compiled as C99 or C11).
#ifdef HEADER_IN_C
extern "C" const unsigned char consumer_model[];
extern "C" const unsigned int consumer_model_len;
#else
#include "consumer_model.h"
#endif

extern "C" unsigned int consumer_model_len_from_c(void);  // check_c.c

namespace {

std::vector<unsigned char> Read(const char* path) {
  std::vector<unsigned char> bytes;
  if (FILE* f = std::fopen(path, "rb")) {
    int c;
    while ((c = std::fgetc(f)) != EOF) bytes.push_back(static_cast<unsigned char>(c));
    std::fclose(f);
  }
  return bytes;
}

int Fail(const char* what) {
  std::printf("cc_array: %s\nRESULT FAIL\n", what);
  return 1;
}

#define CC_ARRAY_OPS(X) X(RESHAPE) X(FULLY_CONNECTED)
CIRCLET_DEFINE_OP_RESOLVER(cc_array_ops, CC_ARRAY_OPS)

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return Fail("usage: cc_array MODEL INPUT GOLDEN");
  const std::vector<unsigned char> file = Read(argv[1]);
  const std::vector<unsigned char> input = Read(argv[2]);
  const std::vector<unsigned char> golden = Read(argv[3]);
  if (reinterpret_cast<uintptr_t>(consumer_model) % 16 != 0) return Fail("not 16-byte aligned");
  if (file.empty() || consumer_model_len != file.size()) {
    return Fail("length differs from the model file's size");
  }
  if (consumer_model_len_from_c() != consumer_model_len) return Fail("C sees another length");
  if (std::memcmp(consumer_model, file.data(), file.size()) != 0) {
    return Fail("bytes differ from the model file");
  }
  std::printf("cc_array: %u bytes at a 16-byte aligned address, equal to %s\n", consumer_model_len,
              argv[1]);

  circlet::Model model;
  circlet::Status s = circlet::Model::Create(consumer_model, consumer_model_len, &model);
  if (!s.ok()) return Fail(s.message());
  alignas(16) static uint8_t arena[4096];
  circlet::Interpreter interp(model, cc_array_ops, arena, sizeof(arena));
  s = interp.Prepare();
  if (!s.ok()) return Fail(s.message());
  if (interp.input(0).bytes() != input.size()) return Fail("input size");
  std::memcpy(interp.input(0).data, input.data(), input.size());
  s = interp.Invoke();
  if (!s.ok()) return Fail(s.message());
  const circlet::TensorView out = interp.output(0);
  if (out.bytes() != golden.size() || std::memcmp(out.data, golden.data(), golden.size()) != 0) {
    return Fail("output differs from the golden");
  }
  std::printf("cc_array: output equals %s\nRESULT PASS\n", argv[3]);
  return 0;
}
