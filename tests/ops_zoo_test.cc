// SPDX-License-Identifier: Apache-2.0
// The operator zoo (../shared/models/ops/): one small model per operator and
// type with TensorFlow Lite Micro's outputs and intermediates. Every case
// runs in this one process, from its TFLite bytes and from a Circle copy,
// and must match layer by layer (integers byte for byte, float32 within
// 1e-5 * max(1, max|golden|)).
//
// Cases for later issues are listed in ops_zoo_deferred.txt with the reason;
// they run too, and a deferred case that passes is reported so the list can
// shrink. CIRCLET_ZOO_FILTER=substring runs only the matching cases.
#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/harness.h"

namespace circlet {
namespace {

TEST(OpsZoo, EveryCaseMatchesTfliteMicro) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  const std::string dir = root + "/ops";
  const std::vector<std::string> names = test::OpZooCases();
  if (names.empty()) GTEST_SKIP() << "SKIPPED: " << dir << " holds no cases";
  const char* filter = std::getenv("CIRCLET_ZOO_FILTER");
  const auto deferred = test::ReadDeferred("ops_zoo_deferred.txt");
  int passed = 0, failed = 0, deferred_failed = 0, deferred_passed = 0;
  for (const std::string& name : names) {
    if (filter != nullptr && name.find(filter) == std::string::npos) continue;
    std::string err = test::RunGoldenCase(dir + "/" + name, false);
    if (err.empty()) {
      err = test::RunGoldenCase(dir + "/" + name, true);
      if (!err.empty()) err = "(Circle copy) " + err;
    }
    const auto d = deferred.find(name);
    if (d != deferred.end()) {
      if (err.empty()) {
        ++deferred_passed;
        std::printf("[ zoo      ] %-48s passes: remove it from ops_zoo_deferred.txt\n",
                    name.c_str());
      } else {
        ++deferred_failed;
      }
      continue;
    }
    if (err.empty()) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << name << ": " << err;
    }
  }
  std::printf(
      "[ zoo      ] %d passed (TFLite and Circle), %d failed, %d deferred "
      "(ops_zoo_deferred.txt; %d of them pass)\n",
      passed + deferred_passed, failed, deferred_failed + deferred_passed, deferred_passed);
}

}  // namespace
}  // namespace circlet
