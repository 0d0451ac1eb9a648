// SPDX-License-Identifier: Apache-2.0
// Control flow and resource variables on the operator zoo's models
// (../shared/models/ops/): IF runs the branch its condition names, WHILE
// stops at its iteration cap, CALL_ONCE runs its init subgraph once and the
// resource variable keeps its value across Invoke(), bad subgraph indices
// are refused, and the arena the report asks for is enough. Expected values
// come from the models' own constants, computed here.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "model/schema.h"
#include "tests/harness.h"

namespace circlet {
namespace {

std::vector<uint8_t> ZooModel(const std::string& name) {
  return test::ReadFile(test::SharedModelsDir() + "/ops/" + name + "/model.tflite");
}

// Constant tensor t of subgraph `sg` as T values.
template <typename T>
std::vector<T> Constant(const Model& m, int sg, int t) {
  Model sub;
  EXPECT_TRUE(m.Subgraph(sg, &sub).ok());
  const TensorView v = sub.tensor_view(t);
  EXPECT_TRUE(v.is_constant);
  std::vector<T> out(static_cast<size_t>(v.num_elements()));
  std::memcpy(out.data(), v.data, out.size() * sizeof(T));
  return out;
}

struct Runner {
  explicit Runner(const std::vector<uint8_t>& bytes, size_t arena_bytes = 64 * 1024)
      : model_bytes(bytes.size() / 8 + 1), arena(arena_bytes / 8 + 1) {
    std::memcpy(model_bytes.data(), bytes.data(), bytes.size());
    status =
        Model::Create(reinterpret_cast<const uint8_t*>(model_bytes.data()), bytes.size(), &model);
    if (!status.ok()) return;
    interp.reset(new Interpreter(model, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.data()),
                                 arena_bytes));
    status = interp->Prepare();
  }
  std::vector<uint64_t> model_bytes, arena;
  Model model;
  std::unique_ptr<Interpreter> interp;
  Status status;
};

TEST(ControlFlow, IfRunsTheNamedBranch) {
  const std::vector<uint8_t> bytes = ZooModel("if_float32");
  if (bytes.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models/ops/if_float32 not found";
  Runner r(bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  // then (subgraph 1): a + k; else (subgraph 2): a * k; k is [6], a [2, 6].
  const std::vector<float> k_then = Constant<float>(r.model, 1, 1);
  const std::vector<float> k_else = Constant<float>(r.model, 2, 1);
  ASSERT_EQ(k_then.size(), 6u);
  std::vector<float> x(12);
  for (int i = 0; i < 12; ++i) x[i] = 0.25f * static_cast<float>(i) - 1.0f;
  for (uint8_t cond : {1, 0, 1}) {
    ASSERT_TRUE(r.interp->SetInput(0, &cond, 1).ok());
    ASSERT_TRUE(r.interp->SetInput(1, x.data(), 48).ok());
    ASSERT_TRUE(r.interp->Invoke().ok());
    const float* y = r.interp->output(0).as<float>();
    for (int i = 0; i < 12; ++i) {
      const float want = cond ? x[i] + k_then[i % 6] : x[i] * k_else[i % 6];
      ASSERT_EQ(y[i], want) << "cond " << int(cond) << " element " << i;
    }
  }
  // Any non-zero byte is true.
  const uint8_t two = 2;
  ASSERT_TRUE(r.interp->SetInput(0, &two, 1).ok());
  ASSERT_TRUE(r.interp->Invoke().ok());
  EXPECT_EQ(r.interp->output(0).as<float>()[0], x[0] + k_then[0]);
}

TEST(ControlFlow, WhileStopsAtItsIterationCap) {
  const std::vector<uint8_t> bytes = ZooModel("while_float32");
  if (bytes.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models/ops/while_float32 not found";
  Runner r(bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  // i from i0 (main tensor 1) while i < n (cond tensor 2), i += one (body
  // tensor 2): the loop runs n - i0 times for one = 1.
  const int32_t i0 = Constant<int32_t>(r.model, 0, 1)[0];
  const int32_t n = Constant<int32_t>(r.model, 1, 2)[0];
  ASSERT_EQ(Constant<int32_t>(r.model, 2, 2)[0], 1);
  ASSERT_GT(n, i0);
  const uint32_t iterations = static_cast<uint32_t>(n - i0);
  std::vector<float> x(12, 0.5f);

  SetWhileIterationLimit(iterations);
  ASSERT_TRUE(r.interp->SetInput(0, x.data(), 48).ok());
  Status s = r.interp->Invoke();
  EXPECT_TRUE(s.ok()) << s.message();

  // One fewer allowed: an error naming the operator and the cap, no hang.
  Runner capped(bytes);
  ASSERT_TRUE(capped.status.ok());
  SetWhileIterationLimit(iterations - 1);
  ASSERT_TRUE(capped.interp->SetInput(0, x.data(), 48).ok());
  s = capped.interp->Invoke();
  SetWhileIterationLimit(kDefaultWhileIterationLimit);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find("WHILE"), std::string::npos) << s.message();
  EXPECT_NE(std::string(s.message()).find("stopped after " + std::to_string(iterations - 1)),
            std::string::npos)
      << s.message();
}

TEST(ControlFlow, CallOnceInitializesAVariableThatPersists) {
  const std::vector<uint8_t> bytes = ZooModel("call_once_float32_var_handle_read_assign");
  if (bytes.empty()) GTEST_SKIP() << "SKIPPED: the call_once zoo model not found";
  Runner r(bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  // init (subgraph 1, once): acc = init_value. main: y = x + acc; acc = y.
  std::vector<float> acc = Constant<float>(r.model, 1, 1);
  ASSERT_EQ(acc.size(), 12u);
  for (int step = 0; step < 3; ++step) {
    std::vector<float> x(12);
    for (int i = 0; i < 12; ++i) x[i] = static_cast<float>(step + 1) * 0.125f * (i - 6);
    ASSERT_TRUE(r.interp->SetInput(0, x.data(), 48).ok());
    ASSERT_TRUE(r.interp->Invoke().ok());
    const float* y = r.interp->output(0).as<float>();
    for (int i = 0; i < 12; ++i) {
      acc[i] = x[i] + acc[i];
      ASSERT_EQ(y[i], acc[i]) << "step " << step << " element " << i;
    }
  }
}

// The model with IfOptions' else_subgraph_index replaced.
std::vector<uint8_t> WithElseIndex(std::vector<uint8_t> bytes, int32_t index) {
  const fb::Model* m = fb::GetModel(bytes.data());
  const auto* opt = m->subgraphs()->Get(0)->operators()->Get(0)->builtin_options_as_IfOptions();
  const auto* table = reinterpret_cast<const flatbuffers::Table*>(opt);
  const auto* p = reinterpret_cast<const uint8_t*>(opt) +
                  table->GetOptionalFieldOffset(fb::IfOptions::VT_ELSE_SUBGRAPH_INDEX);
  std::memcpy(bytes.data() + (p - bytes.data()), &index, 4);
  return bytes;
}

TEST(ControlFlow, BadSubgraphIndicesAreRefused) {
  const std::vector<uint8_t> bytes = ZooModel("if_float32");
  if (bytes.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models/ops/if_float32 not found";
  const struct {
    int32_t index;
    const char* message;
  } cases[] = {{0, "op 0 IF: else subgraph 0 is the model's main subgraph"},
               {3,
                "op 0 IF: else subgraph 3: invalid model: subgraph 3 does not exist (the "
                "model has 3)"},
               {-1, "subgraph -1 does not exist"}};
  for (const auto& c : cases) {
    Runner r(WithElseIndex(bytes, c.index));
    ASSERT_FALSE(r.status.ok()) << c.index;
    EXPECT_NE(std::string(r.status.message()).find(c.message), std::string::npos)
        << r.status.message();
  }
}

TEST(ControlFlow, TheReportedArenaIsEnough) {
  for (const char* name :
       {"if_float32", "while_float32", "call_once_float32_var_handle_read_assign"}) {
    const std::vector<uint8_t> bytes = ZooModel(name);
    if (bytes.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models/ops not found";
    Runner big(bytes);
    ASSERT_TRUE(big.status.ok()) << name << ": " << big.status.message();
    const ArenaReport& rep = big.interp->report();
    // The subgraphs' tables and op data are persistent; their tensors are
    // scratch of the operator that runs them (IF: both branches).
    EXPECT_GT(rep.op_data_bytes, sizeof(Interpreter)) << name;
    Runner exact(bytes, rep.arena_bytes);
    EXPECT_TRUE(exact.status.ok()) << name << ": " << exact.status.message();
    Runner small(bytes, rep.arena_bytes - 8);
    EXPECT_EQ(small.status.code(), StatusCode::kArenaTooSmall)
        << name << ": " << small.status.message();
  }
}

}  // namespace
}  // namespace circlet
