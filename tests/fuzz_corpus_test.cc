// SPDX-License-Identifier: Apache-2.0
// Regression corpus: every input the fuzzer ever found interesting enough to
// keep (crashes included, after their fix) must end in an error or a run.
#include <dirent.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/fuzz/run_untrusted.h"
#include "tests/harness.h"

namespace circlet {
namespace {

TEST(FuzzCorpus, EveryCommittedInputIsHandled) {
  const std::string dir = CIRCLET_SOURCE_DIR "/tests/fuzz/corpus";
  DIR* d = opendir(dir.c_str());
  ASSERT_NE(d, nullptr) << dir;
  size_t n = 0, errors = 0;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    auto bytes = test::ReadFile(dir + "/" + e->d_name);
    fuzz::Result r = fuzz::RunUntrusted(bytes.data(), bytes.size(), 64 * 1024);
    if (r.outcome != fuzz::Outcome::kRan) {
      ++errors;
      EXPECT_GT(std::strlen(r.status.message()), 10u) << e->d_name;
    }
    ++n;
  }
  closedir(d);
  std::printf("[ corpus   ] %zu inputs: %zu clean errors, %zu ran, 0 crashes\n", n, errors,
              n - errors);
  EXPECT_GT(n, 0u);
}

}  // namespace
}  // namespace circlet
