/* SPDX-License-Identifier: Apache-2.0 */
/* The C API's host test, compiled as C99:
 *
 *   c_api_test OWN_MODELS_DIR
 *
 * reads own_fc_int8/ and own_fc_float/ (model.tflite, input0.bin,
 * output0.bin, made at build time by tools/mcu/gen_models.cc) and runs the
 * checks of c_api_checks.c. Exits 0 when every check passes. */
#include <stdio.h>
#include <string.h>

#include "c_api_checks.h"
#include "circlet/circlet.h"

/* 8-byte aligned buffers for the files (the model needs it). */
static uint64_t g_files[6][16384 / 8];

static size_t read_file(const char* dir, const char* model, const char* file, uint64_t* buf) {
  char path[1024];
  FILE* f;
  size_t n;
  if (strlen(dir) + strlen(model) + strlen(file) + 3 > sizeof(path)) return 0;
  sprintf(path, "%s/%s/%s", dir, model, file);
  f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "c_api_test: cannot open %s\n", path);
    return 0;
  }
  n = fread(buf, 1, sizeof(g_files[0]), f);
  if (!feof(f)) {
    fprintf(stderr, "c_api_test: %s is larger than %u bytes\n", path,
            (unsigned)sizeof(g_files[0]));
    n = 0;
  }
  fclose(f);
  return n;
}

static int load(const char* dir, const char* model, int slot, c_api_case* c) {
  c->model = (const uint8_t*)g_files[slot];
  c->model_size = read_file(dir, model, "model.tflite", g_files[slot]);
  c->input = (const uint8_t*)g_files[slot + 1];
  c->input_size = read_file(dir, model, "input0.bin", g_files[slot + 1]);
  c->golden = (const uint8_t*)g_files[slot + 2];
  c->golden_size = read_file(dir, model, "output0.bin", g_files[slot + 2]);
  return c->model_size != 0 && c->input_size != 0 && c->golden_size != 0;
}

static void log_line(const char* line) {
  printf("%s\n", line);
}

int main(int argc, char** argv) {
  c_api_case fc_int8, fc_float;
  int failures;
  if (argc != 2) {
    fprintf(stderr, "usage: c_api_test OWN_MODELS_DIR\n");
    return 2;
  }
  if (!load(argv[1], "own_fc_int8", 0, &fc_int8) || !load(argv[1], "own_fc_float", 3, &fc_float)) {
    return 1;
  }
  printf("circlet %s C API: circlet_model %u bytes, circlet_interpreter %u bytes\n",
         circlet_version(), (unsigned)sizeof(circlet_model), (unsigned)sizeof(circlet_interpreter));
  failures = c_api_run_checks(&fc_int8, &fc_float, log_line);
  printf("%s: %d failed checks\n", failures == 0 ? "PASS" : "FAIL", failures);
  return failures == 0 ? 0 : 1;
}
