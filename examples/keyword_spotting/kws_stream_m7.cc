// SPDX-License-Identifier: Apache-2.0
// Real-time keyword spotting on a Cortex-M7 (QEMU mps2-an500, semihosting
// console): the real-time pipeline of the host's `keyword_spotting
// --realtime` (realtime.h: 20 ms hops through the incremental front end
// frontend/mfcc_stream.h, kws_ref_model on circlet every 100 ms, the
// detector) on a clip of several seconds embedded in flash: espeak-ng says
// "right", 1.5 s of noise, "yes", over white noise at about -50 dBFS
// (make_realtime_clip.sh, run at build time by firmware.cmake; never
// committed). The clip is fed as a microphone would deliver it, hop by hop,
// then 1 s of silence.
//
// Each stage runs between circlet_mark_begin() and circlet_mark_end(): for
// every hop the features (Features: the new frame, and on every 5th hop the
// window's int8 features), and on every 5th hop the inference (Infer: Invoke
// and the detector). tools/qemu-plugin prints one region per call, in that
// order, so kws_stream_m7_check.py sums each stage's exact instructions; the
// port's counter gives the same to within 40 per region, summed here.
// Divided by the seconds of audio fed, they are the instructions per second
// of audio each stage needs; over 216e6 (a 216 MHz STM32F7 runs at most one
// instruction per cycle, often fewer) the share of that part it would keep
// busy: an estimate, since instructions are not cycles.
//
// Measured when this was written (arm-none-eabi-gcc 12.2, -O3, QEMU 7.2, exact
// plugin counts): 5.88 s fed (294 hops, 58 windows); "right" at 1.60 s and
// "yes" at 3.80 s, as on the host, every window's int8 features and scores
// bit-identical to the host's;
//   features    3.03 M instructions per second of audio (1.40 % of 216 MHz):
//               46,265 per hop, 68,944 on a window's hop while the gain stays,
//               249,400 when the gain changes (all 49 frames' logs and DCT);
//               the full front end (kws_m7) needs 2.36 M per window, 23.6 M/s;
//   inference   54.0 M per second of audio (25.0 %), 5.48 M per window;
//   total       57.1 M per second of audio, 26.4 % of a 216 MHz Cortex-M7;
//   RAM         MfccStream 19,340 B + hop buffer 640 B (.bss), arena 10,456 B
//               used of 24 KB, stack 3,000 B;
//   flash       66,720 B of code and constants besides the 155,584-byte clip
//               (front end 2,887 B, realtime.cc 1,712 B, detector.cc 781 B),
//               model 53,936 B.
//
// Output (one line each):
//   kws_stream_m7: clip N samples, model M bytes
//   detected: <word> at <t> s (window k, averaged score s)   for each detection
//   hops=H windows=W hops_per_window=5 audio_ms=T detections=D digest=X
//       (X: FNV-1a of every window's int8 features and scores, realtime.h)
//   features_instructions=F inference_instructions=I (port counter, +-40 per region)
//   features_max_hop=A inference_max_window=B   (the costliest single call)
//   per_second_of_audio features=F/s inference=I/s total=.. share_216mhz=x.xx%
//   arena_bytes=A arena_capacity=C frontend_state_bytes=S
//   stack_bytes=K
//   RESULT PASS
#include <cstdint>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "examples/keyword_spotting/kws_ops.h"
#include "examples/keyword_spotting/labels.h"
#include "examples/keyword_spotting/realtime.h"
#include "frontend/mfcc_stream.h"
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
circlet::frontend::MfccStream g_front_end;  // .bss
int16_t g_hop[kws::kHopSamples];            // the hop buffer a microphone's DMA would fill

// Ends the run: "kws_stream_m7: <what>: <message>", RESULT FAIL.
[[noreturn]] void Fail(const char* what, const char* message) {
  circlet::firmware::Fail("kws_stream_m7", what, message);
}

// A score in [0, 1] as "0.ddd" (circlet::Format has no %f), as the host prints it.
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

// v / 100 as "x.yy" (no widths in circlet::Format either).
struct Fixed2 {
  char text[16];
};
Fixed2 Hundredths(uint32_t v) {
  Fixed2 f;
  const size_t n = circlet::Format(f.text, sizeof(f.text), "%u.", static_cast<unsigned>(v / 100));
  f.text[n] = static_cast<char>('0' + v / 10 % 10);
  f.text[n + 1] = static_cast<char>('0' + v % 10);
  f.text[n + 2] = '\0';
  return f;
}

// x / seconds as a whole number per second (x counted over `ms` milliseconds).
uint32_t PerSecond(uint64_t x, uint32_t ms) {
  return static_cast<uint32_t>((x * 1000u + ms / 2) / ms);
}

__attribute__((noinline)) void Run() {
  const size_t model_size = static_cast<size_t>(kws_model_end - kws_model);
  const size_t clip_samples = static_cast<size_t>(kws_clip_end - kws_clip);
  Print("kws_stream_m7: clip %u samples, model %u bytes\n", static_cast<unsigned>(clip_samples),
        static_cast<unsigned>(model_size));
  circlet::Model model;
  circlet::Status s = circlet::Model::Create(kws_model, model_size, &model);
  if (!s.ok()) Fail("Model::Create", s.message());
  circlet::Interpreter interp(model, kws_resolver, g_arena, sizeof(g_arena));
  s = interp.Prepare();
  if (!s.ok()) Fail("Prepare", s.message());
  kws::RealtimePipeline pipeline(&interp, &g_front_end);
  if (const char* why = pipeline.Init()) Fail("model", why);

  circlet_port_cycles_init();
  uint64_t features = 0, inference = 0;
  uint32_t features_max = 0, inference_max = 0;
  const size_t hops = kws::RealtimeHopCount(clip_samples);
  for (size_t h = 0; h < hops; ++h) {
    kws::HopFill(kws_clip, clip_samples, h, g_hop);
    uint32_t t0 = circlet_port_cycles();
    circlet_mark_begin();
    const bool window = pipeline.Features(g_hop);
    circlet_mark_end();
    uint32_t t = circlet_port_cycles() - t0;
    features += t;
    if (t > features_max) features_max = t;
    if (!window) continue;
    pipeline.DigestFeatures();
    int keyword = -1;
    t0 = circlet_port_cycles();
    circlet_mark_begin();
    s = pipeline.Infer(&keyword);
    circlet_mark_end();
    t = circlet_port_cycles() - t0;
    inference += t;
    if (t > inference_max) inference_max = t;
    if (!s.ok()) Fail("Invoke", s.message());
    pipeline.DigestScores();
    if (keyword >= 0) {
      const uint32_t ms = pipeline.milliseconds();
      Print("detected: %s at %s s (window %u, averaged score %s)\n", kws::kLabels[keyword],
            Hundredths(ms / 10).text, static_cast<unsigned>(pipeline.windows()),
            FormatScore(pipeline.detector().averaged()[keyword]).text);
    }
  }
  const uint32_t ms = pipeline.milliseconds();
  Print("hops=%u windows=%u hops_per_window=%d audio_ms=%u detections=%u digest=%x\n",
        static_cast<unsigned>(pipeline.hops()), static_cast<unsigned>(pipeline.windows()),
        kws::kHopsPerWindow, static_cast<unsigned>(ms),
        static_cast<unsigned>(pipeline.detections()), static_cast<unsigned>(pipeline.digest()));
  Print("features_instructions=%u inference_instructions=%u (%s, per region)\n",
        static_cast<unsigned>(features), static_cast<unsigned>(inference),
        circlet_port_cycles_unit());
  Print("features_max_hop=%u inference_max_window=%u\n", static_cast<unsigned>(features_max),
        static_cast<unsigned>(inference_max));
  const uint32_t fps = PerSecond(features, ms), ips = PerSecond(inference, ms);
  const uint32_t share = static_cast<uint32_t>((uint64_t{fps + ips} * 10000u + 108000000u) /
                                               216000000u);  // hundredths of a percent
  Print("per_second_of_audio features=%u inference=%u total=%u share_216mhz=%s%%\n",
        static_cast<unsigned>(fps), static_cast<unsigned>(ips), static_cast<unsigned>(fps + ips),
        Hundredths(share).text);
  Print("arena_bytes=%u arena_capacity=%u frontend_state_bytes=%u\n",
        static_cast<unsigned>(interp.report().arena_bytes), static_cast<unsigned>(kArenaBytes),
        static_cast<unsigned>(sizeof(g_front_end)));
}

}  // namespace

int main() {
  PaintStack();
  Run();
  Print("stack_bytes=%u\n", static_cast<unsigned>(StackUsed()));
  Print("RESULT PASS\n");
  circlet_port_exit(0);
}
