// circlet::OpResolver — which kernels a program links.
//
// A resolver is a table indexed by TFLite builtin code (O(1) lookup), built
// at compile time from a list of operator names. Only kernels named in some
// list are referenced, so only they are linked:
//
//   #define MY_OPS(X) X(CONV_2D) X(DEPTHWISE_CONV_2D) X(SOFTMAX)
//   CIRCLET_DEFINE_OP_RESOLVER(my_resolver, MY_OPS)
//
// An int8 model may list int8-only variants (CIRCLET_INT8_KERNELS, e.g.
// X(SOFTMAX_INT8)), which leave the float32/int16 code out of the firmware.
//
// `circlet::AllOpsResolver()` holds every kernel circlet has (tools, tests).
#ifndef CIRCLET_OP_RESOLVER_H_
#define CIRCLET_OP_RESOLVER_H_

#include <array>
#include <cstddef>
#include <cstdint>

namespace circlet {

class OpContext;
class Status;

// One kernel: `prepare` validates and precomputes, `eval` only computes.
struct KernelReg {
  int32_t code;         // TFLite builtin code
  uint8_t max_version;  // highest opcode version this kernel implements
  uint8_t flags;        // KernelFlags
  Status (*prepare)(OpContext& ctx);
  Status (*eval)(OpContext& ctx);
};

enum KernelFlags : uint8_t {
  kKernelNone = 0,
  // Output 0 is a view of input 0 (same bytes, new shape): no copy, no eval.
  kKernelOutputAliasesInput0 = 1,
};

constexpr int kOpTableSize = 127;  // builtin codes 0..126

class OpResolver {
 public:
  constexpr explicit OpResolver(const std::array<const KernelReg*, kOpTableSize>& t) : table_(t) {}
  const KernelReg* Find(int32_t code) const {
    return (code >= 0 && code < kOpTableSize) ? table_[code] : nullptr;
  }

 private:
  std::array<const KernelReg*, kOpTableSize> table_;
};

struct OpEntry {
  int32_t code;
  const KernelReg* reg;
};

template <size_t N>
constexpr std::array<const KernelReg*, kOpTableSize> BuildOpTable(const OpEntry (&e)[N]) {
  std::array<const KernelReg*, kOpTableSize> t{};
  for (size_t i = 0; i < N; ++i) t[static_cast<size_t>(e[i].code)] = e[i].reg;
  return t;
}

// The one list of operators circlet implements: name and TFLite builtin code.
// It declares the kernels, names their codes and makes AllOpsResolver().
// clang-format off
#define CIRCLET_KERNELS(X) \
  X(ADD, 0) \
  X(AVERAGE_POOL_2D, 1) \
  X(CONCATENATION, 2) \
  X(CONV_2D, 3) \
  X(DEPTHWISE_CONV_2D, 4) \
  X(DEQUANTIZE, 6) \
  X(FULLY_CONNECTED, 9) \
  X(MAX_POOL_2D, 17) \
  X(MUL, 18) \
  X(RESHAPE, 22) \
  X(SOFTMAX, 25) \
  X(QUANTIZE, 114)
// clang-format on

// Int8-only variants: the same operator and builtin code without the
// float32 and int16 paths, for firmware whose model runs the operator on
// int8 tensors only (the runner's list comes from tools/mcu/model_ops.py,
// which picks a variant when every use of the operator has int8 input and
// output). Their prepare rejects other types, naming the full kernel. List
// one of NAME or NAME_INT8 in a resolver, not both: the last one wins.
// clang-format off
#define CIRCLET_INT8_KERNELS(X) \
  X(AVERAGE_POOL_2D_INT8, 1) \
  X(CONV_2D_INT8, 3) \
  X(DEPTHWISE_CONV_2D_INT8, 4) \
  X(FULLY_CONNECTED_INT8, 9) \
  X(SOFTMAX_INT8, 25)
// clang-format on

namespace kernels {
#define CIRCLET_DECLARE_KERNEL_(NAME, CODE) extern const KernelReg NAME;
CIRCLET_KERNELS(CIRCLET_DECLARE_KERNEL_)
CIRCLET_INT8_KERNELS(CIRCLET_DECLARE_KERNEL_)
#undef CIRCLET_DECLARE_KERNEL_
}  // namespace kernels

namespace opcode {
#define CIRCLET_OPCODE_(NAME, CODE) constexpr int32_t NAME = CODE;
CIRCLET_KERNELS(CIRCLET_OPCODE_)
CIRCLET_INT8_KERNELS(CIRCLET_OPCODE_)
#undef CIRCLET_OPCODE_
}  // namespace opcode

#define CIRCLET_OP_ENTRY_(NAME) \
  ::circlet::OpEntry{::circlet::opcode::NAME, &::circlet::kernels::NAME},
#define CIRCLET_DEFINE_OP_RESOLVER(var, LIST)                                \
  constexpr ::circlet::OpEntry var##_entries_[] = {LIST(CIRCLET_OP_ENTRY_)}; \
  constexpr ::circlet::OpResolver var(::circlet::BuildOpTable(var##_entries_));

// Every operator in CIRCLET_KERNELS (links them all).
const OpResolver& AllOpsResolver();

}  // namespace circlet

#endif  // CIRCLET_OP_RESOLVER_H_
