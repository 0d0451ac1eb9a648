// SPDX-License-Identifier: Apache-2.0
// The firmware of the plain-compiler consumer test (plain_consumer.py): an
// application that includes <circlet.h> the way an Arduino sketch or an IDE
// project does, compiled with nothing but the CPU flags, -std=c++17 and -I.
//
// It runs the project's own models (tools/mcu/gen_models.cc), embedded by
// the test as C arrays (consumer_models.cc, generated), and checks each
// output against its golden: int8 exactly, float32 within 1e-5 relative.
// It also calls circlet::BuiltinOpName(int32_t), whose mangled name holds
// int32_t: linked against a libcirclet.a built by CMake it proves that the
// two agree on what int32_t is. Prints "RESULT PASS" and exits 0 on success.
#include <circlet.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "port/port.h"
#include "targets/common/firmware_util.h"

struct ConsumerModel {
  const char* name;
  const uint8_t* model;
  size_t model_bytes;
  const uint8_t* input;
  size_t input_bytes;
  const uint8_t* golden;
  size_t golden_bytes;
};
extern const ConsumerModel kConsumerModels[];
extern const int kNumConsumerModels;

namespace {

#define CONSUMER_OPS(X) X(RESHAPE) X(FULLY_CONNECTED)
CIRCLET_DEFINE_OP_RESOLVER(consumer_resolver, CONSUMER_OPS)

alignas(16) uint8_t g_arena[8192];

using circlet::firmware::Print;

bool Matches(const circlet::TensorView& out, const uint8_t* golden, size_t bytes) {
  if (out.bytes() != bytes) return false;
  if (out.type != circlet::DType::kFloat32) return std::memcmp(out.data, golden, bytes) == 0;
  for (size_t i = 0; i < bytes / sizeof(float); ++i) {
    float want;
    std::memcpy(&want, golden + i * sizeof(float), sizeof(float));
    const float got = out.as<const float>()[i];
    if (!(std::fabs(got - want) <= 1e-5f * std::fabs(want) + 1e-6f)) return false;
  }
  return true;
}

bool RunOne(const ConsumerModel& m) {
  circlet::Model model;
  circlet::Status s = circlet::Model::Create(m.model, m.model_bytes, &model);
  if (!s.ok()) {
    Print("%s: Model::Create: %s\n", m.name, s.message());
    return false;
  }
  circlet::Interpreter interp(model, consumer_resolver, g_arena, sizeof(g_arena));
  s = interp.Prepare();
  if (s.ok()) s = interp.SetInput(0, m.input, m.input_bytes);
  if (s.ok()) s = interp.Invoke();
  if (!s.ok()) {
    Print("%s: %s\n", m.name, s.message());
    return false;
  }
  const circlet::TensorView out = interp.output(0);
  const bool ok = Matches(out, m.golden, m.golden_bytes);
  // int32_t in a public signature and in the tensor view.
  const int32_t last_op = model.op_code(model.num_operators() - 1);
  Print("%s: %d ops, last %s, output tensor %d rank %d [%d x %d] %s, arena %u bytes: %s\n", m.name,
        model.num_operators(), circlet::BuiltinOpName(last_op), out.index, out.rank, out.dim(0),
        out.rank > 1 ? out.dim(1) : 1, circlet::DTypeName(out.type),
        static_cast<unsigned>(interp.report().arena_bytes), ok ? "matches" : "MISMATCH");
  return ok;
}

}  // namespace

int main() {
  circlet::firmware::PaintStack();
  Print("circlet %s consumer test\n", CIRCLET_VERSION_STRING);
  bool ok = kNumConsumerModels > 0;
  for (int i = 0; i < kNumConsumerModels; ++i) ok = RunOne(kConsumerModels[i]) && ok;
  Print("stack_bytes=%u\n", static_cast<unsigned>(circlet::firmware::StackUsed()));
  Print("RESULT %s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
