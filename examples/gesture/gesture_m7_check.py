#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The gesture example on the emulated Cortex-M7 next to the host (ctest gesture_m7_matches_host).

usage: gesture_m7_check.py --elf gesture_m7.elf --magic-wand DIR --host-build DIR --work DIR
                           --plugin libcirclet_icount.so [--qemu qemu-system-arm]
                           [--nm arm-none-eabi-nm] [--size arm-none-eabi-size]

Runs the firmware (examples/gesture/gesture_m7.cc: the magic_wand model and
its ring and slope recordings embedded) under qemu-system-arm mps2-an500
with the instruction-counting plugin (tools/qemu-plugin; region 0 = ring's
Invoke(), region 1 = slope's, exact), and the host's `gesture` on the same
recordings as CSV (make_traces.py writes them into --work). Each recording's
label must match, and each of the four scores must be within the float rule
of ../shared/models/README.md (|m7 - host| <= 1e-5 * max(1, max|host|)) of
the host's and of TensorFlow Lite Micro's (recordings/*_output0.bin);
float32 bits are compared, and whether they are identical is printed.
Prints the instructions per inference, the arena, the stack, flash and RAM.
Exit 0 on a match, 1 otherwise, 77 (skipped) without a host build.
"""
import argparse
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "mcu"))
import run_qemu  # noqa: E402  (symbol_addrs, section_sizes)

SKIP = 77
LABELS = ["wing", "ring", "slope", "unknown"]
NAMES = ["ring", "slope"]


def as_float(bits):
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--elf", required=True)
    ap.add_argument("--magic-wand", required=True)
    ap.add_argument("--host-build", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--nm", default="arm-none-eabi-nm")
    ap.add_argument("--size", default="arm-none-eabi-size")
    args = ap.parse_args()

    host_bin = os.path.join(args.host_build, "examples", "gesture", "gesture")
    if not os.path.isfile(host_bin):
        print("SKIPPED: no host gesture in %s (build the host preset first: "
              "cmake --build --preset host --target gesture)" % args.host_build)
        return SKIP
    r = subprocess.run([sys.executable, os.path.join(HERE, "make_traces.py"), args.magic_wand,
                        args.work], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr)
        return r.returncode if r.returncode == SKIP else 1

    host = {}
    for name in NAMES:
        p = subprocess.run([host_bin, "--model", os.path.join(args.magic_wand, "model.tflite"),
                            os.path.join(args.work, name + ".csv")], capture_output=True, text=True)
        m = re.search(r"^gesture: (\w+) ", p.stdout, re.M)
        bits = dict(re.findall(r"^  (\w+) +[\d.]+ +0x([0-9a-f]{8})", p.stdout, re.M))
        if p.returncode != 0 or not m or sorted(bits) != sorted(LABELS):
            print("host gesture failed on %s:\n%s%s" % (name, p.stdout, p.stderr))
            return 1
        host[name] = (m.group(1), {k: int(v, 16) for k, v in bits.items()})

    returncode, text, regions = run_qemu.run_marked(args.qemu, args.nm, args.elf, args.plugin)
    if returncode is None:
        return 1
    print(text.strip())
    if returncode != 0 or "RESULT PASS" not in text or len(regions) != 2:
        print("the Cortex-M7 run failed (exit %d, %d plugin regions)" % (returncode, len(regions)))
        return 1
    m7_labels = dict(re.findall(r"^recording (\w+): label=(\w+)", text, re.M))
    m7_bits = {}
    for name, label, bits in re.findall(r"^score (\w+) (\w+) [\d.]+ 0x([0-9a-f]+)", text, re.M):
        m7_bits.setdefault(name, {})[label] = int(bits, 16)

    failures = []
    identical = 0
    worst = 0.0
    print()
    print("recording  label      host label  score (M7)     score (host)   TFLite Micro   "
          "|M7 - host|")
    for name in NAMES:
        with open(os.path.join(args.magic_wand, "recordings", name + "_output0.bin"), "rb") as f:
            golden = dict(zip(LABELS, struct.unpack("<4f", f.read())))
        host_label, host_bits = host[name]
        if m7_labels.get(name) != host_label or host_label != name:
            failures.append("%s: Cortex-M7 label %s, host %s" %
                            (name, m7_labels.get(name), host_label))
        scores = m7_bits.get(name, {})
        if sorted(scores) != sorted(LABELS):
            failures.append("%s: the Cortex-M7's scores are missing" % name)
            continue
        tol = 1e-5 * max(1.0, max(abs(as_float(b)) for b in host_bits.values()))
        for k in LABELS:
            m7, h = as_float(scores[k]), as_float(host_bits[k])
            d = abs(m7 - h)
            worst = max(worst, d, abs(m7 - golden[k]))
            identical += scores[k] == host_bits[k]
            print("%-9s  %-9s  %-10s  %.9f    %.9f    %.9f    %.3g%s" % (
                name, k, host_label, m7, h, golden[k], d,
                "" if d <= tol and abs(m7 - golden[k]) <= tol else "  FAIL"))
            if d > tol or abs(m7 - golden[k]) > tol:
                failures.append("%s %s: Cortex-M7 %.9g, host %.9g, TFLite Micro %.9g" %
                                (name, k, m7, h, golden[k]))
    print("scores: %d of 8 bit-identical between Cortex-M7 and host; largest difference from "
          "host or TFLite Micro %.3g (tolerance 1e-05)" % (identical, worst))

    s = run_qemu.section_sizes(args.size, args.elf)
    code = sum(s.get(k, 0) for k in (".vectors", ".text", ".ARM.extab", ".ARM.exidx",
                                     ".init_array")) + s.get(".rodata", 0) + s.get(".data", 0)
    arena = re.search(r"arena_bytes=(\d+) arena_capacity=(\d+)", text)
    stack = re.search(r"stack_bytes=(\d+)", text)
    print()
    print("Cortex-M7 (QEMU mps2-an500) instructions per inference, exact (tools/qemu-plugin):")
    for name, n in zip(NAMES, regions):
        print("  %-6s %11s" % (name, format(n, ",")))
    print("arena %s bytes (of %s given), stack %s bytes" % (
        format(int(arena.group(1)), ",") if arena else "?",
        format(int(arena.group(2)), ",") if arena else "?",
        format(int(stack.group(1)), ",") if stack else "?"))
    print("flash: code+rodata %s bytes (the two recordings' 3,072 bytes included), model %s bytes; "
          "RAM: .bss+.data+arena %s bytes" % (
              format(code, ","), format(s.get(".model", 0), ","),
              format(s.get(".bss", 0) + s.get(".data", 0) + s.get(".arena", 0), ",")))
    for f in failures:
        print("FAIL: " + f)
    print("labels and scores: %s" % ("MATCH" if not failures else "DIFFERENT"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
