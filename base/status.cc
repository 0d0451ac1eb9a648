// SPDX-License-Identifier: Apache-2.0
#include "circlet/status.h"

#include <cstring>

namespace circlet {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidModel: return "invalid model";
    case StatusCode::kUnsupported: return "unsupported";
    case StatusCode::kArenaTooSmall: return "arena too small";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kBadState: return "bad state";
  }
  return "unknown";
}

namespace {

struct Out {
  char* p;
  size_t cap;
  size_t n;
  void put(char c) {
    if (n + 1 < cap) p[n] = c;
    ++n;
  }
};

void PutUnsigned(Out& o, unsigned long long v, unsigned base) {
  char tmp[24];
  int k = 0;
  do {
    unsigned d = static_cast<unsigned>(v % base);
    tmp[k++] = static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10);
    v /= base;
  } while (v != 0);
  while (k > 0) o.put(tmp[--k]);
}

void PutSigned(Out& o, long long v) {
  if (v < 0) {
    o.put('-');
    PutUnsigned(o, 0ULL - static_cast<unsigned long long>(v), 10);
  } else {
    PutUnsigned(o, static_cast<unsigned long long>(v), 10);
  }
}

}  // namespace

size_t FormatV(char* out, size_t cap, const char* fmt, va_list args) {
  Out o{out, cap, 0};
  for (const char* f = fmt; *f != '\0'; ++f) {
    if (*f != '%') {
      o.put(*f);
      continue;
    }
    ++f;
    int longs = 0;
    bool size_t_arg = false;
    while (*f == 'l') {
      ++longs;
      ++f;
    }
    if (*f == 'z') {
      size_t_arg = true;
      ++f;
    }
    switch (*f) {
      case 'd':
      case 'i':
        if (size_t_arg) {
          PutSigned(o, static_cast<long long>(va_arg(args, size_t)));
        } else if (longs == 0) {
          PutSigned(o, va_arg(args, int));
        } else if (longs == 1) {
          PutSigned(o, va_arg(args, long));
        } else {
          PutSigned(o, va_arg(args, long long));
        }
        break;
      case 'u':
      case 'x': {
        unsigned base = *f == 'x' ? 16 : 10;
        if (size_t_arg) {
          PutUnsigned(o, va_arg(args, size_t), base);
        } else if (longs == 0) {
          PutUnsigned(o, va_arg(args, unsigned), base);
        } else if (longs == 1) {
          PutUnsigned(o, va_arg(args, unsigned long), base);
        } else {
          PutUnsigned(o, va_arg(args, unsigned long long), base);
        }
        break;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        if (s == nullptr) s = "(null)";
        while (*s != '\0') o.put(*s++);
        break;
      }
      case 'c': o.put(static_cast<char>(va_arg(args, int))); break;
      case '%': o.put('%'); break;
      case '\0':
        --f;  // keep the loop's terminator check valid
        break;
      default:
        o.put('%');
        o.put(*f);
        break;
    }
  }
  if (cap > 0) out[o.n < cap ? o.n : cap - 1] = '\0';
  return o.n < cap ? o.n : (cap > 0 ? cap - 1 : 0);
}

size_t Format(char* out, size_t cap, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  size_t n = FormatV(out, cap, fmt, args);
  va_end(args);
  return n;
}

namespace {

// The text of the most recent error and its serial number (Status's class
// comment). Zero-initialized: .bss.
char g_message[Status::kMaxMessage];
uint32_t g_serial;

}  // namespace

Status Status::Error(StatusCode code, const char* fmt, ...) {
  // Formatted aside first: an argument may be the current message.
  char text[kMaxMessage];
  va_list args;
  va_start(args, fmt);
  FormatV(text, sizeof(text), fmt, args);
  va_end(args);
  std::memcpy(g_message, text, sizeof(text));
  g_serial = g_serial % ((1u << (32 - kSerialShift)) - 1) + 1;  // 1 .. 2^24 - 1
  Status s;
  s.word_ = static_cast<uint32_t>(code) | g_serial << kSerialShift;
  return s;
}

const char* Status::message() const {
  if (ok()) return "";
  if (word_ >> kSerialShift != g_serial) return StatusCodeName(code());
  return g_message;
}

}  // namespace circlet
