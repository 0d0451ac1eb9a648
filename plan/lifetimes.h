// SPDX-License-Identifier: Apache-2.0
// Tensor lifetimes, alias roots (views) and in-place groups: what the
// interpreter's Prepare() hands to the offset planner (plan/planner.h), and
// what `circlet plan` reports (it receives these arrays through
// PrepareObserver::OnLifetimes instead of recomputing them).
//
// PrepareTemp holds per-tensor arrays used during Prepare() only, at the
// arena's start (tensors overwrite them once offsets are assigned). Kernels
// fill two of them through OpContext (AllowInPlace, ViewOutput): during
// kernel prepare `group[t]` holds the input tensor t is a view of (kNoTensor
// if none), and a view's byte offset into its alias root stays in `rel[t]`
// (views never join in-place groups, which are made of alias roots only).
#ifndef CIRCLET_PLAN_LIFETIMES_H_
#define CIRCLET_PLAN_LIFETIMES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "circlet/model.h"
#include "circlet/status.h"
#include "plan/patch.h"
#include "runtime/records.h"

namespace circlet {

constexpr uint16_t kNoTensor = 0xFFFF;
constexpr uint16_t kNone = 0xFFFF;  // no lifetime (an unused tensor)

// How an op's output 0 may overlay its input 0 when input 0 dies at the op
// (the planner decides; the kernel must give the right result either way,
// e.g. by checking whether the data pointers overlap).
enum class InPlace : uint8_t {
  kNone = 0,
  kSameStart = 1,   // same offset: elementwise ops reading i before writing i
  kEndAligned = 2,  // input ends where the output ends: forward writers of a
                    // larger output (e.g. channel-expanding 1x1 convolution)
};

struct PrepareTemp {
  int32_t* rel;     // offset inside its in-place group; for a view, into its root
  uint16_t* first;  // lifetime of each tensor (alias roots)
  uint16_t* last;
  uint16_t* root;    // alias root (views share their input's bytes)
  uint16_t* group;   // in-place group head; during kernel prepare: view source
  uint8_t* inplace;  // per op: InPlace requested by the kernel
  // Patch-based execution only (else nullptr): per op, how it reads rows if
  // it can run on row bands, and its bytes on one-row bands. They lie past
  // `bytes` and are read once, right after the kernels' prepare
  // (runtime/patch.cc): a model without a stage pays nothing for them.
  RowMap* rows = nullptr;
  BandBytes* band = nullptr;
  // Where OpContext::AllowRowWindows() sends an op's row map and band bytes
  // (set with the arrays, by runtime/patch.cc, which alone links the code
  // that fills them).
  void (*row_sink)(PrepareTemp& tp, int op, int stride, int pad, int extent, size_t row_scratch,
                   size_t kept) = nullptr;
  // What they held for the first chain that may run on row bands, kept
  // (inside `bytes`) once they are gone; nullptr without such a chain.
  const StageChain* chain = nullptr;
  size_t bytes;
  // The interpreter's tensor records (nullptr in tools): a variable tensor
  // must have storage (a stateful kernel claimed it) when read.
  const TensorRecord* records = nullptr;

  static size_t Bytes(size_t nt, size_t nops) { return nt * 12 + nops; }
  // The row arrays' bytes, from 8-byte aligned `bytes` on.
  static size_t RowBytes(size_t nops) { return nops * (sizeof(RowMap) + sizeof(BandBytes)); }
  void Init(uint8_t* base, size_t nt, size_t nops) {
    rel = reinterpret_cast<int32_t*>(base);
    first = reinterpret_cast<uint16_t*>(rel + nt);
    last = first + nt;
    root = last + nt;
    group = root + nt;
    inplace = reinterpret_cast<uint8_t*>(group + nt);
    bytes = Bytes(nt, nops);
    std::memset(rel, 0, nt * sizeof(int32_t));
    std::memset(group, 0xFF, nt * sizeof(uint16_t));  // kNoTensor
    std::memset(inplace, 0, nops);
  }
};

// Tensor t is one of the graph's outputs.
bool IsGraphOutput(const Model& m, int t);

// first/last op step of every alias root and each tensor's root, from the
// graph and the views kernels asked for; checks the graph's order (every
// read after a write, one writer per tensor, no writes to constants or
// graph inputs). Graph inputs live from step 0, graph outputs to the end.
Status ComputeLifetimes(const Model& m, PrepareTemp& tp);

// Groups alias roots that share memory through in-place execution: an op
// whose kernel allowed it writes output 0 over input 0 when input 0 dies at
// that op (kSameStart: same offset; kEndAligned: the input at the end of the
// larger output). Fills group/rel; returns the number of merges (0 when
// use_inplace is false).
int BuildInPlaceGroups(const Model& m, PrepareTemp& tp, bool use_inplace);

// Moves alias root t's whole in-place group into root `into`'s group, t at
// `rel` bytes from `into` (negative: before it). The caller has checked
// that the members' lifetimes and offsets never clash.
void JoinGroup(PrepareTemp& tp, int num_tensors, int into, int t, int32_t rel);

}  // namespace circlet

#endif  // CIRCLET_PLAN_LIFETIMES_H_
