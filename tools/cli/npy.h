// SPDX-License-Identifier: Apache-2.0
// NumPy .npy files (format versions 1, 2 and 3) for the circlet CLI: parse
// a file into dtype, shape and raw little-endian bytes, and write one.
//
// Layout: "\x93NUMPY", major, minor, header length (uint16 for v1, uint32
// for v2/v3, little-endian), an ASCII Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (1, 16), } padded with
// spaces and a final '\n' so that the data starts at a multiple of 64 bytes,
// then the elements.
#ifndef CIRCLET_TOOLS_CLI_NPY_H_
#define CIRCLET_TOOLS_CLI_NPY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "circlet/tensor.h"

namespace circlet {
namespace cli {

struct NpyArray {
  std::string descr;             // as written in the header, e.g. "<f4"
  DType type = DType::kFloat32;  // descr mapped to a circlet type
  bool fortran_order = false;
  std::vector<int64_t> shape;  // () for a scalar
  std::vector<uint8_t> data;   // the elements' bytes, little-endian
  int64_t num_elements() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
  }
};

// The .npy descr of a circlet type ("<f4", "|i1", "|u1", "<i2", "<i4"), or
// "" for a type the CLI does not exchange.
std::string NpyDescr(DType type);

// Parses `bytes`; on failure returns false with a message in *error.
// Accepts the dtypes above (1-byte types also as "<i1"/"<u1"), C order (or
// Fortran order when at most one dimension exceeds 1, the same bytes).
bool ParseNpy(const std::vector<uint8_t>& bytes, NpyArray* out, std::string* error);

// Serializes a version 1.0 file (version 2.0 if the header needs it).
std::vector<uint8_t> WriteNpy(DType type, const std::vector<int64_t>& shape, const void* data,
                              size_t bytes);

}  // namespace cli
}  // namespace circlet

#endif  // CIRCLET_TOOLS_CLI_NPY_H_
