// SPDX-License-Identifier: Apache-2.0
// circlet::TensorView — the one tensor type: data pointer, shape, element
// type and quantization. Shapes and quantization arrays point into the model
// (flash); only the data pointer refers to the arena for non-constant tensors.
#ifndef CIRCLET_TENSOR_H_
#define CIRCLET_TENSOR_H_

#include <cstddef>
#include <cstdint>

namespace circlet {

constexpr int kMaxRank = 6;

// Numbering is TFLite's TensorType.
enum class DType : int8_t {
  kFloat32 = 0,
  kInt32 = 2,
  kUInt8 = 3,
  kInt64 = 4,
  kBool = 6,
  kInt16 = 7,
  kInt8 = 9,
};

// Bytes per element, 0 for a type circlet does not handle.
size_t DTypeSize(DType t);
const char* DTypeName(DType t);

struct QuantParams {
  const float* scales = nullptr;         // count entries (flash)
  const int64_t* zero_points = nullptr;  // count entries (flash)
  int count = 0;                         // 0: not quantized
  int quantized_dimension = 0;

  float scale() const { return count > 0 ? scales[0] : 0.0f; }
  int32_t zero_point() const { return count > 0 ? static_cast<int32_t>(zero_points[0]) : 0; }
};

struct TensorView {
  void* data = nullptr;
  const int32_t* dims = nullptr;  // rank entries (the model's int32 shape, in flash)
  int rank = 0;
  DType type = DType::kFloat32;
  int index = -1;  // index in the subgraph
  bool is_constant = false;
  QuantParams quant;

  int dim(int i) const { return static_cast<int>(dims[i]); }
  // Number of elements (product of dims); 1 for a scalar.
  int64_t num_elements() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= dims[i];
    return n;
  }
  size_t bytes() const { return static_cast<size_t>(num_elements()) * DTypeSize(type); }
  template <typename T>
  T* as() const {
    return static_cast<T*>(data);
  }
};

}  // namespace circlet

#endif  // CIRCLET_TENSOR_H_
