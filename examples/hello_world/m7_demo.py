#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""hello_world's int8 sine model on the emulated Cortex-M7, next to the host.

usage: m7_demo.py (--demo | --check) --m7-build DIR --host-build DIR
                  [--qemu qemu-system-arm] [--size arm-none-eabi-size]
                  [--firmware hello_world_m7 | hello_world_c_m7]

Builds the firmware hello_world_m7 (examples/hello_world/sine_m7.cc, target
of the m7 cross build, which embeds the host build's sine_int8.tflite), runs
it under qemu-system-arm (mps2-an500, Cortex-M7, semihosting), and runs the
host's `hello_world --int8-sweep` on the same model. Both print the output
byte for every input byte -128..127; they must be identical. --firmware
hello_world_c_m7 does the same with the firmware written in C against the C
API (examples/hello_world/sine_m7_c.c).

--demo   prints the demo's x values with sin(x), the host's and the M7's
         outputs side by side, then flash and RAM of the firmware
         (arm-none-eabi-size; arena and stack as the firmware measured them).
         Without the arm toolchain or QEMU it says so and exits 0.
--check  the ctest test: exit 0 when all 256 outputs match, 1 otherwise,
         77 (skipped) when the host build has no demo yet.
"""
import argparse
import math
import os
import re
import shutil
import subprocess
import sys

SKIP = 77


def parse_sweep(text):
    """{q_in: q_out} from 'sweep q_in=N: o o o ...' lines."""
    out = {}
    for start, values in re.findall(r"^sweep q_in=(-?\d+):((?: -?\d+)+)\s*$", text, re.M):
        for i, v in enumerate(values.split()):
            out[int(start) + i] = int(v)
    return out


def section_sizes(size_tool, elf):
    p = subprocess.run([size_tool, "-A", elf], capture_output=True, text=True, check=True)
    sizes = {}
    for line in p.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            sizes[parts[0]] = int(parts[1])
    return sizes


def grab(key, text):
    m = re.search(r"\b%s=(\d+)" % key, text)
    return int(m.group(1)) if m else None


def main():
    ap = argparse.ArgumentParser()
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--demo", action="store_true")
    mode.add_argument("--check", action="store_true")
    ap.add_argument("--m7-build", required=True)
    ap.add_argument("--host-build", required=True)
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--size", default="arm-none-eabi-size")
    ap.add_argument("--firmware", default="hello_world_m7",
                    choices=("hello_world_m7", "hello_world_c_m7"))
    args = ap.parse_args()

    hello = os.path.join(args.host_build, "examples", "hello_world", "hello_world")
    model = os.path.join(args.host_build, "examples", "hello_world", "sine_int8.tflite")
    if not (os.path.isfile(hello) and os.path.isfile(model)):
        print("SKIPPED: no host demo in %s (build the host preset first: make host)" %
              args.host_build)
        return SKIP if args.check else 1

    host = subprocess.run([hello, "--int8-sweep", model], capture_output=True, text=True)
    if host.returncode != 0:
        print("host hello_world --int8-sweep failed:\n" + host.stdout + host.stderr)
        return 1
    host_out = parse_sweep(host.stdout)

    missing = [t for t in ("arm-none-eabi-gcc", args.qemu, args.size) if shutil.which(t) is None]
    if missing:
        print("Cortex-M7 run skipped: %s not installed (scripts/install-deps.sh all, or "
              "`make demo`, installs the arm toolchain and QEMU)" % ", ".join(missing))
        return SKIP if args.check else 0
    if not os.path.isfile(os.path.join(args.m7_build, "CMakeCache.txt")):
        print("Cortex-M7 run skipped: %s is not configured (cmake --preset m7)" % args.m7_build)
        return SKIP if args.check else 1

    build = subprocess.run(["cmake", "--build", args.m7_build, "--target", args.firmware,
                            "-j", "2"], capture_output=True, text=True)
    if build.returncode != 0:
        print("building %s failed:\n" % args.firmware + (build.stdout + build.stderr)[-4000:])
        return 1
    elf = os.path.join(args.m7_build, "targets", args.firmware + ".elf")
    cmd = [args.qemu, "-machine", "mps2-an500", "-nographic", "-monitor", "none", "-serial",
           "none", "-semihosting-config", "enable=on,target=native", "-kernel", elf]
    try:
        m7 = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=120)
    except subprocess.TimeoutExpired:
        print("TIMEOUT: " + " ".join(cmd))
        return 1
    m7_text = m7.stdout + m7.stderr
    m7_out = parse_sweep(m7_text)
    if m7.returncode != 0 or "RESULT PASS" not in m7_text or len(m7_out) != 256:
        print("the Cortex-M7 run failed (exit %d):\n%s" % (m7.returncode, m7_text))
        return 1
    if len(host_out) != 256:
        print("host sweep incomplete (%d values):\n%s" % (len(host_out), host.stdout))
        return 1
    diffs = [q for q in range(-128, 128) if host_out[q] != m7_out[q]]

    if args.check:
        print(m7_text.strip())
        for q in diffs[:20]:
            print("MISMATCH q_in=%d: host %d, Cortex-M7 %d" % (q, host_out[q], m7_out[q]))
        print("%d of 256 int8 outputs identical on host and Cortex-M7" % (256 - len(diffs)))
        return 0 if not diffs else 1

    # Demo: the host demo's x values, side by side.
    qm = re.search(r"input_scale (\S+) input_zp (-?\d+) output_scale (\S+) output_zp (-?\d+)",
                   host.stdout)
    out_scale, out_zp = float(qm.group(3)), int(qm.group(4))
    print("\nthe int8 model on the emulated Cortex-M7 (QEMU mps2-an500) and on the host\n")
    print("%8s %10s %6s %10s %10s %10s %10s" % ("x", "sin(x)", "q_in", "host q", "M7 q",
                                                "host y", "M7 y"))
    for x, q_in in re.findall(r"^x (\S+) q_in (-?\d+)$", host.stdout, re.M):
        q_in = int(q_in)
        hq, mq = host_out[q_in], m7_out[q_in]
        print("%8s %10.5f %6d %10d %10d %10.5f %10.5f%s" % (
            x, math.sin(float(x)), q_in, hq, mq, out_scale * (hq - out_zp),
            out_scale * (mq - out_zp), "" if hq == mq else "  DIFFERENT"))
    print("\nall 256 int8 inputs: %s" % (
        "outputs byte-identical on host and Cortex-M7" if not diffs else
        "%d outputs differ" % len(diffs)))

    s = section_sizes(args.size, elf)
    text_b = sum(s.get(k, 0) for k in (".vectors", ".text", ".ARM.extab", ".ARM.exidx",
                                       ".init_array"))
    rodata, data, bss, model_b = (s.get(".rodata", 0), s.get(".data", 0), s.get(".bss", 0),
                                  s.get(".model", 0))
    arena, capacity = grab("arena_bytes", m7_text), grab("arena_capacity", m7_text)
    stack = grab("stack_bytes", m7_text)
    print("\nfirmware %s (arm-none-eabi-size -A)" % elf)
    print("  flash  %6d bytes = text %d + rodata %d + data %d (runtime and demo code) "
          "+ model %d" % (text_b + rodata + data + model_b, text_b, rodata, data, model_b))
    print("  RAM    %6d bytes = arena %d (used of the %d-byte .arena array) + data %d + bss %d "
          "+ stack %d (high-water mark of Create + Prepare + 256 Invokes; the .stack region "
          "reserves %d)" % (arena + data + bss + stack, arena, s.get(".arena", capacity), data,
                            bss, stack, s.get(".stack", 0)))
    return 0 if not diffs else 1


if __name__ == "__main__":
    sys.exit(main())
