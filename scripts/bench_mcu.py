#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make bench-mcu: runs every model's firmware of the given cross builds
under QEMU and writes one JSON list.

  scripts/bench_mcu.py build/m7 build/m4 --out build/bench/mcu.json

For each build (its CMakeCache gives the CPU) and each model it lists in
mcu_models.txt, runs tools/mcu/run_qemu.py: the exact instruction count of
one Invoke() (QEMU plugin), the arena the interpreter used, the stack
high-water mark (painted stack), section sizes from arm-none-eabi-size, the
flash by origin from the link map (tools/mcu/flash_map.py: circlet library,
port, startup, runner harness, C library), and the per-operator table (port
timer under -icount shift=0, +-40 per op).

Flash columns: "runtime code" = all flash but the model and test vectors
(text + rodata + data); "w/o libc" = that minus the C library (libc, libm,
libgcc); "circlet" = libcirclet.a alone.
Prints a summary table and each model's per-op table.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MACHINES = {"cortex-m7": ("m7", "mps2-an500"), "cortex-m4": ("m4", "mps2-an386")}


def cache_value(build, key):
    with open(os.path.join(build, "CMakeCache.txt")) as f:
        for line in f:
            m = re.match(r"%s:[A-Z]+=(.*)" % key, line)
            if m:
                return m.group(1).strip()
    return None


def bench_build(build, kernels="optimized", only=None):
    cpu_name = cache_value(build, "CIRCLET_MCU_CPU")
    cpu, machine = MACHINES[cpu_name]
    plugin = os.path.join(build, "tools/qemu-plugin/libcirclet_icount.so")
    records = []
    with open(os.path.join(build, "mcu_models.txt")) as f:
        entries = [l.strip().split("=") for l in f if "=" in l]
    for model, fw in entries:
        if only is not None and model not in only:
            continue
        elf = os.path.join(build, "targets", fw + ".elf")
        with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
            cmd = [sys.executable, os.path.join(ROOT, "tools/mcu/run_qemu.py"), "--machine", machine,
                   "--elf", elf, "--plugin", plugin, "--json", tmp.name, "--model", model,
                   "--cpu", cpu]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                print("bench-mcu: %s on %s FAILED:\n%s" % (model, cpu, p.stdout[-2000:]))
                continue
            r = json.load(open(tmp.name))
            r["kernels"] = kernels
            records.append(r)
    return records


def print_summary(records):
    cols = ["model", "cpu", "kernels", "instructions", "arena_bytes", "stack_bytes", "text", "rodata",
            "data", "bss", "model_bytes", "runtime_code_bytes", "code_without_libc_bytes",
            "circlet_code_bytes"]
    heads = ["model", "cpu", "kernels", "instructions", "arena", "stack", "text", "rodata", "data", "bss",
             "model", "runtime code", "w/o libc", "circlet"]
    rows = [[str(r[c]) for c in cols] for r in records]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(heads)]
    fmt = "  ".join("%%-%ds" % w if i < 3 else "%%%ds" % w for i, w in enumerate(widths))
    print(fmt % tuple(heads))
    for row in rows:
        print(fmt % tuple(row))


def print_per_op(r):
    print("\n%s on %s (%s kernels): per-op %s" % (r["model"], r["cpu"], r["kernels"],
                                                 r["per_op_unit"]))
    total = sum(o["count"] for o in r["per_op"]) or 1
    print("  %4s  %-24s %12s %7s" % ("op", "name", "count", "%"))
    for o in r["per_op"]:
        print("  %4d  %-24s %12d %6.1f%%" % (o["op"], o["name"], o["count"],
                                           100.0 * o["count"] / total))
    print("  %4s  %-24s %12d   (exact, plugin: %d)" % ("", "total", total, r["instructions"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("builds", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-per-op", action="store_true")
    ap.add_argument("--ref", help="a build with CIRCLET_REF_KERNELS=ON: the --ref-models again, "
                    "with the reference kernels")
    ap.add_argument("--ref-models", default="trained_lstm,dtln")
    args = ap.parse_args()
    records = []
    for b in args.builds:
        records += bench_build(b)
    if args.ref:
        records += bench_build(args.ref, "reference", set(args.ref_models.split(",")))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(records, f, indent=1)
    print_summary(records)
    if not args.no_per_op:
        for r in records:
            print_per_op(r)
    print("\nwrote %s (%d records)" % (args.out, len(records)))


if __name__ == "__main__":
    main()
