#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the operator-zoo firmware (targets/runner/zoo_runner.cc) under QEMU
with the instruction-counting plugin and checks it.

  zoo_mcu.py --qemu Q --machine M --plugin P --nm NM --elf FW --deferred LIST
             [--json OUT] [--cpu m7] [--label zoo]

Every case that is not on LIST (tests/ops_zoo_deferred.txt) must print
"pass" (outputs equal to TensorFlow Lite Micro's goldens, as on the host);
a listed case that passes is reported (without failing) so that the list
can shrink, and the firmware must get through every case. Each case that
ran has one plugin count (instructions of its Invoke(), from
circlet_mark_begin to circlet_mark_end), in case order. Prints the
per-case table, per-group counts when the cases are named <group>/<case>
(a deferred list names them <case>), and a closing "N passed, N failed"
line; --json writes {case: {"status", "instructions"}}. --label: the word
the firmware's lines start with (its CIRCLET_ZOO_LABEL; the seanet
firmware's is "seanet").
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_qemu  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--machine", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--nm", default="arm-none-eabi-nm")
    ap.add_argument("--elf", required=True)
    ap.add_argument("--deferred", required=True)
    ap.add_argument("--json")
    ap.add_argument("--cpu", default="")
    ap.add_argument("--label", default="zoo")
    ap.add_argument("--timeout", type=int, default=600)
    a = ap.parse_args()
    addrs = run_qemu.symbol_addrs(a.nm, a.elf, ["circlet_mark_begin", "circlet_mark_end"])
    plugin = "%s,begin=0x%x,end=0x%x" % (a.plugin, addrs["circlet_mark_begin"],
                                         addrs["circlet_mark_end"])
    cmd = [a.qemu, "-machine", a.machine, "-nographic", "-monitor", "none", "-serial", "none",
           "-semihosting-config", "enable=on,target=native", "-icount", "shift=0",
           "-plugin", plugin, "-d", "plugin", "-kernel", a.elf]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=a.timeout)
    text = p.stdout + p.stderr
    deferred = set()
    for line in open(a.deferred):
        if line.strip() and not line.startswith("#"):
            deferred.add(line.split()[0])
    label = re.escape(a.label)
    # The console and the plugin share one stream: each case that ran has
    # its count line just before its result line; a mismatch's detail
    # (golden_compare.h) comes just before its result line too.
    results, pending, detail, lines, total = {}, None, [], 0, None
    for line in text.splitlines():
        m = re.match(r"circlet-icount: region \d+ instructions (\d+)", line)
        if m:
            pending = int(m.group(1))
            continue
        m = re.match(r"%s (\S+) (pass|FAIL|refused: .*)$" % label, line)
        if m:
            lines += 1
            ran = m.group(2) in ("pass", "FAIL")
            results[m.group(1)] = {"status": m.group(2).split(":")[0],
                                   "instructions": pending if ran else None,
                                   "detail": detail + ([m.group(2)] if not ran else [])}
            if ran and pending is None:
                print("FAIL: no instruction count for %s" % m.group(1))
                return 1
            pending, detail = None, []
            continue
        m = re.match(r"%s: (\d+) cases" % label, line)
        if m:
            total = int(m.group(1))
            continue
        if re.match(r"output \d+: .*MISMATCH$", line):
            detail.append(line)
    passed = failed = skipped = 0
    groups = {}
    deferred_list = os.path.basename(a.deferred)
    for name in sorted(results):
        r = results[name]
        group, _, case = name.rpartition("/")
        must = name not in deferred and case not in deferred
        ok = r["status"] == "pass"
        g = groups.setdefault(group, [0, 0])
        g[0] += ok
        g[1] += 1
        if ok:
            passed += 1
        elif must:
            failed += 1
        else:
            skipped += 1
        note = ""
        if ok and not must:
            note = "   passes: remove it from %s" % deferred_list
        elif not ok and must:
            note = "   <- must pass (not deferred)"
        print("%-48s %-8s %12s%s" % (name, r["status"], r["instructions"] or "-", note))
        if not ok:
            for d in r["detail"]:
                print("    " + d)
    if not lines or total is None:
        print(text)
    if "" not in groups:
        for group in sorted(groups):
            print("%-16s %3d of %3d pass" % (group, groups[group][0], groups[group][1]))
    print("%s on %s: %d cases, %d deferred and not passing" % (a.label, a.cpu or a.machine,
                                                              len(results), skipped))
    complete = total is not None and total == len(results)
    if not complete:
        print("FAIL: the firmware stopped before its closing line (%d of %s cases reported)"
              % (len(results), "?" if total is None else total))
    print("%d passed, %d failed" % (passed, failed))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"cpu": a.cpu, "cases": {n: {"status": r["status"],
                                                   "instructions": r["instructions"]}
                                               for n, r in results.items()}},
                      f, indent=1, sort_keys=True)
    return 0 if failed == 0 and lines and complete else 1


if __name__ == "__main__":
    sys.exit(main())
