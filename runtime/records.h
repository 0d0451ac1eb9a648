// SPDX-License-Identifier: Apache-2.0
// The records eval reads: what Prepare() resolved from the flatbuffer about
// each tensor and each operator, so that Invoke() and the kernels' eval
// never walk the model's tables (vtables, vectors, unions) again.
//
//   TensorRecord (8 B on 32-bit targets): the data pointer (arena, state or
//   the model's constant bytes) and one packed word: the shape's position in
//   the model, the element type and whether the bytes are the model's.
//   The shape stays in flash; its rank is the flatbuffer vector's length
//   word, stored right before the first dimension.
//
//   OpRecord (16 B on 32-bit targets): the kernel's eval, its op data, and
//   the operator's input and output index lists (flatbuffer int32 vectors in
//   flash, their length right before element 0).
//
// Eval views (OpContext::input/output while invoking) are built from these
// alone: data, dims, rank, type, index and is_constant. They carry no
// quantization: whatever a kernel needs from scales and zero points it
// keeps in its op data at prepare (kernels/README.md, the policy).
#ifndef CIRCLET_RUNTIME_RECORDS_H_
#define CIRCLET_RUNTIME_RECORDS_H_

#include <cstddef>
#include <cstdint>

#include "base/checked_math.h"
#include "circlet/status.h"
#include "circlet/tensor.h"

namespace circlet {

class OpContext;

struct TensorRecord {
  uint8_t* data;  // nullptr: no bytes (an unused tensor, a resource handle)
  uint32_t info;  // bits 0-26 shape, 27-30 type, 31 constant

  static constexpr uint32_t kShapeMask = (1u << 27) - 1;  // shape: 32-bit words from the model's
                                                          // start to dims[0]; 0: no shape (scalar)
  static constexpr int kTypeShift = 27;
  static constexpr uint32_t kConstant = 1u << 31;

  DType type() const { return static_cast<DType>((info >> kTypeShift) & 15u); }
  bool is_constant() const { return (info & kConstant) != 0; }
};

static_assert(kMaxModelBytes / 4 <= TensorRecord::kShapeMask,
              "a model's shapes must be addressable by TensorRecord::info");

struct OpRecord {
  Status (*eval)(OpContext& ctx);  // nullptr: nothing to run
  void* data;                      // the kernel's op data (AllocateOpData)
  const int32_t* inputs;           // inputs[-1] is the count (a flatbuffer vector)
  const int32_t* outputs;          // outputs[-1] is the count
};

// Count of a flatbuffer int32 vector given its first element's address.
inline int ListSize(const int32_t* list) {
  return static_cast<int>(reinterpret_cast<const uint32_t*>(list)[-1]);
}

// Bytes of the interpreter's runtime tables for a model with these counts,
// on a target with `pointer_bytes`-byte pointers (the CLI predicts 32-bit
// arenas from a 64-bit host with it). Each table is 8-byte aligned.
constexpr size_t RuntimeTableBytesFor(size_t tensors, size_t ops, size_t opcodes,
                                      size_t pointer_bytes) {
  // A TensorRecord is a pointer and a word, padded to the pointer's size.
  return (tensors * 2 * (pointer_bytes > 4 ? pointer_bytes : 4) + 7) / 8 * 8 +
         (ops * 4 * pointer_bytes + 7) / 8 * 8 + (opcodes * pointer_bytes + 7) / 8 * 8;
}

}  // namespace circlet

#endif  // CIRCLET_RUNTIME_RECORDS_H_
