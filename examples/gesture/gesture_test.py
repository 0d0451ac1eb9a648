#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The gesture example end to end (ctest gesture_recordings, gesture_stream,
gesture_csv_errors).

usage: gesture_test.py recordings|stream|csv_errors GESTURE MAGIC_WAND_DIR WORK_DIR

recordings  ring.csv and slope.csv (made from the recordings by
            make_traces.py): the label is "ring" / "slope" and the four
            scores equal TensorFlow Lite Micro's (recordings/*_output0.bin)
            within ../shared/models/README.md's float rule,
            |out - golden| <= 1e-5 * max(1, max|golden|); compared through the
            float32 bits the program prints. Prints the largest difference.
stream      --stream (default hop) over stream.csv reports exactly ring, then
            slope, each between its gesture's first sample and 32 samples
            after its last (stream.txt holds the layout); the same with the
            trace shifted by 1 to 4 samples (its first row repeated: every
            phase of the hop of 5); nothing on idle.csv (the wand held still).
csv_errors  bad CSV traces: exit 1 and a first stderr line naming the problem
            and its line; a valid trace of the wrong length: exit 1.

Exit 77 (skipped) when MAGIC_WAND_DIR (../shared/models/magic_wand) is missing.
"""
import os
import re
import struct
import subprocess
import sys

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = ["wing", "ring", "slope", "unknown"]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    return r.returncode, r.stdout, r.stderr


def make_traces(wand, work):
    r = subprocess.run([sys.executable, os.path.join(HERE, "make_traces.py"), wand, work],
                       capture_output=True, text=True)
    print(r.stdout.strip())
    if r.returncode != 0:
        print(r.stderr)
        sys.exit(r.returncode if r.returncode == SKIP else 1)


def scores_of(stdout):
    """The four scores from the float32 bits column, by label."""
    bits = dict(re.findall(r"^  (\w+) +[\d.]+ +0x([0-9a-f]{8})", stdout, re.M))
    return {k: struct.unpack("<f", struct.pack("<I", int(v, 16)))[0] for k, v in bits.items()}


def test_recordings(prog, wand, work):
    make_traces(wand, work)
    failures = []
    worst = 0.0
    for name in ("ring", "slope"):
        code, out, err = run([prog, "--model", os.path.join(wand, "model.tflite"),
                              os.path.join(work, name + ".csv")])
        print(out + err)
        if code != 0:
            failures.append("%s: exit %d" % (name, code))
            continue
        m = re.search(r"^gesture: (\w+) ", out, re.M)
        if not m or m.group(1) != name:
            failures.append("%s: labelled %s" % (name, m.group(1) if m else "nothing"))
        with open(os.path.join(wand, "recordings", name + "_output0.bin"), "rb") as f:
            golden = struct.unpack("<4f", f.read())
        got = scores_of(out)
        if sorted(got) != sorted(LABELS):
            failures.append("%s: scores missing from the output" % name)
            continue
        tol = 1e-5 * max(1.0, max(abs(g) for g in golden))
        print("%-5s  label     circlet          TFLite Micro     difference" % name)
        for k, g in zip(LABELS, golden):
            d = abs(got[k] - g)
            worst = max(worst, d)
            print("       %-8s  %.9f  %.9f  %.3g%s" % (k, got[k], g, d, "" if d <= tol else "  FAIL"))
            if d > tol:
                failures.append("%s: %s %.9g, TFLite Micro %.9g (tolerance %.3g)" %
                                (name, k, got[k], g, tol))
    print("largest difference from TFLite Micro: %.3g (tolerance 1e-05)" % worst)
    return failures


def detections(stdout):
    return [(label, int(sample))
            for label, sample in re.findall(r"^gesture (\w+) at sample (\d+)", stdout, re.M)]


def test_stream(prog, wand, work):
    make_traces(wand, work)
    failures = []
    model = os.path.join(wand, "model.tflite")
    layout = {}
    with open(os.path.join(work, "stream.txt")) as f:
        for line in f:
            name, first, last = line.split()
            if name != "idle":
                layout[name] = (int(first), int(last))
    with open(os.path.join(work, "stream.csv")) as f:
        lines = f.read().splitlines()
    for shift in range(5):
        path = os.path.join(work, "stream.csv")
        if shift:
            path = os.path.join(work, "stream_shift%d.csv" % shift)
            with open(path, "w") as f:
                f.write("\n".join(lines[:1] + lines[1:2] * shift + lines[1:]) + "\n")
        code, out, err = run([prog, "--stream", "--model", model, path])
        if shift == 0:
            print(out + err)
        got = detections(out)
        what = os.path.basename(path)
        if code != 0:
            failures.append("%s: exit %d" % (what, code))
            continue
        if [label for label, _ in got] != ["ring", "slope"]:
            failures.append("%s: detected %s, expected ring then slope" % (what, got))
            continue
        for label, sample in got:
            first, last = layout[label][0] + shift, layout[label][1] + shift
            ok = first <= sample <= last + 32
            print("%s: %s at samples %d..%d, reported at sample %d: %s" %
                  (what, label, first, last, sample, "ok" if ok else "OUT OF PLACE"))
            if not ok:
                failures.append("%s: %s reported at sample %d, the gesture is at %d..%d" %
                                (what, label, sample, first, last))
    code, out, err = run([prog, "--stream", "--model", model, os.path.join(work, "idle.csv")])
    print(out + err)
    if code != 0 or detections(out) or "\n0 gestures detected" not in out:
        failures.append("idle.csv: exit %d, detected %s, expected nothing" %
                        (code, detections(out)))
    return failures


def test_csv_errors(prog, wand, work):
    make_traces(wand, work)
    model = os.path.join(wand, "model.tflite")
    with open(os.path.join(work, "ring.csv")) as f:
        ring = f.read().splitlines()
    body = ring[1:]

    def trace(name, lines):
        path = os.path.join(work, name)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    cases = [
        # (file, extra args, expected text in the first stderr line)
        (trace("columns.csv", ring[:50] + ["12,34"] + ring[51:]), [],
         "columns.csv: line 51: 2 columns, expected 3 (x,y,z)"),
        (trace("word.csv", ring[:10] + ["12,up,7"] + ring[11:]), [],
         "word.csv: line 11, column 2: 'up' is not a number"),
        (trace("nan.csv", ring[:3] + ["nan,1,2"] + ring[4:]), [],
         "nan.csv: line 4, column 1: 'nan' is not a finite number"),
        (trace("short.csv", ring[:100]), [],
         "short.csv: too few rows: 99 samples (the last on line 100), one window is exactly 128"),
        (trace("long.csv", ring + body[:10]), [],
         "long.csv: too many rows: 138 samples (the last on line 139), one window is exactly"),
        (trace("short_stream.csv", ring[:100]), ["--stream"],
         "short_stream.csv: too few rows: 99 samples (the last on line 100), the stream needs at least"),
        (trace("empty.csv", []), [], "empty.csv: no samples (1 line"),
        (os.path.join(work, "no_such.csv"), [],
         "no_such.csv: cannot open: No such file or directory"),
        (work, [], "cannot read (is it a directory?)"),
    ]
    failures = []
    for path, args, text in cases:
        code, out, err = run([prog, "--model", model] + args + [path])
        first = err.splitlines()[0] if err.strip() else ""
        ok = code == 1 and first.startswith("gesture: ") and text in first
        print("%-4s exit %d  %s\n       %s" % ("ok" if ok else "FAIL", code, os.path.basename(path),
                                              first))
        if not ok:
            failures.append("%s: exit %d, first stderr line %r, expected exit 1 and %r" %
                            (os.path.basename(path), code, first, text))
    return failures


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in ("recordings", "stream", "csv_errors"):
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    part, prog, wand, work = sys.argv[1:5]
    if not os.path.isfile(os.path.join(wand, "model.tflite")):
        print("SKIPPED: %s not found (../shared/models/magic_wand: TensorFlow Lite Micro's "
              "magic_wand model and recordings)" % os.path.join(wand, "model.tflite"))
        return SKIP
    failures = {"recordings": test_recordings, "stream": test_stream,
                "csv_errors": test_csv_errors}[part](prog, wand, work)
    for f in failures:
        print("FAIL: " + f)
    print("%s: %s" % (part, "FAIL" if failures else "PASS"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
