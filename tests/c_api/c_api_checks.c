/* SPDX-License-Identifier: Apache-2.0 */
/* The C API's checks, written in C99 against include/circlet/circlet.h only.
 *
 * The models are the project's own (tools/mcu/gen_models.cc):
 *   own_fc_int8   int8 x [1,2,2,4] (scale 0.05, zero point -3) -> RESHAPE
 *                 [1,16] -> FULLY_CONNECTED 16x5 -> int8 y [1,5] (scale
 *                 0.3, zero point 7)
 *   own_fc_float  float32 x [1,8] -> FC 8x6, RELU -> FC 6x3 -> float32 y [1,3]
 * with goldens computed in double arithmetic by the generator. The known
 * shapes and quantization above are checked against the tensor info; the
 * outputs against the goldens; and every error path the API documents
 * (bad model bytes, uncreated or failed objects, wrong order, wrong type,
 * wrong size, bad index, an arena too small, a missing kernel) for its code
 * and a message saying what is wrong. */
#include "c_api_checks.h"

#include <string.h>

#include "circlet/circlet.h"

/* Only the kernels own_fc_int8 uses; the float model needs the float
 * FULLY_CONNECTED (the full kernel, not the _INT8 variant). */
#define FC_INT8_OPS(X) X(RESHAPE) X(FULLY_CONNECTED_INT8)
CIRCLET_DEFINE_C_OP_RESOLVER(fc_int8_ops, FC_INT8_OPS)
#define FC_ONLY_OPS(X) X(FULLY_CONNECTED)
CIRCLET_DEFINE_C_OP_RESOLVER(fc_only_ops, FC_ONLY_OPS)

static c_api_log_fn g_log;
static int g_failures;

static circlet_model g_model;
static circlet_model g_float_model;
static circlet_model g_scratch_model;
static circlet_interpreter g_interp;
static circlet_interpreter g_interp2;
static uint64_t g_arena[4096 / 8];
static uint64_t g_arena2[4096 / 8];
static uint64_t g_copy[8192 / 8];
/* A model's message, kept to compare after later errors. */
static char g_kept_message[200];

/* "prefix<n>" into out (cap >= 32). */
static void append_int(char* out, size_t cap, long value) {
  char digits[24];
  size_t n = 0, len = strlen(out);
  unsigned long u = value < 0 ? (unsigned long)(-(value + 1)) + 1u : (unsigned long)value;
  do {
    digits[n++] = (char)('0' + (int)(u % 10u));
    u /= 10u;
  } while (u != 0 && n < sizeof(digits));
  if (value < 0 && len + 1 < cap) out[len++] = '-';
  while (n > 0 && len + 1 < cap) out[len++] = digits[--n];
  out[len] = '\0';
}

static void append(char* out, size_t cap, const char* s) {
  size_t len = strlen(out);
  while (*s != '\0' && len + 1 < cap) out[len++] = *s++;
  out[len] = '\0';
}

static void fail(int line, const char* what, const char* detail) {
  char msg[400];
  msg[0] = '\0';
  append(msg, sizeof(msg), "FAIL c_api_checks.c:");
  append_int(msg, sizeof(msg), line);
  append(msg, sizeof(msg), ": ");
  append(msg, sizeof(msg), what);
  if (detail != NULL && detail[0] != '\0') {
    append(msg, sizeof(msg), " [");
    append(msg, sizeof(msg), detail);
    append(msg, sizeof(msg), "]");
  }
  g_log(msg);
  ++g_failures;
}

#define CHECK(cond)                           \
  do {                                        \
    if (!(cond)) fail(__LINE__, #cond, NULL); \
  } while (0)
/* A check that shows the interpreter's last message when it fails. */
#define CHECK_I(it, cond)                                                \
  do {                                                                   \
    if (!(cond)) fail(__LINE__, #cond, circlet_interpreter_message(it)); \
  } while (0)
#define CONTAINS(haystack, needle) (strstr((haystack), (needle)) != NULL)

static int float_close(float got, float want) {
  float d = got - want;
  float m = want < 0 ? -want : want;
  if (d < 0) d = -d;
  return d <= 1e-5f * (m > 1.0f ? m : 1.0f);
}

static void check_names(void) {
  CHECK(strcmp(circlet_version(), CIRCLET_VERSION_STRING) == 0);
  CHECK(CIRCLET_VERSION_MAJOR >= 0 && CIRCLET_VERSION_MINOR >= 0 && CIRCLET_VERSION_PATCH >= 0);
  CHECK(strcmp(circlet_status_name(CIRCLET_OK), "OK") == 0);
  CHECK(strcmp(circlet_status_name(CIRCLET_ARENA_TOO_SMALL), "ARENA_TOO_SMALL") == 0);
  CHECK(strcmp(circlet_status_name((circlet_status)42), "UNKNOWN") == 0);
  CHECK(strcmp(circlet_type_name(CIRCLET_TYPE_INT8), "int8") == 0);
  CHECK(strcmp(circlet_type_name(CIRCLET_TYPE_FLOAT32), "float32") == 0);
  CHECK(strcmp(circlet_type_name((circlet_type)1), "unknown") == 0);
  CHECK(circlet_type_size(CIRCLET_TYPE_INT16) == 2);
  CHECK(circlet_type_size(CIRCLET_TYPE_INT64) == 8);
  CHECK(circlet_type_size((circlet_type)5) == 0);
}

/* Storage never created, NULL pointers, and model bytes that are not a model. */
static void check_bad_models(const c_api_case* c) {
  circlet_tensor_info info;
  memset(&g_scratch_model, 0, sizeof(g_scratch_model));
  memset(&g_interp, 0, sizeof(g_interp));
  CHECK(circlet_model_status(&g_scratch_model) == CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_model_message(&g_scratch_model), "not a created circlet_model"));
  CHECK(circlet_model_status(NULL) == CIRCLET_INVALID_ARGUMENT);
  CHECK(circlet_model_create(NULL, c->model, c->model_size) == CIRCLET_INVALID_ARGUMENT);
  CHECK(circlet_interpreter_prepare(&g_interp) == CIRCLET_INVALID_ARGUMENT);
  CHECK(circlet_interpreter_invoke(NULL) == CIRCLET_INVALID_ARGUMENT);
  CHECK(circlet_interpreter_input_info(&g_interp, 0, &info) == CIRCLET_INVALID_ARGUMENT);
  CHECK(circlet_interpreter_num_inputs(&g_interp) == -1);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "not a created circlet_interpreter"));
  CHECK(circlet_interpreter_create(&g_interp, &g_scratch_model, fc_int8_ops, g_arena,
                                   sizeof(g_arena)) == CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "not a created circlet_model"));

  CHECK(circlet_model_create(&g_scratch_model, NULL, 100) == CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_model_message(&g_scratch_model), "NULL"));

  /* Bad identifier: "TFL3" at bytes 4..7 becomes "XFL3". */
  if (c->model_size > sizeof(g_copy)) {
    fail(__LINE__, "model larger than the copy buffer", NULL);
    return;
  }
  memcpy(g_copy, c->model, c->model_size);
  ((uint8_t*)g_copy)[4] = 'X';
  CHECK(circlet_model_create(&g_scratch_model, g_copy, c->model_size) == CIRCLET_INVALID_MODEL);
  CHECK(circlet_model_status(&g_scratch_model) == CIRCLET_INVALID_MODEL);
  CHECK(strlen(circlet_model_message(&g_scratch_model)) > 10);
  /* Truncated. */
  memcpy(g_copy, c->model, c->model_size);
  CHECK(circlet_model_create(&g_scratch_model, g_copy, 24) == CIRCLET_INVALID_MODEL);
  CHECK(strlen(circlet_model_message(&g_scratch_model)) > 10);
  strncpy(g_kept_message, circlet_model_message(&g_scratch_model), sizeof(g_kept_message) - 1);

  /* An interpreter of a model that failed: create reports it with the
   * model's reason, and every later call says create failed. */
  CHECK(circlet_interpreter_create(&g_interp, &g_scratch_model, fc_int8_ops, g_arena,
                                   sizeof(g_arena)) == CIRCLET_BAD_STATE);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "failed to load"));
  CHECK(circlet_interpreter_status(&g_interp) == CIRCLET_BAD_STATE);
  CHECK(circlet_interpreter_prepare(&g_interp) == CIRCLET_BAD_STATE);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "circlet_interpreter_create failed"));
  /* Each handle keeps its own copy of its message: the errors since (on
   * the interpreter) did not replace the model's. */
  CHECK(strcmp(circlet_model_message(&g_scratch_model), g_kept_message) == 0);
}

/* The int8 model end to end, with its tensor info, the arena figures and
 * the checked copies. */
/* Prepares `it`, runs the int8 case once and compares its 5 output bytes
 * with `golden`. */
static void check_int8_run(circlet_interpreter* it, const c_api_case* c, const int8_t* golden) {
  int8_t y[5];
  CHECK_I(it, circlet_interpreter_prepare(it) == CIRCLET_OK);
  CHECK_I(it, circlet_interpreter_set_input(it, 0, CIRCLET_TYPE_INT8, c->input, c->input_size) ==
                  CIRCLET_OK);
  CHECK_I(it, circlet_interpreter_invoke(it) == CIRCLET_OK);
  memset(y, 0x55, sizeof(y));
  CHECK_I(it, circlet_interpreter_get_output(it, 0, CIRCLET_TYPE_INT8, y, sizeof(y)) == CIRCLET_OK);
  CHECK(memcmp(y, golden, 5) == 0);
}

static void check_int8(const c_api_case* c) {
  circlet_tensor_info in, out;
  circlet_arena_report report;
  int8_t y[5], small[4];
  size_t arena_bytes;
  const int8_t* golden = (const int8_t*)c->golden;
  int i;

  CHECK(circlet_model_create(&g_model, c->model, c->model_size) == CIRCLET_OK);
  CHECK(circlet_model_status(&g_model) == CIRCLET_OK);
  CHECK(strcmp(circlet_model_message(&g_model), "") == 0);

  /* Arguments create checks. */
  CHECK(circlet_interpreter_create(&g_interp, &g_model, fc_int8_ops, NULL, 100) ==
        CIRCLET_INVALID_ARGUMENT);
  CHECK(circlet_interpreter_create(&g_interp, &g_model, fc_int8_ops, (uint8_t*)g_arena + 4,
                                   sizeof(g_arena) - 4) == CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "aligned"));

  CHECK(circlet_interpreter_create(&g_interp, &g_model, fc_int8_ops, g_arena, sizeof(g_arena)) ==
        CIRCLET_OK);
  CHECK(circlet_interpreter_num_inputs(&g_interp) == 1);
  CHECK(circlet_interpreter_num_outputs(&g_interp) == 1);

  /* Before prepare: info without data; no invoke, no copies, no report. */
  CHECK_I(&g_interp, circlet_interpreter_input_info(&g_interp, 0, &in) == CIRCLET_OK);
  CHECK(in.data == NULL);
  CHECK(circlet_interpreter_invoke(&g_interp) == CIRCLET_BAD_STATE);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "before a successful Prepare"));
  CHECK(circlet_interpreter_set_input(&g_interp, 0, CIRCLET_TYPE_INT8, c->input, c->input_size) ==
        CIRCLET_BAD_STATE);
  CHECK(circlet_interpreter_arena_report(&g_interp, &report) == CIRCLET_BAD_STATE);
  CHECK(circlet_interpreter_arena_bytes(&g_interp) == 0);

  CHECK_I(&g_interp, circlet_interpreter_prepare(&g_interp) == CIRCLET_OK);
  CHECK(circlet_interpreter_status(&g_interp) == CIRCLET_OK);
  CHECK(strcmp(circlet_interpreter_message(&g_interp), "") == 0);
  CHECK(circlet_interpreter_prepare(&g_interp) == CIRCLET_BAD_STATE);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "twice"));

  /* Tensor info: the shapes and quantization gen_models wrote. */
  CHECK_I(&g_interp, circlet_interpreter_input_info(&g_interp, 0, &in) == CIRCLET_OK);
  CHECK(in.type == CIRCLET_TYPE_INT8);
  CHECK(in.rank == 4);
  CHECK(in.rank == 4 && in.dims[0] == 1 && in.dims[1] == 2 && in.dims[2] == 2 && in.dims[3] == 4);
  CHECK(in.bytes == 16 && c->input_size == 16);
  CHECK(strcmp(in.name, "x") == 0);
  CHECK(in.quant_count == 1);
  CHECK(in.scale == 0.05f);
  CHECK(in.scales != NULL && in.scales[0] == 0.05f);
  CHECK(in.zero_point == -3);
  CHECK(in.zero_points != NULL && in.zero_points[0] == -3);
  CHECK(in.data != NULL);
  CHECK((uint8_t*)in.data >= (uint8_t*)g_arena &&
        (uint8_t*)in.data + in.bytes <= (uint8_t*)g_arena + sizeof(g_arena));
  CHECK_I(&g_interp, circlet_interpreter_output_info(&g_interp, 0, &out) == CIRCLET_OK);
  CHECK(out.type == CIRCLET_TYPE_INT8);
  CHECK(out.rank == 2 && out.dims[0] == 1 && out.dims[1] == 5);
  CHECK(out.bytes == 5 && c->golden_size == 5);
  CHECK(strcmp(out.name, "y") == 0);
  CHECK(out.quant_count == 1 && out.scale == 0.3f && out.zero_point == 7);
  CHECK(circlet_interpreter_input_info(&g_interp, 1, &in) == CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "has 1 inputs"));
  CHECK(circlet_interpreter_output_info(&g_interp, -1, &out) == CIRCLET_INVALID_ARGUMENT);
  CHECK(circlet_interpreter_output_info(&g_interp, 0, NULL) == CIRCLET_INVALID_ARGUMENT);

  /* Arena figures. */
  CHECK_I(&g_interp, circlet_interpreter_arena_report(&g_interp, &report) == CIRCLET_OK);
  arena_bytes = circlet_interpreter_arena_bytes(&g_interp);
  CHECK(arena_bytes == report.arena_bytes);
  CHECK(arena_bytes > 0 && arena_bytes <= sizeof(g_arena));
  CHECK(report.persistent_bytes > 0 && report.activation_bytes >= 16 + 5);
  CHECK(report.activation_bytes + report.persistent_bytes <= report.arena_bytes);
  CHECK(report.lower_bound_bytes <= report.activation_bytes);

  /* Checked copies: type, size, index, NULL. */
  CHECK(circlet_interpreter_set_input(&g_interp, 0, CIRCLET_TYPE_INT8, c->input, 15) ==
        CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "15 bytes given"));
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "'x'"));
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "holds 16"));
  CHECK(circlet_interpreter_set_input(&g_interp, 0, CIRCLET_TYPE_UINT8, c->input, 16) ==
        CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "type uint8 given"));
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "'x' holds int8"));
  CHECK(circlet_interpreter_set_input(&g_interp, 1, CIRCLET_TYPE_INT8, c->input, 16) ==
        CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "has 1 inputs"));
  CHECK(circlet_interpreter_set_input(&g_interp, 0, CIRCLET_TYPE_INT8, NULL, 16) ==
        CIRCLET_INVALID_ARGUMENT);

  /* Run: the outputs are the goldens. */
  CHECK_I(&g_interp, circlet_interpreter_set_input(&g_interp, 0, CIRCLET_TYPE_INT8, c->input,
                                                   c->input_size) == CIRCLET_OK);
  CHECK_I(&g_interp, circlet_interpreter_invoke(&g_interp) == CIRCLET_OK);
  memset(y, 0x55, sizeof(y));
  CHECK_I(&g_interp, circlet_interpreter_get_output(&g_interp, 0, CIRCLET_TYPE_INT8, y,
                                                    sizeof(y)) == CIRCLET_OK);
  for (i = 0; i < 5; ++i) {
    if (y[i] != golden[i]) {
      char what[80] = "int8 output ";
      append_int(what, sizeof(what), i);
      append(what, sizeof(what), ": got ");
      append_int(what, sizeof(what), y[i]);
      append(what, sizeof(what), ", golden ");
      append_int(what, sizeof(what), golden[i]);
      fail(__LINE__, what, NULL);
    }
  }
  CHECK(memcmp(out.data, golden, 5) == 0); /* the zero-copy pointer too */
  CHECK(circlet_interpreter_get_output(&g_interp, 0, CIRCLET_TYPE_INT8, small, sizeof(small)) ==
        CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "'y'"));
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "holds 5"));
  CHECK(circlet_interpreter_get_output(&g_interp, 0, CIRCLET_TYPE_INT16, y, sizeof(y)) ==
        CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "type int16 given"));

  /* The reported arena size is enough: a second interpreter of the same
   * model in exactly that many bytes gives the same outputs. */
  CHECK(circlet_interpreter_create(&g_interp2, &g_model, fc_int8_ops, g_arena2, arena_bytes) ==
        CIRCLET_OK);
  check_int8_run(&g_interp2, c, golden);

  /* Too small: the code, and a message with the bytes needed. */
  CHECK(circlet_interpreter_create(&g_interp2, &g_model, fc_int8_ops, g_arena2, 64) == CIRCLET_OK);
  CHECK(circlet_interpreter_prepare(&g_interp2) == CIRCLET_ARENA_TOO_SMALL);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp2), "arena too small: 64 bytes given"));
  CHECK(circlet_interpreter_invoke(&g_interp2) == CIRCLET_BAD_STATE);
  CHECK(circlet_interpreter_create(&g_interp2, &g_model, fc_int8_ops, g_arena2, arena_bytes - 8) ==
        CIRCLET_OK);
  CHECK(circlet_interpreter_prepare(&g_interp2) == CIRCLET_ARENA_TOO_SMALL);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp2), "arena too small"));

  /* A kernel the resolver lacks. */
  CHECK(circlet_interpreter_create(&g_interp2, &g_model, fc_only_ops, g_arena2, sizeof(g_arena2)) ==
        CIRCLET_OK);
  CHECK(circlet_interpreter_prepare(&g_interp2) == CIRCLET_UNSUPPORTED);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp2), "RESHAPE"));

  /* Every kernel. */
  CHECK(circlet_interpreter_create(&g_interp2, &g_model, circlet_all_ops_resolver(), g_arena2,
                                   sizeof(g_arena2)) == CIRCLET_OK);
  check_int8_run(&g_interp2, c, golden);
}

/* Two memory pools (circlet_interpreter_create_pools): the same outputs,
 * and a report per pool. */
static void check_pools(const c_api_case* c) {
  circlet_memory_pool pools[2];
  circlet_pool_report r0, r1;
  pools[0].base = g_copy;
  pools[0].bytes = 2048;
  pools[0].name = "fast";
  pools[1].base = (uint8_t*)g_copy + 2048;
  pools[1].bytes = sizeof(g_copy) - 2048;
  pools[1].name = "slow";
  CHECK(circlet_interpreter_create_pools(&g_interp2, &g_model, fc_int8_ops, pools, 0) ==
        CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp2), "0 pools (1 to 4)"));
  CHECK(circlet_interpreter_create_pools(&g_interp2, &g_model, fc_int8_ops, pools, 2) ==
        CIRCLET_OK);
  CHECK_I(&g_interp2, circlet_interpreter_pool_report(&g_interp2, 0, &r0) == CIRCLET_BAD_STATE);
  check_int8_run(&g_interp2, c, (const int8_t*)c->golden);
  CHECK_I(&g_interp2, circlet_interpreter_pool_report(&g_interp2, 0, &r0) == CIRCLET_OK);
  CHECK_I(&g_interp2, circlet_interpreter_pool_report(&g_interp2, 1, &r1) == CIRCLET_OK);
  CHECK(strcmp(r0.name, "fast") == 0 && strcmp(r1.name, "slow") == 0);
  CHECK(r0.persistent_bytes > 0 && r0.used_bytes <= 2048);
  CHECK(r0.used_bytes + r1.used_bytes == circlet_interpreter_arena_bytes(&g_interp2));
  CHECK(r0.written_bytes + r1.written_bytes > 0);
  CHECK(circlet_interpreter_pool_report(&g_interp2, 2, &r0) == CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp2), "no such pool"));
}

static void check_float(const c_api_case* c) {
  circlet_tensor_info in, out;
  float x[8], y[3], golden[3];
  int i;

  CHECK(c->input_size == sizeof(x) && c->golden_size == sizeof(golden));
  memcpy(x, c->input, sizeof(x));
  memcpy(golden, c->golden, sizeof(golden));
  CHECK(circlet_model_create_trusted(&g_float_model, c->model, c->model_size) == CIRCLET_OK);
  CHECK(circlet_interpreter_create(&g_interp, &g_float_model, fc_only_ops, g_arena,
                                   sizeof(g_arena)) == CIRCLET_OK);
  CHECK_I(&g_interp, circlet_interpreter_prepare(&g_interp) == CIRCLET_OK);
  CHECK_I(&g_interp, circlet_interpreter_input_info(&g_interp, 0, &in) == CIRCLET_OK);
  CHECK(in.type == CIRCLET_TYPE_FLOAT32 && in.rank == 2 && in.dims[0] == 1 && in.dims[1] == 8);
  CHECK(in.bytes == 32 && in.quant_count == 0 && in.scales == NULL && in.scale == 0.0f);
  CHECK_I(&g_interp, circlet_interpreter_output_info(&g_interp, 0, &out) == CIRCLET_OK);
  CHECK(out.type == CIRCLET_TYPE_FLOAT32 && out.rank == 2 && out.dims[1] == 3 && out.bytes == 12);
  CHECK(circlet_interpreter_set_input(&g_interp, 0, CIRCLET_TYPE_INT8, x, sizeof(x)) ==
        CIRCLET_INVALID_ARGUMENT);
  CHECK(CONTAINS(circlet_interpreter_message(&g_interp), "holds float32"));
  CHECK_I(&g_interp, circlet_interpreter_set_input(&g_interp, 0, CIRCLET_TYPE_FLOAT32, x,
                                                   sizeof(x)) == CIRCLET_OK);
  CHECK_I(&g_interp, circlet_interpreter_invoke(&g_interp) == CIRCLET_OK);
  CHECK_I(&g_interp, circlet_interpreter_get_output(&g_interp, 0, CIRCLET_TYPE_FLOAT32, y,
                                                    sizeof(y)) == CIRCLET_OK);
  for (i = 0; i < 3; ++i) CHECK(float_close(y[i], golden[i]));
}

int c_api_run_checks(const c_api_case* fc_int8, const c_api_case* fc_float, c_api_log_fn log) {
  g_log = log;
  g_failures = 0;
  check_names();
  check_bad_models(fc_int8);
  check_int8(fc_int8);
  check_pools(fc_int8);
  check_float(fc_float);
  return g_failures;
}
