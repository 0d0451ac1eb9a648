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

// Compares a tensor with golden bytes; returns "" or a description.
std::string Compare(const TensorView& t, const std::vector<uint8_t>& golden) {
  if (golden.size() != t.bytes()) {
    return "size " + std::to_string(t.bytes()) + " vs golden " + std::to_string(golden.size());
  }
  const auto* p = static_cast<const uint8_t*>(t.data);
  if (t.type == DType::kFloat32) {
    const auto* a = reinterpret_cast<const float*>(p);
    const auto g = test::As<float>(golden);
    float mx = 1.0f;
    for (float v : g) mx = std::max(mx, std::fabs(v));
    for (size_t i = 0; i < g.size(); ++i) {
      if (!(std::fabs(a[i] - g[i]) <= 1e-5f * mx)) {
        return "element " + std::to_string(i) + ": " + std::to_string(a[i]) + " vs golden " +
               std::to_string(g[i]);
      }
    }
    return "";
  }
  for (size_t i = 0; i < golden.size(); ++i) {
    if (p[i] != golden[i]) {
      return "byte " + std::to_string(i) + ": " + std::to_string(static_cast<int>(p[i])) +
             " vs golden " + std::to_string(static_cast<int>(golden[i]));
    }
  }
  return "";
}

// Checks each op's outputs right after the op runs.
class IntermediateChecker : public InvokeObserver {
 public:
  IntermediateChecker(const Interpreter& interp, std::string dir) : interp_(interp), dir_(dir) {}
  void OnOpEnd(int op) override {
    const fb::Operator* fop = interp_.model().fb_operator(op);
    for (uint32_t j = 0; j < fop->outputs()->size(); ++j) {
      const int t = fop->outputs()->Get(j);
      auto golden = test::ReadFile(dir_ + "/t" + std::to_string(t) + ".bin");
      if (golden.empty()) continue;
      ++checked;
      std::string diff = Compare(interp_.tensor(t), golden);
      if (!diff.empty() && first_bad.empty()) {
        first_bad = "op " + std::to_string(op) + " " + BuiltinOpName(interp_.model().op_code(op)) +
                    " output tensor " + std::to_string(t) + ": " + diff;
      }
    }
  }
  int checked = 0;
  std::string first_bad;

 private:
  const Interpreter& interp_;
  std::string dir_;
};

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
  IntermediateChecker checker(interp, dir + "/intermediates");
  interp.set_observer(&checker);
  s = interp.Invoke();
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(checker.first_bad, "") << "first differing layer";
  for (int i = 0; i < interp.num_outputs(); ++i) {
    auto golden = test::ReadFile(dir + "/output" + std::to_string(i) + ".bin");
    EXPECT_EQ(Compare(interp.output(i), golden), "") << "output " << i;
  }
  std::printf("[ model    ] %s: %d intermediate tensors checked, arena %zu bytes\n",
              GetParam().c_str(), checker.checked, interp.report().arena_bytes);
}

INSTANTIATE_TEST_SUITE_P(Models, SharedModel, ::testing::ValuesIn(test::SharedModelNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace circlet
