/* SPDX-License-Identifier: Apache-2.0 */
/* The C API's checks (c_api_checks.c) on the Cortex-M7 under QEMU
 * (mps2-an500, semihosting console), in C99. The project's own models and
 * their goldens are in flash (tests/c_api/firmware.cmake .incbin's them),
 * between the symbols named below. Prints each failed check, then
 * "RESULT PASS" or "RESULT FAIL"; exits with the number of failures. The
 * checks run between the instruction-count markers. */
#include <stddef.h>
#include <stdint.h>

#include "c_api_checks.h"
#include "circlet/circlet.h"
#include "port/port.h"

#define C_API_BLOB(name) extern const uint8_t name[], name##_end[];
C_API_BLOB(c_api_int8_model)
C_API_BLOB(c_api_int8_input)
C_API_BLOB(c_api_int8_golden)
C_API_BLOB(c_api_float_model)
C_API_BLOB(c_api_float_input)
C_API_BLOB(c_api_float_golden)

static void log_line(const char* line) {
  circlet_port_log(line);
  circlet_port_log("\n");
}

int main(void) {
  c_api_case fc_int8, fc_float;
  int failures;
  fc_int8.model = c_api_int8_model;
  fc_int8.model_size = (size_t)(c_api_int8_model_end - c_api_int8_model);
  fc_int8.input = c_api_int8_input;
  fc_int8.input_size = (size_t)(c_api_int8_input_end - c_api_int8_input);
  fc_int8.golden = c_api_int8_golden;
  fc_int8.golden_size = (size_t)(c_api_int8_golden_end - c_api_int8_golden);
  fc_float.model = c_api_float_model;
  fc_float.model_size = (size_t)(c_api_float_model_end - c_api_float_model);
  fc_float.input = c_api_float_input;
  fc_float.input_size = (size_t)(c_api_float_input_end - c_api_float_input);
  fc_float.golden = c_api_float_golden;
  fc_float.golden_size = (size_t)(c_api_float_golden_end - c_api_float_golden);

  circlet_port_log("c_api_test_m7: circlet ");
  circlet_port_log(circlet_version());
  circlet_port_log(" C API on Cortex-M7\n");
  circlet_mark_begin();
  failures = c_api_run_checks(&fc_int8, &fc_float, log_line);
  circlet_mark_end();
  circlet_port_log(failures == 0 ? "RESULT PASS\n" : "RESULT FAIL\n");
  return failures;
}
