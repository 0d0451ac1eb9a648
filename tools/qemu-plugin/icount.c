// SPDX-License-Identifier: Apache-2.0
/* circlet's QEMU TCG plugin: exact guest instruction counts between markers.
 *
 *   qemu-system-arm ... -plugin libcirclet_icount.so,begin=0xADDR,end=0xADDR
 *
 * Every guest instruction, when translated, gets an inline "add 1 to a
 * 64-bit counter" that TCG runs each time the instruction executes; no
 * callback, no sampling, nothing skipped. The instructions at addresses
 * `begin` and `end` (the first instructions of circlet_mark_begin and
 * circlet_mark_end, see port/port.h) also get a callback that snapshots the
 * counter. At each `end` the plugin prints
 *
 *   circlet-icount: region N instructions M
 *
 * where M = counter at `end` - counter at the preceding `begin`: every
 * instruction from the first instruction of circlet_mark_begin (included)
 * up to the first instruction of circlet_mark_end (excluded). Both snapshots
 * are taken at the same point relative to their instruction's inline add,
 * so the order QEMU runs the add and the callback in does not matter. M
 * counts the marker's own `bx lr` and the `bl` to circlet_mark_end: 2
 * instructions beyond the measured code (tests/mcu/loop_count.S checks this).
 * At exit: "circlet-icount: total T" (all instructions of the run).
 *
 * With profile=PATH every instruction below 4 MiB (the boards' flash) also
 * counts into its own slot, and at exit PATH gets one "ADDR COUNT" line per
 * executed address (hex, decimal) for the whole run; scripts/profile_mcu.py
 * sums them per function. With profile_region=1 as well, the counts are those
 * of region 0 only (the first begin..end: one Invoke() in the runners).
 *
 * QEMU 7.2 exports the plugin API (plugin API version 1) but Debian ships
 * no qemu-plugin.h, so the few declarations used are written here; they
 * follow the documented API of that version. Built as a host shared object.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the part of QEMU's plugin API this plugin uses ------------------- */
typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t; /* only passed through */
struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_cb_flags {
  QEMU_PLUGIN_CB_NO_REGS,
  QEMU_PLUGIN_CB_R_REGS,
  QEMU_PLUGIN_CB_RW_REGS,
};
enum qemu_plugin_op {
  QEMU_PLUGIN_INLINE_ADD_U64,
};

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb* tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void* userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void* userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb* tb);
struct qemu_plugin_insn* qemu_plugin_tb_get_insn(const struct qemu_plugin_tb* tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn* insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn* insn,
                                                enum qemu_plugin_op op, void* ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn* insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void* userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void* userdata);
void qemu_plugin_outs(const char* string);

#define CIRCLET_PLUGIN_EXPORT __attribute__((visibility("default")))
CIRCLET_PLUGIN_EXPORT int qemu_plugin_version = 1;

/* ---- the counter ------------------------------------------------------ */
static uint64_t g_count; /* executed guest instructions (one vCPU) */
static uint64_t g_begin_addr = UINT64_MAX;
static uint64_t g_end_addr = UINT64_MAX;
static uint64_t g_begin_snapshot;
static bool g_in_region;
static int g_regions;

#define PROFILE_LIMIT (4u << 20) /* bytes of address space profiled */
static uint64_t* g_profile;     /* one counter per halfword, or NULL */
static const char* g_profile_path;
static bool g_profile_region;   /* profile region 0 only */
static uint64_t* g_profile_at_begin; /* copy of g_profile at region 0's begin */
static bool g_profile_frozen;   /* region 0 ended: g_profile_at_begin holds its counts */

static void OnBegin(unsigned int vcpu, void* udata) {
  (void)vcpu;
  (void)udata;
  g_begin_snapshot = g_count;
  g_in_region = true;
  if (g_profile_at_begin != NULL && g_regions == 0) {
    memcpy(g_profile_at_begin, g_profile, PROFILE_LIMIT / 2 * sizeof(uint64_t));
  }
}

static void OnEnd(unsigned int vcpu, void* udata) {
  (void)vcpu;
  (void)udata;
  char line[96];
  if (!g_in_region) {
    qemu_plugin_outs("circlet-icount: end marker reached without a begin\n");
    return;
  }
  snprintf(line, sizeof(line), "circlet-icount: region %d instructions %" PRIu64 "\n", g_regions++,
           g_count - g_begin_snapshot);
  qemu_plugin_outs(line);
  g_in_region = false;
  if (g_profile_at_begin != NULL && g_regions == 1 && !g_profile_frozen) {
    for (uint64_t i = 0; i < PROFILE_LIMIT / 2; ++i) {
      g_profile_at_begin[i] = g_profile[i] - g_profile_at_begin[i];
    }
    g_profile_frozen = true;
  }
}

static void OnTranslate(qemu_plugin_id_t id, struct qemu_plugin_tb* tb) {
  (void)id;
  const size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; ++i) {
    struct qemu_plugin_insn* insn = qemu_plugin_tb_get_insn(tb, i);
    qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &g_count, 1);
    const uint64_t pc = qemu_plugin_insn_vaddr(insn);
    if (g_profile != NULL && pc < PROFILE_LIMIT) {
      qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                 &g_profile[pc >> 1], 1);
    }
    if (pc == g_begin_addr) {
      qemu_plugin_register_vcpu_insn_exec_cb(insn, OnBegin, QEMU_PLUGIN_CB_NO_REGS, NULL);
    } else if (pc == g_end_addr) {
      qemu_plugin_register_vcpu_insn_exec_cb(insn, OnEnd, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
  }
}

static void OnExit(qemu_plugin_id_t id, void* udata) {
  (void)id;
  (void)udata;
  char line[64];
  snprintf(line, sizeof(line), "circlet-icount: total %" PRIu64 "\n", g_count);
  qemu_plugin_outs(line);
  if (g_profile == NULL) return;
  FILE* f = fopen(g_profile_path, "w");
  if (f == NULL) {
    qemu_plugin_outs("circlet-icount: cannot write the profile file\n");
    return;
  }
  const uint64_t* counts = g_profile_frozen ? g_profile_at_begin : g_profile;
  for (uint64_t i = 0; i < PROFILE_LIMIT / 2; ++i) {
    if (counts[i] != 0) fprintf(f, "%" PRIx64 " %" PRIu64 "\n", i * 2, counts[i]);
  }
  fclose(f);
}

/* Arguments: begin=ADDR,end=ADDR (hex with 0x, or decimal). The Thumb bit
 * of a function symbol's value is ignored. */
static bool ParseAddr(const char* arg, const char* key, uint64_t* out) {
  const size_t k = strlen(key);
  if (strncmp(arg, key, k) != 0 || arg[k] != '=') return false;
  char* endp = NULL;
  const unsigned long long v = strtoull(arg + k + 1, &endp, 0);
  if (endp == arg + k + 1 || *endp != '\0') return false;
  *out = (uint64_t)v & ~(uint64_t)1;
  return true;
}

CIRCLET_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t* info,
                                              int argc, char** argv) {
  (void)info;
  for (int i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "profile=", 8) == 0 && argv[i][8] != '\0') {
      g_profile_path = argv[i] + 8;
      continue;
    }
    if (strcmp(argv[i], "profile_region=1") == 0) {
      g_profile_region = true;
      continue;
    }
    if (!ParseAddr(argv[i], "begin", &g_begin_addr) && !ParseAddr(argv[i], "end", &g_end_addr)) {
      fprintf(stderr,
              "circlet-icount: unknown argument '%s' (want begin=ADDR,end=ADDR[,profile=PATH])\n",
              argv[i]);
      return -1;
    }
  }
  if (g_profile_path != NULL) {
    g_profile = calloc(PROFILE_LIMIT / 2, sizeof(uint64_t));
    if (g_profile == NULL) {
      fprintf(stderr, "circlet-icount: no memory for the profile\n");
      return -1;
    }
    if (g_profile_region) {
      g_profile_at_begin = malloc(PROFILE_LIMIT / 2 * sizeof(uint64_t));
      if (g_profile_at_begin == NULL) {
        fprintf(stderr, "circlet-icount: no memory for the profile\n");
        return -1;
      }
    }
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, OnTranslate);
  qemu_plugin_register_atexit_cb(id, OnExit, NULL);
  return 0;
}
