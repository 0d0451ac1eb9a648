#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the assembly that embeds TensorFlow Lite Micro's seanet 16x8
integration tests (../shared/models/seanet_int16) in the seanet firmware: the
operator-zoo runner (targets/runner/zoo_runner.cc) with these cases.

  seanet_blobs.py SEANET_DIR OUT.S

Each case <op>/<name>.tflite runs with <name>_input<k>_<type>.csv as graph
input k and must give <name>_golden_<type>.csv, as in tests/seanet_test.cc.
The csv files (one line of comma-separated integers) are written as raw
little-endian bytes of their type to OUT.S's folder (seanet_data/), then
embedded by zoo_blobs.write(); a case is named <op>/<name>.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zoo_blobs  # noqa: E402

SIZES = {"int8": 1, "int16": 2, "int32": 4, "int64": 8}


def find_csv(files, prefix):
    """The file named <prefix><type>.csv in `files` and its type, or None."""
    for f in files:
        if f.startswith(prefix) and f.endswith(".csv") and "_" not in f[len(prefix):]:
            return f, f[len(prefix):-4]
    return None


def csv_bytes(path, type_name):
    """A one-line csv of integers as raw bytes of `type_name` (wrapping as
    the host test does: the low bytes of the two's complement value)."""
    if type_name not in SIZES:
        sys.exit("%s: type %s is not one this generator reads" % (path, type_name))
    size = SIZES[type_name]
    mask = (1 << (8 * size)) - 1
    text = open(path).read().replace(",", " ").split()
    try:
        return b"".join((int(v) & mask).to_bytes(size, "little") for v in text)
    except ValueError:
        sys.exit("%s: not a list of integers" % path)


def write_bin(path, data):
    """Writes `data` unless the file already holds it (no needless rebuilds)."""
    if os.path.exists(path) and open(path, "rb").read() == data:
        return
    with open(path, "wb") as f:
        f.write(data)


def main():
    seanet_dir, out_path = sys.argv[1], sys.argv[2]
    data_dir = os.path.join(os.path.dirname(os.path.abspath(out_path)), "seanet_data")
    cases = []
    for op in sorted(os.listdir(seanet_dir)):
        d = os.path.join(seanet_dir, op)
        if not os.path.isdir(d):
            continue
        files = sorted(os.listdir(d))
        os.makedirs(os.path.join(data_dir, op), exist_ok=True)
        for f in files:
            if not f.endswith(".tflite"):
                continue
            name = f[:-len(".tflite")]
            found = [find_csv(files, "%s_input0_" % name)]
            while found[-1] is not None:
                found.append(find_csv(files, "%s_input%d_" % (name, len(found))))
            found = found[:-1] + [find_csv(files, "%s_golden_" % name)]
            if found[-1] is None:
                sys.exit("%s/%s: no golden csv" % (op, name))
            bins = []
            for k, (csv, type_name) in enumerate(found):
                role = "golden" if k == len(found) - 1 else "input%d" % k
                b = os.path.join(data_dir, op, "%s_%s.bin" % (name, role))
                write_bin(b, csv_bytes(os.path.join(d, csv), type_name))
                bins.append(b)
            cases.append(("%s/%s" % (op, name), os.path.join(d, f), bins[:-1], bins[-1:]))
    zoo_blobs.write(out_path, seanet_dir, cases)


if __name__ == "__main__":
    main()
