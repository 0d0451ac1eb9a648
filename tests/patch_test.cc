// SPDX-License-Identifier: Apache-2.0
// Patch-based execution (plan/patch.h, runtime/patch.cc).
//  - The row arithmetic on a two-operator stage worked out by hand: the
//    order of the calls, each call's input rows, the window sizes, the halo
//    bytes moved and how far the output may overlay the input.
//  - Random chains of CONV_2D / DEPTHWISE_CONV_2D (float and int8; kernel
//    sizes, strides, dilations, SAME/VALID, channel counts and depth
//    multipliers drawn at random) run on bands (EnablePatchExecution with
//    `always`) in an arena of exactly the reported size: every output byte
//    equals the same model run whole; a third of them also with two memory
//    pools, which place the stage's windows with the other buffers. The
//    stage's kept area (the int8 convolutions' channel parameters, computed
//    on each operator's first band) holds exactly those bytes, lies in the
//    planned memory, and is refilled on every run: spoiled between two
//    runs, the second run gives the same bytes.
#include "plan/patch.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "kernels/conv_util.h"
#include "runtime/patch.h"
#include "tests/kernels/conv_test_util.h"

namespace circlet {
namespace {

// Op 0: 3x3, stride 1, pad 1 on 4 rows -> 4 rows. Op 1: 3x3, stride 2, pad
// 0 (SAME on 4 rows: out 2, padding 1 after) -> 2 rows. Rows of 10, 20 and
// 30 bytes.
StageShape TwoOps() {
  StageShape s = {};
  s.num_ops = 2;
  s.map[0] = RowMap{3, 1, 1};
  s.map[1] = RowMap{3, 2, 0};
  s.rows[0] = 4;
  s.rows[1] = 4;
  s.rows[2] = 2;
  s.row_bytes[0] = 10;
  s.row_bytes[1] = 20;
  s.row_bytes[2] = 30;
  return s;
}

TEST(PatchRows, CallsInDemandOrder) {
  // Op 1's row 0 reads T1 rows 0-2: op 0 makes them (reading T0 rows [0,1],
  // [0,2], [1,3]); then op 1 row 0; its row 1 reads T1 rows 2-3: op 0 makes
  // row 3 (T0 rows [2,3]) and T1's window drops rows 0-1, keeping row 2;
  // then op 1 row 1.
  const StageShape s = TwoOps();
  struct Want {
    int op, row, lo, hi, base;
  };
  const Want want[] = {{0, 0, 0, 1, 0}, {0, 1, 0, 2, 0}, {0, 2, 1, 3, 0},
                       {1, 0, 0, 2, 0}, {0, 3, 2, 3, 2}, {1, 1, 2, 3, 1}};
  StageCursor c = {};
  StageCall call;
  for (const Want& w : want) {
    ASSERT_TRUE(StageNext(s, c, &call));
    EXPECT_EQ(call.op, w.op);
    EXPECT_EQ(call.row, w.row);
    EXPECT_EQ(call.in_lo, w.lo);
    EXPECT_EQ(call.in_hi, w.hi);
    EXPECT_EQ(call.out_base, w.base);
    StageAdvance(&c, call);
  }
  EXPECT_FALSE(StageNext(s, c, &call));
}

TEST(PatchRows, PlanFromTheCalls) {
  StagePlan p;
  PlanStage(TwoOps(), &p);
  EXPECT_EQ(p.calls, 6);
  EXPECT_EQ(p.recomputed_rows, 0);
  // T1 holds at most rows 0-2 (3 rows of 20 bytes).
  EXPECT_EQ(p.window_rows[1], 3);
  EXPECT_EQ(p.window_bytes[1], 60u);
  // Row 2 moves to the window's start once (20 bytes).
  EXPECT_EQ(p.moved_bytes, 20);
  // After op 1's row 0 (30 bytes of T2), op 0 reads T0 from row 2 (byte
  // 20): T2 must start 10 bytes before T0.
  EXPECT_EQ(p.output_offset, -10);
}

TEST(PatchRows, OneByOneKeepsOneRow) {
  // Three 1x1 stride-1 operators: each window holds one row.
  StageShape s = {};
  s.num_ops = 3;
  for (int k = 0; k < 3; ++k) s.map[k] = RowMap{1, 1, 0};
  for (int k = 0; k <= 3; ++k) {
    s.rows[k] = 5;
    s.row_bytes[k] = 8;
  }
  StagePlan p;
  PlanStage(s, &p);
  EXPECT_EQ(p.calls, 15);
  EXPECT_EQ(p.window_rows[1], 1);
  EXPECT_EQ(p.window_rows[2], 1);
  EXPECT_EQ(p.moved_bytes, 0);
  // The output's row r is written after T0's row r was read: same start.
  EXPECT_EQ(p.output_offset, 0);
}

// ---------------------------------------------------------------------------
// Random chains through the interpreter.

struct Layer {
  bool depthwise;
  int k_h, k_w, stride, dilation, multiplier, out_c, act;
  bool same;
  int in_h, in_w, in_c, out_h, out_w;
};

struct Chain {
  bool int8;
  std::vector<Layer> layers;
};

std::string Describe(const Chain& ch) {
  std::string d = ch.int8 ? "int8" : "float";
  for (const Layer& l : ch.layers) {
    char buf[160];
    std::snprintf(buf, sizeof(buf), " | %s %dx%d s%d d%d m%d %s in %dx%dx%d out %dx%dx%d",
                  l.depthwise ? "DW" : "CONV", l.k_h, l.k_w, l.stride, l.dilation, l.multiplier,
                  l.same ? "SAME" : "VALID", l.in_h, l.in_w, l.in_c, l.out_h, l.out_w, l.out_c);
    d += buf;
  }
  return d;
}

// A chain of 2 to 5 layers on a random input; false when a VALID layer
// leaves no output.
bool MakeChain(test::Rng& rng, Chain* ch) {
  ch->int8 = rng.Int(0, 3) != 0;
  int h = rng.Int(1, 24), w = rng.Int(1, 9), c = rng.Int(1, 6);
  const int n = rng.Int(2, 5);
  ch->layers.clear();
  for (int i = 0; i < n; ++i) {
    Layer l;
    l.depthwise = rng.Int(0, 1) == 1;
    l.k_h = rng.Int(1, 5);
    l.k_w = rng.Int(1, 3);
    l.stride = rng.Int(1, 3);
    l.dilation = rng.Int(0, 3) == 0 ? 2 : 1;
    l.multiplier = l.depthwise && rng.Int(0, 2) == 0 ? 2 : 1;
    l.out_c = l.depthwise ? c * l.multiplier : rng.Int(1, 8);
    l.same = rng.Int(0, 2) != 0;
    l.act = rng.Int(0, 2) == 0 ? 1 : 0;  // RELU or none
    l.in_h = h;
    l.in_w = w;
    l.in_c = c;
    l.out_h = test::RefOutSize(l.same, h, l.k_h, l.stride, l.dilation);
    l.out_w = test::RefOutSize(l.same, w, l.k_w, l.stride, l.dilation);
    if (l.out_h < 1 || l.out_w < 1) return false;
    ch->layers.push_back(l);
    h = l.out_h;
    w = l.out_w;
    c = l.out_c;
  }
  return true;
}

std::vector<uint8_t> BuildChain(const Chain& ch, test::Rng& rng) {
  writer::ModelWriter mw;
  const DType t = ch.int8 ? DType::kInt8 : DType::kFloat32;
  auto act_q = [&](float scale, int zp) {
    return ch.int8 ? writer::PerTensor(scale, zp) : writer::Quant();
  };
  const Layer& l0 = ch.layers[0];
  int x = mw.AddTensor("x", t, {1, l0.in_h, l0.in_w, l0.in_c}, act_q(0.05f, 3));
  const int input = x;
  float in_scale = 0.05f;
  for (size_t i = 0; i < ch.layers.size(); ++i) {
    const Layer& l = ch.layers[i];
    const int taps_c = l.depthwise ? 1 : l.in_c;
    const size_t fn = static_cast<size_t>(l.out_c) * l.k_h * l.k_w * taps_c;
    const std::vector<int32_t> f_shape = l.depthwise
                                             ? std::vector<int32_t>{1, l.k_h, l.k_w, l.out_c}
                                             : std::vector<int32_t>{l.out_c, l.k_h, l.k_w, l.in_c};
    int f, b;
    const float out_scale = in_scale * rng.Float(0.6f, 1.6f);
    if (ch.int8) {
      std::vector<int8_t> fw(fn);
      for (int8_t& v : fw) v = static_cast<int8_t>(rng.Int(-127, 127));
      writer::Quant fq;
      for (int o = 0; o < l.out_c; ++o) {
        fq.scales.push_back(rng.Float(0.002f, 0.02f));
        fq.zero_points.push_back(0);
      }
      fq.quantized_dimension = l.depthwise ? 3 : 0;
      std::vector<int32_t> bias(static_cast<size_t>(l.out_c));
      for (int32_t& v : bias) v = rng.Int(-2000, 2000);
      f = mw.AddConstant<int8_t>("f" + std::to_string(i), DType::kInt8, f_shape, fw, fq);
      b = mw.AddConstant<int32_t>("b" + std::to_string(i), DType::kInt32, {l.out_c}, bias);
    } else {
      std::vector<float> fw(fn), bias(static_cast<size_t>(l.out_c));
      for (float& v : fw) v = rng.Float(-1.0f, 1.0f);
      for (float& v : bias) v = rng.Float(-0.5f, 0.5f);
      f = mw.AddConstant<float>("f" + std::to_string(i), DType::kFloat32, f_shape, fw);
      b = mw.AddConstant<float>("b" + std::to_string(i), DType::kFloat32, {l.out_c}, bias);
    }
    const int y = mw.AddTensor("y" + std::to_string(i), t, {1, l.out_h, l.out_w, l.out_c},
                               act_q(out_scale, rng.Int(-20, 20)));
    const fb::Padding pad = l.same ? fb::Padding_SAME : fb::Padding_VALID;
    if (l.depthwise) {
      mw.AddOperator(4, {x, f, b}, {y},
                     writer::DepthwiseConv2DOptions(pad, l.stride, l.stride, l.multiplier, l.act,
                                                    l.dilation, l.dilation),
                     ch.int8 ? 3 : 2);
    } else {
      mw.AddOperator(3, {x, f, b}, {y},
                     writer::Conv2DOptions(pad, l.stride, l.stride, l.act, l.dilation, l.dilation),
                     ch.int8 ? 3 : 2);
    }
    x = y;
    in_scale = out_scale;
  }
  mw.SetInputs({input});
  mw.SetOutputs({x});
  return mw.Finish();
}

struct Outcome {
  Status status;
  std::vector<uint8_t> out;
  ArenaReport report;
  // With a stage: its kept area, and the output of a second run after the
  // area was spoiled.
  size_t kept_bytes = 0, kept_offset = 0;
  const uint8_t* kept_at = nullptr;
  std::vector<uint8_t> out_again;
};

// One inference of a prepared interpreter: input 0 in, output 0 out.
Status RunOnce(Interpreter& interp, const std::vector<uint8_t>& input, std::vector<uint8_t>* out) {
  CIRCLET_RETURN_IF_ERROR(interp.SetInput(0, input.data(), input.size()));
  CIRCLET_RETURN_IF_ERROR(interp.Invoke());
  const TensorView y = interp.output(0);
  const auto* p = static_cast<const uint8_t*>(y.data);
  out->assign(p, p + y.bytes());
  return Status::Ok();
}

// The kept area the stage of `ch` needs: each int8 operator's channel
// parameters (unless they are persistent), 8-byte aligned.
size_t KeptBytes(const Chain& ch) {
  size_t n = 0;
  for (const Layer& l : ch.layers) {
    if (ch.int8 && !CIRCLET_PERSISTENT_CHANNEL_PARAMS) {
      n += (kernels::ChannelParamsBytes(l.out_c) + 7) / 8 * 8;
    }
  }
  return n;
}

// With a stage: notes its kept area, spoils it and runs again (later
// operators may overwrite it between runs: each run must compute what it
// keeps again).
Status SpoilKeptAndRunAgain(Interpreter& interp, const std::vector<uint8_t>& input, Outcome* r) {
  const PatchStage* st = interp.patch_stage();
  if (st == nullptr) return Status::Ok();
  r->kept_bytes = st->plan.window_bytes[0];
  r->kept_at = st->window[0];
  std::memset(st->window[0], 0xA5, r->kept_bytes);
  return RunOnce(interp, input, &r->out_again);
}

Outcome RunChain(const std::vector<uint8_t>& bytes, const std::vector<uint8_t>& input, bool patches,
                 size_t arena_bytes) {
  Outcome r;
  Model m;
  r.status = Model::Create(bytes.data(), bytes.size(), &m);
  if (!r.status.ok()) return r;
  // The arena's last byte is the allocation's last (the sanitizer build
  // catches a byte beyond).
  std::unique_ptr<uint8_t[]> mem(new uint8_t[arena_bytes + 8]);
  uint8_t* base = mem.get() + (8 - reinterpret_cast<uintptr_t>(mem.get()) % 8) % 8;
  Interpreter interp(m, AllOpsResolver(), base, arena_bytes);
  if (patches) EnablePatchExecution(interp, true);
  r.status = interp.Prepare();
  if (!r.status.ok()) return r;
  r.report = interp.report();
  r.status = RunOnce(interp, input, &r.out);
  if (r.status.ok()) r.status = SpoilKeptAndRunAgain(interp, input, &r);
  r.kept_offset = r.kept_at != nullptr ? static_cast<size_t>(r.kept_at - base) : 0;
  return r;
}

// The same forced onto bands with two memory pools: the first with room for
// the persistent and planning data and about half the activations of `ref`
// (the one-arena report with patches), the second large. Every window must
// lie inside a pool.
Outcome RunChainInTwoPools(const std::vector<uint8_t>& bytes, const std::vector<uint8_t>& input,
                           const ArenaReport& ref) {
  Outcome r;
  Model m;
  r.status = Model::Create(bytes.data(), bytes.size(), &m);
  if (!r.status.ok()) return r;
  const size_t half = ref.activation_bytes / 2, temp = 2 * ref.prepare_temp_bytes;
  const size_t fast_bytes = (ref.persistent_bytes + (half > temp ? half : temp) + 1024) & ~7u;
  const size_t slow_bytes = 1 << 20;
  std::unique_ptr<uint64_t[]> fast(new uint64_t[fast_bytes / 8]),
      slow(new uint64_t[slow_bytes / 8]);
  const MemoryPool pools[] = {{reinterpret_cast<uint8_t*>(fast.get()), fast_bytes, "fast"},
                              {reinterpret_cast<uint8_t*>(slow.get()), slow_bytes, "slow"}};
  Interpreter interp(m, AllOpsResolver(), pools, 2);
  EnablePatchExecution(interp, true);
  r.status = interp.Prepare();
  if (!r.status.ok()) return r;
  r.report = interp.report();
  if (const PatchStage* st = interp.patch_stage()) {
    // Windows 1..K-1 and, when it holds anything, the kept area (0).
    for (int k = st->plan.window_bytes[0] > 0 ? 0 : 1; k < st->shape.num_ops; ++k) {
      size_t at = 0;
      const int p = interp.pool_of(st->window[k], &at);
      EXPECT_GE(p, 0) << "window " << k;
      if (p >= 0) {
        EXPECT_LE(at + st->plan.window_bytes[k], pools[p].size) << "window " << k;
      }
    }
  }
  r.status = RunOnce(interp, input, &r.out);
  if (r.status.ok()) r.status = SpoilKeptAndRunAgain(interp, input, &r);
  return r;
}

TEST(PatchExecution, RandomChainsMatchWholeTensors) {
  test::Rng rng(0x5eed1234u);
  int run = 0, staged = 0, pooled_runs = 0;
  for (int attempt = 0; attempt < 600 && run < 250; ++attempt) {
    Chain ch;
    if (!MakeChain(rng, &ch)) continue;
    SCOPED_TRACE(Describe(ch));
    const std::vector<uint8_t> model = BuildChain(ch, rng);
    const Layer& l0 = ch.layers[0];
    const size_t in_n = static_cast<size_t>(l0.in_h) * l0.in_w * l0.in_c;
    std::vector<uint8_t> input(in_n * (ch.int8 ? 1 : 4));
    if (ch.int8) {
      for (uint8_t& v : input) v = static_cast<uint8_t>(rng.Int(0, 255));
    } else {
      for (size_t i = 0; i < in_n; ++i) {
        const float v = rng.Float(-1.0f, 1.0f);
        std::memcpy(input.data() + 4 * i, &v, 4);
      }
    }
    const Outcome whole = RunChain(model, input, false, 1 << 20);
    ASSERT_TRUE(whole.status.ok()) << whole.status.message();
    const Outcome sized = RunChain(model, input, true, 1 << 20);
    ASSERT_TRUE(sized.status.ok()) << sized.status.message();
    const Outcome bands = RunChain(model, input, true, sized.report.arena_bytes);
    ASSERT_TRUE(bands.status.ok()) << bands.status.message();
    EXPECT_EQ(bands.out, whole.out);
    EXPECT_EQ(bands.report.patch_recomputed_rows, 0u);
    if (bands.report.patch_ops > 0) {
      ++staged;
      EXPECT_EQ(bands.report.patch_ops, static_cast<int>(ch.layers.size()));
      EXPECT_EQ(bands.report.patch_grid_rows, ch.layers.back().out_h);
      EXPECT_EQ(bands.out_again, whole.out);
      EXPECT_EQ(bands.kept_bytes, KeptBytes(ch));
      EXPECT_LE(bands.kept_offset + bands.kept_bytes, bands.report.activation_bytes);
    }
    if (run % 3 == 0) {
      // Memory pools place the stage's windows with the other buffers.
      const Outcome pooled = RunChainInTwoPools(model, input, sized.report);
      ASSERT_TRUE(pooled.status.ok()) << pooled.status.message();
      EXPECT_EQ(pooled.out, whole.out);
      EXPECT_EQ(pooled.out_again, whole.out);
      EXPECT_EQ(pooled.kept_bytes, KeptBytes(ch));
      EXPECT_EQ(pooled.report.patch_ops, static_cast<int>(ch.layers.size()));
      EXPECT_EQ(pooled.report.num_pools, 2);
      ++pooled_runs;
    }
    ++run;
  }
  EXPECT_GE(run, 200);
  EXPECT_EQ(staged, run);  // `always`: every chain ran on bands
  std::printf(
      "[ patches  ] %d random chains, %d on bands (%d of them also in two pools), all "
      "byte-identical\n",
      run, staged, pooled_runs);
}

}  // namespace
}  // namespace circlet
