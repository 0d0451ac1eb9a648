// SPDX-License-Identifier: Apache-2.0
// The gesture example on a Cortex-M7 (QEMU mps2-an500, semihosting console):
// TFLite Micro's magic_wand model (float32) on circlet, run on its two
// recordings, ring and slope, embedded in flash with the model by the build
// (examples/gesture/firmware.cmake, from ../shared/models/magic_wand).
//
// Each Invoke() runs between circlet_mark_begin() and circlet_mark_end(), so
// tools/qemu-plugin reports its exact instruction count (region 0: ring,
// region 1: slope); the port's counter gives the same to within 40.
//
// Output (one line each):
//   gesture_m7: model M bytes, 2 recordings of 128 samples
//   recording <name>: label=<label> instructions=I (<unit>)
//   score <name> <label> 0.ddddddd 0x<float32 bits>      x4 per recording
//   arena_bytes=A arena_capacity=C
//   stack_bytes=K
//   RESULT PASS
#include <cstdint>
#include <cstring>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "examples/gesture/predictor.h"
#include "port/port.h"
#include "targets/common/firmware_util.h"

extern "C" const uint8_t gesture_model[];
extern "C" const uint8_t gesture_model_end[];
extern "C" const float gesture_ring[];
extern "C" const float gesture_slope[];

namespace {

using circlet::firmware::PaintStack;
using circlet::firmware::Print;
using circlet::firmware::StackUsed;

// The model's five operators; the float-only FULLY_CONNECTED leaves the int8
// and int16 code out.
// clang-format off
#define GESTURE_OPS(X) \
  X(DEPTHWISE_CONV_2D) X(MAX_POOL_2D) X(CONV_2D) X(FULLY_CONNECTED_FLOAT) X(SOFTMAX)
// clang-format on
CIRCLET_DEFINE_OP_RESOLVER(gesture_resolver, GESTURE_OPS)

constexpr size_t kArenaBytes = 16 * 1024;
alignas(16) __attribute__((section(".arena"))) uint8_t g_arena[kArenaBytes];

// Ends the run: "gesture_m7: <what>: <message>", RESULT FAIL.
[[noreturn]] void Fail(const char* what, const char* message) {
  circlet::firmware::Fail("gesture_m7", what, message);
}

// A score in [0, 1] as "0.ddddddd" (circlet::Format has no %f or widths).
struct Score7 {
  char text[12];
};
Score7 FormatScore(float x) {
  uint32_t units = static_cast<uint32_t>(x * 1e7f + 0.5f);
  if (units > 10000000u) units = 10000000u;
  Score7 s;
  s.text[0] = static_cast<char>('0' + units / 10000000u);
  s.text[1] = '.';
  uint32_t rest = units % 10000000u;
  for (int i = 8; i >= 2; --i) {
    s.text[i] = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  s.text[9] = '\0';
  return s;
}

uint32_t Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof(u));
  return u;
}

__attribute__((noinline)) void Run() {
  const size_t model_size = static_cast<size_t>(gesture_model_end - gesture_model);
  Print("gesture_m7: model %u bytes, 2 recordings of %d samples\n",
        static_cast<unsigned>(model_size), gesture::kWindowSamples);
  circlet::Model model;
  circlet::Status s = circlet::Model::Create(gesture_model, model_size, &model);
  if (!s.ok()) Fail("Model::Create", s.message());
  circlet::Interpreter interp(model, gesture_resolver, g_arena, sizeof(g_arena));
  s = interp.Prepare();
  if (!s.ok()) Fail("Prepare", s.message());
  const circlet::TensorView in = interp.input(0);
  const circlet::TensorView out = interp.output(0);
  if (in.type != circlet::DType::kFloat32 || in.num_elements() != gesture::kWindowValues ||
      out.type != circlet::DType::kFloat32 || out.num_elements() != gesture::kNumLabels) {
    Fail("model", "expected a float32 [1,128,3,1] input and 4 float32 scores");
  }
  const struct {
    const char* name;
    const float* samples;
  } recordings[] = {{"ring", gesture_ring}, {"slope", gesture_slope}};
  circlet_port_cycles_init();
  for (const auto& r : recordings) {
    std::memcpy(in.data, r.samples, in.bytes());
    const uint32_t t0 = circlet_port_cycles();
    circlet_mark_begin();
    s = interp.Invoke();
    circlet_mark_end();
    const uint32_t instructions = circlet_port_cycles() - t0;
    if (!s.ok()) Fail("Invoke", s.message());
    const float* scores = out.as<float>();
    int best = 0;
    for (int k = 1; k < gesture::kNumLabels; ++k) {
      if (scores[k] > scores[best]) best = k;
    }
    Print("recording %s: label=%s instructions=%u (%s)\n", r.name, gesture::kLabels[best],
          static_cast<unsigned>(instructions), circlet_port_cycles_unit());
    for (int k = 0; k < gesture::kNumLabels; ++k) {
      Print("score %s %s %s 0x%x\n", r.name, gesture::kLabels[k], FormatScore(scores[k]).text,
            static_cast<unsigned>(Bits(scores[k])));
    }
  }
  Print("arena_bytes=%u arena_capacity=%u\n", static_cast<unsigned>(interp.report().arena_bytes),
        static_cast<unsigned>(kArenaBytes));
}

}  // namespace

int main() {
  PaintStack();
  Run();
  Print("stack_bytes=%u\n", static_cast<unsigned>(StackUsed()));
  Print("RESULT PASS\n");
  circlet_port_exit(0);
}
