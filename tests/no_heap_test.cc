// SPDX-License-Identifier: Apache-2.0
// Proves the runtime core's "no heap" rule: counts every malloc/new in this
// binary and asserts zero from Model::Create through Invoke().
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "circlet/circlet.h"
#include "tests/harness.h"

namespace {
bool g_counting = false;
size_t g_allocations = 0;
}  // namespace

extern "C" void* __libc_malloc(size_t);
extern "C" void __libc_free(void*);
extern "C" void* __libc_calloc(size_t, size_t);
extern "C" void* __libc_realloc(void*, size_t);

extern "C" void* malloc(size_t n) {
  if (g_counting) ++g_allocations;
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t a, size_t b) {
  if (g_counting) ++g_allocations;
  return __libc_calloc(a, b);
}
extern "C" void* realloc(void* p, size_t n) {
  if (g_counting) ++g_allocations;
  return __libc_realloc(p, n);
}
extern "C" void free(void* p) {
  __libc_free(p);
}

void* operator new(size_t n) {
  if (g_counting) ++g_allocations;
  void* p = __libc_malloc(n == 0 ? 1 : n);
  if (p == nullptr) std::abort();
  return p;
}
void* operator new[](size_t n) {
  return operator new(n);
}
void operator delete(void* p) noexcept {
  __libc_free(p);
}
void operator delete[](void* p) noexcept {
  __libc_free(p);
}
void operator delete(void* p, size_t) noexcept {
  __libc_free(p);
}
void operator delete[](void* p, size_t) noexcept {
  __libc_free(p);
}

namespace circlet {
namespace {

alignas(16) uint8_t g_arena[1 << 20];

size_t AllocationsToRun(const std::vector<uint8_t>& bytes, const std::vector<uint8_t>& input) {
  g_allocations = 0;
  g_counting = true;
  Model model;
  Status s = Model::Create(bytes.data(), bytes.size(), &model);
  Interpreter interp(model, AllOpsResolver(), g_arena, sizeof(g_arena));
  if (s.ok()) s = interp.Prepare();
  if (s.ok() && input.size() == interp.input(0).bytes()) {
    std::memcpy(interp.input(0).data, input.data(), input.size());
  }
  if (s.ok()) s = interp.Invoke();
  g_counting = false;
  EXPECT_TRUE(s.ok()) << s.message();
  return g_allocations;
}

TEST(NoHeap, CounterWorks) {
  g_allocations = 0;
  g_counting = true;
  void* p = std::malloc(16);
  int* q = new int(3);
  g_counting = false;
  std::free(p);
  delete q;
  EXPECT_EQ(g_allocations, 2u);
}

// Patch-based execution (a two-convolution stage forced onto row bands).
TEST(NoHeap, PatchedConvolutionsCreatePrepareInvoke) {
  writer::ModelWriter mw;
  const writer::Quant q = writer::PerTensor(0.05f, 0);
  const writer::Quant fq{{0.01f}, {0}, 0};
  int x = mw.AddTensor("x", DType::kInt8, {1, 6, 5, 2}, q);
  int f1 = mw.AddConstant<int8_t>("f1", DType::kInt8, {2, 3, 3, 2}, std::vector<int8_t>(36, 3), fq);
  int y1 = mw.AddTensor("y1", DType::kInt8, {1, 6, 5, 2}, q);
  int f2 =
      mw.AddConstant<int8_t>("f2", DType::kInt8, {2, 3, 3, 2}, std::vector<int8_t>(36, -2), fq);
  int y2 = mw.AddTensor("y2", DType::kInt8, {1, 3, 3, 2}, q);
  mw.AddOperator(3, {x, f1, -1}, {y1}, writer::Conv2DOptions(fb::Padding_SAME, 1, 1, 0, 1, 1), 3);
  mw.AddOperator(3, {y1, f2, -1}, {y2}, writer::Conv2DOptions(fb::Padding_SAME, 2, 2, 0, 1, 1), 3);
  mw.SetInputs({x});
  mw.SetOutputs({y2});
  const std::vector<uint8_t> bytes = mw.Finish();
  g_allocations = 0;
  g_counting = true;
  Model model;
  Status s = Model::Create(bytes.data(), bytes.size(), &model);
  Interpreter interp(model, AllOpsResolver(), g_arena, sizeof(g_arena));
  EnablePatchExecution(interp, true);
  if (s.ok()) s = interp.Prepare();
  if (s.ok()) s = interp.Invoke();
  g_counting = false;
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(interp.report().patch_ops, 2);
  EXPECT_EQ(g_allocations, 0u);
}

TEST(NoHeap, WriterModelCreatePrepareInvoke) {
  writer::ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, {1, 4}, writer::PerTensor(0.5f, 1));
  int w = mw.AddConstant<int8_t>("w", DType::kInt8, {2, 4}, {1, -2, 3, -4, 5, 6, 7, 8},
                                 writer::Quant{{0.1f, 0.2f}, {0, 0}, 0});
  int y = mw.AddTensor("y", DType::kInt8, {1, 2}, writer::PerTensor(0.25f, -3));
  int r = mw.AddTensor("r", DType::kInt8, {2}, writer::PerTensor(0.25f, -3));
  mw.AddOperator(9, {x, w, -1}, {y}, writer::FullyConnectedOptions(1));
  mw.AddOperator(22, {y}, {r}, writer::ReshapeOptions({2}));
  mw.SetInputs({x});
  mw.SetOutputs({r});
  EXPECT_EQ(AllocationsToRun(mw.Finish(), {1, 2, 3, 4}), 0u);
}

// The C API (circlet/circlet.h): the same path through its functions.
TEST(NoHeap, CApiCreatePrepareInvoke) {
  writer::ModelWriter mw;
  int x = mw.AddTensor("x", DType::kInt8, {1, 4}, writer::PerTensor(0.5f, 1));
  int w = mw.AddConstant<int8_t>("w", DType::kInt8, {2, 4}, {1, -2, 3, -4, 5, 6, 7, 8},
                                 writer::PerTensor(0.1f, 0));
  int y = mw.AddTensor("y", DType::kInt8, {1, 2}, writer::PerTensor(0.25f, -3));
  mw.AddOperator(9, {x, w, -1}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  const std::vector<uint8_t> bytes = mw.Finish();
  static circlet_model model;
  static circlet_interpreter interp;
  const int8_t in[4] = {1, 2, 3, 4};
  int8_t out[2] = {0, 0};
  circlet_tensor_info info;
  g_allocations = 0;
  g_counting = true;
  circlet_status s = circlet_model_create(&model, bytes.data(), bytes.size());
  if (s == CIRCLET_OK) {
    s = circlet_interpreter_create(&interp, &model, circlet_all_ops_resolver(), g_arena,
                                   sizeof(g_arena));
  }
  if (s == CIRCLET_OK) s = circlet_interpreter_prepare(&interp);
  if (s == CIRCLET_OK) s = circlet_interpreter_input_info(&interp, 0, &info);
  if (s == CIRCLET_OK) s = circlet_interpreter_set_input(&interp, 0, CIRCLET_TYPE_INT8, in, 4);
  if (s == CIRCLET_OK) s = circlet_interpreter_invoke(&interp);
  if (s == CIRCLET_OK) s = circlet_interpreter_get_output(&interp, 0, CIRCLET_TYPE_INT8, out, 2);
  // An error path formats a message: still no allocation.
  const circlet_status bad = circlet_interpreter_set_input(&interp, 0, CIRCLET_TYPE_INT8, in, 3);
  g_counting = false;
  EXPECT_EQ(s, CIRCLET_OK) << circlet_interpreter_message(&interp) << circlet_model_message(&model);
  EXPECT_EQ(bad, CIRCLET_INVALID_ARGUMENT);
  EXPECT_EQ(g_allocations, 0u);
}

TEST(NoHeap, EverySharedModel) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  for (const std::string& name : test::SharedModelNames()) {
    auto bytes = test::ReadFile(root + "/" + name + "/model.tflite");
    auto input = test::ReadFile(root + "/" + name + "/input0.bin");
    Model probe;
    if (!Model::Create(bytes.data(), bytes.size(), &probe).ok()) continue;
    Interpreter check(probe, AllOpsResolver(), g_arena, sizeof(g_arena));
    if (!check.Prepare().ok()) {
      std::printf("[ no-heap  ] %s: not runnable yet, skipped\n", name.c_str());
      continue;
    }
    EXPECT_EQ(AllocationsToRun(bytes, input), 0u) << name;
  }
}

// Subgraphs (each in its own interpreter, placement-constructed in the
// arena), resource variables and recurrent state: no heap either.
TEST(NoHeap, ControlFlowAndStatefulZooModels) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  for (const char* name :
       {"if_float32", "while_float32", "call_once_float32_var_handle_read_assign", "svdf_int8",
        "unidirectional_sequence_lstm_int8", "unidirectional_sequence_lstm_int16"}) {
    auto bytes = test::ReadFile(root + "/ops/" + name + "/model.tflite");
    if (bytes.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models/ops/" << name << " not found";
    // Input 0 as recorded (IF's condition; the others' only input).
    auto input = test::ReadFile(root + "/ops/" + name + "/input0.bin");
    EXPECT_EQ(AllocationsToRun(bytes, input), 0u) << name;
  }
}

}  // namespace
}  // namespace circlet
