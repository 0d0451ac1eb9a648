// SPDX-License-Identifier: Apache-2.0
// TensorFlow Lite Micro's seanet 16x8 integration tests
// (../shared/models/seanet_int16/<op>/<name>.tflite): every case runs with its
// inputs <name>_input<k>_<type>.csv (graph input k), from its TFLite bytes and
// from a Circle copy (the "CIR0" identifier), and its output must equal
// <name>_golden_<type>.csv byte for byte. One test walks every case and prints
// how many pass per operator.
//
// Cases that do not pass yet are listed in seanet_deferred.txt with the
// reason; they run too, and a listed case that passes is reported (without
// failing) so that the list can shrink. Any other failing case fails the test.
// Skipped, with a message, when ../shared is absent.
#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/harness.h"

namespace circlet {
namespace {

// Sorted entries of `dir` (without "." entries); only folders if `dirs`.
std::vector<std::string> List(const std::string& dir, bool dirs = false) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    struct stat st;
    if (dirs && (stat((dir + "/" + e->d_name).c_str(), &st) != 0 || !S_ISDIR(st.st_mode))) {
      continue;
    }
    names.push_back(e->d_name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The file in `files` named <prefix><type>.csv, or "" (type set from it).
std::string FindCsv(const std::vector<std::string>& files, const std::string& prefix,
                    std::string* type) {
  for (const std::string& f : files) {
    if (f.compare(0, prefix.size(), prefix) == 0 && EndsWith(f, ".csv") &&
        f.find('_', prefix.size()) == std::string::npos) {
      *type = f.substr(prefix.size(), f.size() - prefix.size() - 4);
      return f;
    }
  }
  return "";
}

// A one-line csv of integers as raw bytes of `type` (int8/int16/int32/int64),
// or an error in *err.
std::vector<uint8_t> CsvBytes(const std::string& path, const std::string& type, std::string* err) {
  std::vector<uint8_t> out;
  size_t size = 0;
  if (type == "int8") size = 1;
  if (type == "int16") size = 2;
  if (type == "int32") size = 4;
  if (type == "int64") size = 8;
  if (size == 0) {
    *err = path + ": type " + type + " is not one this test reads";
    return out;
  }
  std::ifstream f(path);
  if (!f) {
    *err = path + ": cannot read";
    return out;
  }
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::replace(text.begin(), text.end(), ',', ' ');
  std::istringstream is(text);
  long long v = 0;
  while (is >> v) {
    const size_t at = out.size();
    out.resize(at + size);
    // Little-endian host: the low `size` bytes of the two's complement value.
    const auto u = static_cast<unsigned long long>(v);
    for (size_t b = 0; b < size; ++b) out[at + b] = static_cast<uint8_t>(u >> (8 * b));
  }
  if (!is.eof()) *err = path + ": not a list of integers";
  return out;
}

// Runs one case (circle: from a Circle copy); "" or what went wrong.
std::string RunCase(const std::string& dir, const std::string& name,
                    const std::vector<std::string>& files, bool circle) {
  auto bytes = test::ReadFile(dir + "/" + name + ".tflite");
  if (bytes.size() < 8) return "cannot read " + name + ".tflite";
  if (circle) std::memcpy(bytes.data() + 4, "CIR0", 4);
  std::string golden_type;
  const std::string golden_file = FindCsv(files, name + "_golden_", &golden_type);
  if (golden_file.empty()) return "no golden csv";
  std::string err;
  const std::vector<uint8_t> golden = CsvBytes(dir + "/" + golden_file, golden_type, &err);
  if (!err.empty()) return err;

  Model model;
  Status s = Model::Create(bytes.data(), bytes.size(), &model);
  if (!s.ok()) return s.message();
  const size_t arena_bytes = 4 << 20;
  std::unique_ptr<uint64_t[]> arena(new uint64_t[arena_bytes / 8]);
  Interpreter interp(model, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.get()), arena_bytes);
  s = interp.Prepare();
  if (!s.ok()) return s.message();
  for (int i = 0; i < interp.num_inputs(); ++i) {
    std::string type;
    const std::string file = FindCsv(files, name + "_input" + std::to_string(i) + "_", &type);
    if (file.empty()) return "no csv for input " + std::to_string(i);
    const std::vector<uint8_t> in = CsvBytes(dir + "/" + file, type, &err);
    if (!err.empty()) return err;
    TensorView t = interp.input(i);
    if (in.size() != t.bytes()) {
      return file + " holds " + std::to_string(in.size()) + " bytes, input " + std::to_string(i) +
             " takes " + std::to_string(t.bytes());
    }
    std::memcpy(t.data, in.data(), in.size());
  }
  s = interp.Invoke();
  if (!s.ok()) return s.message();
  if (interp.num_outputs() != 1) return "expected one output";
  const std::string diff = test::CompareGolden(interp.output(0), golden);
  return diff.empty() ? "" : "output: " + diff;
}

TEST(Seanet, EveryCaseMatchesTfliteMicro) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  const std::string base = root + "/seanet_int16";
  const std::vector<std::string> ops = List(base, true);
  if (ops.empty()) GTEST_SKIP() << "SKIPPED: " << base << " holds no cases";
  const auto deferred = test::ReadDeferred("seanet_deferred.txt");
  int total_passed = 0, total = 0, deferred_failed = 0, deferred_passed = 0;
  for (const std::string& op : ops) {
    const std::string dir = base + "/" + op;
    const std::vector<std::string> files = List(dir);
    int passed = 0, cases = 0;
    for (const std::string& f : files) {
      if (!EndsWith(f, ".tflite")) continue;
      const std::string name = f.substr(0, f.size() - 7);
      ++cases;
      std::string err = RunCase(dir, name, files, false);
      if (err.empty()) {
        err = RunCase(dir, name, files, true);
        if (!err.empty()) err = "(Circle copy) " + err;
      }
      if (err.empty()) ++passed;
      const auto d = deferred.find(name);
      if (d != deferred.end()) {
        if (err.empty()) {
          ++deferred_passed;
          std::printf("[ seanet   ] %-20s passes: remove it from seanet_deferred.txt\n",
                      name.c_str());
        } else {
          ++deferred_failed;
        }
      } else if (!err.empty()) {
        ADD_FAILURE() << op << "/" << name << ": " << err;
      }
    }
    std::printf("[ seanet   ] %-16s %2d of %2d pass\n", op.c_str(), passed, cases);
    total_passed += passed;
    total += cases;
  }
  std::printf(
      "[ seanet   ] %d of %d pass (TFLite and Circle); %d deferred (seanet_deferred.txt; %d of "
      "them pass)\n",
      total_passed, total, deferred_failed + deferred_passed, deferred_passed);
  EXPECT_GT(total, 0);
}

}  // namespace
}  // namespace circlet
