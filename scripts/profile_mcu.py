#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Instructions per function of one firmware run under QEMU.

  scripts/profile_mcu.py build/m7/targets/<model>_m7.elf [--top N]

Runs the firmware through tools/mcu/run_qemu.py with the plugin's profile
option (one counter per executed address, the whole run: set-up included),
then sums the counts per function symbol of the ELF (arm-none-eabi-nm) and
prints the functions by count, with their share of the run.
"""
import argparse
import bisect
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def functions(nm, elf):
    out = subprocess.run([nm, "-C", "-S", "--defined-only", elf], check=True, capture_output=True,
                         text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] in "tTwW":
            syms.append((int(parts[0], 16) & ~1, int(parts[1], 16), parts[3]))
    syms.sort()
    return syms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("elf")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--machine", default="mps2-an500")
    ap.add_argument("--plugin", default=None, help="default: libcirclet_icount.so beside the ELF's build")
    ap.add_argument("--nm", default="arm-none-eabi-nm")
    ap.add_argument("--invoke", action="store_true",
                    help="count only the first marked region (one Invoke()), not the whole run")
    args = ap.parse_args()
    plugin = args.plugin
    if plugin is None:
        build = args.elf.split("/targets/")[0]
        plugin = os.path.join(build, "tools", "qemu-plugin", "libcirclet_icount.so")
    with tempfile.TemporaryDirectory() as tmp:
        counts_path = os.path.join(tmp, "counts.txt")
        p = subprocess.run([sys.executable, os.path.join(ROOT, "tools/mcu/run_qemu.py"),
                            "--machine", args.machine, "--elf", args.elf, "--plugin", plugin,
                            "--profile", counts_path] + (["--profile-region"] if args.invoke else []),
                           capture_output=True, text=True)
        if p.returncode != 0 or not os.path.exists(counts_path):
            sys.stdout.write(p.stdout + p.stderr)
            sys.exit("profile_mcu: the run failed")
        counts = []
        with open(counts_path) as f:
            for line in f:
                a, c = line.split()
                counts.append((int(a, 16), int(c)))
    syms = functions(args.nm, args.elf)
    starts = [s[0] for s in syms]
    per = {}
    total = 0
    for addr, c in counts:
        total += c
        i = bisect.bisect_right(starts, addr) - 1
        name = syms[i][2] if i >= 0 and addr < syms[i][0] + max(syms[i][1], 2) else "?"
        per[name] = per.get(name, 0) + c
    print("%s: %d instructions in %s" % (os.path.basename(args.elf), total,
                                          "one Invoke()" if args.invoke else "the whole run"))
    for name, c in sorted(per.items(), key=lambda kv: -kv[1])[:args.top]:
        print("%12d %5.1f%%  %s" % (c, 100.0 * c / total, name[:110]))


if __name__ == "__main__":
    main()
