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
///
/// A Status is one 32-bit word (returned in a register on Arm): the code and
/// the serial number of its message. The text itself lives in one static
/// buffer of kMaxMessage bytes that every Status::Error() overwrites, so a
/// failing call costs its callers no stack for the message.
///
/// Message lifetime: the text of the most recent error. The pointer that
/// message() returns stays valid until the next Status::Error() anywhere in
/// the program; copy the text to keep it longer. Once a later error has
/// replaced it, message() of the older Status returns its code's name
/// (StatusCodeName(), e.g. "invalid model") instead: never another error's
/// text. (The serial number has 24 bits: only 16,777,215 later errors make an
/// old serial match again.) Status::Error() may take the current message as
/// a "%s" argument ("op 3: %s", s.message()). The buffer is shared: errors
/// made at the same time in two threads may mix their texts (the codes stay
/// right).
class Status {
 public:
  /// Capacity of the message, NUL included (longer messages are shortened).
  static constexpr size_t kMaxMessage = 160;

  /// Success.
  constexpr Status() : word_(0) {}
  /// Success.
  static constexpr Status Ok() { return Status(); }
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
    return (word_ & kCodeMask) == 0;
  }
  /// The failure's kind (kOk on success).
  StatusCode code() const {
    return static_cast<StatusCode>(word_ & kCodeMask);
  }
  /// The message, "" on success; see the class comment for how long it lives.
  const char* message() const;

 private:
  static constexpr uint32_t kCodeMask = 0xFFu;
  static constexpr int kSerialShift = 8;

  // Bits 0-7: the code; bits 8-31: the serial number of the message (0 on
  // success, 1 to 2^24 - 1 on failure).
  uint32_t word_;
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
