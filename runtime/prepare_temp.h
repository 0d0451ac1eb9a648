// SPDX-License-Identifier: Apache-2.0
// PrepareTemp: per-tensor arrays the interpreter uses during Prepare() only,
// at the arena's start (tensors overwrite them once offsets are assigned).
// Kernels reach them through OpContext (AllowInPlace, ViewOutput).
//
// Views reuse two arrays: during kernel prepare `group[t]` holds the input
// tensor t is a view of (kNoTensor if none), and a view's byte offset into
// its alias root stays in `rel[t]` (views never join in-place groups, which
// are made of alias roots only).
#ifndef CIRCLET_RUNTIME_PREPARE_TEMP_H_
#define CIRCLET_RUNTIME_PREPARE_TEMP_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace circlet {

constexpr uint16_t kNoTensor = 0xFFFF;

struct PrepareTemp {
  int32_t* rel;     // offset inside its in-place group; for a view, into its root
  uint16_t* first;  // lifetime of each tensor (alias roots)
  uint16_t* last;
  uint16_t* root;    // alias root (views share their input's bytes)
  uint16_t* group;   // in-place group head; during kernel prepare: view source
  uint8_t* inplace;  // per op: InPlace requested by the kernel
  size_t bytes;

  static size_t Bytes(size_t nt, size_t nops) { return nt * 12 + nops; }
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

}  // namespace circlet

#endif  // CIRCLET_RUNTIME_PREPARE_TEMP_H_
