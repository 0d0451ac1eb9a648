// SPDX-License-Identifier: Apache-2.0
/// @file
/// circlet::Status — every failure in circlet is a Status with a message that
/// says what went wrong and where ("op 12 CONV_2D: ..."). No exceptions.
#ifndef CIRCLET_STATUS_H_
#define CIRCLET_STATUS_H_

#include <cstdarg>
#include <cstddef>
#include <cstdint>

namespace circlet {

/// What kind of failure a Status reports.
enum class StatusCode : uint8_t {
  kOk = 0,           ///< success
  kInvalidModel,     ///< the model bytes are malformed or inconsistent
  kUnsupported,      ///< valid model, but uses something circlet lacks
  kArenaTooSmall,    ///< the caller's arena cannot hold the plan
  kInvalidArgument,  ///< API misuse: null pointer, wrong size, bad index
  kBadState,         ///< API misuse: wrong call order, reuse after error
};

/// The code in words: "ok", "invalid model", "arena too small", ...
const char* StatusCodeName(StatusCode code);

/// The result of every fallible call: a code and, on failure, a message
/// naming the op, tensor or argument and what was expected. Never allocates.
class Status {
 public:
  /// Capacity of the message, NUL included (longer messages are shortened).
  static constexpr size_t kMaxMessage = 160;

  /// Success.
  Status() : code_(StatusCode::kOk) { message_[0] = '\0'; }
  /// Success.
  static Status Ok() { return Status(); }
  /// printf-like; supports %d %u %ld %lu %lld %llu %zu %s %c %x %%. An
  /// int32_t / uint32_t argument takes "%" PRId32 / "%" PRIu32 (from `<cinttypes>`):
  /// int32_t is `long` on arm-none-eabi and `int` on Linux.
  static Status Error(StatusCode code, const char* fmt, ...)
#if defined(__GNUC__)
      __attribute__((format(printf, 2, 3)))
#endif
      ;

  /// True on success.
  bool ok() const {
    return code_ == StatusCode::kOk;
  }
  /// The failure's kind (kOk on success).
  StatusCode code() const {
    return code_;
  }
  /// The message, "" on success. Valid as long as the Status.
  const char* message() const {
    return message_;
  }

 private:
  StatusCode code_;
  char message_[kMaxMessage];
};

/// Minimal heap-free formatter used by Status (no printf pulled into firmware).
/// Always NUL-terminates; returns the number of characters written.
size_t FormatV(char* out, size_t cap, const char* fmt, va_list args);
/// Format with a variable argument list (see FormatV).
size_t Format(char* out, size_t cap, const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

}  // namespace circlet

/// Evaluates `expr` (a Status) and returns it from the calling function when
/// it failed.
#define CIRCLET_RETURN_IF_ERROR(expr) \
  do {                                \
    ::circlet::Status _st = (expr);   \
    if (!_st.ok()) return _st;        \
  } while (0)

#endif  // CIRCLET_STATUS_H_
