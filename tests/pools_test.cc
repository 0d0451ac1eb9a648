// SPDX-License-Identifier: Apache-2.0
// Memory pools (Interpreter's pools constructor): one pool plans exactly as
// one arena; two pools give the same outputs with the hottest buffers in the
// first; per-pool traffic against a hand-computed model; clear errors; a
// patch-based stage's windows placed in the pools.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "runtime/op_context.h"
#include "runtime/patch.h"
#include "tests/harness.h"

namespace circlet {
namespace {

using writer::ModelWriter;

using test::Loaded;

// Heap memory for pools, 16-byte aligned.
struct Block {
  std::unique_ptr<uint64_t[]> mem;
  size_t size;
  explicit Block(size_t n) : mem(new uint64_t[(n + 15) / 8 + 1]()), size(n) {}
  uint8_t* data() { return reinterpret_cast<uint8_t*>(mem.get()); }
};

// float32 throughout, tensors in this order (indices 0..6):
//   x[1,64] -FC(w1)-> h[1,128] -CONCAT(h,h)-> c[1,256] -RESHAPE-> r[4,64]
//   -FC(w2)-> y[4,8]
// None of these operators runs in place, so the planned buffers are x, h,
// c (with its view r) and y.
std::vector<uint8_t> Chain() {
  ModelWriter mw;
  const int x = mw.AddTensor("x", DType::kFloat32, {1, 64});
  std::vector<float> w1v(128 * 64);
  for (size_t i = 0; i < w1v.size(); ++i) w1v[i] = static_cast<float>(i % 7) * 0.125f - 0.25f;
  const int w1 = mw.AddConstant<float>("w1", DType::kFloat32, {128, 64}, w1v);
  const int h = mw.AddTensor("h", DType::kFloat32, {1, 128});
  const int c = mw.AddTensor("c", DType::kFloat32, {1, 256});
  const int r = mw.AddTensor("r", DType::kFloat32, {4, 64});
  std::vector<float> w2v(8 * 64);
  for (size_t i = 0; i < w2v.size(); ++i) w2v[i] = static_cast<float>(i % 5) * 0.25f - 0.5f;
  const int w2 = mw.AddConstant<float>("w2", DType::kFloat32, {8, 64}, w2v);
  const int y = mw.AddTensor("y", DType::kFloat32, {4, 8});
  mw.AddOperator(opcode::FULLY_CONNECTED, {x, w1, -1}, {h}, writer::FullyConnectedOptions(0));
  mw.AddOperator(opcode::CONCATENATION, {h, h}, {c}, writer::ConcatenationOptions(1, 0));
  mw.AddOperator(opcode::RESHAPE, {c}, {r}, writer::ReshapeOptions({4, 64}));
  mw.AddOperator(opcode::FULLY_CONNECTED, {r, w2, -1}, {y}, writer::FullyConnectedOptions(0));
  mw.SetInputs({x});
  mw.SetOutputs({y});
  return mw.Finish();
}
constexpr int kX = 0, kH = 2, kC = 3, kR = 4, kY = 6;

// The traffic model by hand, per tensor (bytes per inference):
//   x  256 B: written by the caller, read by op 0             r 256  w 256
//   h  512 B: written by op 0, read twice by op 1             r 1024 w 512
//   c 1024 B: written by op 1; op 2 (RESHAPE) moves nothing   r 0    w 1024
//   r (view of c): read by op 3                               r 1024 w 0
//   y  128 B: written by op 3, read by the caller             r 128  w 128
struct Traffic {
  int tensor;
  size_t read, written;
};
const Traffic kTraffic[] = {
    {kX, 256, 256}, {kH, 1024, 512}, {kC, 0, 1024}, {kR, 1024, 0}, {kY, 128, 128}};
// Access densities (read + written per byte): h 3, x 2, c (with r) 2, y 2.

std::vector<uint8_t> RunOnce(Interpreter& interp, const std::vector<uint8_t>& input) {
  EXPECT_TRUE(interp.SetInput(0, input.data(), input.size()).ok());
  Status s = interp.Invoke();
  EXPECT_TRUE(s.ok()) << s.message();
  const TensorView out = interp.output(0);
  const uint8_t* p = static_cast<const uint8_t*>(out.data);
  return std::vector<uint8_t>(p, p + out.bytes());
}

std::vector<uint8_t> ChainInput() {
  std::vector<float> v(64);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i) * 0.03125f - 1.0f;
  return test::Bytes(v);
}

TEST(MemoryPools, OnePoolTrafficMatchesTheHandModel) {
  Loaded l(Chain());
  Block b(1 << 16);
  const MemoryPool pools[] = {{b.data(), b.size, "sram"}};
  Interpreter interp(l.model, AllOpsResolver(), pools, 1);
  Status s = interp.Prepare();
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(interp.scratch_buffers(), nullptr);  // the model below has no scratch
  const ArenaReport& r = interp.report();
  ASSERT_EQ(r.num_pools, 1);
  EXPECT_STREQ(r.pools[0].name, "sram");
  EXPECT_EQ(r.pools[0].read_bytes, 256u + 1024 + 1024 + 128);
  EXPECT_EQ(r.pools[0].written_bytes, 256u + 512 + 1024 + 128);
  EXPECT_EQ(r.pools[0].used_bytes, r.arena_bytes);
  EXPECT_EQ(r.pools[0].activation_bytes, r.activation_bytes);
  EXPECT_EQ(r.pools[0].persistent_bytes, r.persistent_bytes);
}

// Pool 0 holds the persistent data and 800 bytes of buffers: by density h
// (512 B) goes first, then x (256 B); c (1024 B) does not fit and spills;
// y (128 B, live only at op 3, when x and h are dead) shares their bytes.
TEST(MemoryPools, HottestBuffersGoToTheFirstPool) {
  Loaded l(Chain());
  alignas(16) static uint8_t arena[1 << 16];
  Interpreter one(l.model, AllOpsResolver(), arena, sizeof(arena));
  ASSERT_TRUE(one.Prepare().ok());
  const std::vector<uint8_t> expected = RunOnce(one, ChainInput());

  const size_t persistent = one.report().persistent_bytes;
  Block fast(persistent + 800), slow(4096);
  const MemoryPool pools[] = {{fast.data(), fast.size, "fast"}, {slow.data(), slow.size, "slow"}};
  Interpreter interp(l.model, AllOpsResolver(), pools, 2);
  Status s = interp.Prepare();
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(RunOnce(interp, ChainInput()), expected);

  auto pool_of_tensor = [&](int t) { return interp.pool_of(interp.tensor(t).data, nullptr); };
  EXPECT_EQ(pool_of_tensor(kH), 0);
  EXPECT_EQ(pool_of_tensor(kX), 0);
  EXPECT_EQ(pool_of_tensor(kY), 0);
  EXPECT_EQ(pool_of_tensor(kC), 1);
  EXPECT_EQ(pool_of_tensor(kR), 1);  // a view lives with its root
  EXPECT_EQ(interp.tensor(kR).data, interp.tensor(kC).data);

  const ArenaReport& r = interp.report();
  ASSERT_EQ(r.num_pools, 2);
  EXPECT_STREQ(r.pools[0].name, "fast");
  EXPECT_STREQ(r.pools[1].name, "slow");
  EXPECT_EQ(r.pools[0].persistent_bytes, persistent);
  EXPECT_EQ(r.pools[1].persistent_bytes, 0u);
  EXPECT_EQ(r.pools[0].activation_bytes, 512u + 256);  // x and h together; y reuses
  EXPECT_EQ(r.pools[1].activation_bytes, 1024u);
  EXPECT_EQ(r.pools[1].used_bytes, 1024u);
  EXPECT_LE(r.pools[0].used_bytes, fast.size);
  EXPECT_EQ(r.arena_bytes, r.pools[0].used_bytes + r.pools[1].used_bytes);
  // Per pool: the hand figures of the tensors the interpreter put there.
  size_t read[2] = {}, written[2] = {};
  for (const Traffic& t : kTraffic) {
    const int p = pool_of_tensor(t.tensor);
    ASSERT_TRUE(p == 0 || p == 1) << t.tensor;
    read[p] += t.read;
    written[p] += t.written;
  }
  EXPECT_EQ(read[0], 256u + 1024 + 128);
  EXPECT_EQ(written[0], 256u + 512 + 128);
  for (int p = 0; p < 2; ++p) {
    EXPECT_EQ(r.pools[p].read_bytes, read[p]) << p;
    EXPECT_EQ(r.pools[p].written_bytes, written[p]) << p;
  }
}

TEST(MemoryPools, TooSmallPoolsNameThePoolsAndTheBytes) {
  Loaded l(Chain());
  alignas(16) static uint8_t arena[1 << 16];
  Interpreter one(l.model, AllOpsResolver(), arena, sizeof(arena));
  ASSERT_TRUE(one.Prepare().ok());
  const size_t persistent = one.report().persistent_bytes;
  {
    // c (tensor 3, 1024 B) fits neither pool.
    Block fast(persistent + 800), slow(1000);
    const MemoryPool pools[] = {{fast.data(), fast.size, "dtcm"}, {slow.data(), slow.size, "sram"}};
    Interpreter interp(l.model, AllOpsResolver(), pools, 2);
    Status s = interp.Prepare();
    ASSERT_EQ(s.code(), StatusCode::kArenaTooSmall);
    const std::string m = s.message();
    EXPECT_NE(m.find("memory pools too small: tensor 3 (1024 B) fits none of 'dtcm' 800 B, "
                     "'sram' 1000 B"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("one pool would need " + std::to_string(one.report().activation_bytes) + " B"),
              std::string::npos)
        << m;
  }
  {
    // Neither pool holds the interpreter's tables.
    Block a(64), b(96);
    const MemoryPool pools[] = {{a.data(), a.size, "dtcm"}, {b.data(), b.size, "sram"}};
    Interpreter interp(l.model, AllOpsResolver(), pools, 2);
    Status s = interp.Prepare();
    ASSERT_EQ(s.code(), StatusCode::kArenaTooSmall);
    EXPECT_NE(std::string(s.message())
                  .find("no memory pool holds the persistent and planning data; pool 'dtcm': "
                        "arena too small: 64 bytes given"),
              std::string::npos)
        << s.message();
    EXPECT_FALSE(interp.prepared());
  }
  {
    // One pool too small for the plan.
    Block a(persistent + 256);
    const MemoryPool pools[] = {{a.data(), a.size, "sram"}};
    Interpreter interp(l.model, AllOpsResolver(), pools, 1);
    Status s = interp.Prepare();
    ASSERT_EQ(s.code(), StatusCode::kArenaTooSmall);
    EXPECT_NE(std::string(s.message())
                  .find("memory pool 'sram' too small: " + std::to_string(a.size) +
                        " bytes given, the plan needs " + std::to_string(one.report().arena_bytes) +
                        " bytes"),
              std::string::npos)
        << s.message();
  }
}

// The persistent data goes to the first pool that holds it: here pool 1.
TEST(MemoryPools, PersistentDataMovesOnWhenTheFirstPoolIsTooSmall) {
  Loaded l(Chain());
  Block tiny(64), big(1 << 14);
  const MemoryPool pools[] = {{tiny.data(), tiny.size, "tiny"}, {big.data(), big.size, "big"}};
  Interpreter interp(l.model, AllOpsResolver(), pools, 2);
  Status s = interp.Prepare();
  ASSERT_TRUE(s.ok()) << s.message();
  const ArenaReport& r = interp.report();
  EXPECT_EQ(r.pools[0].persistent_bytes, 0u);
  EXPECT_GT(r.pools[1].persistent_bytes, 0u);
  EXPECT_LE(r.pools[0].used_bytes, 64u);
  alignas(16) static uint8_t arena[1 << 16];
  Interpreter one(l.model, AllOpsResolver(), arena, sizeof(arena));
  ASSERT_TRUE(one.Prepare().ok());
  EXPECT_EQ(RunOnce(interp, ChainInput()), RunOnce(one, ChainInput()));
}

TEST(MemoryPools, BadPoolListsAreRejected) {
  Loaded l(Chain());
  Block a(4096), b(4096);
  auto prepare = [&](const MemoryPool* pools, int n) {
    Interpreter interp(l.model, AllOpsResolver(), pools, n);
    return std::string(interp.Prepare().message());
  };
  const MemoryPool ok[] = {{a.data(), a.size, "a"}, {b.data(), b.size, "b"}};
  EXPECT_NE(prepare(ok, 0).find("0 memory pools given (1 to 4"), std::string::npos);
  EXPECT_NE(prepare(nullptr, 1).find("0 memory pools given"), std::string::npos);
  const MemoryPool five[] = {ok[0], ok[0], ok[0], ok[0], ok[0]};
  EXPECT_NE(prepare(five, 5).find("5 memory pools given"), std::string::npos);
  const MemoryPool overlap[] = {{a.data(), 2048, "a"}, {a.data() + 1024, 2048, "b"}};
  EXPECT_NE(prepare(overlap, 2).find("memory pools 0 'a' and 1 'b' overlap"), std::string::npos);
  const MemoryPool odd[] = {{a.data() + 4, 2048, nullptr}};
  EXPECT_NE(prepare(odd, 1).find("memory pool 0 'pool0' must be 8-byte aligned"),
            std::string::npos);
  const MemoryPool empty[] = {{a.data(), 0, "a"}};
  EXPECT_NE(prepare(empty, 1).find("memory pool 0 'a' is empty"), std::string::npos);
}

// Both prepared interpreters of one shared model (in `dir`) given its input
// files (or bytes of 3 when a file does not fit): the same output bytes.
void ExpectSameOutputs(const std::string& dir, Interpreter& a, Interpreter& b) {
  for (int i = 0; i < a.num_inputs(); ++i) {
    std::vector<uint8_t> in = test::ReadFile(dir + "/input" + std::to_string(i) + ".bin");
    if (in.size() != a.input(i).bytes()) in.assign(a.input(i).bytes(), 3);
    ASSERT_TRUE(a.SetInput(i, in.data(), in.size()).ok());
    ASSERT_TRUE(b.SetInput(i, in.data(), in.size()).ok());
  }
  ASSERT_TRUE(a.Invoke().ok());
  const Status s = b.Invoke();
  ASSERT_TRUE(s.ok()) << s.message();
  for (int i = 0; i < a.num_outputs(); ++i) {
    const TensorView x = a.output(i), y = b.output(i);
    ASSERT_EQ(x.bytes(), y.bytes());
    EXPECT_EQ(std::memcmp(x.data, y.data, x.bytes()), 0) << "output " << i;
  }
}

// Every shared model: one pool gives the one-arena plan (report, offsets);
// two pools, the first smaller than the activations, give the same outputs.
TEST(MemoryPools, SharedModelsOnePoolIsOneArenaAndTwoPoolsSameOutputs) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  for (const std::string& name : test::SharedModelNames()) {
    SCOPED_TRACE(name);
    const std::string dir = root + "/" + name;
    const Loaded l(test::ReadFile(dir + "/model.tflite"));
    const Model& model = l.model;
    Block arena(4 << 20), pool(4 << 20);
    Interpreter one(model, AllOpsResolver(), arena.data(), arena.size);
    Status s = one.Prepare();
    if (!s.ok()) continue;  // models circlet cannot run (shared_models_test says why)
    const MemoryPool single[] = {{pool.data(), pool.size, "sram"}};
    Interpreter p1(model, AllOpsResolver(), single, 1);
    s = p1.Prepare();
    ASSERT_TRUE(s.ok()) << s.message();
    const ArenaReport &a = one.report(), &b = p1.report();
    EXPECT_EQ(a.arena_bytes, b.arena_bytes);
    EXPECT_EQ(a.activation_bytes, b.activation_bytes);
    EXPECT_EQ(a.persistent_bytes, b.persistent_bytes);
    EXPECT_EQ(a.scratch_bytes, b.scratch_bytes);
    EXPECT_EQ(a.lower_bound_bytes, b.lower_bound_bytes);
    EXPECT_EQ(a.activation_bytes_without_inplace, b.activation_bytes_without_inplace);
    EXPECT_EQ(a.inplace_ops, b.inplace_ops);
    EXPECT_EQ(a.prepare_temp_bytes, b.prepare_temp_bytes);
    EXPECT_EQ(a.planned_buffers, b.planned_buffers);
    EXPECT_STREQ(a.strategy, b.strategy);
    EXPECT_EQ(b.pools[0].used_bytes, a.arena_bytes);
    for (int t = 0; t < model.num_tensors(); ++t) {
      EXPECT_EQ(one.tensor_offset(t), p1.tensor_offset(t)) << "tensor " << t;
    }
    const ScratchRecord* sa = one.scratch_buffers();
    const ScratchRecord* sb = p1.scratch_buffers();
    for (; sa != nullptr && sb != nullptr; sa = sa->next, sb = sb->next) {
      EXPECT_EQ(sa->offset, sb->offset);
    }
    EXPECT_TRUE(sa == nullptr && sb == nullptr);

    // Two pools: the first holds the persistent data and half the activations.
    // (Its planning data, more than one arena's, overlaps the activations.)
    const size_t half = a.activation_bytes / 2, temp = 2 * a.prepare_temp_bytes;
    const size_t first = a.persistent_bytes + (half > temp ? half : temp) + 64;
    Block fast(first), slow(4 << 20);
    const MemoryPool two[] = {{fast.data(), fast.size, "fast"}, {slow.data(), slow.size, "slow"}};
    Interpreter p2(model, AllOpsResolver(), two, 2);
    s = p2.Prepare();
    ASSERT_TRUE(s.ok()) << s.message();
    const ArenaReport& c = p2.report();
    std::printf(
        "[ pools    ] %-22s one arena %6zu B; '%s' %6zu B used, r %7zu w %7zu; '%s' %6zu B used, "
        "r %7zu w %7zu\n",
        name.c_str(), a.arena_bytes, c.pools[0].name, c.pools[0].used_bytes, c.pools[0].read_bytes,
        c.pools[0].written_bytes, c.pools[1].name, c.pools[1].used_bytes, c.pools[1].read_bytes,
        c.pools[1].written_bytes);
    EXPECT_EQ(c.pools[0].persistent_bytes, a.persistent_bytes);
    EXPECT_LE(c.pools[0].used_bytes, fast.size);
    EXPECT_EQ(c.pools[0].read_bytes + c.pools[1].read_bytes, b.pools[0].read_bytes);
    EXPECT_EQ(c.pools[0].written_bytes + c.pools[1].written_bytes, b.pools[0].written_bytes);
    for (int t = 0; t < model.num_tensors(); ++t) {
      if (model.tensor_is_constant(t) || one.tensor_offset(t) < 0) continue;
      EXPECT_GE(p2.pool_of(p2.tensor(t).data, nullptr), 0) << "tensor " << t;
    }
    for (const ScratchRecord* sc = p2.scratch_buffers(); sc != nullptr; sc = sc->next) {
      EXPECT_GE(p2.pool_of(p2.scratch_data(sc), nullptr), 0);
    }
    // Same inputs (the golden files), same outputs, byte for byte.
    ExpectSameOutputs(dir, one, p2);
  }
}

// The models on which patch-based execution runs a stage: with two pools,
// the first smaller than the stage's plan, the stage still runs (same
// operators), its windows lie in the pools, and the outputs are the
// one-arena outputs without patches, byte for byte.
TEST(MemoryPools, SharedModelsPatchedStageInTwoPools) {
  const std::string root = test::SharedModelsDir();
  if (root.empty()) GTEST_SKIP() << "SKIPPED: ../shared/models not found";
  int staged = 0;
  for (const std::string& name : test::SharedModelNames()) {
    SCOPED_TRACE(name);
    const std::string dir = root + "/" + name;
    const Loaded l(test::ReadFile(dir + "/model.tflite"));
    const Model& model = l.model;
    Block arena(4 << 20), patched_arena(4 << 20);
    Interpreter plain(model, AllOpsResolver(), arena.data(), arena.size);
    if (!plain.Prepare().ok()) continue;  // models circlet cannot run
    Interpreter patched(model, AllOpsResolver(), patched_arena.data(), patched_arena.size);
    EnablePatchExecution(patched);
    ASSERT_TRUE(patched.Prepare().ok());
    const ArenaReport& a = patched.report();
    if (a.patch_ops == 0) continue;
    ++staged;
    const size_t half = a.activation_bytes / 2, temp = 2 * a.prepare_temp_bytes;
    Block fast(a.persistent_bytes + (half > temp ? half : temp) + 64), slow(4 << 20);
    const MemoryPool two[] = {{fast.data(), fast.size, "fast"}, {slow.data(), slow.size, "slow"}};
    Interpreter pooled(model, AllOpsResolver(), two, 2);
    EnablePatchExecution(pooled);
    Status s = pooled.Prepare();
    ASSERT_TRUE(s.ok()) << s.message();
    const ArenaReport& c = pooled.report();
    EXPECT_EQ(c.patch_first_op, a.patch_first_op);
    EXPECT_EQ(c.patch_ops, a.patch_ops);
    EXPECT_LE(c.pools[0].used_bytes, fast.size);
    const PatchStage* st = pooled.patch_stage();
    ASSERT_NE(st, nullptr);
    int in_fast = 0;
    for (int k = 1; k < st->shape.num_ops; ++k) {
      size_t at = 0;
      const int p = pooled.pool_of(st->window[k], &at);
      ASSERT_GE(p, 0) << "window " << k;
      EXPECT_LE(at + st->plan.window_bytes[k], two[p].size) << "window " << k;
      in_fast += p == 0 ? 1 : 0;
    }
    std::printf(
        "[ pools    ] %-14s patched, one arena %6zu B; '%s' %6zu B used (%d of %d windows), "
        "'%s' %6zu B used\n",
        name.c_str(), a.arena_bytes, c.pools[0].name, c.pools[0].used_bytes, in_fast,
        st->shape.num_ops - 1, c.pools[1].name, c.pools[1].used_bytes);
    ExpectSameOutputs(dir, plain, pooled);
  }
  EXPECT_GE(staged, 2);  // vww_96_int8 and person_detect at least
}

}  // namespace
}  // namespace circlet
