// SPDX-License-Identifier: Apache-2.0
// The plan of every shared model, checked from the outside: lifetimes are
// recomputed here from the graph, offsets read back with
// Interpreter::tensor_offset(); no two buffers live at the same op may share
// bytes, except a view and its input (RESHAPE, SQUEEZE, an outer-axis SPLIT
// ...: OpContext::ViewOutput, seen through a PrepareObserver) and an op's output 0
// written over its input 0 from the same start when that input dies at the
// op (in place).
// Scratch buffers are checked against every tensor live at their op.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "model/schema.h"
#include "runtime/op_context.h"
#include "tests/harness.h"

namespace circlet {
namespace {

struct Life {
  int first = -1, last = -1;
};

// The views kernels made during Prepare(): output -> the input it views.
struct Views : PrepareObserver {
  explicit Views(int nt) : of(nt, -1) {}
  void OnView(int, int out_tensor, int in_tensor, size_t) override { of[out_tensor] = in_tensor; }
  // This test derives lifetimes itself, independently of the interpreter's.
  void OnLifetimes(const uint16_t*, const uint16_t*, const uint16_t*, int) override {}
  std::vector<int> of;
};

TEST(PlanValidity, SharedModelsNeverOverlapLiveBuffers) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  for (const std::string& name : test::SharedModelNames()) {
    auto bytes = test::ReadFile(root + "/" + name + "/model.tflite");
    Model m;
    ASSERT_TRUE(Model::Create(bytes.data(), bytes.size(), &m).ok()) << name;
    const size_t arena_bytes = 1 << 20;
    std::unique_ptr<uint64_t[]> arena(new uint64_t[arena_bytes / 8]);
    Interpreter interp(m, AllOpsResolver(), reinterpret_cast<uint8_t*>(arena.get()), arena_bytes);
    Views views(m.num_tensors());
    interp.set_prepare_observer(&views);
    ASSERT_TRUE(interp.Prepare().ok()) << name;
    const int nt = m.num_tensors(), nops = m.num_operators();
    std::vector<Life> life(nt);
    for (int i = 0; i < m.num_inputs(); ++i) life[m.input_tensor(i)] = {0, 0};
    const std::vector<int>& view_of = views.of;  // view -> its input
    std::vector<int> inplace_at(nt, -1);         // input 0 -> op that may overwrite it
    for (int op = 0; op < nops; ++op) {
      const fb::Operator* fop = m.fb_operator(op);
      for (uint32_t j = 0; fop->inputs() != nullptr && j < fop->inputs()->size(); ++j) {
        const int t = fop->inputs()->Get(j);
        if (t >= 0 && !m.tensor_is_constant(t)) life[t].last = op;
      }
      for (uint32_t j = 0; j < fop->outputs()->size(); ++j) {
        const int t = fop->outputs()->Get(j);
        life[t] = {op, op};
      }
      const int in0 =
          fop->inputs() != nullptr && fop->inputs()->size() > 0 ? fop->inputs()->Get(0) : -1;
      if (in0 >= 0 && !m.tensor_is_constant(in0)) {
        int src = in0;  // in place overwrites the bytes a view reads
        while (view_of[src] >= 0) src = view_of[src];
        inplace_at[src] = op;
      }
    }
    for (int i = 0; i < m.num_outputs(); ++i) life[m.output_tensor(i)].last = nops - 1;
    // A view keeps its source's bytes alive for as long as the view lives.
    for (int t = 0; t < nt; ++t) {
      for (int v = t; view_of[v] >= 0; v = view_of[v]) {
        life[view_of[v]].last = std::max(life[view_of[v]].last, life[t].last);
      }
    }
    auto source = [&](int t) {
      while (view_of[t] >= 0) t = view_of[t];
      return t;
    };
    int checked = 0;
    for (int a = 0; a < nt; ++a) {
      const int64_t oa = interp.tensor_offset(a);
      if (oa < 0 || life[a].first < 0) continue;
      for (int b = a + 1; b < nt; ++b) {
        const int64_t ob = interp.tensor_offset(b);
        if (ob < 0 || life[b].first < 0) continue;
        if (life[a].last < life[b].first || life[b].last < life[a].first) continue;
        const int sa = source(a), sb = source(b);
        if (sa == sb) continue;  // views of the same bytes
        // In place: output 0 written over input 0, from the same start, at
        // the op where input 0 dies.
        auto in_place = [&](int src, int dst) {
          return inplace_at[src] >= 0 && life[src].last == inplace_at[src] &&
                 life[dst].first == inplace_at[src];
        };
        if (oa == ob && (in_place(sa, sb) || in_place(sb, sa))) continue;
        const int64_t ea = oa + static_cast<int64_t>(m.tensor_bytes(a));
        const int64_t eb = ob + static_cast<int64_t>(m.tensor_bytes(b));
        ++checked;
        EXPECT_TRUE(ea <= ob || eb <= oa)
            << name << ": tensors " << a << " [" << oa << "," << ea << ") and " << b << " [" << ob
            << "," << eb << ") are live together at ops " << life[a].first << "-" << life[a].last
            << " / " << life[b].first << "-" << life[b].last;
      }
    }
    for (const ScratchRecord* s = interp.scratch_buffers(); s != nullptr; s = s->next) {
      for (int t = 0; t < nt; ++t) {
        const int64_t ot = interp.tensor_offset(t);
        if (ot < 0 || life[t].first < 0 || life[t].first > s->op || life[t].last < s->op) continue;
        const int64_t et = ot + static_cast<int64_t>(m.tensor_bytes(t));
        ++checked;
        const int64_t so = static_cast<int64_t>(s->offset);
        EXPECT_TRUE(et <= so || so + static_cast<int64_t>(s->size) <= ot)
            << name << ": scratch of op " << s->op << " overlaps tensor " << t;
      }
    }
    std::printf("[ plan     ] %-24s %d live pairs checked, arena %zu\n", name.c_str(), checked,
                interp.report().arena_bytes);
  }
}

}  // namespace
}  // namespace circlet
