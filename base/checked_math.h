// SPDX-License-Identifier: Apache-2.0
// Checked arithmetic for every place where numbers read from a model become
// sizes or offsets. Each returns false on overflow and leaves *out unspecified.
#ifndef CIRCLET_BASE_CHECKED_MATH_H_
#define CIRCLET_BASE_CHECKED_MATH_H_

#include <cstddef>
#include <cstdint>

namespace circlet {

// Largest byte size circlet accepts for one tensor or one arena (2 GiB - 1):
// keeps every offset representable in int32 on 32-bit targets.
constexpr uint64_t kMaxBytes = 0x7FFFFFFFu;

// Largest model circlet accepts (512 MiB - 4): the interpreter's tensor
// records address shapes with 27 bits of 32-bit words (runtime/records.h).
constexpr uint64_t kMaxModelBytes = (uint64_t{1} << 29) - 4;

inline bool CheckedMul(uint64_t a, uint64_t b, uint64_t* out) {
  return !__builtin_mul_overflow(a, b, out) && *out <= kMaxBytes;
}
inline bool CheckedAdd(uint64_t a, uint64_t b, uint64_t* out) {
  return !__builtin_add_overflow(a, b, out) && *out <= kMaxBytes;
}
// Rounds v up to a multiple of `align` (a power of two) for sizes already
// within kMaxBytes (arena offsets, buffer sizes): no overflow check.
constexpr size_t AlignUp(size_t v, size_t align) {
  return (v + align - 1) & ~(align - 1);
}
// Rounds up to a multiple of `align` (a power of two); false past kMaxBytes.
inline bool CheckedAlignUp(uint64_t v, uint64_t align, uint64_t* out) {
  return CheckedAdd(v, align - 1, out) && ((*out &= ~(align - 1)), true);
}

}  // namespace circlet

#endif  // CIRCLET_BASE_CHECKED_MATH_H_
