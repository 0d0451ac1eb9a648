// SPDX-License-Identifier: Apache-2.0
#include "tools/cli/npy.h"

#include <cctype>
#include <cstring>

namespace circlet {
namespace cli {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

// A cursor over the header's Python dict literal.
class HeaderParser {
 public:
  explicit HeaderParser(const std::string& s) : s_(s) {}

  void SkipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    SkipSpace();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  bool String(std::string* out) {
    SkipSpace();
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"')) return false;
    const char quote = s_[pos_++];
    const size_t end = s_.find(quote, pos_);
    if (end == std::string::npos) return false;
    *out = s_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return true;
  }
  bool Bool(bool* out) {
    SkipSpace();
    if (s_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      *out = true;
      return true;
    }
    if (s_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      *out = false;
      return true;
    }
    return false;
  }
  bool Int(int64_t* out) {
    SkipSpace();
    size_t start = pos_;
    int64_t v = 0;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      if (v > (int64_t{1} << 40)) return false;  // absurd dimension
      v = v * 10 + (s_[pos_++] - '0');
    }
    if (pos_ == start) return false;
    if (pos_ < s_.size() && s_[pos_] == 'L') ++pos_;  // Python 2 long
    *out = v;
    return true;
  }
  bool Tuple(std::vector<int64_t>* out) {
    if (!Consume('(')) return false;
    out->clear();
    while (!Consume(')')) {
      int64_t v;
      if (!Int(&v)) return false;
      out->push_back(v);
      if (!Consume(',') && !Peek(')')) return false;
    }
    return true;
  }

 private:
  const std::string& s_;
  size_t pos_ = 0;
};

bool DescrToType(const std::string& d, DType* t) {
  if (d == "<f4")
    *t = DType::kFloat32;
  else if (d == "|i1" || d == "<i1")
    *t = DType::kInt8;
  else if (d == "|u1" || d == "<u1")
    *t = DType::kUInt8;
  else if (d == "<i2")
    *t = DType::kInt16;
  else if (d == "<i4")
    *t = DType::kInt32;
  else
    return false;
  return true;
}

}  // namespace

std::string NpyDescr(DType type) {
  switch (type) {
    case DType::kFloat32: return "<f4";
    case DType::kInt8: return "|i1";
    case DType::kUInt8: return "|u1";
    case DType::kInt16: return "<i2";
    case DType::kInt32: return "<i4";
    default: return "";
  }
}

bool ParseNpy(const std::vector<uint8_t>& bytes, NpyArray* out, std::string* error) {
  if (bytes.size() < kMagicLen + 4 || std::memcmp(bytes.data(), kMagic, kMagicLen) != 0) {
    *error = "not a .npy file (no \\x93NUMPY magic)";
    return false;
  }
  const int major = bytes[6];
  size_t header_len, header_start;
  if (major == 1) {
    header_len = bytes[8] | (size_t{bytes[9]} << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) {
      *error = "truncated .npy header";
      return false;
    }
    header_len =
        bytes[8] | (size_t{bytes[9]} << 8) | (size_t{bytes[10]} << 16) | (size_t{bytes[11]} << 24);
    header_start = 12;
  } else {
    *error = ".npy format version " + std::to_string(major) + " is not supported (1, 2, 3)";
    return false;
  }
  if (header_len > bytes.size() - header_start) {
    *error = ".npy header length " + std::to_string(header_len) + " exceeds the file";
    return false;
  }
  const std::string header(reinterpret_cast<const char*>(bytes.data() + header_start), header_len);
  // The header as it may appear in a one-line message.
  std::string shown;
  for (char c : header) shown += (c >= 0x20 && c < 0x7F) ? c : ' ';
  while (!shown.empty() && shown.back() == ' ') shown.pop_back();
  if (shown.size() > 120) shown = shown.substr(0, 120) + "...";
  HeaderParser p(header);
  bool have_descr = false, have_order = false, have_shape = false;
  if (!p.Consume('{')) {
    *error = ".npy header is not a dict: " + shown;
    return false;
  }
  while (!p.Consume('}')) {
    std::string key;
    if (!p.String(&key) || !p.Consume(':')) {
      *error = "malformed .npy header: " + shown;
      return false;
    }
    bool ok;
    if (key == "descr") {
      ok = p.String(&out->descr);
      have_descr = ok;
    } else if (key == "fortran_order") {
      ok = p.Bool(&out->fortran_order);
      have_order = ok;
    } else if (key == "shape") {
      ok = p.Tuple(&out->shape);
      have_shape = ok;
    } else {
      ok = false;
    }
    if (!ok || (!p.Consume(',') && !p.Peek('}'))) {
      *error = "malformed .npy header near '" + key + "': " + shown;
      return false;
    }
  }
  if (!have_descr || !have_order || !have_shape) {
    *error = ".npy header lacks descr, fortran_order or shape: " + shown;
    return false;
  }
  if (!DescrToType(out->descr, &out->type)) {
    *error =
        ".npy dtype '" + out->descr + "' is not supported (<f4, |i1, |u1, <i2, <i4, little-endian)";
    return false;
  }
  if (out->fortran_order) {
    int big = 0;
    for (int64_t d : out->shape) big += d > 1 ? 1 : 0;
    if (big > 1) {
      *error = ".npy array is in Fortran order; save it in C order (np.ascontiguousarray)";
      return false;
    }
  }
  const size_t data_start = header_start + header_len;
  const uint64_t want = static_cast<uint64_t>(out->num_elements()) * DTypeSize(out->type);
  const size_t have = bytes.size() - data_start;
  if (have != want) {
    *error = ".npy data is " + std::to_string(have) + " bytes, shape and dtype need " +
             std::to_string(want);
    return false;
  }
  out->data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data_start), bytes.end());
  return true;
}

std::vector<uint8_t> WriteNpy(DType type, const std::vector<int64_t>& shape, const void* data,
                              size_t bytes) {
  std::string dict = "{'descr': '" + NpyDescr(type) + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) {
    dict += std::to_string(shape[i]);
    if (i + 1 < shape.size() || shape.size() == 1) dict += ",";
    if (i + 1 < shape.size()) dict += " ";
  }
  dict += "), }";
  // Pad with spaces so that magic + version + length + header + '\n' is a
  // multiple of 64.
  int major = 1;
  size_t prefix = kMagicLen + 2 + 2;
  size_t total = prefix + dict.size() + 1;
  if (total + 63 > 65535 + prefix) {
    major = 2;
    prefix += 2;
    total += 2;
  }
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::vector<uint8_t> out(kMagic, kMagic + kMagicLen);
  out.push_back(static_cast<uint8_t>(major));
  out.push_back(0);
  const size_t len = dict.size();
  out.push_back(static_cast<uint8_t>(len & 0xFF));
  out.push_back(static_cast<uint8_t>((len >> 8) & 0xFF));
  if (major == 2) {
    out.push_back(static_cast<uint8_t>((len >> 16) & 0xFF));
    out.push_back(static_cast<uint8_t>((len >> 24) & 0xFF));
  }
  out.insert(out.end(), dict.begin(), dict.end());
  const auto* p = static_cast<const uint8_t*>(data);
  out.insert(out.end(), p, p + bytes);
  return out;
}

}  // namespace cli
}  // namespace circlet
