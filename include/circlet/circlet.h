/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file circlet.h
 * @brief circlet's C API (C99): run a TFLite or Circle model from C firmware.
 *
 * A thin layer over the C++ API (circlet/model.h, circlet/interpreter.h)
 * with the same rules: no heap, no exceptions, every failure a status code
 * with a message. The caller owns every byte of memory:
 *
 *  - a ::circlet_model and a ::circlet_interpreter are opaque structs of
 *    fixed size (CIRCLET_MODEL_STORAGE_WORDS and
 *    CIRCLET_INTERPRETER_STORAGE_WORDS pointer-sized words) that the caller
 *    declares, usually as static variables; the C++ objects are built
 *    inside them;
 *  - the model bytes (usually in flash) and the arena (RAM) are the
 *    caller's arrays, used in place; they and the model storage must
 *    outlive the interpreter.
 *
 * Lifecycle:
 * @code
 *   #define MY_OPS(X) X(RESHAPE) X(FULLY_CONNECTED_INT8)
 *   CIRCLET_DEFINE_C_OP_RESOLVER(my_ops, MY_OPS)
 *
 *   static circlet_model model;
 *   static circlet_interpreter interp;
 *   static uint8_t arena[4096] __attribute__((aligned(16)));
 *
 *   if (circlet_model_create(&model, bytes, size) != CIRCLET_OK) {
 *     log(circlet_model_message(&model));
 *   }
 *   circlet_interpreter_create(&interp, &model, my_ops, arena, sizeof(arena));
 *   if (circlet_interpreter_prepare(&interp) != CIRCLET_OK) {
 *     log(circlet_interpreter_message(&interp));
 *   }
 *   circlet_interpreter_set_input(&interp, 0, CIRCLET_TYPE_INT8, in, sizeof(in));
 *   circlet_interpreter_invoke(&interp);
 *   circlet_interpreter_get_output(&interp, 0, CIRCLET_TYPE_INT8, out, sizeof(out));
 * @endcode
 *
 * Nothing needs to be destroyed: the objects hold no resources beyond the
 * caller's storage. Each object records the status of the last call made
 * on it (circlet_model_message(), circlet_interpreter_message()).
 *
 * Thread safety: one interpreter (and its arena) per thread of execution;
 * a created model is read-only and may be shared by several interpreters.
 *
 * Flash: the C API's functions sit in their own sections; a firmware links
 * only those it calls, and a firmware that uses the C++ API links none.
 */
#ifndef CIRCLET_CIRCLET_H_
#define CIRCLET_CIRCLET_H_

#include <stddef.h>
#include <stdint.h>

#include "circlet/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The result of a call; mirrors circlet::StatusCode.
 */
typedef enum circlet_status {
  CIRCLET_OK = 0,               /**< Success. */
  CIRCLET_INVALID_MODEL = 1,    /**< The model bytes are malformed or inconsistent. */
  CIRCLET_UNSUPPORTED = 2,      /**< A valid model that uses something circlet lacks. */
  CIRCLET_ARENA_TOO_SMALL = 3,  /**< The arena cannot hold the plan; the message says how much. */
  CIRCLET_INVALID_ARGUMENT = 4, /**< API misuse: null pointer, wrong size or type, bad index. */
  CIRCLET_BAD_STATE = 5         /**< API misuse: wrong call order, use after a failure. */
} circlet_status;

/**
 * @brief Element type of a tensor; the numbering is TFLite's TensorType.
 */
typedef enum circlet_type {
  CIRCLET_TYPE_FLOAT32 = 0, /**< 32-bit IEEE float. */
  CIRCLET_TYPE_INT32 = 2,   /**< 32-bit signed integer. */
  CIRCLET_TYPE_UINT8 = 3,   /**< 8-bit unsigned integer. */
  CIRCLET_TYPE_INT64 = 4,   /**< 64-bit signed integer. */
  CIRCLET_TYPE_BOOL = 6,    /**< Boolean, one byte per element. */
  CIRCLET_TYPE_INT16 = 7,   /**< 16-bit signed integer. */
  CIRCLET_TYPE_INT8 = 9     /**< 8-bit signed integer. */
} circlet_type;

/**
 * @brief Size of ::circlet_model in pointer-sized words: 232 B on a 64-bit
 * host, 200 B on 32-bit Arm (the C++ objects take 208 B and 188 B).
 */
#define CIRCLET_MODEL_STORAGE_WORDS (8 + 168 / sizeof(void*))
/**
 * @brief Size of ::circlet_interpreter in pointer-sized words: 840 B on a
 * 64-bit host, 520 B on 32-bit Arm (runtime/c_api.cc checks that the C++
 * objects fit; the memory pools' report table is most of it).
 */
#define CIRCLET_INTERPRETER_STORAGE_WORDS (80 + 200 / sizeof(void*))

/**
 * @brief Storage of a model: a verified view of model bytes, and the status
 * of the last call on it. Opaque; declare one (static) per model.
 */
typedef struct circlet_model {
  void* opaque_[CIRCLET_MODEL_STORAGE_WORDS]; /**< Private: the C++ objects live here. */
} circlet_model;

/**
 * @brief Storage of an interpreter: the C++ interpreter, its resolver, and
 * the status of the last call on it. Opaque; declare one (static) per
 * interpreter. The tensors themselves live in the caller's arena.
 */
typedef struct circlet_interpreter {
  void* opaque_[CIRCLET_INTERPRETER_STORAGE_WORDS]; /**< Private: the C++ objects live here. */
} circlet_interpreter;

/**
 * @brief One kernel (operator implementation). Incomplete: only its address
 * is used, as circlet_kernel_NAME for NAME of the operator table
 * (circlet/op_table.h), e.g. circlet_kernel_CONV_2D.
 */
struct circlet_kernel;

/**
 * @brief The kernels an interpreter may use: a list of kernel addresses.
 * Passed by value; the list itself must outlive the interpreter (a static
 * array, as CIRCLET_DEFINE_C_OP_RESOLVER makes).
 */
typedef struct circlet_op_resolver {
  const struct circlet_kernel* const* kernels; /**< Array of count kernel addresses. */
  size_t count;                                /**< Entries in kernels. */
} circlet_op_resolver;

/**
 * @brief Description of one input or output tensor. Shape and quantization
 * arrays point into the model bytes (flash): valid while the model is.
 */
typedef struct circlet_tensor_info {
  circlet_type type;           /**< Element type. */
  int32_t rank;                /**< Number of dimensions (0 for a scalar). */
  const int32_t* dims;         /**< rank dimensions, outermost first. */
  size_t bytes;                /**< Size of the tensor's data in bytes. */
  const char* name;            /**< Tensor name from the model ("" when it has none). */
  int32_t index;               /**< Index of the tensor in the model's subgraph. */
  int32_t quant_count;         /**< Number of (scale, zero point) pairs; 0: not quantized. */
  int32_t quantized_dimension; /**< The dimension of per-channel quantization. */
  const float* scales;         /**< quant_count scales, or NULL. */
  const int64_t* zero_points;  /**< quant_count zero points, or NULL. */
  float scale;                 /**< scales[0], or 0 when not quantized. */
  int32_t zero_point;          /**< zero_points[0], or 0 when not quantized. */
  void* data;                  /**< The tensor's bytes in the arena once prepared, else NULL. */
} circlet_tensor_info;

/**
 * @brief The arena figures of a prepared interpreter (circlet::ArenaReport).
 */
typedef struct circlet_arena_report {
  size_t arena_bytes;       /**< Arena size the model needs: enough for Prepare() and Invoke(). */
  size_t activation_bytes;  /**< Planned peak of tensors and scratch buffers. */
  size_t persistent_bytes;  /**< Interpreter tables and kernels' precomputed data. */
  size_t scratch_bytes;     /**< The largest scratch buffer (part of activation_bytes). */
  size_t lower_bound_bytes; /**< Largest sum of simultaneously live buffers. */
} circlet_arena_report;

/**
 * @brief One memory pool (circlet::MemoryPool): circlet_interpreter_create_pools.
 */
typedef struct circlet_memory_pool {
  void* base;       /**< The pool's first byte, 8-byte aligned. */
  size_t bytes;     /**< Its size. */
  const char* name; /**< For reports and messages ("dtcm", "sdram"; NULL: "pool<i>"). */
} circlet_memory_pool;

/**
 * @brief One pool's share of a prepared plan (circlet::PoolReport).
 */
typedef struct circlet_pool_report {
  const char* name;        /**< The pool's name. */
  size_t used_bytes;       /**< What the plan needs of the pool. */
  size_t activation_bytes; /**< Planned peak of its tensors and scratch buffers. */
  size_t persistent_bytes; /**< Tables and op data (the one pool that holds them). */
  size_t read_bytes;       /**< Bytes read from it per inference (a model, docs/mcu.md). */
  size_t written_bytes;    /**< Bytes written to it per inference. */
} circlet_pool_report;

/** @brief The library's version, "MAJOR.MINOR.PATCH" (CIRCLET_VERSION_STRING). */
const char* circlet_version(void);

/** @brief Name of a status code ("OK", "ARENA_TOO_SMALL", ...); "UNKNOWN" otherwise. */
const char* circlet_status_name(circlet_status status);

/** @brief Name of an element type ("int8", "float32", ...); "unknown" otherwise. */
const char* circlet_type_name(circlet_type type);

/** @brief Bytes per element of a type; 0 for a type circlet does not handle. */
size_t circlet_type_size(circlet_type type);

/**
 * @brief Verifies untrusted model bytes and makes @p model a view of them.
 *
 * The bytes are read in place and must stay valid and unchanged while the
 * model is used; they must be at least 8-byte aligned (16 is safe). On
 * failure the model holds the reason (circlet_model_message()) and cannot be
 * used to create an interpreter.
 *
 * @param model storage for the model (not NULL)
 * @param data  TFLite (TFL3) or Circle (CIR0) flatbuffer
 * @param size  bytes at @p data
 * @return CIRCLET_OK, CIRCLET_INVALID_MODEL, CIRCLET_UNSUPPORTED or
 *         CIRCLET_INVALID_ARGUMENT
 */
circlet_status circlet_model_create(circlet_model* model, const void* data, size_t size);

/**
 * @brief The same for bytes built into the firmware image and verified on
 * the host: skips the flatbuffers structure check (about 3 KB of Cortex-M
 * code) and keeps the semantic checks. Never for bytes that arrive at run
 * time.
 *
 * @param model storage for the model (not NULL)
 * @param data  a flatbuffer that circlet_model_create() accepted
 * @param size  bytes at @p data
 * @return as circlet_model_create()
 */
circlet_status circlet_model_create_trusted(circlet_model* model, const void* data, size_t size);

/**
 * @brief Status of the last call on @p model.
 * @return CIRCLET_INVALID_ARGUMENT for NULL or never-created storage
 */
circlet_status circlet_model_status(const circlet_model* model);

/**
 * @brief Message of the last call on @p model: "" after success, else what
 * went wrong and where. Never NULL.
 */
const char* circlet_model_message(const circlet_model* model);

/**
 * @brief A resolver holding every kernel circlet has (links them all: for
 * hosts and tools; firmware lists its kernels with
 * CIRCLET_DEFINE_C_OP_RESOLVER).
 */
circlet_op_resolver circlet_all_ops_resolver(void);

/**
 * @brief Makes an interpreter of @p model in the caller's arena.
 *
 * Checks its arguments; the model must have been created successfully, the
 * arena must be 8-byte aligned (16 recommended). Nothing is allocated: the
 * tensors, the interpreter's tables and the kernels' data are placed in the
 * arena by circlet_interpreter_prepare(). @p model, the resolver's list and
 * the arena must outlive the interpreter; an arena serves one interpreter.
 *
 * @param interp      storage for the interpreter (not NULL)
 * @param model       a created model
 * @param resolver    the kernels to use (copied; its list is not)
 * @param arena       the caller's memory for tensors and tables
 * @param arena_bytes size of @p arena
 * @return CIRCLET_OK, CIRCLET_INVALID_ARGUMENT or CIRCLET_BAD_STATE
 */
circlet_status circlet_interpreter_create(circlet_interpreter* interp, const circlet_model* model,
                                          circlet_op_resolver resolver, void* arena,
                                          size_t arena_bytes);

/**
 * @brief Makes an interpreter of @p model that plans into several memory
 * pools, fastest first (circlet::Interpreter's pools constructor, docs/mcu.md
 * "Memory pools"): the most accessed buffers go to the first pool that
 * holds them, the rest spill to the next ones.
 *
 * @param interp     storage for the interpreter (not NULL)
 * @param model      a created model
 * @param resolver   the kernels to use (copied; its list is not)
 * @param pools      1 to 4 pools, each 8-byte aligned, none overlapping;
 *                   the array and the memory must outlive the interpreter
 * @param num_pools  entries in @p pools
 * @return CIRCLET_OK, CIRCLET_INVALID_ARGUMENT or CIRCLET_BAD_STATE (the
 *         pools themselves are checked by circlet_interpreter_prepare)
 */
circlet_status circlet_interpreter_create_pools(circlet_interpreter* interp,
                                                const circlet_model* model,
                                                circlet_op_resolver resolver,
                                                const circlet_memory_pool* pools, int num_pools);

/**
 * @brief Pool @p index's figures after a successful prepare (an interpreter
 * made by circlet_interpreter_create_pools).
 *
 * @return CIRCLET_OK, CIRCLET_INVALID_ARGUMENT (no such pool, NULL report)
 *         or CIRCLET_BAD_STATE (not prepared)
 */
circlet_status circlet_interpreter_pool_report(circlet_interpreter* interp, int index,
                                               circlet_pool_report* report);

/**
 * @brief Resolves kernels, computes shapes, runs every kernel's prepare and
 * plans the arena. Once per interpreter.
 *
 * @return CIRCLET_OK; CIRCLET_ARENA_TOO_SMALL (the message gives the bytes
 *         needed); CIRCLET_UNSUPPORTED (e.g. an operator missing from the
 *         resolver, named in the message); CIRCLET_INVALID_MODEL;
 *         CIRCLET_BAD_STATE when called twice
 */
circlet_status circlet_interpreter_prepare(circlet_interpreter* interp);

/**
 * @brief Runs the model once on the current inputs. No allocation.
 * @return CIRCLET_OK, or CIRCLET_BAD_STATE before a successful prepare
 */
circlet_status circlet_interpreter_invoke(circlet_interpreter* interp);

/**
 * @brief Status of the last call on @p interp.
 * @return CIRCLET_INVALID_ARGUMENT for NULL or never-created storage
 */
circlet_status circlet_interpreter_status(const circlet_interpreter* interp);

/**
 * @brief Message of the last call on @p interp: "" after success, else what
 * went wrong and where. Never NULL.
 */
const char* circlet_interpreter_message(const circlet_interpreter* interp);

/**
 * @brief Arena figures of a prepared interpreter.
 * @param interp a prepared interpreter
 * @param report filled on success
 * @return CIRCLET_OK, CIRCLET_INVALID_ARGUMENT or CIRCLET_BAD_STATE (not prepared)
 */
circlet_status circlet_interpreter_arena_report(circlet_interpreter* interp,
                                                circlet_arena_report* report);

/**
 * @brief The arena bytes a prepared interpreter needs (report.arena_bytes);
 * an arena of this size is enough for the same model and resolver.
 * @return 0 when @p interp is not prepared
 */
size_t circlet_interpreter_arena_bytes(const circlet_interpreter* interp);

/** @brief Number of graph inputs; -1 when @p interp was not created. */
int circlet_interpreter_num_inputs(const circlet_interpreter* interp);

/** @brief Number of graph outputs; -1 when @p interp was not created. */
int circlet_interpreter_num_outputs(const circlet_interpreter* interp);

/**
 * @brief Describes graph input @p index. Works after create; the data
 * pointer is set once prepared.
 * @return CIRCLET_OK or CIRCLET_INVALID_ARGUMENT (bad index or pointer)
 */
circlet_status circlet_interpreter_input_info(circlet_interpreter* interp, int index,
                                              circlet_tensor_info* info);

/**
 * @brief Describes graph output @p index, as circlet_interpreter_input_info().
 * @return CIRCLET_OK or CIRCLET_INVALID_ARGUMENT (bad index or pointer)
 */
circlet_status circlet_interpreter_output_info(circlet_interpreter* interp, int index,
                                               circlet_tensor_info* info);

/**
 * @brief Copies @p bytes bytes into graph input @p index, checking the
 * element type and the size against the tensor. Inputs may be overwritten by
 * Invoke (their memory is reused): set them before every invoke.
 *
 * @param interp a prepared interpreter
 * @param index  graph input
 * @param type   the element type of @p data: must be the tensor's
 * @param data   the values (not NULL)
 * @param bytes  must equal the tensor's size in bytes
 * @return CIRCLET_OK, CIRCLET_INVALID_ARGUMENT (bad index, type or size: the
 *         message names the tensor and the bytes it holds) or
 *         CIRCLET_BAD_STATE (not prepared)
 */
circlet_status circlet_interpreter_set_input(circlet_interpreter* interp, int index,
                                             circlet_type type, const void* data, size_t bytes);

/**
 * @brief Copies graph output @p index into @p data, checking the element type
 * and the size as circlet_interpreter_set_input() does. Outputs stay valid
 * until the next invoke.
 * @return CIRCLET_OK, CIRCLET_INVALID_ARGUMENT or CIRCLET_BAD_STATE
 */
circlet_status circlet_interpreter_get_output(circlet_interpreter* interp, int index,
                                              circlet_type type, void* data, size_t bytes);

/** @cond CIRCLET_INTERNAL */
#ifdef __cplusplus
#define CIRCLET_C_LINKAGE_ extern "C"
#else
#define CIRCLET_C_LINKAGE_ extern
#endif
#define CIRCLET_C_KERNEL_DECL_(NAME) \
  CIRCLET_C_LINKAGE_ const struct circlet_kernel circlet_kernel_##NAME;
#define CIRCLET_C_KERNEL_REF_(NAME) &circlet_kernel_##NAME,
/** @endcond */

/**
 * @brief Defines a static resolver @p var holding the kernels that @p LIST
 * names, so that only they are linked:
 * @code
 *   #define SINE_OPS(X) X(FULLY_CONNECTED_INT8)
 *   CIRCLET_DEFINE_C_OP_RESOLVER(sine_ops, SINE_OPS)
 *   ...
 *   circlet_interpreter_create(&interp, &model, sine_ops, arena, sizeof(arena));
 * @endcode
 * The names are those of circlet/op_table.h (CONV_2D, SOFTMAX, ...) and the
 * int8-only variants (FULLY_CONNECTED_INT8, ...). A misspelt name is an
 * undefined reference to circlet_kernel_NAME at link time. At file scope,
 * without a trailing semicolon. In C++ use CIRCLET_DEFINE_OP_RESOLVER of
 * circlet/op_resolver.h (not both headers' macros in one file).
 */
#define CIRCLET_DEFINE_C_OP_RESOLVER(var, LIST)                                               \
  LIST(CIRCLET_C_KERNEL_DECL_)                                                                \
  static const struct circlet_kernel* const var##_kernels_[] = {LIST(CIRCLET_C_KERNEL_REF_)}; \
  static const circlet_op_resolver var = {var##_kernels_,                                     \
                                          sizeof(var##_kernels_) / sizeof(var##_kernels_[0])};

#ifdef __cplusplus
}  // extern "C"
#endif

#endif /* CIRCLET_CIRCLET_H_ */
