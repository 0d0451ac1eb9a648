#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs a circlet firmware under qemu-system-arm with semihosting and the
instruction-counting plugin (tools/qemu-plugin/icount.c).

  run_qemu.py --machine mps2-an500 --elf fw.elf --plugin libcirclet_icount.so
              [--qemu qemu-system-arm] [--nm arm-none-eabi-nm] [--timeout S]
              [--json OUT --model NAME --cpu m7 --size arm-none-eabi-size]
              [--profile COUNTS]

Prints the firmware's console, then `instructions=N` (the plugin's exact
count between circlet_mark_begin and circlet_mark_end), and exits with the
firmware's status (0 = pass). QEMU runs with `-icount shift=0`, so the
port's timer-based counter gives instructions to within 40 (per-op table).
With --json it writes one benchmark record (see scripts/bench_mcu.py).
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flash_map  # noqa: E402


def symbol_addrs(nm, elf, names):
    out = subprocess.run([nm, elf], check=True, capture_output=True, text=True).stdout
    addrs = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in names:
            addrs[parts[2]] = int(parts[0], 16) & ~1
    missing = [n for n in names if n not in addrs]
    if missing:
        sys.exit("run_qemu: symbols not found in %s: %s" % (elf, ", ".join(missing)))
    return addrs


def section_sizes(size_tool, elf):
    out = subprocess.run([size_tool, "-A", elf], check=True, capture_output=True, text=True).stdout
    sizes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            sizes[parts[0]] = int(parts[1])
    return sizes


def run_marked(qemu, nm, elf, plugin_so, machine="mps2-an500", timeout=240, profile=None,
               profile_region=False):
    """Runs firmware `elf` under QEMU `machine` with circlet's plugin counting
    instructions between circlet_mark_begin and circlet_mark_end. Returns
    (exit status, console and plugin text, instructions of each region); the
    status is None on a timeout (the command is printed)."""
    addrs = symbol_addrs(nm, elf, ["circlet_mark_begin", "circlet_mark_end"])
    plugin = "%s,begin=0x%x,end=0x%x" % (plugin_so, addrs["circlet_mark_begin"],
                                         addrs["circlet_mark_end"])
    if profile:
        plugin += ",profile=%s" % profile
        if profile_region:
            plugin += ",profile_region=1"
    cmd = [qemu, "-machine", machine, "-nographic", "-monitor", "none",
           "-serial", "none", "-semihosting-config", "enable=on,target=native",
           "-icount", "shift=0", "-plugin", plugin, "-d", "plugin", "-kernel", elf]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        print("run_qemu: TIMEOUT after %d s: %s" % (timeout, " ".join(cmd)))
        return None, "", []
    text = p.stdout + p.stderr
    regions = [int(x) for x in re.findall(r"circlet-icount: region \d+ instructions (\d+)", text)]
    return p.returncode, text, regions


def run(args):
    status, text, regions = run_marked(args.qemu, args.nm, args.elf, args.plugin, args.machine,
                                       args.timeout, args.profile, args.profile_region)
    if status is None:
        return 1, None, ""
    sys.stdout.write(text)
    instructions = regions[0] if regions else None
    print("instructions=%s" % instructions)
    if status == 0 and "RESULT PASS" not in text and not args.no_result:
        print("run_qemu: exit 0 but no 'RESULT PASS' line")
        status = 1
    return status, instructions, text


def check_loops(text):
    """Each loop of n iterations is exactly 2n + 5 instructions between the
    markers; the plugin must report exactly that, the icount timer within 40
    plus the few instructions of the call around the markers."""
    regions = [int(x) for x in re.findall(r"region \d+ instructions (\d+)", text)]
    loops = [(int(n), int(t)) for n, t in re.findall(r"loop n=(\d+) timer=(\d+)", text)]
    if not loops or len(regions) != len(loops):
        print("FAIL: %d loops printed, %d plugin regions" % (len(loops), len(regions)))
        return 1
    ok = True
    for (n, timer), got in zip(loops, regions):
        want = 2 * n + 5
        # The timer also sees the call, push/mov/pop and its own reads: at
        # most 24 instructions here, on top of its 40-instruction resolution.
        timer_ok = abs(timer - want) <= 40 + 24
        print("n=%-8d expected %-9d plugin %-9d %s   timer %-9d (%+d) %s" % (
            n, want, got, "ok" if got == want else "WRONG", timer, timer - want,
            "ok" if timer_ok else "WRONG"))
        ok &= got == want and timer_ok
    print("RESULT %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


def record(args, instructions, text):
    def grab(key):
        m = re.search(r"\b%s=(\d+)" % key, text)
        return int(m.group(1)) if m else None

    s = section_sizes(args.size, args.elf)
    text_b = sum(s.get(k, 0) for k in (".vectors", ".text", ".ARM.extab", ".ARM.exidx",
                                       ".init_array"))
    rodata = s.get(".rodata", 0)
    data = s.get(".data", 0)
    m = re.search(r"model \S+ \((\d+) bytes\)", text)
    ops = [{"op": int(i), "name": n, "count": int(c)}
           for i, n, c in re.findall(r"^ +(\d+)  (\w+) +(\d+) +[\d.]+$", text, re.M)]
    unit = re.search(r"per-op (.*):", text)
    # Flash by origin from the link map beside the ELF (tools/mcu/flash_map.py).
    flash = None
    map_path = os.path.splitext(args.elf)[0] + ".map"
    if os.path.exists(map_path):
        flash = dict(flash_map.breakdown(map_path))
    return {
        "model": args.model,
        "cpu": args.cpu,
        "instructions": instructions,
        "arena_bytes": grab("arena_bytes"),
        "stack_bytes": grab("stack_bytes"),
        "stack_setup_bytes": grab("stack_setup_bytes"),
        "stack_invoke_bytes": grab("stack_invoke_bytes"),
        "stack_run_bytes": grab("stack_run_bytes"),
        "text": text_b,
        "rodata": rodata,
        "data": data,
        "bss": s.get(".bss", 0),
        "model_bytes": int(m.group(1)) if m else s.get(".model", 0),
        "testdata_bytes": s.get(".testdata", 0),
        "runtime_code_bytes": text_b + rodata + data,
        # The runtime alone (libcirclet.a), and the firmware's code without
        # the C library (circlet + port + startup + runner harness).
        "circlet_code_bytes": flash["circlet"] if flash else None,
        "code_without_libc_bytes": flash["total"] - flash["libc"] if flash else None,
        "flash": flash,
        "per_op_unit": unit.group(1) if unit else None,
        "per_op": ops,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--machine", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--nm", default="arm-none-eabi-nm")
    ap.add_argument("--size", default="arm-none-eabi-size")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--json")
    ap.add_argument("--profile", help="write per-address instruction counts (scripts/profile_mcu.py)")
    ap.add_argument("--profile-region", action="store_true",
                    help="profile only the first marked region (one Invoke())")
    ap.add_argument("--model")
    ap.add_argument("--cpu")
    ap.add_argument("--expect-loops", action="store_true",
                    help="validate the counters on targets/tests/loop_count firmware")
    args = ap.parse_args()
    args.no_result = args.expect_loops
    status, instructions, text = run(args)
    if args.expect_loops and status == 0:
        status = check_loops(text)
    if args.json and status == 0:
        with open(args.json, "w") as f:
            json.dump(record(args, instructions, text), f, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
