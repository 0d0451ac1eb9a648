#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""person_detection on the emulated Cortex-M7, next to the host.

usage: m7_check.py --host-binary PATH --models DIR --photo IMAGE --m7-build DIR
                   --inputs-dir DIR --elf PATH --run-qemu run_qemu.py --qemu Q
                   --nm NM --plugin PLUGIN

1. Runs the host's person_detection on the photo once per model with
   --dump-input, which writes each model's int8 input tensor into --inputs-dir
   and prints the model's output bytes.
2. Builds the firmware person_detection_m7 (examples/person_detection/
   person_m7.cc), which embeds both models and those two inputs.
3. Runs it under QEMU (mps2-an500) with the instruction-counting plugin
   (tools/mcu/run_qemu.py) and compares each model's output bytes with the
   host's: they must be identical.

Exit: 0 when they match, 1 otherwise, 77 (skipped) when the host example, the
models or the photo are missing.
"""
import argparse
import os
import re
import subprocess
import sys

SKIP = 77
MODELS = [("vww_96_int8", "--vww"), ("person_detect", "--person-detect")]
HOST_RE = r"output %s\s+int8 \[no person, person\] = \[(-?\d+), (-?\d+)\]"
M7_RE = r"person_m7: %s: output int8 \[no person, person\] = \[(-?\d+), (-?\d+)\]"


def main():
    ap = argparse.ArgumentParser()
    for a in ("--host-binary", "--models", "--photo", "--m7-build", "--inputs-dir", "--elf",
              "--run-qemu", "--qemu", "--nm", "--plugin"):
        ap.add_argument(a, required=True)
    args = ap.parse_args()

    needed = [args.host_binary, args.photo] + [
        os.path.join(args.models, m, "model.tflite") for m, _ in MODELS]
    missing = [p for p in needed if not os.path.isfile(p)]
    if missing:
        print("SKIPPED: not found: %s (the host example comes from the host preset: "
              "make host; the models from ../shared; the photo from python3-skimage)" %
              ", ".join(missing))
        return SKIP

    os.makedirs(args.inputs_dir, exist_ok=True)
    host = {}
    for name, flag in MODELS:
        dump = os.path.join(args.inputs_dir, name + "_input.bin")
        cmd = [args.host_binary, "--only", name, flag,
               os.path.join(args.models, name, "model.tflite"), "--runs", "1",
               "--dump-input", dump, args.photo]
        p = subprocess.run(cmd, capture_output=True, text=True)
        print(p.stdout.strip())
        m = re.search(HOST_RE % name, p.stdout)
        if p.returncode != 0 or m is None:
            print("host run failed (exit %d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr))
            return 1
        host[name] = (int(m.group(1)), int(m.group(2)))

    build = subprocess.run(["cmake", "--build", args.m7_build, "--target", "person_detection_m7",
                            "circlet_qemu_plugin", "-j", "2"], capture_output=True, text=True)
    if build.returncode != 0:
        print("building person_detection_m7 failed:\n" + (build.stdout + build.stderr)[-4000:])
        return 1

    cmd = [sys.executable, args.run_qemu, "--qemu", args.qemu, "--machine", "mps2-an500",
           "--plugin", args.plugin, "--nm", args.nm, "--elf", args.elf, "--timeout", "500"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    text = p.stdout + p.stderr
    print("\n" + text.strip())
    if p.returncode != 0:
        print("the Cortex-M7 run failed (exit %d)" % p.returncode)
        return 1
    # The plugin's regions, in order: vww_96_int8's Invoke(), person_detect's.
    regions = [int(x) for x in re.findall(r"circlet-icount: region \d+ instructions (\d+)", text)]

    ok = True
    print("\n%-14s %-12s %-12s %s" % ("model", "host bytes", "M7 bytes", "M7 instructions"))
    for i, (name, _) in enumerate(MODELS):
        m = re.search(M7_RE % name, text)
        m7 = (int(m.group(1)), int(m.group(2))) if m else None
        same = m7 == host[name]
        ok &= same
        print("%-14s %-12s %-12s %s%s" % (
            name, "%d %d" % host[name], "%d %d" % m7 if m7 else "missing",
            "{:,}".format(regions[i]) if i < len(regions) else "?",
            "" if same else "   DIFFERENT"))
    print("RESULT %s: Cortex-M7 output bytes %s the host's" %
          ("PASS" if ok else "FAIL", "equal" if ok else "differ from"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
