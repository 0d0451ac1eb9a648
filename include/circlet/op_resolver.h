// SPDX-License-Identifier: Apache-2.0
/// @file
/// circlet::OpResolver — which kernels a program links.
///
/// A resolver is a list of kernels built at compile time from a list of
/// operator names (the names of circlet/op_table.h). Only kernels named in
/// some list are referenced, so only they are linked:
///
/// @code
/// #define MY_OPS(X) X(CONV_2D) X(DEPTHWISE_CONV_2D) X(SOFTMAX)
/// CIRCLET_DEFINE_OP_RESOLVER(my_resolver, MY_OPS)
/// @endcode
///
/// An int8 model may list int8-only variants (CIRCLET_INT8_VARIANTS, e.g.
/// X(SOFTMAX_INT8)), which leave the float32/int16 code out of the firmware;
/// a float32 model float-only ones (CIRCLET_FLOAT_VARIANTS, e.g.
/// X(FULLY_CONNECTED_FLOAT)).
///
/// `circlet::AllOpsResolver()` holds every kernel circlet has (tools, tests).
#ifndef CIRCLET_OP_RESOLVER_H_
#define CIRCLET_OP_RESOLVER_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "circlet/op_table.h"

namespace circlet {

class OpContext;
class Status;

/// One kernel: `prepare` validates and precomputes, `eval` only computes.
/// Made by CIRCLET_KERNEL in the kernel's file from its line in the operator
/// table (circlet/op_table.h): code, versions and types are never written
/// anywhere else.
struct KernelReg {
  int32_t code;                       ///< builtin code (TFLite's, or Circle's negative ones)
  uint8_t max_version;                ///< highest opcode version this kernel implements
  uint8_t unaligned64;                ///< bit i: input i's 8-byte constants may sit at a
                                      ///< 4-byte offset (the kernel reads them with LoadInt64);
                                      ///< bit 7: inputs 7 and above
  uint16_t types;                     ///< optype bits: accepted element types of input 0
  Status (*prepare)(OpContext& ctx);  ///< validates, precomputes op data (or nullptr)
  Status (*eval)(OpContext& ctx);     ///< computes the outputs (or nullptr)
};

/// A resolver is the list of kernels a program links, made at compile time.
/// Lookup (once per opcode, in Prepare()) scans the list: a firmware's list
/// is a few pointers instead of a table indexed by every builtin code.
class OpResolver {
 public:
  /// A resolver over `count` kernels at `regs` (the array must outlive it).
  constexpr OpResolver(const KernelReg* const* regs, size_t count) : regs_(regs), count_(count) {}
  /// A resolver over a static array of kernels.
  template <size_t N>
  constexpr explicit OpResolver(const KernelReg* const (&regs)[N]) : regs_(regs), count_(N) {}
  /// The kernel for `code`; the last one listed wins.
  const KernelReg* Find(int32_t code) const {
    const KernelReg* found = nullptr;
    for (size_t i = 0; i < count_; ++i) {
      if (regs_[i]->code == code) found = regs_[i];
    }
    return found;
  }
  size_t size() const { return count_; }                    ///< kernels listed
  const KernelReg* at(size_t i) const { return regs_[i]; }  ///< kernel i (i < size())
  const KernelReg* const* regs() const { return regs_; }    ///< the list itself

 private:
  const KernelReg* const* regs_;
  size_t count_;
};

/// Builtin codes by name: opcode::CONV_2D == 3 (from circlet/op_table.h).
namespace opcode {
/// @cond INTERNAL
#define CIRCLET_OPCODE_K_(NAME, CODE, VERSIONS, TYPES) constexpr int32_t NAME = CODE;
#define CIRCLET_OPCODE_N_(NAME, CODE) constexpr int32_t NAME = CODE;
CIRCLET_OPS(CIRCLET_OPCODE_K_, CIRCLET_OPCODE_N_)
#undef CIRCLET_OPCODE_K_
#undef CIRCLET_OPCODE_N_
/// @endcond
}  // namespace opcode

/// @cond INTERNAL
// Highest implemented version and accepted types per kernel (for CIRCLET_KERNEL).
namespace opinfo {
using namespace optype;  ///< NOLINT: the table's TYPES column names these
#define CIRCLET_OPINFO_K_(NAME, CODE, VERSIONS, TYPES) \
  constexpr uint8_t NAME##_versions = VERSIONS;        \
  constexpr uint16_t NAME##_types = TYPES;
#define CIRCLET_OPINFO_N_(NAME, CODE)
CIRCLET_OPS(CIRCLET_OPINFO_K_, CIRCLET_OPINFO_N_)
#undef CIRCLET_OPINFO_K_
#undef CIRCLET_OPINFO_N_
}  // namespace opinfo

// Each kernel object has C linkage, named circlet_kernel_NAME, so that C
// firmware can list kernels too (CIRCLET_DEFINE_C_OP_RESOLVER in
// circlet/circlet.h); C++ names it kernels::NAME.
namespace kernels {
#define CIRCLET_DECLARE_KERNEL_K_(NAME, CODE, VERSIONS, TYPES) \
  extern "C" const KernelReg circlet_kernel_##NAME;            \
  inline constexpr const KernelReg& NAME = circlet_kernel_##NAME;
#define CIRCLET_DECLARE_KERNEL_N_(NAME, CODE)
#define CIRCLET_DECLARE_VARIANT_(NAME)                     \
  extern "C" const KernelReg circlet_kernel_##NAME##_INT8; \
  inline constexpr const KernelReg& NAME##_INT8 = circlet_kernel_##NAME##_INT8;
#define CIRCLET_DECLARE_FLOAT_VARIANT_(NAME)                \
  extern "C" const KernelReg circlet_kernel_##NAME##_FLOAT; \
  inline constexpr const KernelReg& NAME##_FLOAT = circlet_kernel_##NAME##_FLOAT;
CIRCLET_OPS(CIRCLET_DECLARE_KERNEL_K_, CIRCLET_DECLARE_KERNEL_N_)
CIRCLET_INT8_VARIANTS(CIRCLET_DECLARE_VARIANT_)
CIRCLET_FLOAT_VARIANTS(CIRCLET_DECLARE_FLOAT_VARIANT_)
#undef CIRCLET_DECLARE_KERNEL_K_
#undef CIRCLET_DECLARE_KERNEL_N_
#undef CIRCLET_DECLARE_VARIANT_
#undef CIRCLET_DECLARE_FLOAT_VARIANT_
}  // namespace kernels
/// @endcond

/// In a kernel's file (inside namespace circlet::kernels): defines the
/// kernel NAME (the object circlet_kernel_NAME, C linkage) from its table
/// line (code, versions, types).
#define CIRCLET_KERNEL(NAME, PREPARE, EVAL)                                               \
  extern "C" const KernelReg circlet_kernel_##NAME = {::circlet::opcode::NAME,            \
                                                      ::circlet::opinfo::NAME##_versions, \
                                                      0,                                  \
                                                      ::circlet::opinfo::NAME##_types,    \
                                                      PREPARE,                            \
                                                      EVAL};
/// CIRCLET_KERNEL for a kernel that reads the 8-byte constants of the inputs
/// in INPUTS (bit i: input i) through LoadInt64 (kernels/kernel_util.h), so
/// that they may sit at a 4-byte offset in the model, as the TFLite converter
/// stores an int64 bias. Other 8-byte constants must be 8-byte aligned
/// (the interpreter checks before prepare).
#define CIRCLET_KERNEL_UNALIGNED64(NAME, PREPARE, EVAL, INPUTS)                           \
  extern "C" const KernelReg circlet_kernel_##NAME = {::circlet::opcode::NAME,            \
                                                      ::circlet::opinfo::NAME##_versions, \
                                                      INPUTS,                             \
                                                      ::circlet::opinfo::NAME##_types,    \
                                                      PREPARE,                            \
                                                      EVAL};
/// The same for an int8-only variant NAME_INT8 (CIRCLET_INT8_VARIANTS).
#define CIRCLET_KERNEL_INT8(NAME, PREPARE, EVAL)                                                 \
  extern "C" const KernelReg circlet_kernel_##NAME##_INT8 = {::circlet::opcode::NAME,            \
                                                             ::circlet::opinfo::NAME##_versions, \
                                                             0,                                  \
                                                             ::circlet::opinfo::NAME##_types,    \
                                                             PREPARE,                            \
                                                             EVAL};

/// The same for a float32-only variant NAME_FLOAT (CIRCLET_FLOAT_VARIANTS).
#define CIRCLET_KERNEL_FLOAT(NAME, PREPARE, EVAL)                                                 \
  extern "C" const KernelReg circlet_kernel_##NAME##_FLOAT = {::circlet::opcode::NAME,            \
                                                              ::circlet::opinfo::NAME##_versions, \
                                                              0,                                  \
                                                              ::circlet::opinfo::NAME##_types,    \
                                                              PREPARE,                            \
                                                              EVAL};

/// @cond INTERNAL
#define CIRCLET_OP_ENTRY_(NAME) &::circlet::kernels::NAME,
/// @endcond
/// A resolver named `var` holding the kernels LIST names (X(CONV_2D) X(...)).
/// At namespace or function scope; only the listed kernels are linked.
#define CIRCLET_DEFINE_OP_RESOLVER(var, LIST)                                             \
  static constexpr const ::circlet::KernelReg* var##_regs_[] = {LIST(CIRCLET_OP_ENTRY_)}; \
  static constexpr ::circlet::OpResolver var(var##_regs_);

/// Every kernel of the operator table (links them all).
const OpResolver& AllOpsResolver();

/// A custom operator's kernel: an opcode CUSTOM (32) whose custom code is
/// `name`. Made by CIRCLET_CUSTOM_KERNEL; listed in a resolver as
/// `&kernel.reg` (CIRCLET_DEFINE_OP_RESOLVER_WITH_CUSTOM). Its prepare and
/// eval get the same OpContext as a builtin kernel's (runtime/op_context.h;
/// the options: OpContext::custom_options(), kernels/custom_options.h).
struct CustomKernel {
  KernelReg reg;      ///< code CUSTOM, any opcode version, any input type
  const char* name;   ///< the custom code, compared exactly (case-sensitive)
  const void* link_;  ///< @private links the custom-op lookup (runtime/custom_op.cc)
};

/// @cond INTERNAL
// The interpreter's custom-operator support (runtime/custom_op.cc): the
// lookup of CUSTOM opcode entry `opcode` of `model` by its custom code among
// a resolver's custom kernels (the last one listed wins; nullptr if none), and the format of a
// missing one's entry in Prepare()'s message (separator, custom code,
// version). interpreter.cc holds weak defaults (no custom kernel, no hint)
// that runtime/custom_op.cc replaces when it is linked: by a program that
// defines a custom kernel (each CustomKernel references
// circlet_custom_op_support) or uses AllOpsResolver(). A builtin-only
// firmware links neither the lookup nor the hint.
class Model;
extern "C" const KernelReg* circlet_resolve_custom(const OpResolver& resolver, const Model& model,
                                                   int opcode);
extern "C" const char circlet_custom_missing_format[];
extern "C" const char circlet_custom_op_support;
/// @endcond

/// Defines the custom kernel `ident` (a const circlet::CustomKernel) for
/// custom code NAME (a string literal) with the two functions
/// `circlet::Status PREPARE(circlet::OpContext&)` and EVAL (either may be
/// nullptr). At namespace scope; list it with
/// CIRCLET_DEFINE_OP_RESOLVER_WITH_CUSTOM.
#define CIRCLET_CUSTOM_KERNEL(ident, NAME, PREPARE, EVAL)                         \
  const ::circlet::CustomKernel ident = {                                         \
      {::circlet::opcode::CUSTOM, 255, 0, ::circlet::optype::ANY, PREPARE, EVAL}, \
      NAME,                                                                       \
      &::circlet::circlet_custom_op_support};

/// A resolver named `var` holding the builtin kernels LIST names (as
/// CIRCLET_DEFINE_OP_RESOLVER) and the custom kernels that follow
/// (`&my_kernel.reg, ...`). Builtins are found by code as before; a CUSTOM
/// opcode by its custom code among the custom kernels.
#define CIRCLET_DEFINE_OP_RESOLVER_WITH_CUSTOM(var, LIST, ...)                          \
  static constexpr const ::circlet::KernelReg* var##_regs_[] = {LIST(CIRCLET_OP_ENTRY_) \
                                                                    __VA_ARGS__};       \
  static constexpr ::circlet::OpResolver var(var##_regs_);

}  // namespace circlet

#endif  // CIRCLET_OP_RESOLVER_H_
