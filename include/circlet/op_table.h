// circlet's operator table: the one list of every operator circlet knows.
//
// Each line is one operator. K(NAME, CODE, VERSIONS, TYPES) is an operator
// circlet has a kernel for: its builtin code (TFLite's BuiltinOperator;
// Circle's negative codes included), the highest opcode version the kernel
// implements, and the element types its first input may have (the types
// below, or-ed). N(NAME, CODE) is an operator circlet knows by name only:
// models holding it can be inspected, and Prepare() refuses them naming it.
//
// Everything else comes from this list: kernel declarations and the opcode
// constants (circlet/op_resolver.h), AllOpsResolver(), the operator names
// (BuiltinOpName), the type check the interpreter makes before a kernel's
// prepare, `circlet ops` and docs/operators.md. Adding an operator is one
// line here (N -> K), its kernel file, and its test (kernels/README.md).
//
// Codes past 127 are TFLite's extended codes (OperatorCode.builtin_code; the
// deprecated byte code holds 127 for them).
#ifndef CIRCLET_OP_TABLE_H_
#define CIRCLET_OP_TABLE_H_

#include <cstdint>

namespace circlet {

// Element-type bits of the TYPES column.
namespace optype {
enum : uint16_t {
  F32 = 1 << 0,   // float32
  I8 = 1 << 1,    // int8
  I16 = 1 << 2,   // int16
  I32 = 1 << 3,   // int32
  I64 = 1 << 4,   // int64
  BOOL = 1 << 5,  // bool
  U8 = 1 << 6,    // uint8
  ANY = 0x7F,     // any of the above (shape-only operators)
};
}  // namespace optype

}  // namespace circlet

// clang-format off
#define CIRCLET_OPS(K, N) \
  N(RMS_NORM, -6) \
  N(GRU, -5) \
  N(BCQ_GATHER, -4) \
  N(BCQ_FULLY_CONNECTED, -3) \
  N(INSTANCE_NORM, -2) \
  K(ADD, 0, 3, F32 | I8 | I16) \
  K(AVERAGE_POOL_2D, 1, 3, F32 | I8 | I16) \
  K(CONCATENATION, 2, 3, F32 | I8 | I16 | I32) \
  K(CONV_2D, 3, 3, F32 | I8) \
  K(DEPTHWISE_CONV_2D, 4, 3, F32 | I8) \
  N(DEPTH_TO_SPACE, 5) \
  K(DEQUANTIZE, 6, 3, I8 | I16 | U8) \
  N(EMBEDDING_LOOKUP, 7) \
  N(FLOOR, 8) \
  K(FULLY_CONNECTED, 9, 11, F32 | I8) \
  N(HASHTABLE_LOOKUP, 10) \
  N(L2_NORMALIZATION, 11) \
  N(L2_POOL_2D, 12) \
  N(LOCAL_RESPONSE_NORMALIZATION, 13) \
  K(LOGISTIC, 14, 3, F32 | I8 | I16) \
  N(LSH_PROJECTION, 15) \
  N(LSTM, 16) \
  K(MAX_POOL_2D, 17, 3, F32 | I8 | I16) \
  K(MUL, 18, 4, F32 | I8 | I16) \
  K(RELU, 19, 3, F32 | I8 | I16) \
  K(RELU_N1_TO_1, 20, 1, F32 | I8) \
  K(RELU6, 21, 3, F32 | I8 | I16) \
  K(RESHAPE, 22, 2, ANY) \
  N(RESIZE_BILINEAR, 23) \
  N(RNN, 24) \
  K(SOFTMAX, 25, 2, F32 | I8) \
  N(SPACE_TO_DEPTH, 26) \
  N(SVDF, 27) \
  K(TANH, 28, 3, F32 | I8 | I16) \
  N(CONCAT_EMBEDDINGS, 29) \
  N(SKIP_GRAM, 30) \
  N(CALL, 31) \
  N(CUSTOM, 32) \
  N(EMBEDDING_LOOKUP_SPARSE, 33) \
  N(PAD, 34) \
  N(UNIDIRECTIONAL_SEQUENCE_RNN, 35) \
  N(GATHER, 36) \
  N(BATCH_TO_SPACE_ND, 37) \
  N(SPACE_TO_BATCH_ND, 38) \
  N(TRANSPOSE, 39) \
  N(MEAN, 40) \
  N(SUB, 41) \
  N(DIV, 42) \
  N(SQUEEZE, 43) \
  N(UNIDIRECTIONAL_SEQUENCE_LSTM, 44) \
  N(STRIDED_SLICE, 45) \
  N(BIDIRECTIONAL_SEQUENCE_RNN, 46) \
  N(EXP, 47) \
  N(TOPK_V2, 48) \
  N(SPLIT, 49) \
  K(LOG_SOFTMAX, 50, 2, F32 | I8) \
  N(DELEGATE, 51) \
  N(BIDIRECTIONAL_SEQUENCE_LSTM, 52) \
  N(CAST, 53) \
  K(PRELU, 54, 1, F32 | I8 | I16) \
  N(MAXIMUM, 55) \
  N(ARG_MAX, 56) \
  N(MINIMUM, 57) \
  N(LESS, 58) \
  N(NEG, 59) \
  N(PADV2, 60) \
  N(GREATER, 61) \
  N(GREATER_EQUAL, 62) \
  N(LESS_EQUAL, 63) \
  N(SELECT, 64) \
  N(SLICE, 65) \
  N(SIN, 66) \
  N(TRANSPOSE_CONV, 67) \
  N(SPARSE_TO_DENSE, 68) \
  N(TILE, 69) \
  N(EXPAND_DIMS, 70) \
  N(EQUAL, 71) \
  N(NOT_EQUAL, 72) \
  N(LOG, 73) \
  N(SUM, 74) \
  N(SQRT, 75) \
  N(RSQRT, 76) \
  N(SHAPE, 77) \
  N(POW, 78) \
  N(ARG_MIN, 79) \
  N(FAKE_QUANT, 80) \
  N(REDUCE_PROD, 81) \
  N(REDUCE_MAX, 82) \
  N(PACK, 83) \
  N(LOGICAL_OR, 84) \
  N(ONE_HOT, 85) \
  N(LOGICAL_AND, 86) \
  N(LOGICAL_NOT, 87) \
  N(UNPACK, 88) \
  N(REDUCE_MIN, 89) \
  N(FLOOR_DIV, 90) \
  N(REDUCE_ANY, 91) \
  N(SQUARE, 92) \
  N(ZEROS_LIKE, 93) \
  N(FILL, 94) \
  N(FLOOR_MOD, 95) \
  N(RANGE, 96) \
  N(RESIZE_NEAREST_NEIGHBOR, 97) \
  K(LEAKY_RELU, 98, 2, F32 | I8 | I16) \
  N(SQUARED_DIFFERENCE, 99) \
  N(MIRROR_PAD, 100) \
  N(ABS, 101) \
  N(SPLIT_V, 102) \
  N(UNIQUE, 103) \
  N(CEIL, 104) \
  N(REVERSE_V2, 105) \
  N(ADD_N, 106) \
  N(GATHER_ND, 107) \
  N(COS, 108) \
  N(WHERE, 109) \
  N(RANK, 110) \
  K(ELU, 111, 1, F32 | I8) \
  N(REVERSE_SEQUENCE, 112) \
  N(MATRIX_DIAG, 113) \
  K(QUANTIZE, 114, 2, F32 | I8 | I16 | U8) \
  N(MATRIX_SET_DIAG, 115) \
  N(ROUND, 116) \
  K(HARD_SWISH, 117, 1, F32 | I8) \
  N(IF, 118) \
  N(WHILE, 119) \
  N(NON_MAX_SUPPRESSION_V4, 120) \
  N(NON_MAX_SUPPRESSION_V5, 121) \
  N(SCATTER_ND, 122) \
  N(SELECT_V2, 123) \
  N(DENSIFY, 124) \
  N(SEGMENT_SUM, 125) \
  N(BATCH_MATMUL, 126) \
  N(CUMSUM, 128) \
  N(CALL_ONCE, 129) \
  N(BROADCAST_TO, 130) \
  N(RFFT2D, 131) \
  N(CONV_3D, 132) \
  N(IMAG, 133) \
  N(REAL, 134) \
  N(COMPLEX_ABS, 135) \
  N(HASHTABLE, 136) \
  N(HASHTABLE_FIND, 137) \
  N(HASHTABLE_IMPORT, 138) \
  N(HASHTABLE_SIZE, 139) \
  N(REDUCE_ALL, 140) \
  N(CONV_3D_TRANSPOSE, 141) \
  N(VAR_HANDLE, 142) \
  N(READ_VARIABLE, 143) \
  N(ASSIGN_VARIABLE, 144) \
  N(BROADCAST_ARGS, 145) \
  N(RANDOM_STANDARD_NORMAL, 146) \
  N(BUCKETIZE, 147) \
  N(RANDOM_UNIFORM, 148) \
  N(MULTINOMIAL, 149) \
  K(GELU, 150, 2, F32 | I8) \
  N(DYNAMIC_UPDATE_SLICE, 151) \
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

// Int8-only variants of some kernels: the same operator without its float32
// and int16 paths, for firmware whose model runs the operator on int8 only
// (tools/mcu/model_ops.py picks them). A resolver lists them as NAME_INT8;
// their prepare refuses other types, naming the full kernel.
// clang-format off
#define CIRCLET_INT8_VARIANTS(X) \
  X(AVERAGE_POOL_2D) \
  X(CONV_2D) \
  X(DEPTHWISE_CONV_2D) \
  X(FULLY_CONNECTED) \
  X(SOFTMAX)
// clang-format on

#endif  // CIRCLET_OP_TABLE_H_
