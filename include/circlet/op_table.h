// SPDX-License-Identifier: Apache-2.0
/// @file
/// circlet's operator table: the one list of every operator circlet knows.
///
/// Each line is one operator. K(NAME, CODE, VERSIONS, TYPES) is an operator
/// circlet has a kernel for: its builtin code (TFLite's BuiltinOperator;
/// Circle's negative codes included), the highest opcode version the kernel
/// implements, and the element types its first input may have (the types
/// below, or-ed). N(NAME, CODE) is an operator circlet knows by name only:
/// models holding it can be inspected, and Prepare() refuses them naming it.
///
/// Everything else comes from this list: kernel declarations and the opcode
/// constants (circlet/op_resolver.h), AllOpsResolver(), the operator names
/// (BuiltinOpName), the type check the interpreter makes before a kernel's
/// prepare, `circlet ops` and docs/operators.md. Adding an operator is one
/// line here (N -> K), its kernel file, and its test (kernels/README.md).
///
/// Codes past 127 are TFLite's extended codes (OperatorCode.builtin_code; the
/// deprecated byte code holds 127 for them).
#ifndef CIRCLET_OP_TABLE_H_
#define CIRCLET_OP_TABLE_H_

#include <cstdint>

namespace circlet {

/// Element-type bits of the TYPES column.
namespace optype {
enum : uint16_t {
  F32 = 1 << 0,   ///< float32
  I8 = 1 << 1,    ///< int8
  I16 = 1 << 2,   ///< int16
  I32 = 1 << 3,   ///< int32
  I64 = 1 << 4,   ///< int64
  BOOL = 1 << 5,  ///< bool
  U8 = 1 << 6,    ///< uint8
  ANY = 0x7F,     ///< any of the above (shape-only operators)
};
}  // namespace optype

}  // namespace circlet

/// The operator table: K(NAME, CODE, VERSIONS, TYPES) for an operator with
/// a kernel, N(NAME, CODE) for one known by name only (see the file's
/// description). Expand it with two macros of those shapes.
// clang-format off
#define CIRCLET_OPS(K, N) \
  N(RMS_NORM, -6) \
  K(GRU, -5, 1, F32) \
  N(BCQ_GATHER, -4) \
  N(BCQ_FULLY_CONNECTED, -3) \
  N(INSTANCE_NORM, -2) \
  K(ADD, 0, 5, F32 | I8 | I16 | I32 | I64) \
  K(AVERAGE_POOL_2D, 1, 3, F32 | I8 | I16) \
  K(CONCATENATION, 2, 3, F32 | I8 | I16 | I32 | I64) \
  K(CONV_2D, 3, 4, F32 | I8 | I16) \
  K(DEPTHWISE_CONV_2D, 4, 5, F32 | I8 | I16) \
  K(DEPTH_TO_SPACE, 5, 2, F32 | I8) \
  K(DEQUANTIZE, 6, 3, I8 | I16 | U8) \
  K(EMBEDDING_LOOKUP, 7, 4, I32) \
  K(FLOOR, 8, 1, F32) \
  K(FULLY_CONNECTED, 9, 11, F32 | I8 | I16) \
  N(HASHTABLE_LOOKUP, 10) \
  K(L2_NORMALIZATION, 11, 2, F32 | I8) \
  K(L2_POOL_2D, 12, 1, F32) \
  N(LOCAL_RESPONSE_NORMALIZATION, 13) \
  K(LOGISTIC, 14, 3, F32 | I8 | I16) \
  N(LSH_PROJECTION, 15) \
  N(LSTM, 16) \
  K(MAX_POOL_2D, 17, 3, F32 | I8 | I16) \
  K(MUL, 18, 7, F32 | I8 | I16 | I32 | I64) \
  K(RELU, 19, 3, F32 | I8 | I16) \
  K(RELU_N1_TO_1, 20, 1, F32 | I8) \
  K(RELU6, 21, 3, F32 | I8 | I16) \
  K(RESHAPE, 22, 2, ANY) \
  K(RESIZE_BILINEAR, 23, 4, F32 | I8) \
  N(RNN, 24) \
  K(SOFTMAX, 25, 2, F32 | I8 | I16) \
  K(SPACE_TO_DEPTH, 26, 2, F32 | I8) \
  K(SVDF, 27, 4, F32 | I8) \
  K(TANH, 28, 3, F32 | I8 | I16) \
  N(CONCAT_EMBEDDINGS, 29) \
  N(SKIP_GRAM, 30) \
  N(CALL, 31) \
  N(CUSTOM, 32) \
  N(EMBEDDING_LOOKUP_SPARSE, 33) \
  K(PAD, 34, 4, F32 | I8 | I16 | I32 | I64) \
  N(UNIDIRECTIONAL_SEQUENCE_RNN, 35) \
  K(GATHER, 36, 7, F32 | I8 | I32) \
  K(BATCH_TO_SPACE_ND, 37, 4, F32 | I8) \
  K(SPACE_TO_BATCH_ND, 38, 4, F32 | I8) \
  K(TRANSPOSE, 39, 6, F32 | I8 | I16 | I32 | I64 | BOOL) \
  K(MEAN, 40, 3, F32 | I8 | I16 | I32) \
  K(SUB, 41, 5, F32 | I8 | I16 | I32 | I64) \
  K(DIV, 42, 2, F32 | I8 | I32) \
  K(SQUEEZE, 43, 2, ANY) \
  K(UNIDIRECTIONAL_SEQUENCE_LSTM, 44, 1, F32 | I8 | I16) \
  K(STRIDED_SLICE, 45, 8, F32 | I8 | I16 | I32 | I64 | BOOL) \
  N(BIDIRECTIONAL_SEQUENCE_RNN, 46) \
  K(EXP, 47, 2, F32) \
  N(TOPK_V2, 48) \
  K(SPLIT, 49, 4, I32) \
  K(LOG_SOFTMAX, 50, 2, F32 | I8) \
  N(DELEGATE, 51) \
  N(BIDIRECTIONAL_SEQUENCE_LSTM, 52) \
  K(CAST, 53, 7, F32 | I8 | I16 | I32 | BOOL) \
  K(PRELU, 54, 1, F32 | I8 | I16) \
  K(MAXIMUM, 55, 4, F32 | I8 | I16 | I32 | I64) \
  K(ARG_MAX, 56, 3, F32 | I8 | U8 | I32 | BOOL) \
  K(MINIMUM, 57, 4, F32 | I8 | I16 | I32 | I64) \
  K(LESS, 58, 3, F32 | I8 | I16 | I32 | I64) \
  K(NEG, 59, 1, F32 | I32 | I64) \
  K(PADV2, 60, 4, F32 | I8 | I16 | I32 | I64) \
  K(GREATER, 61, 2, F32 | I8 | I16 | I32 | I64) \
  K(GREATER_EQUAL, 62, 3, F32 | I8 | I16 | I32 | I64) \
  K(LESS_EQUAL, 63, 2, F32 | I8 | I32 | I64) \
  K(SELECT, 64, 4, BOOL) \
  K(SLICE, 65, 6, F32 | I8 | I16 | I32 | I64 | BOOL) \
  K(SIN, 66, 1, F32) \
  K(TRANSPOSE_CONV, 67, 5, I32) \
  N(SPARSE_TO_DENSE, 68) \
  N(TILE, 69) \
  K(EXPAND_DIMS, 70, 1, ANY) \
  K(EQUAL, 71, 4, F32 | I8 | I16 | I32 | I64 | BOOL) \
  K(NOT_EQUAL, 72, 3, F32 | I8 | I32 | I64 | BOOL) \
  K(LOG, 73, 2, F32) \
  K(SUM, 74, 2, F32 | I8 | I16 | I32) \
  K(SQRT, 75, 2, F32) \
  K(RSQRT, 76, 3, F32 | I8 | I16) \
  K(SHAPE, 77, 1, ANY) \
  N(POW, 78) \
  K(ARG_MIN, 79, 3, F32 | I8 | U8 | I32 | BOOL) \
  N(FAKE_QUANT, 80) \
  K(REDUCE_PROD, 81, 2, F32) \
  K(REDUCE_MAX, 82, 3, F32 | I8 | I16) \
  K(PACK, 83, 4, F32 | I8 | I16 | I32 | I64) \
  K(LOGICAL_OR, 84, 1, BOOL) \
  N(ONE_HOT, 85) \
  K(LOGICAL_AND, 86, 1, BOOL) \
  K(LOGICAL_NOT, 87, 1, BOOL) \
  K(UNPACK, 88, 4, F32 | I8 | I16 | I32) \
  K(REDUCE_MIN, 89, 3, F32 | I8 | I16) \
  K(FLOOR_DIV, 90, 3, F32 | I32) \
  K(REDUCE_ANY, 91, 1, BOOL) \
  K(SQUARE, 92, 1, F32) \
  K(ZEROS_LIKE, 93, 1, F32 | I8 | I32 | I64) \
  K(FILL, 94, 4, I32 | I64) \
  K(FLOOR_MOD, 95, 2, F32 | I32) \
  N(RANGE, 96) \
  K(RESIZE_NEAREST_NEIGHBOR, 97, 4, F32 | I8 | I16) \
  K(LEAKY_RELU, 98, 2, F32 | I8 | I16) \
  K(SQUARED_DIFFERENCE, 99, 2, F32 | I8 | I16 | I32) \
  K(MIRROR_PAD, 100, 3, F32 | I8) \
  K(ABS, 101, 5, F32 | I8 | I16) \
  K(SPLIT_V, 102, 2, F32 | I8 | I16 | I32) \
  N(UNIQUE, 103) \
  K(CEIL, 104, 1, F32) \
  K(REVERSE_V2, 105, 3, F32 | I8 | I16 | I32 | I64 | BOOL) \
  K(ADD_N, 106, 1, F32 | I8 | I32) \
  K(GATHER_ND, 107, 5, F32 | I8 | I32) \
  K(COS, 108, 1, F32) \
  N(WHERE, 109) \
  N(RANK, 110) \
  K(ELU, 111, 1, F32 | I8) \
  N(REVERSE_SEQUENCE, 112) \
  N(MATRIX_DIAG, 113) \
  K(QUANTIZE, 114, 2, F32 | I8 | I16 | I32 | U8) \
  N(MATRIX_SET_DIAG, 115) \
  K(ROUND, 116, 1, F32) \
  K(HARD_SWISH, 117, 1, F32 | I8) \
  K(IF, 118, 1, BOOL) \
  K(WHILE, 119, 1, ANY) \
  N(NON_MAX_SUPPRESSION_V4, 120) \
  N(NON_MAX_SUPPRESSION_V5, 121) \
  N(SCATTER_ND, 122) \
  K(SELECT_V2, 123, 2, BOOL) \
  N(DENSIFY, 124) \
  N(SEGMENT_SUM, 125) \
  K(BATCH_MATMUL, 126, 4, F32 | I8 | I16) \
  K(CUMSUM, 128, 1, F32 | I8 | I32) \
  K(CALL_ONCE, 129, 1, ANY) \
  K(BROADCAST_TO, 130, 3, F32 | I8 | I16 | I32 | I64 | BOOL) \
  N(RFFT2D, 131) \
  N(CONV_3D, 132) \
  N(IMAG, 133) \
  N(REAL, 134) \
  N(COMPLEX_ABS, 135) \
  N(HASHTABLE, 136) \
  N(HASHTABLE_FIND, 137) \
  N(HASHTABLE_IMPORT, 138) \
  N(HASHTABLE_SIZE, 139) \
  K(REDUCE_ALL, 140, 1, BOOL) \
  N(CONV_3D_TRANSPOSE, 141) \
  K(VAR_HANDLE, 142, 1, ANY) \
  K(READ_VARIABLE, 143, 1, ANY) \
  K(ASSIGN_VARIABLE, 144, 1, ANY) \
  K(BROADCAST_ARGS, 145, 1, I32 | I64) \
  N(RANDOM_STANDARD_NORMAL, 146) \
  N(BUCKETIZE, 147) \
  N(RANDOM_UNIFORM, 148) \
  N(MULTINOMIAL, 149) \
  K(GELU, 150, 2, F32 | I8) \
  K(DYNAMIC_UPDATE_SLICE, 151, 1, F32 | I8 | I16 | I32 | I64) \
  N(RELU_0_TO_1, 152) \
  N(UNSORTED_SEGMENT_PROD, 153) \
  N(UNSORTED_SEGMENT_MAX, 154) \
  N(UNSORTED_SEGMENT_SUM, 155) \
  N(ATAN2, 156) \
  N(UNSORTED_SEGMENT_MIN, 157) \
  N(SIGN, 158) \
  N(BITCAST, 159) \
  N(BITWISE_XOR, 160) \
  N(RIGHT_SHIFT, 161)
// clang-format on

/// Int8-only variants of some kernels: the same operator without its float32
/// and int16 paths, for firmware whose model runs the operator on int8 only
/// (tools/mcu/model_ops.py picks them). A resolver lists them as NAME_INT8;
/// their prepare refuses other types, naming the full kernel.
// clang-format off
#define CIRCLET_INT8_VARIANTS(X) \
  X(AVERAGE_POOL_2D) \
  X(CONV_2D) \
  X(DEPTHWISE_CONV_2D) \
  X(FULLY_CONNECTED) \
  X(SOFTMAX)
// clang-format on

/// Float32-only variants: the operator without its int8 and int16 paths
/// (and their optimized routines), for firmware whose model runs the
/// operator on float32 only. A resolver lists them as NAME_FLOAT.
// clang-format off
#define CIRCLET_FLOAT_VARIANTS(X) \
  X(FULLY_CONNECTED) \
  X(UNIDIRECTIONAL_SEQUENCE_LSTM)
// clang-format on

#endif  // CIRCLET_OP_TABLE_H_
