#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""CSV traces for the gesture example, made from ../shared/models/magic_wand/recordings.

usage: make_traces.py MAGIC_WAND_DIR OUT_DIR

The recordings are TensorFlow Lite Micro's test data (third-party), so the
repository holds no copy: this writes them, and a longer trace built from
them, at test time.

  ring.csv, slope.csv  the two recordings (recordings/<name>_input0.bin, raw
                       float32 [1,128,3,1]) as 128 rows "x,y,z" with a header.
                       Every value is a whole number of milli-g, so the CSV is
                       exact.
  stream.csv           a synthetic 25.36 s trace (634 samples) for --stream:
                         samples   0..127  idle, held at the ring's start
                         samples 128..194  the ring (the recording's 67 rows
                                           after its leading zeros)
                         samples 195..322  idle, held at the ring's end
                         samples 323..450  idle, held at the slope's start
                         samples 451..505  the slope (its 55 rows after the
                                           leading zeros)
                         samples 506..633  idle, held at the slope's end
                       "Idle" is the wand held still: the neighbouring
                       gesture sample plus uniform noise of +-10 milli-g, the
                       padding TFLite Micro's training script (data_load.py,
                       pad()) puts around every training gesture. (Zeros
                       after a gesture, a reading no resting accelerometer
                       gives, make the model call wing or slope.) The noise
                       comes from xorshift32 seeded 0x2545F491 (the golden
                       inputs' generator), rounded to whole milli-g.
  idle.csv             512 samples of the wand held still (the ring's start
                       orientation, the same noise): no gesture in it.
  stream.txt           the stream's layout as "name first last" lines.

Prints the files written. Exit 77 (skipped) when the recordings are missing.
"""
import os
import struct
import sys

SKIP = 77
ROWS = 128
IDLE = 128
NOISE = 20  # data_load.py's noise_level: uniform in [-10, 10)


class Xorshift32:
    def __init__(self):
        self.x = 0x2545F491

    def uniform(self):
        """In [-0.5, 0.5), as the golden inputs' float rule minus 0.5."""
        x = self.x
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.x = x
        return (x >> 8) / 16777216.0 - 0.5


def held(row, n, rng):
    return [tuple(float(round(v + rng.uniform() * NOISE)) for v in row) for _ in range(n)]


def read_recording(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) != ROWS * 3 * 4:
        raise SystemExit("%s: %d bytes, expected %d (float32 [1,128,3,1])" %
                         (path, len(data), ROWS * 12))
    v = struct.unpack("<%df" % (ROWS * 3), data)
    return [v[3 * i:3 * i + 3] for i in range(ROWS)]


def fmt(x):
    return "%d" % x if float(x).is_integer() else repr(x)


def write_csv(path, rows):
    with open(path, "w") as f:
        f.write("x,y,z\n")
        for r in rows:
            f.write(",".join(fmt(x) for x in r) + "\n")


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    wand, out = sys.argv[1:3]
    rec = {}
    for name in ("ring", "slope"):
        path = os.path.join(wand, "recordings", name + "_input0.bin")
        if not os.path.isfile(path):
            print("SKIPPED: %s not found (../shared/models/magic_wand is not here)" % path)
            return SKIP
        rec[name] = read_recording(path)
    os.makedirs(out, exist_ok=True)
    for name, rows in rec.items():
        write_csv(os.path.join(out, name + ".csv"), rows)
    rng = Xorshift32()
    ring = [r for r in rec["ring"] if any(r)]  # the gesture after the buffer's zeros
    slope = [r for r in rec["slope"] if any(r)]
    parts = [("idle", held(ring[0], IDLE, rng)), ("ring", ring), ("idle", held(ring[-1], IDLE, rng)),
             ("idle", held(slope[0], IDLE, rng)), ("slope", slope),
             ("idle", held(slope[-1], IDLE, rng))]
    stream = []
    with open(os.path.join(out, "stream.txt"), "w") as layout:
        for name, rows in parts:
            layout.write("%s %d %d\n" % (name, len(stream), len(stream) + len(rows) - 1))
            stream += rows
    write_csv(os.path.join(out, "stream.csv"), stream)
    write_csv(os.path.join(out, "idle.csv"), held(ring[0], 4 * IDLE, rng))
    print("wrote ring.csv, slope.csv, stream.csv (%d samples), stream.txt, idle.csv in %s" %
          (len(stream), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
