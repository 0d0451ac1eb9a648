// SPDX-License-Identifier: Apache-2.0
// Real-time keyword spotting pipeline (see realtime.h).
#include "examples/keyword_spotting/realtime.h"

#include <cstring>

namespace kws {

size_t RealtimeHopCount(size_t count) {
  return (count + kHopSamples - 1) / kHopSamples + kTailHops;
}

void HopFill(const int16_t* samples, size_t count, size_t h, int16_t* out) {
  const size_t start = h * kHopSamples;
  const size_t have = start < count ? count - start : 0;
  const size_t n = have < static_cast<size_t>(kHopSamples) ? have : kHopSamples;
  if (n > 0) std::memcpy(out, samples + start, n * sizeof(int16_t));
  std::memset(out + n, 0, (kHopSamples - n) * sizeof(int16_t));
}

RealtimePipeline::RealtimePipeline(circlet::Interpreter* interpreter,
                                   circlet::frontend::MfccStream* front_end,
                                   const DetectorConfig& config)
    : interpreter_(interpreter), front_end_(front_end), detector_(config) {}

const char* RealtimePipeline::Init() {
  const circlet::TensorView in = interpreter_->input(0);
  const circlet::TensorView out = interpreter_->output(0);
  if (in.type != circlet::DType::kInt8 || in.bytes() != circlet::frontend::kNumFeatures ||
      in.quant.count == 0) {
    return "the model's input 0 must be a quantized int8 tensor of 49x10 features";
  }
  const size_t out_elems = out.type == circlet::DType::kFloat32 ? out.bytes() / 4 : out.bytes();
  if ((out.type != circlet::DType::kInt8 && out.type != circlet::DType::kFloat32) ||
      out_elems != static_cast<size_t>(kNumLabels)) {
    return "the model's output 0 must hold 12 int8 or float32 scores";
  }
  if (!circlet::frontend::MfccStreamInit(front_end_, in.quant.scale(), in.quant.zero_point())) {
    return "MfccStreamInit: unsupported FFT length";
  }
  windows_ = 0;
  detections_ = 0;
  digest_ = 2166136261u;
  return nullptr;
}

bool RealtimePipeline::Features(const int16_t* hop) {
  circlet::frontend::MfccStreamPush(front_end_, hop);
  if (front_end_->hops % kHopsPerWindow != 0) return false;
  circlet::frontend::MfccStreamWindowInt8(front_end_, interpreter_->input(0).as<int8_t>());
  return true;
}

circlet::Status RealtimePipeline::Infer(int* keyword) {
  *keyword = -1;
  const circlet::Status s = interpreter_->Invoke();
  if (!s.ok()) return s;
  const circlet::TensorView out = interpreter_->output(0);
  for (int k = 0; k < kNumLabels; ++k) {
    scores_[k] =
        out.type == circlet::DType::kInt8
            ? out.quant.scale() * static_cast<float>(out.as<int8_t>()[k] - out.quant.zero_point())
            : out.as<float>()[k];
  }
  ++windows_;
  *keyword = detector_.Add(scores_);
  if (*keyword >= 0) ++detections_;
  return s;
}

namespace {

uint32_t Fnv1a(uint32_t h, const uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < n; ++i) h = (h ^ bytes[i]) * 16777619u;
  return h;
}

}  // namespace

void RealtimePipeline::DigestFeatures() {
  const circlet::TensorView in = interpreter_->input(0);
  digest_ = Fnv1a(digest_, in.as<uint8_t>(), in.bytes());
}

void RealtimePipeline::DigestScores() {
  const circlet::TensorView out = interpreter_->output(0);
  digest_ = Fnv1a(digest_, out.as<uint8_t>(), out.bytes());
}

}  // namespace kws
