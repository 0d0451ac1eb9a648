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

#include "tests/harness.h"

namespace circlet {
namespace {

class SharedModel : public ::testing::TestWithParam<std::string> {};

TEST_P(SharedModel, MatchesGoldenLayerByLayer) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) {
    GTEST_SKIP() << "SKIPPED: ../shared/models not found (set CIRCLET_SHARED_MODELS)";
  }
  const std::string dir = root + "/" + GetParam();
  auto bytes = test::ReadFile(dir + "/model.tflite");
  ASSERT_FALSE(bytes.empty()) << dir;
  Model model;
  Status s = Model::Create(bytes.data(), bytes.size(), &model);
  ASSERT_TRUE(s.ok()) << s.message();

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

INSTANTIATE_TEST_SUITE_P(Models, SharedModel, ::testing::ValuesIn(test::SharedModelNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace circlet
