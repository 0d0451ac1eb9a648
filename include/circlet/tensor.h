// SPDX-License-Identifier: Apache-2.0
/// @file
/// circlet::TensorView — the one tensor type: data pointer, shape, element
/// type and quantization. Shapes and quantization arrays point into the model
/// (flash); only the data pointer refers to the arena for non-constant tensors.
#ifndef CIRCLET_TENSOR_H_
#define CIRCLET_TENSOR_H_

#include <cstddef>
#include <cstdint>

namespace circlet {

/// The largest tensor rank circlet accepts (Model::Create refuses more).
constexpr int kMaxRank = 6;

/// Element type of a tensor; the numbering is TFLite's TensorType.
enum class DType : int8_t {
  kFloat32 = 0,  ///< 32-bit IEEE float
  kInt32 = 2,    ///< 32-bit signed integer
  kUInt8 = 3,    ///< 8-bit unsigned integer (QUANTIZE/DEQUANTIZE only)
  kInt64 = 4,    ///< 64-bit signed integer (indices, shapes)
  kBool = 6,     ///< one byte, 0 or 1
  kInt16 = 7,    ///< 16-bit signed integer (16x8 quantized activations)
  kInt8 = 9,     ///< 8-bit signed integer (quantized)
};

/// TFLite's RESOURCE tensor type: a handle to a resource variable
/// (VAR_HANDLE's output). Such a tensor has no bytes in circlet: the
/// variable kernels resolve the handle at prepare (runtime/resource.h).
constexpr int8_t kResourceType = 13;

/// Bytes per element, 0 for a type circlet does not handle (and resources).
size_t DTypeSize(DType t);
/// Lower-case name ("float32", "int8", ...), "unknown" for other values.
const char* DTypeName(DType t);

/// Affine quantization of a tensor: real = scale * (q - zero_point), per
/// tensor (count 1) or per channel along quantized_dimension (count > 1).
struct QuantParams {
  const float* scales = nullptr;         ///< count entries (flash)
  const int64_t* zero_points = nullptr;  ///< count entries (flash)
  int count = 0;                         ///< 0: not quantized
  int quantized_dimension = 0;           ///< axis of the per-channel parameters

  /// The first (per-tensor) scale, 0 when not quantized.
  float scale() const { return count > 0 ? scales[0] : 0.0f; }
  /// The first (per-tensor) zero point, 0 when not quantized.
  int32_t zero_point() const { return count > 0 ? static_cast<int32_t>(zero_points[0]) : 0; }
};

/// A tensor as circlet sees it: data pointer, shape, element type and
/// quantization. Cheap to copy; owns nothing.
struct TensorView {
  void* data = nullptr;           ///< the bytes: arena for activations, model for constants
  const int32_t* dims = nullptr;  ///< rank entries (the model's int32 shape, in flash)
  int rank = 0;                   ///< number of dimensions, 0 for a scalar
  DType type = DType::kFloat32;   ///< element type
  int index = -1;                 ///< index in the subgraph
  bool is_constant = false;       ///< data lies in the model (weights, biases)
  QuantParams quant;              ///< quantization, empty for float tensors

  /// Size of dimension i (0 <= i < rank).
  int dim(int i) const { return static_cast<int>(dims[i]); }
  /// Number of elements (product of dims); 1 for a scalar.
  int64_t num_elements() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= dims[i];
    return n;
  }
  /// Size of the data in bytes.
  size_t bytes() const { return static_cast<size_t>(num_elements()) * DTypeSize(type); }
  /// The data as T* (no type check: compare `type` first).
  template <typename T>
  T* as() const {
    return static_cast<T*>(data);
  }
};

}  // namespace circlet

#endif  // CIRCLET_TENSOR_H_
