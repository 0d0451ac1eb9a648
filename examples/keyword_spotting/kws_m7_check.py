#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""keyword_spotting on the emulated Cortex-M7 next to the host (ctest kws_m7_matches_host).

usage: kws_m7_check.py --elf kws_m7.elf --wav clip.wav --model model.tflite
                       --host-build DIR --plugin libcirclet_icount.so
                       [--qemu qemu-system-arm] [--nm arm-none-eabi-nm] [--size arm-none-eabi-size]

Runs the firmware (examples/keyword_spotting/kws_m7.cc, the clip embedded)
under qemu-system-arm mps2-an500 with the instruction-counting plugin
(tools/qemu-plugin: region 0 = features, region 1 = inference, exact), and
the host's `keyword_spotting` on the same clip's WAV. Prints both labels,
the instructions per stage against one second at 216 MHz, flash and RAM.
Also compares the 490 int8 features (at most 1 LSB on at most 1% of them).
Exit 0 when the labels (and the 12 scores) match, 1 otherwise, 77 (skipped) without a host build.
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tools", "mcu"))
import run_qemu  # noqa: E402  (symbol_addrs, section_sizes)

SKIP = 77
BUDGET = 216_000_000  # instructions in 1 s at 216 MHz (STM32F7), at most one per cycle


def linked_bytes(map_file, archive):
    """Bytes of the input sections from `archive` kept in the link (GNU ld map),
    by output kind: {"code": ..., "data": ...}."""
    text = open(map_file).read()
    start = text.find("Linker script and memory map")
    text = text[start:] if start >= 0 else text
    # An input section line: " .name  0xADDR  0xSIZE  file", the name alone on
    # its own line when it is long.
    totals = {"code": 0, "data": 0}
    for name, size, path in re.findall(
            r"^ (\.[\w.$]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$", text, re.M):
        if archive in path:
            kind = "data" if name.startswith((".bss", ".data")) else "code"
            totals[kind] += int(size, 16)
    return totals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--elf", required=True)
    ap.add_argument("--wav", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--host-build", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--nm", default="arm-none-eabi-nm")
    ap.add_argument("--size", default="arm-none-eabi-size")
    ap.add_argument("--map", help="the firmware's linker map: front-end flash bytes")
    args = ap.parse_args()

    host_bin = os.path.join(args.host_build, "examples", "keyword_spotting", "keyword_spotting")
    if not os.path.isfile(host_bin):
        print("SKIPPED: no host keyword_spotting in %s (build the host preset first: make host)" %
              args.host_build)
        return SKIP
    host = subprocess.run([host_bin, "--runs", "1", "--print-features", "--model", args.model,
                           args.wav],
                          capture_output=True, text=True)
    m = re.search(r"^keyword: (\w+)", host.stdout, re.M)
    if host.returncode != 0 or not m:
        print("host keyword_spotting failed:\n" + host.stdout + host.stderr)
        return 1
    host_label = m.group(1)

    returncode, text, regions = run_qemu.run_marked(args.qemu, args.nm, args.elf, args.plugin)
    if returncode is None:
        return 1
    print(text.strip())
    m = re.search(r"^label=(\w+)", text, re.M)
    if returncode != 0 or "RESULT PASS" not in text or not m or len(regions) != 2:
        print("the Cortex-M7 run failed (exit %d, %d plugin regions)" % (returncode, len(regions)))
        return 1
    m7_label = m.group(1)
    host_scores = dict(re.findall(r"^  (\w+) +([\d.]+)", host.stdout, re.M))
    m7_scores = dict(re.findall(r"^score (\w+) ([\d.]+)", text, re.M))
    # Same int8 scores on both: the printed 3-decimal values agree within one
    # rounding step.
    score_diffs = [k for k in m7_scores
                   if k not in host_scores or abs(float(host_scores[k]) - float(m7_scores[k])) > 0.0015]
    if len(m7_scores) != 12 or score_diffs:
        print("scores differ between host and Cortex-M7: %s" % (score_diffs or "count"))
        return 1
    features, inference = regions
    total = features + inference
    s = run_qemu.section_sizes(args.size, args.elf)
    code = sum(s.get(k, 0) for k in (".vectors", ".text", ".ARM.extab", ".ARM.exidx",
                                     ".init_array")) + s.get(".rodata", 0) + s.get(".data", 0)
    print()
    print("Cortex-M7 (QEMU mps2-an500) instructions, exact (tools/qemu-plugin):")
    print("  features   %11s" % format(features, ","))
    print("  inference  %11s" % format(inference, ","))
    print("  total      %11s = %.2f%% of %s (1 s of audio at 216 MHz)" % (
        format(total, ","), 100.0 * total / BUDGET, format(BUDGET, ",")))
    print("flash: code+rodata %s bytes (clip %s bytes included), model %s bytes; "
          "RAM: .bss %s bytes (arena + front-end state)" % (
              format(code, ","), format(os.path.getsize(args.wav[:-4] + ".raw"), ","),
              format(s.get(".model", 0), ","), format(s.get(".bss", 0) + s.get(".arena", 0), ",")))
    # The front end on both: float rounding (glibc's and newlib's logf, the
    # compilers' operation order) may move a feature across a rounding
    # boundary; allow 1 LSB on at most 1% of the 490 int8 features.
    def features(out):
        rows = dict(re.findall(r"^features (\d+):((?: -?\d+)+)\s*$", out, re.M))
        return [int(v) for f in range(49) for v in rows.get(str(f), "").split()]
    host_f, m7_f = features(host.stdout), features(text)
    if len(host_f) != 490 or len(m7_f) != 490:
        print("features missing: host %d, Cortex-M7 %d values" % (len(host_f), len(m7_f)))
        return 1
    diffs = [abs(a - b) for a, b in zip(host_f, m7_f) if a != b]
    print("int8 features: %d of 490 differ between host and Cortex-M7 (largest %d LSB)" % (
        len(diffs), max(diffs, default=0)))
    if diffs and (max(diffs) > 1 or len(diffs) > 4):
        print("FAIL: more than 1 LSB or more than 1% of the features differ")
        return 1
    fe = re.search(r"frontend_state_bytes=(\d+)", text)
    if args.map:
        fe_flash = linked_bytes(args.map, "libcirclet_frontend.a")
        print("front end: flash %s bytes of code and constants (libm's logf, and log/cos/sin "
              "for MfccInit's tables, not included), RAM %s bytes (MfccState, static)" % (
                  format(fe_flash["code"], ","), format(int(fe.group(1)) if fe else 0, ",")))
    print("12 scores: the same on Cortex-M7 and host")
    print("label: Cortex-M7 %s, host %s: %s" % (m7_label, host_label,
                                                "MATCH" if m7_label == host_label else "DIFFERENT"))
    return 0 if m7_label == host_label else 1


if __name__ == "__main__":
    sys.exit(main())
