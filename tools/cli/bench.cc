// circlet bench MODEL [--runs N] [--json]: arena report, invoke time (median
// and minimum over N runs after one warm-up, std::chrono::steady_clock) and
// each operator's median time, measured by an InvokeObserver in the same runs
// (two clock reads per op; negligible next to a kernel).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/cli/cli.h"

namespace circlet {
namespace cli {
namespace {

using Clock = std::chrono::steady_clock;

double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

class OpTimer : public InvokeObserver {
 public:
  explicit OpTimer(int num_ops) : us(static_cast<size_t>(num_ops)) {}
  void OnOpBegin(int op) override {
    (void)op;
    start_ = Clock::now();
  }
  void OnOpEnd(int op) override {
    if (recording) us[static_cast<size_t>(op)].push_back(Micros(Clock::now() - start_));
  }
  std::vector<std::vector<double>> us;  // per op, per run
  bool recording = false;

 private:
  Clock::time_point start_;
};

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

int Bench(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv, 2, "bench",
                              {{"--runs", nullptr, true},
                               {"--json", nullptr, false},
                               {"--seed", nullptr, true},
                               {"--arena", nullptr, true}});
  if (args.positional.size() != 1) {
    throw UsageError("usage: circlet bench MODEL [--runs N] [--json] (see circlet --help)");
  }
  const std::string* runs_arg = args.last("--runs");
  const int runs =
      runs_arg == nullptr ? 50 : static_cast<int>(ParseUnsigned(*runs_arg, "--runs", 1000000));
  if (runs < 1) throw UsageError("--runs must be at least 1");
  const bool json = args.has("--json");
  const uint32_t seed = SeedFrom(args);
  Session s(args.positional[0], ArenaBytes(args));
  Interpreter& interp = *s.interp;
  const Model& m = s.loaded.model;

  XorShift32 rng(seed);
  for (int i = 0; i < interp.num_inputs(); ++i) rng.Fill(interp.input(i));
  OpTimer timer(m.num_operators());
  interp.set_observer(&timer);
  Check(interp.Invoke());  // warm-up
  timer.recording = true;
  std::vector<double> total;
  total.reserve(static_cast<size_t>(runs));
  for (int r = 0; r < runs; ++r) {
    const Clock::time_point t0 = Clock::now();
    const Status st = interp.Invoke();
    const Clock::time_point t1 = Clock::now();
    Check(st);
    total.push_back(Micros(t1 - t0));
  }
  interp.set_observer(nullptr);
  const double median = Median(total);
  const double min = *std::min_element(total.begin(), total.end());
  const ArenaReport& rep = interp.report();

  if (json) {
    std::printf("{\"model\": %s, \"runs\": %d, ", JsonString(s.loaded.path).c_str(), runs);
    std::printf(
        "\"arena_bytes\": %zu, \"activation_bytes\": %zu, \"persistent_bytes\": %zu, "
        "\"runtime_bytes\": %zu, \"op_data_bytes\": %zu, \"scratch_bytes\": %zu, "
        "\"lower_bound_bytes\": %zu, \"activation_bytes_without_inplace\": %zu, "
        "\"inplace_ops\": %zu, \"prepare_temp_bytes\": %zu, \"planned_buffers\": %zu, "
        "\"strategy\": %s, ",
        rep.arena_bytes, rep.activation_bytes, rep.persistent_bytes, rep.runtime_bytes,
        rep.op_data_bytes, rep.scratch_bytes, rep.lower_bound_bytes,
        rep.activation_bytes_without_inplace, rep.inplace_ops, rep.prepare_temp_bytes,
        rep.planned_buffers, JsonString(rep.strategy != nullptr ? rep.strategy : "?").c_str());
    std::printf("\"invoke_us_median\": %.3f, \"invoke_us_min\": %.3f, \"ops\": [", median, min);
    for (int op = 0; op < m.num_operators(); ++op) {
      std::printf("%s{\"index\": %d, \"name\": %s, \"us\": %.3f}", op > 0 ? ", " : "", op,
                  JsonString(BuiltinOpName(m.op_code(op))).c_str(),
                  Median(timer.us[static_cast<size_t>(op)]));
    }
    std::printf("]}\n");
    return 0;
  }

  std::printf("model        %s\n", s.loaded.path.c_str());
  std::printf(
      "arena        %zu bytes (activations %zu, persistent %zu, scratch %zu; "
      "lower bound %zu; %zu ops in place; %s)\n",
      rep.arena_bytes, rep.activation_bytes, rep.persistent_bytes, rep.scratch_bytes,
      rep.lower_bound_bytes, rep.inplace_ops, rep.strategy != nullptr ? rep.strategy : "?");
  std::printf("invoke       median %.3f us, min %.3f us over %d runs (1 warm-up)\n", median, min,
              runs);
  std::printf("\n  %4s  %-24s %12s %7s\n", "#", "op", "median us", "share");
  double sum = 0.0;
  std::vector<double> med(static_cast<size_t>(m.num_operators()));
  for (int op = 0; op < m.num_operators(); ++op) {
    med[static_cast<size_t>(op)] = Median(timer.us[static_cast<size_t>(op)]);
    sum += med[static_cast<size_t>(op)];
  }
  for (int op = 0; op < m.num_operators(); ++op) {
    const double us = med[static_cast<size_t>(op)];
    std::printf("  %4d  %-24s %12.3f %6.1f%%\n", op, BuiltinOpName(m.op_code(op)), us,
                sum > 0.0 ? 100.0 * us / sum : 0.0);
  }
  return 0;
}

}  // namespace cli
}  // namespace circlet
