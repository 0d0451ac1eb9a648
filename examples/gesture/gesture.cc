// SPDX-License-Identifier: Apache-2.0
#include "examples/gesture/gesture.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "circlet/op_resolver.h"
#include "examples/common/read_file.h"

namespace gesture {

std::string DefaultModelPath() {
  return std::string(CIRCLET_SOURCE_DIR) + "/../shared/models/magic_wand/model.tflite";
}

namespace {

constexpr size_t kArenaCapacity = 64 * 1024;

// The magic_wand model's operators, float32 (TFLite Micro's example registers
// the same five).
// clang-format off
#define GESTURE_OPS(X) \
  X(DEPTHWISE_CONV_2D) X(MAX_POOL_2D) X(CONV_2D) X(FULLY_CONNECTED_FLOAT) X(SOFTMAX)
// clang-format on
CIRCLET_DEFINE_OP_RESOLVER(gesture_resolver, GESTURE_OPS)

std::string ModelMissingHelp(const std::string& path) {
  return "model not found: " + path +
         "\nmagic_wand is TensorFlow Lite Micro's gesture model (float32, Apache-2.0), the array "
         "in tensorflow/lite/micro/examples/magic_wand/magic_wand_model_data.cc of "
         "github.com/tensorflow/tflite-micro (commit 480927a14496b90e7d26fc67e6074bd56102da5b); "
         "put it at ../shared/models/magic_wand/model.tflite or pass --model PATH";
}

std::string Trim(const std::string& s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::vector<std::string> SplitCommas(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    fields.push_back(Trim(line.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

// A whole field as a float; false for text, an empty field or trailing junk.
bool ParseNumber(const std::string& field, float* value) {
  if (field.empty()) return false;
  char* end = nullptr;
  const float v = std::strtof(field.c_str(), &end);
  if (end == field.c_str() || *end != '\0') return false;
  *value = v;
  return true;
}

std::string Shown(const std::string& field) {
  if (field.empty()) return "an empty field";
  return "'" + (field.size() > 24 ? field.substr(0, 24) + "..." : field) + "'";
}

}  // namespace

bool ReadTraceCsv(const std::string& path, std::vector<float>* values, std::string* error,
                  size_t* last_line) {
  values->clear();
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) text.append(buf, n);
  const bool read_error = std::ferror(f) != 0;
  std::fclose(f);
  if (read_error) {
    *error = path + ": cannot read (is it a directory?)";
    return false;
  }
  if (text.empty()) {
    *error = path + ": empty file (0 bytes), expected rows of x,y,z";
    return false;
  }
  if (text.find('\0') != std::string::npos) {
    *error = path + ": not a text file (it holds zero bytes); expected CSV rows of x,y,z";
    return false;
  }
  size_t line_no = 0;
  size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty()) continue;
    const std::vector<std::string> fields = SplitCommas(line);
    const std::string where = path + ": line " + std::to_string(line_no);
    float xyz[kChannels];
    const bool header = first && !ParseNumber(fields[0], &xyz[0]);
    first = false;
    if (fields.size() != static_cast<size_t>(kChannels)) {
      *error = where + ": " + std::to_string(fields.size()) +
               (fields.size() == 1 ? " column" : " columns") + ", expected 3 (x,y,z" +
               (header ? " header" : "") + ")";
      return false;
    }
    if (header) continue;
    for (int c = 0; c < kChannels; ++c) {
      if (!ParseNumber(fields[c], &xyz[c])) {
        *error = where + ", column " + std::to_string(c + 1) + ": " + Shown(fields[c]) +
                 " is not a number";
        return false;
      }
      if (!std::isfinite(xyz[c])) {
        *error = where + ", column " + std::to_string(c + 1) + ": " + Shown(fields[c]) +
                 " is not a finite number";
        return false;
      }
    }
    values->insert(values->end(), xyz, xyz + kChannels);
    if (last_line != nullptr) *last_line = line_no;
  }
  if (values->empty()) {
    *error = path + ": no samples (" + std::to_string(line_no) +
             (line_no == 1 ? " line" : " lines") + ", none of them a row of x,y,z)";
    return false;
  }
  return true;
}

bool GestureModel::Load(const std::string& path, std::string* error) {
  if (!circlet::examples::ReadFileAligned(path, &model_bytes_, &model_size_)) {
    *error = ModelMissingHelp(path);
    return false;
  }
  circlet::Status s = circlet::Model::Create(reinterpret_cast<const uint8_t*>(model_bytes_.data()),
                                             model_size_, &model_);
  if (!s.ok()) {
    *error = path + ": " + s.message();
    return false;
  }
  arena_.assign(kArenaCapacity / sizeof(uint64_t), 0);
  interp_.reset(new circlet::Interpreter(
      model_, gesture_resolver, reinterpret_cast<uint8_t*>(arena_.data()), kArenaCapacity));
  s = interp_->Prepare();
  if (!s.ok()) {
    *error = path + ": " + s.message();
    return false;
  }
  const circlet::TensorView in = interp_->input(0);
  const circlet::TensorView out = interp_->output(0);
  if (interp_->num_inputs() != 1 || interp_->num_outputs() != 1 ||
      in.type != circlet::DType::kFloat32 || in.num_elements() != kWindowValues || in.rank != 4 ||
      in.dim(1) != kWindowSamples || in.dim(2) != kChannels ||
      out.type != circlet::DType::kFloat32 || out.num_elements() != kNumLabels) {
    *error = path +
             ": not the magic_wand model: expected one float32 input [1,128,3,1] and one "
             "float32 output of 4 scores";
    return false;
  }
  return true;
}

bool GestureModel::Classify(const float* window, float* scores, std::string* error) {
  const circlet::TensorView in = interp_->input(0);
  std::memcpy(in.data, window, in.bytes());
  const circlet::Status s = interp_->Invoke();
  if (!s.ok()) {
    *error = std::string("Invoke: ") + s.message();
    return false;
  }
  std::memcpy(scores, interp_->output(0).data, kNumLabels * sizeof(float));
  return true;
}

bool RunStream(GestureModel& model, const std::vector<float>& values, int hop,
               std::vector<Detection>* detections, std::vector<float>* window_scores,
               std::string* error) {
  detections->clear();
  const size_t samples = values.size() / kChannels;
  if (samples < static_cast<size_t>(kWindowSamples) || hop < 1) {
    *error = "the stream needs at least 128 samples and a hop of at least 1";
    return false;
  }
  Predictor predictor;
  for (size_t last = kWindowSamples - 1; last < samples; last += static_cast<size_t>(hop)) {
    const float* window = values.data() + (last + 1 - kWindowSamples) * kChannels;
    float scores[kNumLabels];
    if (!model.Classify(window, scores, error)) return false;
    if (window_scores != nullptr)
      window_scores->insert(window_scores->end(), scores, scores + kNumLabels);
    float mean = 0.0f;
    const int label = predictor.Update(scores, &mean);
    if (label != kUnknown) {
      Detection d{label, last, mean, {}};
      std::memcpy(d.scores, scores, sizeof(scores));
      detections->push_back(d);
    }
  }
  return true;
}

}  // namespace gesture
