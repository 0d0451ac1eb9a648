// SPDX-License-Identifier: Apache-2.0
// circlet bench MODEL [--runs N] [--json] [--ref]: arena report, invoke time
// (median and minimum over N runs after one warm-up, std::chrono::steady_clock)
// and each operator's median time, measured by an InvokeObserver in the same
// runs (two clock reads per op; negligible next to a kernel). --ref times the
// reference kernels too, in the same process (kernels/optimized.h's run-time
// switch), reports the speedup per op and in all, and checks that both give
// the same output bytes for the same input.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "kernels/optimized.h"
#include "tools/cli/cli.h"
#include "tools/cli/memplan.h"

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

// Op data of one kind of operator: "N B each", or a fixed part plus a
// part per output channel when the ops' sizes fit a + b x channels exactly.
struct KindSummary {
  std::string name;
  int ops = 0;
  long long total = 0;
  std::string text;
  long long fixed = -1, per_channel = -1;  // -1: not separable
};

std::vector<KindSummary> SummarizeOpData(const Model& m, const std::vector<long long>& bytes) {
  std::vector<KindSummary> out;
  std::map<std::string, std::vector<std::pair<int, long long>>> kinds;  // name -> (C, bytes)
  for (int op = 0; op < m.num_operators(); ++op) {
    kinds[BuiltinOpName(m.op_code(op))].emplace_back(OutputChannels(m, op),
                                                     bytes[static_cast<size_t>(op)]);
  }
  for (const auto& k : kinds) {
    KindSummary sum;
    sum.name = k.first;
    sum.ops = static_cast<int>(k.second.size());
    bool known = true, same = true;
    for (const auto& p : k.second) {
      known = known && p.second >= 0;
      same = same && p.second == k.second[0].second;
      sum.total += p.second;
    }
    // Two ops with different channel counts give the slope; all must agree.
    const std::pair<int, long long>* a = &k.second[0];
    const std::pair<int, long long>* b = nullptr;
    for (const auto& p : k.second) {
      if (p.first != a->first) b = &p;
    }
    char buf[160];
    if (!known) {
      sum.text = "not measured";
    } else if (b != nullptr && a->first > 0 && b->first > 0 &&
               (b->second - a->second) % (b->first - a->first) == 0) {
      const long long slope = (b->second - a->second) / (b->first - a->first);
      const long long fixed = a->second - slope * a->first;
      bool fits = true;
      for (const auto& p : k.second) fits = fits && p.second == fixed + slope * p.first;
      if (fits) {
        sum.fixed = fixed;
        sum.per_channel = slope;
        std::snprintf(buf, sizeof(buf), "%lld B + %lld B per output channel (exact over %d ops)",
                      fixed, slope, sum.ops);
        sum.text = buf;
      }
    }
    if (sum.text.empty()) {
      if (same) {
        std::snprintf(buf, sizeof(buf), "%lld B each%s", a->second,
                      a->first > 0 ? " (one channel count: per-channel share not separable)" : "");
      } else {
        std::snprintf(buf, sizeof(buf), "%lld B in all, varies by op", sum.total);
      }
      sum.text = buf;
    }
    out.push_back(sum);
  }
  return out;
}

// Invoke time of `runs` runs after one warm-up; per-op times in *timer.
struct Timing {
  double median = 0.0, min = 0.0;
};

Timing TimeRuns(Interpreter& interp, OpTimer* timer, int runs) {
  interp.set_observer(timer);
  Check(interp.Invoke());  // warm-up
  timer->recording = true;
  std::vector<double> total;
  total.reserve(static_cast<size_t>(runs));
  for (int r = 0; r < runs; ++r) {
    const Clock::time_point t0 = Clock::now();
    const Status st = interp.Invoke();
    const Clock::time_point t1 = Clock::now();
    Check(st);
    total.push_back(Micros(t1 - t0));
  }
  timer->recording = false;
  interp.set_observer(nullptr);
  Timing t;
  t.median = Median(total);
  t.min = *std::min_element(total.begin(), total.end());
  return t;
}

// The output bytes of one invoke on the inputs of `seed` (inputs refilled:
// an op run in place may have written over them).
std::vector<std::vector<uint8_t>> OutputsFor(Interpreter& interp, uint32_t seed) {
  XorShift32 rng(seed);
  for (int i = 0; i < interp.num_inputs(); ++i) rng.Fill(interp.input(i));
  Check(interp.Invoke());
  std::vector<std::vector<uint8_t>> outs;
  for (int i = 0; i < interp.num_outputs(); ++i) {
    const TensorView t = interp.output(i);
    const auto* p = static_cast<const uint8_t*>(t.data);
    outs.emplace_back(p, p + t.bytes());
  }
  return outs;
}

}  // namespace

int Bench(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv, 2, "bench",
                              {{"--runs", nullptr, true},
                               {"--json", nullptr, false},
                               {"--seed", nullptr, true},
                               {"--ref", nullptr, false},
                               {"--arena", nullptr, true},
                               {"--pools", nullptr, true}});
  if (args.positional.size() != 1) {
    throw UsageError("usage: circlet bench MODEL [--runs N] [--json] [--ref] (see circlet --help)");
  }
  const bool ref = args.has("--ref");
  const std::string* runs_arg = args.last("--runs");
  const int runs =
      runs_arg == nullptr ? 50 : static_cast<int>(ParseUnsigned(*runs_arg, "--runs", 1000000));
  if (runs < 1) throw UsageError("--runs must be at least 1");
  const bool json = args.has("--json");
  const uint32_t seed = SeedFrom(args);
  Session s(args.positional[0], ArenaBytes(args), PoolArgs(args));
  Interpreter& interp = *s.interp;
  const Model& m = s.loaded.model;

  XorShift32 rng(seed);
  for (int i = 0; i < interp.num_inputs(); ++i) rng.Fill(interp.input(i));
  OpTimer timer(m.num_operators());
  const Timing opt_time = TimeRuns(interp, &timer, runs);
  const double median = opt_time.median;
  const double min = opt_time.min;
  // --ref: the reference kernels in the same process, then the switch back.
  OpTimer ref_timer(m.num_operators());
  Timing ref_time;
  bool identical = true;
  if (ref) {
    const auto opt_out = OutputsFor(interp, seed);
    kernels::opt::SetOptimizedKernels(false);
    identical = OutputsFor(interp, seed) == opt_out;
    ref_time = TimeRuns(interp, &ref_timer, runs);
    kernels::opt::SetOptimizedKernels(true);
  }
  auto ratio = [](double a, double b) { return b > 0.0 ? a / b : 0.0; };
  const ArenaReport& rep = interp.report();
  // Persistent data split: the interpreter's tables (a pointer per tensor,
  // operator and opcode, each table 8-byte aligned) and each op's data.
  const size_t ptr = sizeof(void*);
  const bool tables_ok = RuntimeTableBytes(m, ptr) == rep.runtime_bytes;
  const std::vector<long long> op_data = MeasureOpData(s.loaded, ArenaBytes(args));
  long long op_data_sum = 0;
  for (long long b : op_data) op_data_sum += b;
  const bool op_data_ok = op_data_sum == static_cast<long long>(rep.op_data_bytes);
  const std::vector<KindSummary> kinds = SummarizeOpData(m, op_data);

  if (json) {
    nlohmann::json j = ReportJson(rep);
    j["model"] = s.loaded.path;
    j["runs"] = runs;
    j.update({{"runtime_tables",
               {{"bytes", rep.runtime_bytes},
                {"bytes_per_tensor", ptr},
                {"tensors", m.num_tensors()},
                {"bytes_per_operator", ptr},
                {"operators", m.num_operators()},
                {"bytes_per_opcode", ptr},
                {"opcodes", m.num_opcodes()},
                {"formula_matches", tables_ok}}},
              {"op_data_measured_matches", op_data_ok},
              {"invoke_us_median", median},
              {"invoke_us_min", min}});
    nlohmann::json by_kind = nlohmann::json::array();
    for (const KindSummary& k : kinds) {
      nlohmann::json e = {{"name", k.name}, {"ops", k.ops}, {"bytes", k.total}};
      if (k.per_channel >= 0) {
        e["fixed_bytes"] = k.fixed;
        e["bytes_per_output_channel"] = k.per_channel;
      }
      by_kind.push_back(e);
    }
    j["op_data_by_kind"] = by_kind;
    if (ref) {
      j["ref_invoke_us_median"] = ref_time.median;
      j["ref_invoke_us_min"] = ref_time.min;
      j["speedup"] = ratio(ref_time.median, median);
      j["outputs_identical"] = identical;
    }
    nlohmann::json ops = nlohmann::json::array();
    for (int op = 0; op < m.num_operators(); ++op) {
      const size_t o = static_cast<size_t>(op);
      nlohmann::json e = {{"index", op},
                          {"name", BuiltinOpName(m.op_code(op))},
                          {"us", Median(timer.us[o])},
                          {"op_data_bytes", op_data[o]},
                          {"output_channels", OutputChannels(m, op)}};
      if (ref) e["ref_us"] = Median(ref_timer.us[o]);
      ops.push_back(e);
    }
    j["ops"] = ops;
    std::printf("%s\n", j.dump().c_str());
    return identical ? 0 : 1;
  }

  std::printf("model        %s\n", s.loaded.path.c_str());
  std::printf(
      "arena        %zu bytes (activations %zu, persistent %zu, scratch %zu; "
      "lower bound %zu; %zu ops in place; %s)\n",
      rep.arena_bytes, rep.activation_bytes, rep.persistent_bytes, rep.scratch_bytes,
      rep.lower_bound_bytes, rep.inplace_ops, rep.strategy != nullptr ? rep.strategy : "?");
  PrintPools(rep);
  std::printf(
      "persistent   %zu bytes = runtime tables %zu + op data %zu (kernel parameters, scratch "
      "records)",
      rep.persistent_bytes, rep.runtime_bytes, rep.op_data_bytes);
  if (rep.state_bytes != 0) std::printf(" + state %zu (variable tensors)", rep.state_bytes);
  std::printf("\n");
  if (tables_ok) {
    std::printf(
        "  tables     %zu B/tensor x %d tensors + %zu B/op x %d ops + %zu B/opcode x %d opcodes "
        "(each table 8-byte aligned; 4 B each on 32-bit)\n",
        ptr, m.num_tensors(), ptr, m.num_operators(), ptr, m.num_opcodes());
  }
  for (const KindSummary& k : kinds) {
    std::printf("  op data    %-20s %3d op%s, %6lld B: %s\n", k.name.c_str(), k.ops,
                k.ops == 1 ? " " : "s", k.total, k.text.c_str());
  }
  if (!op_data_ok) {
    std::printf("  (op data measured per op sums to %lld B, the report says %zu B)\n", op_data_sum,
                rep.op_data_bytes);
  }
  std::printf("invoke       median %.3f us, min %.3f us over %d runs (1 warm-up)\n", median, min,
              runs);
  if (ref) {
    std::printf(
        "reference    median %.3f us, min %.3f us (reference kernels): speedup %.2fx; outputs "
        "%s\n",
        ref_time.median, ref_time.min, ratio(ref_time.median, median),
        identical ? "byte-identical" : "DIFFER");
  }
  std::printf("\n  %4s  %-24s %12s %7s %9s %6s", "#", "op", "median us", "share", "op data",
              "out ch");
  if (ref) std::printf(" %12s %8s", "ref us", "speedup");
  std::printf("\n");
  double sum = 0.0;
  std::vector<double> med(static_cast<size_t>(m.num_operators()));
  for (int op = 0; op < m.num_operators(); ++op) {
    med[static_cast<size_t>(op)] = Median(timer.us[static_cast<size_t>(op)]);
    sum += med[static_cast<size_t>(op)];
  }
  for (int op = 0; op < m.num_operators(); ++op) {
    const double us = med[static_cast<size_t>(op)];
    const int ch = OutputChannels(m, op);
    std::printf("  %4d  %-24s %12.3f %6.1f%% %9lld %6s", op, BuiltinOpName(m.op_code(op)), us,
                sum > 0.0 ? 100.0 * us / sum : 0.0, op_data[static_cast<size_t>(op)],
                ch > 0 ? std::to_string(ch).c_str() : "-");
    if (ref) {
      const double r = Median(ref_timer.us[static_cast<size_t>(op)]);
      std::printf(" %12.3f %7.2fx", r, ratio(r, us));
    }
    std::printf("\n");
  }
  return identical ? 0 : 1;
}

}  // namespace cli
}  // namespace circlet
