// SPDX-License-Identifier: Apache-2.0
// Interpreter: arena sizing and its messages, unsupported operators, API
// misuse, dataflow checks, RESHAPE aliasing.
#include <gtest/gtest.h>

#include <string>

#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;

// x[1,8] -> FC -> h[1,16] -> FC -> y[1,4]
std::vector<uint8_t> TwoLayer() {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 8});
  int w1 = mw.AddConstant<float>("w1", DType::kFloat32, {16, 8}, std::vector<float>(128, 0.5f));
  int h = mw.AddTensor("h", DType::kFloat32, {1, 16});
  int w2 = mw.AddConstant<float>("w2", DType::kFloat32, {4, 16}, std::vector<float>(64, 0.25f));
  int y = mw.AddTensor("y", DType::kFloat32, {1, 4});
  mw.AddOperator(9, {x, w1, -1}, {h}, writer::FullyConnectedOptions(1));
  mw.AddOperator(9, {h, w2, -1}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  return mw.Finish();
}

using test::Loaded;

alignas(16) uint8_t g_arena[1 << 16];

TEST(Interpreter, ReportAndExactArenaSize) {
  Loaded l(TwoLayer());
  Interpreter big(l.model, AllOpsResolver(), g_arena, sizeof(g_arena));
  ASSERT_TRUE(big.Prepare().ok());
  const ArenaReport r = big.report();
  // Activations: op 0 needs x (32 B) + h (64 B); op 1 needs h + y (16 B),
  // and y can reuse x's bytes (x is dead after op 0) -> 96.
  EXPECT_EQ(r.activation_bytes, 96u);
  EXPECT_EQ(r.lower_bound_bytes, 96u);
  // The arena holds max(activations, Prepare()'s temporary planning data)
  // plus the persistent data.
  EXPECT_EQ(r.arena_bytes, std::max(r.activation_bytes, r.prepare_temp_bytes) + r.persistent_bytes);
  EXPECT_GT(r.persistent_bytes, 0u);

  // Exactly arena_bytes works and gives the same result...
  std::vector<uint64_t> exact(r.arena_bytes / 8);
  Interpreter fit(l.model, AllOpsResolver(), reinterpret_cast<uint8_t*>(exact.data()),
                  r.arena_bytes);
  ASSERT_TRUE(fit.Prepare().ok());
  for (int i = 0; i < 8; ++i) fit.input(0).as<float>()[i] = 1.0f;
  ASSERT_TRUE(fit.Invoke().ok());
  // h = relu(8 * 0.5) = 4 each; y = 16 * 4 * 0.25 = 16.
  for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(fit.output(0).as<float>()[i], 16.0f);

  // ...and 8 bytes less fails in Prepare() with the size needed.
  Interpreter small(l.model, AllOpsResolver(), reinterpret_cast<uint8_t*>(exact.data()),
                    r.arena_bytes - 8);
  Status s = small.Prepare();
  EXPECT_EQ(s.code(), StatusCode::kArenaTooSmall);
  const std::string msg = s.message();
  EXPECT_EQ(msg.find("arena too small: " + std::to_string(r.arena_bytes - 8) + " bytes given, "),
            0u)
      << msg;
  EXPECT_NE(msg.find("needs " + std::to_string(r.arena_bytes) + " bytes"), std::string::npos)
      << msg;
}

// x[1,1] -> SVDF (one filter, memory 4, weights_time all 1) -> y[1,1]:
// y = the sum of the last four inputs, the state an int8 variable [1,4]
// with zero point 3 when `int8`, float otherwise.
std::vector<uint8_t> RunningSum(bool int8) {
  ModelWriter mw;
  const DType t = int8 ? DType::kInt8 : DType::kFloat32;
  const writer::Quant q = int8 ? writer::PerTensor(1.0f / 8, 3) : writer::Quant();
  const writer::Quant w = int8 ? writer::PerTensor(0.5f, 0) : writer::Quant();
  int x = mw.AddTensor("x", t, {1, 1}, int8 ? writer::PerTensor(0.25f, 0) : writer::Quant());
  int wf = int8 ? mw.AddConstant<int8_t>("wf", t, {1, 1}, {1}, w)
                : mw.AddConstant<float>("wf", t, {1, 1}, {1.0f});
  int wt = int8 ? mw.AddConstant<int8_t>("wt", t, {1, 4}, {1, 1, 1, 1}, w)
                : mw.AddConstant<float>("wt", t, {1, 4}, {1, 1, 1, 1});
  int s = mw.AddVariable("state", t, {1, 4}, q);
  int y = mw.AddTensor("y", t, {1, 1}, int8 ? writer::PerTensor(1.0f / 16, 0) : writer::Quant());
  mw.AddOperator(27, {x, wf, wt, -1, s}, {y},
                 writer::Options{fb::BuiltinOptions_SVDFOptions,
                                 [](flatbuffers::FlatBufferBuilder& b) {
                                   return fb::CreateSVDFOptions(b, 1).Union();
                                 }},
                 int8 ? 3 : 1);
  mw.SetInputs({x});
  mw.SetOutputs({y});
  return mw.Finish();
}

TEST(Interpreter, VariableTensorsKeepStateUntilResetState) {
  Loaded l(RunningSum(false));
  Interpreter interp(l.model, AllOpsResolver(), g_arena, sizeof(g_arena));
  EXPECT_EQ(interp.ResetState().code(), StatusCode::kBadState);
  ASSERT_TRUE(interp.Prepare().ok());
  // The state's 16 bytes are persistent (8-byte aligned), not activations.
  const ArenaReport& r = interp.report();
  EXPECT_EQ(r.state_bytes, 16u);
  EXPECT_EQ(r.persistent_bytes, r.runtime_bytes + r.op_data_bytes + r.state_bytes);
  // Persistent: in the arena's last persistent_bytes (carved from its end).
  const auto* state = static_cast<const uint8_t*>(interp.tensor(3).data);
  EXPECT_GE(state, g_arena + sizeof(g_arena) - r.persistent_bytes);
  EXPECT_LT(state, g_arena + sizeof(g_arena));
  const float xs[6] = {1, 2, 4, 8, 16, 32};
  const float sums[6] = {1, 3, 7, 15, 30, 60};
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(interp.SetInput(0, &xs[i], sizeof(float)).ok());
    ASSERT_TRUE(interp.Invoke().ok());
    EXPECT_EQ(interp.output(0).as<float>()[0], sums[i]) << "invoke " << i;
  }
  ASSERT_TRUE(interp.ResetState().ok());
  ASSERT_TRUE(interp.SetInput(0, &xs[5], sizeof(float)).ok());
  ASSERT_TRUE(interp.Invoke().ok());
  EXPECT_EQ(interp.output(0).as<float>()[0], 32.0f);
}

TEST(Interpreter, Int8VariableResetsToItsZeroPoint) {
  // TFLite Micro resets an int8 variable to its zero point (here 3), so the
  // empty memory reads as real 0. Both multipliers are exactly 1
  // (0.25 * 0.5 / (1/8) and (1/8) * 0.5 / (1/16)): x = 8 gives the state's
  // newest entry 3 + 8 * 1 = 11, and y = sum over the memory of 1 * (s - 3)
  // = 8; a reset to raw 0 would give 8 + 3 * (0 - 3) = -1.
  Loaded l(RunningSum(true));
  Interpreter interp(l.model, AllOpsResolver(), g_arena, sizeof(g_arena));
  ASSERT_TRUE(interp.Prepare().ok());
  const int8_t x = 8;
  ASSERT_TRUE(interp.SetInput(0, &x, 1).ok());
  ASSERT_TRUE(interp.Invoke().ok());
  EXPECT_EQ(interp.tensor(3).as<int8_t>()[3], 11);
  EXPECT_EQ(interp.tensor(3).as<int8_t>()[0], 3);
  EXPECT_EQ(interp.output(0).as<int8_t>()[0], 8);
}

TEST(Interpreter, AVariableNeedsAStatefulOperator) {
  // ADD keeps no state: a variable input has nowhere to live.
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {2});
  int v = mw.AddVariable("v", DType::kFloat32, {2});
  int y = mw.AddTensor("y", DType::kFloat32, {2});
  mw.AddOperator(0, {x, v}, {y}, writer::AddOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  Loaded l(mw.Finish());
  Interpreter interp(l.model, AllOpsResolver(), g_arena, sizeof(g_arena));
  EXPECT_EQ(std::string(interp.Prepare().message()),
            "invalid model: op 0 ADD reads tensor 1 before any op writes it (graph out of order, "
            "a cycle, or an unset input or variable)");
}

TEST(Interpreter, TinyArenaStillGivesASize) {
  Loaded l(TwoLayer());
  alignas(8) uint8_t tiny[16];
  Interpreter interp(l.model, AllOpsResolver(), tiny, sizeof(tiny));
  Status s = interp.Prepare();
  EXPECT_EQ(s.code(), StatusCode::kArenaTooSmall);
  EXPECT_NE(std::string(s.message()).find("arena too small: 16 bytes given"), std::string::npos)
      << s.message();
}

TEST(Interpreter, UnsupportedOperatorsAreListedTogether) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 4});
  int a = mw.AddTensor("a", DType::kFloat32, {1, 4});
  int b = mw.AddTensor("b", DType::kFloat32, {1, 4});
  int c = mw.AddTensor("c", DType::kFloat32, {1, 4});
  mw.AddOperator(30, {x}, {a});                 // SKIP_GRAM: not a circlet kernel
  mw.AddCustomOperator("MyFancyOp", {a}, {b});  // custom
  mw.AddOperator(22, {b}, {c}, writer::ReshapeOptions({1, 4}), 9);  // RESHAPE v9: too new
  mw.SetInputs({x});
  mw.SetOutputs({c});
  auto r = test::RunModel(mw.Finish(), {});
  EXPECT_EQ(r.status.code(), StatusCode::kUnsupported);
  EXPECT_STREQ(r.status.message(),
               "3 operators not registered or unsupported: SKIP_GRAM v1, CUSTOM 'MyFancyOp' v1 "
               "(no kernel registered: CIRCLET_CUSTOM_KERNEL), RESHAPE v9 (kernel has v1-v2)");
}

TEST(Interpreter, ResolverWithoutAKernel) {
  Loaded l(TwoLayer());
#define ONLY_RESHAPE(X) X(RESHAPE)
  CIRCLET_DEFINE_OP_RESOLVER(reshape_only, ONLY_RESHAPE)
  Interpreter interp(l.model, reshape_only, g_arena, sizeof(g_arena));
  Status s = interp.Prepare();
  EXPECT_STREQ(s.message(), "1 operator not registered or unsupported: FULLY_CONNECTED v1");
}

TEST(Interpreter, MisuseGivesClearStatus) {
  Loaded l(TwoLayer());
  {
    Interpreter interp(l.model, AllOpsResolver(), g_arena, sizeof(g_arena));
    Status s = interp.Invoke();
    EXPECT_EQ(s.code(), StatusCode::kBadState);
    EXPECT_STREQ(s.message(), "Invoke() before a successful Prepare()");
    ASSERT_TRUE(interp.Prepare().ok());
    s = interp.Prepare();
    EXPECT_STREQ(s.message(), "Prepare() called twice on one interpreter");
  }
  {
    Interpreter interp(l.model, AllOpsResolver(), nullptr, 1024);
    EXPECT_STREQ(interp.Prepare().message(), "Prepare(): the arena is null or empty");
    // Reuse after an error.
    EXPECT_STREQ(interp.Invoke().message(), "interpreter failed before; make a new one");
  }
  {
    Interpreter interp(l.model, AllOpsResolver(), g_arena + 4, 4096);
    EXPECT_STREQ(interp.Prepare().message(), "Prepare(): the arena must be 8-byte aligned");
  }
  {
    Model invalid;
    Interpreter interp(invalid, AllOpsResolver(), g_arena, sizeof(g_arena));
    EXPECT_STREQ(interp.Prepare().message(), "Prepare(): the model is not valid");
  }
}

TEST(Interpreter, OperatorReadingItsOwnOutputIsRejected) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 4});
  int w = mw.AddConstant<float>("w", DType::kFloat32, {4, 4}, std::vector<float>(16, 1.0f));
  int y = mw.AddTensor("y", DType::kFloat32, {1, 4});
  mw.AddOperator(9, {y, w}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  auto r = test::RunModel(mw.Finish(), {});
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidModel);
  EXPECT_STREQ(r.status.message(),
               "invalid model: op 0 FULLY_CONNECTED reads tensor 2 before any op writes it "
               "(graph out of order, a cycle, or an unset input or variable)");
}

TEST(Interpreter, CycleAndDoubleWriteAreRejected) {
  // Two ops each reading the other's output: whichever comes first reads an
  // unwritten tensor.
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 4});
  int w = mw.AddConstant<float>("w", DType::kFloat32, {4, 4}, std::vector<float>(16, 1.0f));
  int a = mw.AddTensor("a", DType::kFloat32, {1, 4});
  int b = mw.AddTensor("b", DType::kFloat32, {1, 4});
  mw.AddOperator(9, {b, w}, {a}, writer::FullyConnectedOptions(0));
  mw.AddOperator(9, {a, w}, {b}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({b});
  auto r = test::RunModel(mw.Finish(), {});
  EXPECT_STREQ(r.status.message(),
               "invalid model: op 0 FULLY_CONNECTED reads tensor 3 before any op writes it "
               "(graph out of order, a cycle, or an unset input or variable)");

  ModelWriter mw2;
  x = mw2.AddTensor("x", DType::kFloat32, {1, 4});
  w = mw2.AddConstant<float>("w", DType::kFloat32, {4, 4}, std::vector<float>(16, 1.0f));
  a = mw2.AddTensor("a", DType::kFloat32, {1, 4});
  mw2.AddOperator(9, {x, w}, {a}, writer::FullyConnectedOptions(0));
  mw2.AddOperator(9, {x, w}, {a}, writer::FullyConnectedOptions(0));
  mw2.SetInputs({x});
  mw2.SetOutputs({a});
  r = test::RunModel(mw2.Finish(), {});
  EXPECT_STREQ(r.status.message(),
               "invalid model: op 1 FULLY_CONNECTED writes tensor 2, which is a graph input or "
               "written by an earlier op");
}

TEST(Interpreter, ReshapeAliasesItsInput) {
  // x[1,2,4] -> RESHAPE -> r[1,8] -> FC -> y[1,2]: r shares x's bytes.
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 2, 4});
  int r = mw.AddTensor("r", DType::kFloat32, {1, 8});
  int w = mw.AddConstant<float>("w", DType::kFloat32, {2, 8},
                                {1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8});
  int y = mw.AddTensor("y", DType::kFloat32, {1, 2});
  mw.AddOperator(22, {x}, {r}, writer::ReshapeOptions({1, -1}));
  mw.AddOperator(9, {r, w}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  Loaded l(mw.Finish());
  Interpreter interp(l.model, AllOpsResolver(), g_arena, sizeof(g_arena));
  ASSERT_TRUE(interp.Prepare().ok());
  EXPECT_EQ(interp.tensor(r).data, interp.tensor(x).data);
  EXPECT_EQ(interp.report().activation_bytes, 32u + 8u);
  for (int i = 0; i < 8; ++i) interp.input(0).as<float>()[i] = static_cast<float>(i);
  ASSERT_TRUE(interp.Invoke().ok());
  EXPECT_FLOAT_EQ(interp.output(0).as<float>()[0], 28.0f);   // 0+1+...+7
  EXPECT_FLOAT_EQ(interp.output(0).as<float>()[1], 168.0f);  // sum i*(i+1)
}

TEST(Interpreter, ReshapeElementCountMismatch) {
  ModelWriter mw;
  int x = mw.AddTensor("x", DType::kFloat32, {1, 6});
  int r = mw.AddTensor("r", DType::kFloat32, {1, 4});
  mw.AddOperator(22, {x}, {r}, writer::ReshapeOptions({1, 4}));
  mw.SetInputs({x});
  mw.SetOutputs({r});
  auto res = test::RunModel(mw.Finish(), {});
  EXPECT_STREQ(res.status.message(),
               "op 0 RESHAPE: new shape has 4 elements, input (tensor 0) has 6");
}

}  // namespace
}  // namespace circlet

namespace circlet {
namespace {

TEST(Interpreter, CheckedInputAndOutputCopies) {
  Loaded l(TwoLayer());
  Interpreter interp(l.model, AllOpsResolver(), g_arena, sizeof(g_arena));
  float in[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_STREQ(interp.SetInput(0, in, sizeof(in)).message(),
               "SetInput(0) before a successful Prepare()");
  ASSERT_TRUE(interp.Prepare().ok());
  EXPECT_STREQ(interp.SetInput(0, in, 7 * sizeof(float)).message(),
               "SetInput(0): 28 bytes given, input tensor 0 'x' (float32) holds 32");
  EXPECT_STREQ(interp.SetInput(1, in, sizeof(in)).message(), "SetInput(1): the model has 1 inputs");
  EXPECT_STREQ(interp.SetInput(0, nullptr, 32).message(),
               "SetInput(0): 0 bytes given, input tensor 0 'x' (float32) holds 32");
  ASSERT_TRUE(interp.SetInput(0, in, sizeof(in)).ok());
  ASSERT_TRUE(interp.Invoke().ok());
  float out[4];
  EXPECT_STREQ(interp.GetOutput(0, out, 8).message(),
               "GetOutput(0): buffer of 8 bytes, output tensor 4 'y' (float32) holds 16");
  EXPECT_STREQ(interp.GetOutput(-1, out, sizeof(out)).message(),
               "GetOutput(-1): the model has 1 outputs");
  ASSERT_TRUE(interp.GetOutput(0, out, sizeof(out)).ok());
  for (float v : out) EXPECT_FLOAT_EQ(v, 16.0f);
  // Out-of-range views are empty, not out-of-bounds reads.
  EXPECT_EQ(interp.input(5).data, nullptr);
  EXPECT_EQ(interp.output(-2).data, nullptr);
  EXPECT_EQ(interp.tensor(999).data, nullptr);
}

}  // namespace
}  // namespace circlet
