// SPDX-License-Identifier: Apache-2.0
// Corrupted-model corpus: deterministic mutations of every available model
// (the project's own writer-made models and ../shared/models). Each mutant
// must end in a clear error (non-empty message) or a run; a crash, hang or
// sanitizer report fails the test (run it in the host-asan preset).
//
// Mutations: bit flips, byte overwrites, truncation at every table boundary,
// offsets pointed past the end, huge/negative/zero dimensions, negative and
// out-of-range indices, quantization arrays shortened, operators reading
// their own outputs or later ops' outputs (cycles), outputs redirected to
// unused or input tensors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "model/schema.h"
#include "tests/fuzz/run_untrusted.h"
#include "tests/harness.h"

namespace circlet {
namespace {

using Bytes = std::vector<uint8_t>;

// Positions (byte offsets) of interesting fields in a valid model.
struct Anatomy {
  std::vector<size_t> tables;          // start of every table we know
  std::vector<size_t> uoffsets;        // uoffset_t fields (table/vector refs)
  std::vector<size_t> dims;            // int32 shape elements
  std::vector<size_t> indices;         // int32 tensor indices (op inputs/outputs, graph io)
  std::vector<size_t> vector_lengths;  // uint32 length prefixes of quant vectors
  std::vector<size_t> u32_indices;     // buffer / opcode indices (uint32)
};

size_t Pos(const Bytes& b, const void* p) {
  return static_cast<size_t>(static_cast<const uint8_t*>(p) - b.data());
}

// Position of a table's field, or 0 if absent.
size_t FieldPos(const Bytes& b, const flatbuffers::Table* t, flatbuffers::voffset_t field) {
  const flatbuffers::voffset_t off = t->GetOptionalFieldOffset(field);
  return off == 0 ? 0 : Pos(b, reinterpret_cast<const uint8_t*>(t) + off);
}

template <typename T>
void AddElements(const Bytes& b, const flatbuffers::Vector<T>* v, std::vector<size_t>* out) {
  if (v == nullptr) return;
  for (uint32_t i = 0; i < v->size(); ++i) out->push_back(Pos(b, v->data() + i * sizeof(T)));
}

Anatomy Dissect(const Bytes& b) {
  Anatomy a;
  const fb::Model* m = fb::GetModel(b.data());
  a.uoffsets.push_back(0);  // root offset
  a.tables.push_back(Pos(b, m));
  const fb::SubGraph* sg = m->subgraphs()->Get(0);
  a.tables.push_back(Pos(b, sg));
  for (auto field :
       {fb::Model::VT_OPERATOR_CODES, fb::Model::VT_SUBGRAPHS, fb::Model::VT_BUFFERS}) {
    if (size_t p = FieldPos(b, reinterpret_cast<const flatbuffers::Table*>(m), field)) {
      a.uoffsets.push_back(p);
    }
  }
  AddElements(b, sg->inputs(), &a.indices);
  AddElements(b, sg->outputs(), &a.indices);
  for (uint32_t i = 0; i < sg->tensors()->size(); ++i) {
    const fb::Tensor* t = sg->tensors()->Get(i);
    a.tables.push_back(Pos(b, t));
    a.uoffsets.push_back(Pos(b, sg->tensors()->data() + i * 4));
    AddElements(b, t->shape(), &a.dims);
    if (size_t p =
            FieldPos(b, reinterpret_cast<const flatbuffers::Table*>(t), fb::Tensor::VT_SHAPE)) {
      a.uoffsets.push_back(p);
    }
    if (size_t p =
            FieldPos(b, reinterpret_cast<const flatbuffers::Table*>(t), fb::Tensor::VT_BUFFER)) {
      a.u32_indices.push_back(p);
    }
    if (const fb::QuantizationParameters* q = t->quantization()) {
      a.tables.push_back(Pos(b, q));
      if (q->scale() != nullptr) a.vector_lengths.push_back(Pos(b, q->scale()));
      if (q->zero_point() != nullptr) a.vector_lengths.push_back(Pos(b, q->zero_point()));
    }
  }
  if (sg->operators() != nullptr) {
    for (uint32_t i = 0; i < sg->operators()->size(); ++i) {
      const fb::Operator* op = sg->operators()->Get(i);
      a.tables.push_back(Pos(b, op));
      a.uoffsets.push_back(Pos(b, sg->operators()->data() + i * 4));
      AddElements(b, op->inputs(), &a.indices);
      AddElements(b, op->outputs(), &a.indices);
      if (size_t p = FieldPos(b, reinterpret_cast<const flatbuffers::Table*>(op),
                              fb::Operator::VT_OPCODE_INDEX)) {
        a.u32_indices.push_back(p);
      }
      if (op->builtin_options() != nullptr) a.tables.push_back(Pos(b, op->builtin_options()));
    }
  }
  for (uint32_t i = 0; i < m->buffers()->size(); ++i) {
    a.tables.push_back(Pos(b, m->buffers()->Get(i)));
    a.uoffsets.push_back(Pos(b, m->buffers()->data() + i * 4));
  }
  std::sort(a.tables.begin(), a.tables.end());
  return a;
}

void Put32(Bytes* b, size_t pos, uint32_t v) {
  if (pos + 4 <= b->size()) std::memcpy(b->data() + pos, &v, 4);
}
uint32_t Get32(const Bytes& b, size_t pos) {
  uint32_t v = 0;
  if (pos + 4 <= b.size()) std::memcpy(&v, b.data() + pos, 4);
  return v;
}

struct Tally {
  size_t total = 0, create = 0, prepare = 0, invoke = 0, ran = 0;
};

void Check(const Bytes& mutant, Tally* t, const std::string& what) {
  fuzz::Result r = fuzz::RunUntrusted(mutant.data(), mutant.size());
  ++t->total;
  switch (r.outcome) {
    case fuzz::Outcome::kCreateError: ++t->create; break;
    case fuzz::Outcome::kPrepareError: ++t->prepare; break;
    case fuzz::Outcome::kInvokeError: ++t->invoke; break;
    case fuzz::Outcome::kRan: ++t->ran; break;
  }
  if (r.outcome != fuzz::Outcome::kRan) {
    ASSERT_GT(std::strlen(r.status.message()), 10u) << what << ": error without a clear message";
  }
}

Tally MutateAll(const Bytes& model, size_t budget, const std::string& name) {
  Tally t;
  const Anatomy a = Dissect(model);
  std::mt19937 rng(0xC1C1E7u);
  auto pick = [&](const std::vector<size_t>& v) { return v[rng() % v.size()]; };
  const int32_t nt =
      static_cast<int32_t>(fb::GetModel(model.data())->subgraphs()->Get(0)->tensors()->size());

  // Truncation at (and one byte around) every table boundary.
  for (size_t p : a.tables) {
    for (size_t cut : {p, p + 1, p > 0 ? p - 1 : 0}) {
      if (cut >= model.size()) continue;
      Check(Bytes(model.begin(), model.begin() + cut), &t, name + " truncate");
    }
  }
  // Structured mutations, then random ones, until the budget is spent.
  size_t k = 0;
  const size_t target = t.total + budget;
  while (t.total < target) {
    Bytes m = model;
    const size_t kind = k++ % 10;
    switch (kind) {
      case 0: {  // bit flip
        size_t pos = rng() % m.size();
        m[pos] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
      }
      case 1: {  // byte overwrite
        static const uint8_t kVals[] = {0, 0xFF, 0x7F, 0x80, 1};
        m[rng() % m.size()] = rng() % 2 ? kVals[rng() % 5] : static_cast<uint8_t>(rng());
        break;
      }
      case 2: {  // offset pointed past the end (or to garbage)
        size_t pos = pick(a.uoffsets);
        const uint32_t choices[] = {static_cast<uint32_t>(m.size() - pos + 4 * (rng() % 8)),
                                    0xFFFFFFFCu, 0x7FFFFFFFu, 2u, 0u};
        Put32(&m, pos, choices[rng() % 5]);
        break;
      }
      case 3: {  // huge / negative / zero dimensions
        if (a.dims.empty()) continue;
        const uint32_t choices[] = {0x7FFFFFFFu, 65536u, 0xFFFFFFFFu, 0u, 0x80000000u, 3u};
        Put32(&m, pick(a.dims), choices[rng() % 6]);
        break;
      }
      case 4: {  // negative / out-of-range tensor indices
        if (a.indices.empty()) continue;
        const int32_t choices[] = {-2, -1, -100, INT32_MIN, nt, nt + 7, INT32_MAX};
        Put32(&m, pick(a.indices), static_cast<uint32_t>(choices[rng() % 7]));
        break;
      }
      case 5: {  // an index pointing at another valid tensor: cycles, self reads, unused tensors
        if (a.indices.empty()) continue;
        Put32(&m, pick(a.indices), static_cast<uint32_t>(rng() % nt));
        break;
      }
      case 6: {  // buffer / opcode index out of range
        if (a.u32_indices.empty()) continue;
        const uint32_t choices[] = {0xFFFFFFFFu, 1000u, 0u, 1u};
        Put32(&m, pick(a.u32_indices), choices[rng() % 4]);
        break;
      }
      case 7: {  // quantization array length changed
        if (a.vector_lengths.empty()) continue;
        size_t pos = pick(a.vector_lengths);
        uint32_t len = Get32(m, pos);
        const uint32_t choices[] = {len > 0 ? len - 1 : 0, len + 1, 0u, 0x10000000u};
        Put32(&m, pos, choices[rng() % 4]);
        break;
      }
      case 8: {  // several random bytes at once
        for (int i = 0; i < 4; ++i) m[rng() % m.size()] = static_cast<uint8_t>(rng());
        break;
      }
      default: {  // random truncation
        m.resize(rng() % m.size());
        break;
      }
    }
    Check(m, &t, name + " mutation kind " + std::to_string(kind));
    if (::testing::Test::HasFatalFailure()) return t;
  }
  return t;
}

void Report(const std::string& name, size_t size, const Tally& t) {
  std::printf(
      "[ corrupt  ] %-24s %8zu bytes: %zu mutants: %zu create errors, %zu prepare errors, "
      "%zu invoke errors, %zu ran; crashes 0\n",
      name.c_str(), size, t.total, t.create, t.prepare, t.invoke, t.ran);
}

// Writer-made models of the project's own.
std::vector<std::pair<std::string, Bytes>> OwnModels() {
  std::vector<std::pair<std::string, Bytes>> out;
  {
    writer::ModelWriter mw;
    int x = mw.AddTensor("x", DType::kInt8, {1, 8}, writer::PerTensor(0.1f, -3));
    int w = mw.AddConstant<int8_t>("w", DType::kInt8, {4, 8}, std::vector<int8_t>(32, 5),
                                   writer::Quant{{0.1f, 0.2f, 0.3f, 0.4f}, {0, 0, 0, 0}, 0});
    int b = mw.AddConstant<int32_t>("b", DType::kInt32, {4}, {1, 2, 3, 4});
    int h = mw.AddTensor("h", DType::kInt8, {1, 4}, writer::PerTensor(0.5f, 2));
    int r = mw.AddTensor("r", DType::kInt8, {4}, writer::PerTensor(0.5f, 2));
    mw.AddOperator(9, {x, w, b}, {h}, writer::FullyConnectedOptions(3));
    mw.AddOperator(22, {h}, {r}, writer::ReshapeOptions({4}));
    mw.SetInputs({x});
    mw.SetOutputs({r});
    out.emplace_back("own_fc_int8", mw.Finish());
  }
  {
    writer::ModelWriter mw;
    int x = mw.AddTensor("x", DType::kFloat32, {2, 3});
    int w = mw.AddConstant<float>("w", DType::kFloat32, {3, 3}, {1, 0, 0, 0, 1, 0, 0, 0, 1});
    int h = mw.AddTensor("h", DType::kFloat32, {2, 3});
    int y = mw.AddTensor("y", DType::kFloat32, {2, 3});
    mw.AddOperator(9, {x, w}, {h}, writer::FullyConnectedOptions(1));
    mw.AddOperator(9, {h, w}, {y}, writer::FullyConnectedOptions(2));
    mw.SetInputs({x});
    mw.SetOutputs({y});
    out.emplace_back("own_fc_float", mw.Finish(true));
  }
  return out;
}

TEST(Corruption, OwnModels) {
  for (auto& [name, bytes] : OwnModels()) {
    Tally t = MutateAll(bytes, 3000, name);
    Report(name, bytes.size(), t);
    EXPECT_GE(t.total, 3000u);
  }
}

TEST(Corruption, SharedModels) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  for (const std::string& name : test::SharedModelNames()) {
    Bytes bytes = test::ReadFile(root + "/" + name + "/model.tflite");
    ASSERT_FALSE(bytes.empty()) << name;
    const size_t budget = bytes.size() <= 64 * 1024 ? 2000 : 300;
    Tally t = MutateAll(bytes, budget, name);
    Report(name, bytes.size(), t);
    EXPECT_GE(t.total, budget);
  }
}

// One small model per operator and type (../shared/models/ops): every
// kernel's prepare and eval meet corrupted shapes, indices and options.
TEST(Corruption, OpZooModels) {
  const std::vector<std::string> cases = test::OpZooCases();
  if (cases.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models/ops not found";
  const std::string root = test::SharedModelsDir() + "/ops/";
  Tally all;
  for (const std::string& name : cases) {
    Bytes bytes = test::ReadFile(root + name + "/model.tflite");
    ASSERT_FALSE(bytes.empty()) << name;
    Tally t = MutateAll(bytes, 300, name);
    EXPECT_GE(t.total, 300u) << name;
    all.total += t.total;
    all.create += t.create;
    all.prepare += t.prepare;
    all.invoke += t.invoke;
    all.ran += t.ran;
  }
  Report("op zoo (" + std::to_string(cases.size()) + " models)", 0, all);
}

}  // namespace
}  // namespace circlet
