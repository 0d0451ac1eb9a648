// SPDX-License-Identifier: Apache-2.0
// End-to-end on the real models in ../shared/models: each model runs with
// its input files; int8/int16 outputs must be byte-identical to the golden
// outputs and every intermediate tensor byte-identical to TFLite Micro's
// (float32 within 1e-5 * max(1, max|golden|)). Skipped, with a message, when
// ../shared is absent.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "tests/harness.h"

namespace circlet {
namespace {

class SharedModel : public ::testing::TestWithParam<std::string> {
 protected:
  // The model's directory and bytes, loaded into `model`; skips without
  // ../shared.
  void SetUp() override {
    const std::string root = test::SharedModelsDir();
    if (root.empty()) {
      GTEST_SKIP() << "SKIPPED: ../shared/models not found (set CIRCLET_SHARED_MODELS)";
    }
    dir = root + "/" + GetParam();
    bytes = test::ReadFile(dir + "/model.tflite");
    ASSERT_FALSE(bytes.empty()) << dir;
    const Status s = Model::Create(bytes.data(), bytes.size(), &model);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  std::string dir;
  std::vector<uint8_t> bytes;
  Model model;
};

TEST_P(SharedModel, MatchesGoldenLayerByLayer) {
  Status s;

  const size_t arena_bytes = 1 << 20;
  std::unique_ptr<uint64_t[]> arena(new uint64_t[arena_bytes / 8]);
  Interpreter interp(model, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.get()), arena_bytes);
  s = interp.Prepare();
  ASSERT_TRUE(s.ok()) << s.message();
  for (int i = 0; i < interp.num_inputs(); ++i) {
    auto in = test::ReadFile(dir + "/input" + std::to_string(i) + ".bin");
    TensorView t = interp.input(i);
    ASSERT_EQ(in.size(), t.bytes()) << "input " << i;
    std::memcpy(t.data, in.data(), in.size());
  }
  test::IntermediateChecker checker(interp, dir + "/intermediates");
  interp.set_observer(&checker);
  s = interp.Invoke();
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(checker.first_bad, "") << "first differing layer";
  for (int i = 0; i < interp.num_outputs(); ++i) {
    auto golden = test::ReadFile(dir + "/output" + std::to_string(i) + ".bin");
    EXPECT_EQ(test::CompareGolden(interp.output(i), golden), "") << "output " << i;
  }
  // Stateful models: TFLite Micro's next invokes (steps/), then ResetState().
  interp.set_observer(nullptr);
  EXPECT_EQ(test::RunSteps(interp, dir), "");
  std::printf("[ model    ] %s: %d intermediate tensors checked, arena %zu bytes\n",
              GetParam().c_str(), checker.checked, interp.report().arena_bytes);
}

// Patch-based execution (EnablePatchExecution) changes no output byte: the
// model runs once without it and once with it in an arena of exactly the
// size Prepare() reports (the sanitizer build catches any byte beyond), and
// stateful models go through TFLite Micro's later steps as well.
TEST_P(SharedModel, PatchesChangeNoOutputByte) {
  auto run = [&](bool patches, size_t arena_bytes, ArenaReport* report,
                 std::vector<std::vector<uint8_t>>* outs) {
    std::unique_ptr<uint8_t[]> arena(new uint8_t[arena_bytes + 8]);
    // 8-byte aligned, the arena's last byte the allocation's last.
    uint8_t* base = arena.get() + (8 - reinterpret_cast<uintptr_t>(arena.get()) % 8) % 8;
    Interpreter interp(model, AllOpsResolver(), base, arena_bytes);
    if (patches) EnablePatchExecution(interp);
    Status s = interp.Prepare();
    ASSERT_TRUE(s.ok()) << s.message();
    *report = interp.report();
    for (int i = 0; i < interp.num_inputs(); ++i) {
      auto in = test::ReadFile(dir + "/input" + std::to_string(i) + ".bin");
      ASSERT_TRUE(interp.SetInput(i, in.data(), in.size()).ok()) << "input " << i;
    }
    s = interp.Invoke();
    ASSERT_TRUE(s.ok()) << s.message();
    for (int i = 0; i < interp.num_outputs(); ++i) {
      const TensorView t = interp.output(i);
      const auto* p = static_cast<const uint8_t*>(t.data);
      outs->emplace_back(p, p + t.bytes());
    }
    if (patches) {
      EXPECT_EQ(test::RunSteps(interp, dir), "");
    }
  };
  ArenaReport plain, sized, exact;
  std::vector<std::vector<uint8_t>> want, got, unused;
  run(false, 1 << 20, &plain, &want);
  run(true, 1 << 20, &sized, &unused);
  run(true, sized.arena_bytes, &exact, &got);
  EXPECT_EQ(got, want);
  EXPECT_LE(exact.arena_bytes, plain.arena_bytes);
  EXPECT_EQ(exact.arena_bytes, sized.arena_bytes);
  if (exact.patch_ops > 0) {
    EXPECT_LT(exact.activation_bytes, exact.activation_bytes_without_patches);
    EXPECT_EQ(exact.patch_recomputed_rows, 0u);
    std::printf("[ patches  ] %s: ops %d-%d on %d one-row bands, arena %zu -> %zu bytes\n",
                GetParam().c_str(), exact.patch_first_op,
                exact.patch_first_op + exact.patch_ops - 1, exact.patch_grid_rows,
                plain.arena_bytes, exact.arena_bytes);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, SharedModel, ::testing::ValuesIn(test::SharedModelNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace circlet
