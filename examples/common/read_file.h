// SPDX-License-Identifier: Apache-2.0
// The examples' file reader (host only): a whole file into 8-byte aligned
// storage, as circlet reads a model in place.
#ifndef CIRCLET_EXAMPLES_COMMON_READ_FILE_H_
#define CIRCLET_EXAMPLES_COMMON_READ_FILE_H_

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace circlet {
namespace examples {

// False when the file cannot be opened; *size: its bytes.
inline bool ReadFileAligned(const std::string& path, std::vector<uint64_t>* storage, size_t* size) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  std::vector<uint8_t> bytes;
  uint8_t buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) bytes.insert(bytes.end(), buf, buf + n);
  std::fclose(f);
  storage->assign((bytes.size() + 7) / 8, 0);
  if (!bytes.empty()) std::memcpy(storage->data(), bytes.data(), bytes.size());
  *size = bytes.size();
  return true;
}

}  // namespace examples
}  // namespace circlet

#endif  // CIRCLET_EXAMPLES_COMMON_READ_FILE_H_
