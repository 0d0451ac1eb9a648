// SPDX-License-Identifier: Apache-2.0
// Memory regression: the arena bytes (host build) of every shared model are
// checked against the committed table tests/memory_baseline.txt. A model
// whose arena grows fails; one that shrinks prints a note to lower the
// table (so the gain is kept).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "tests/harness.h"

namespace circlet {
namespace {

std::map<std::string, size_t> Baseline() {
  std::map<std::string, size_t> out;
  std::ifstream f(CIRCLET_SOURCE_DIR "/tests/memory_baseline.txt");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream is(line);
    std::string name;
    size_t bytes = 0;
    if (is >> name >> bytes) out[name] = bytes;
  }
  return out;
}

TEST(MemoryRegression, ArenaBytesDoNotGrow) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  if (CIRCLET_PERSISTENT_CHANNEL_PARAMS) {
    GTEST_SKIP() << "SKIPPED: the table is for the default build (per-channel parameters "
                    "recomputed at invoke); this build keeps them persistent";
  }
  const auto baseline = Baseline();
  ASSERT_FALSE(baseline.empty()) << "tests/memory_baseline.txt missing or empty";
  for (const auto& [name, limit] : baseline) {
    auto bytes = test::ReadFile(root + "/" + name + "/model.tflite");
    ASSERT_FALSE(bytes.empty()) << name;
    Model model;
    ASSERT_TRUE(Model::Create(bytes.data(), bytes.size(), &model).ok()) << name;
    const size_t arena_bytes = 1 << 20;
    std::unique_ptr<uint64_t[]> arena(new uint64_t[arena_bytes / 8]);
    Interpreter interp(model, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.get()),
                       arena_bytes);
    Status s = interp.Prepare();
    ASSERT_TRUE(s.ok()) << name << ": " << s.message();
    const size_t got = interp.report().arena_bytes;
    std::printf("[ memory   ] %-24s arena %7zu bytes (table %7zu)%s\n", name.c_str(), got, limit,
                got < limit ? "  <- smaller: lower the table" : "");
    EXPECT_LE(got, limit) << name << " arena grew";
  }
}

}  // namespace
}  // namespace circlet
