/* SPDX-License-Identifier: Apache-2.0 */
/* The C API's checks (c_api_checks.c), shared by the host test
 * (c_api_test.c) and the Cortex-M7 firmware (c_api_test_m7.c): each gives
 * the project's own models (tools/mcu/gen_models.cc) and a console. */
#ifndef CIRCLET_TESTS_C_API_C_API_CHECKS_H_
#define CIRCLET_TESTS_C_API_C_API_CHECKS_H_

#include <stddef.h>
#include <stdint.h>

/* A model with one input and its golden output (computed by gen_models in
 * double arithmetic, independently of circlet's kernels). */
typedef struct c_api_case {
  const uint8_t* model; /* 8-byte aligned */
  size_t model_size;
  const uint8_t* input;
  size_t input_size;
  const uint8_t* golden;
  size_t golden_size;
} c_api_case;

/* Writes one line (no newline at the end of `line`). */
typedef void (*c_api_log_fn)(const char* line);

/* Runs every check on own_fc_int8 and own_fc_float; returns the number of
 * failed checks (0: pass). Each failure is logged with its line. */
int c_api_run_checks(const c_api_case* fc_int8, const c_api_case* fc_float, c_api_log_fn log);

#endif /* CIRCLET_TESTS_C_API_C_API_CHECKS_H_ */
