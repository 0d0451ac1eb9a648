// SPDX-License-Identifier: Apache-2.0
// keyword_spotting on a Cortex-M7 (QEMU mps2-an500, semihosting console):
// the same pipeline as the host program (frontend/ MFCC features, then
// kws_ref_model on circlet) on a clip embedded in flash. The clip is made at
// build time by espeak-ng and sox (examples/keyword_spotting/firmware.cmake).
//
// Each stage runs between circlet_mark_begin() and circlet_mark_end(), so
// tools/qemu-plugin reports its exact instruction count (region 0: features,
// region 1: inference); the port's counter gives the same to within 40.
//
// Output (one line each):
//   kws_m7: clip N samples, model M bytes
//   features_instructions=F inference_instructions=I   (port counter, +-40)
//   features <f>: v v v ... (the frame's 10 int8 values)  x49
//   score <label> <value>                               x12
//   label=<keyword> score=<value>
//   arena_bytes=A frontend_state_bytes=S stack_bytes=K
//   RESULT PASS
#include <cstdarg>
#include <cstdint>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "examples/keyword_spotting/kws_ops.h"
#include "examples/keyword_spotting/labels.h"
#include "frontend/mfcc.h"
#include "port/port.h"
#include "targets/common/firmware_util.h"

extern "C" const uint8_t kws_model[];
extern "C" const uint8_t kws_model_end[];
extern "C" const int16_t kws_clip[];
extern "C" const int16_t kws_clip_end[];

namespace {

using circlet::firmware::PaintStack;
using circlet::firmware::Print;
using circlet::firmware::StackUsed;

CIRCLET_DEFINE_OP_RESOLVER(kws_resolver, KWS_OPS)  // examples/keyword_spotting/kws_ops.h

constexpr size_t kArenaBytes = 24 * 1024;
alignas(16) __attribute__((section(".arena"))) uint8_t g_arena[kArenaBytes];
circlet::frontend::MfccState g_mfcc;  // .bss

// Ends the run: "kws_m7: <what>: <message>", RESULT FAIL.
[[noreturn]] void Fail(const char* what, const char* message) {
  circlet::firmware::Fail("kws_m7", what, message);
}

// A score in [0, 1] as "0.ddd" (circlet::Format has no %f or widths).
struct Score3 {
  char text[8];
};
Score3 FormatScore(float x) {
  int milli = static_cast<int>(x * 1000.0f + 0.5f);
  milli = milli < 0 ? 0 : (milli > 1000 ? 1000 : milli);
  Score3 s;
  s.text[0] = static_cast<char>('0' + milli / 1000);
  s.text[1] = '.';
  s.text[2] = static_cast<char>('0' + milli / 100 % 10);
  s.text[3] = static_cast<char>('0' + milli / 10 % 10);
  s.text[4] = static_cast<char>('0' + milli % 10);
  s.text[5] = '\0';
  return s;
}

__attribute__((noinline)) void Run() {
  const size_t model_size = static_cast<size_t>(kws_model_end - kws_model);
  const size_t clip_samples = static_cast<size_t>(kws_clip_end - kws_clip);
  Print("kws_m7: clip %u samples, model %u bytes\n", static_cast<unsigned>(clip_samples),
        static_cast<unsigned>(model_size));
  circlet::Model model;
  circlet::Status s = circlet::Model::Create(kws_model, model_size, &model);
  if (!s.ok()) Fail("Model::Create", s.message());
  circlet::Interpreter interp(model, kws_resolver, g_arena, sizeof(g_arena));
  s = interp.Prepare();
  if (!s.ok()) Fail("Prepare", s.message());
  const circlet::TensorView in = interp.input(0);
  const circlet::TensorView out = interp.output(0);
  if (in.type != circlet::DType::kInt8 || in.bytes() != circlet::frontend::kNumFeatures ||
      out.type != circlet::DType::kInt8 || out.bytes() != static_cast<size_t>(kws::kNumLabels)) {
    Fail("model", "expected an int8 1x49x10x1 input and 12 int8 scores");
  }
  if (!circlet::frontend::MfccInit(&g_mfcc)) Fail("MfccInit", "unsupported FFT length");

  circlet_port_cycles_init();
  uint32_t t0 = circlet_port_cycles();
  circlet_mark_begin();
  circlet::frontend::MfccComputeInt8(&g_mfcc, kws_clip, clip_samples, in.quant.scale(),
                                     in.quant.zero_point(), in.as<int8_t>());
  circlet_mark_end();
  const uint32_t features = circlet_port_cycles() - t0;
  // The model's input, kept for printing (Invoke may reuse the arena's bytes).
  int8_t feature_bytes[circlet::frontend::kNumFeatures];
  for (int i = 0; i < circlet::frontend::kNumFeatures; ++i) feature_bytes[i] = in.as<int8_t>()[i];
  t0 = circlet_port_cycles();
  circlet_mark_begin();
  s = interp.Invoke();
  circlet_mark_end();
  const uint32_t inference = circlet_port_cycles() - t0;
  if (!s.ok()) Fail("Invoke", s.message());
  Print("features_instructions=%u inference_instructions=%u (%s)\n",
        static_cast<unsigned>(features), static_cast<unsigned>(inference),
        circlet_port_cycles_unit());

  for (int f = 0; f < circlet::frontend::kNumFrames; ++f) {
    char line[96];
    size_t n = circlet::Format(line, sizeof(line), "features %d:", f);
    for (int c = 0; c < circlet::frontend::kNumMfcc; ++c) {
      n += circlet::Format(line + n, sizeof(line) - n, " %d",
                           feature_bytes[f * circlet::frontend::kNumMfcc + c]);
    }
    Print("%s\n", line);
  }
  int best = 0;
  for (int k = 0; k < kws::kNumLabels; ++k) {
    const float score =
        out.quant.scale() * static_cast<float>(out.as<int8_t>()[k] - out.quant.zero_point());
    Print("score %s %s\n", kws::kLabels[k], FormatScore(score).text);
    if (out.as<int8_t>()[k] > out.as<int8_t>()[best]) best = k;
  }
  const float best_score =
      out.quant.scale() * static_cast<float>(out.as<int8_t>()[best] - out.quant.zero_point());
  Print("label=%s score=%s\n", kws::kLabels[best], FormatScore(best_score).text);
  Print("arena_bytes=%u arena_capacity=%u frontend_state_bytes=%u\n",
        static_cast<unsigned>(interp.report().arena_bytes), static_cast<unsigned>(kArenaBytes),
        static_cast<unsigned>(sizeof(g_mfcc)));
}

}  // namespace

int main() {
  PaintStack();
  Run();
  Print("stack_bytes=%u\n", static_cast<unsigned>(StackUsed()));
  Print("RESULT PASS\n");
  circlet_port_exit(0);
}
