#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Instructions per MAC of the 16x8 CONV_2D, DEPTHWISE_CONV_2D and
FULLY_CONNECTED cases of the seanet and operator-zoo firmware
(docs/performance.md, "int16x8 (16x8) kernels"), optimized against
reference kernels.

  int16_macs.py --models ../shared/models --opt build/m7 --ref build/m7-ref

--opt / --ref: build directories holding seanet.json and op_zoo.json
(zoo_mcu.py --json: per case the instructions of its Invoke(), counted by
the QEMU plugin); the reference build is the same commit configured with
CMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG -DCIRCLET_OPT_INT16=0". Prints a
Markdown table: every case whose model has one of the three operators with
an int16 input (seanet cases <op>/<name>: <models>/seanet_int16/<op>/
<name>.tflite; zoo cases <name>: <models>/ops/<name>/model.tflite).

MACs from the model's shapes, padding taps included: CONV_2D output
elements x KH x KW x C, DEPTHWISE_CONV_2D output elements x KH x KW,
FULLY_CONNECTED output elements x depth. The instructions are the whole
Invoke() (the op's set-up and requantization included).
"""
import argparse
import json
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_ops import deref, int_vector, opcodes, table_field  # noqa: E402

CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED = 3, 4, 9
NAMES = {CONV_2D: "CONV_2D", DEPTHWISE_CONV_2D: "DEPTHWISE_CONV_2D",
         FULLY_CONNECTED: "FULLY_CONNECTED"}
TENSOR_INT16 = 7


def tables(buf, table, field):
    p = table_field(buf, table, field)
    if p is None:
        return []
    vec = deref(buf, p)
    n = struct.unpack_from("<I", buf, vec)[0]
    return [deref(buf, vec + 4 + 4 * i) for i in range(n)]


def prod(xs):
    r = 1
    for x in xs:
        r *= x
    return r


def int16_ops(path):
    """[(operator name, shapes text, MACs)] for the model's 16x8 ops."""
    buf = open(path, "rb").read()
    codes = opcodes(buf)
    out = []
    for sg in tables(buf, deref(buf, 0), 2):  # Model.subgraphs
        tensors = tables(buf, sg, 0)
        for op in tables(buf, sg, 3):
            p = table_field(buf, op, 0)
            code = codes[struct.unpack_from("<I", buf, p)[0] if p else 0][0]
            if code not in NAMES:
                continue
            ins, outs = int_vector(buf, op, 1), int_vector(buf, op, 2)
            p = table_field(buf, tensors[ins[0]], 1)
            if (struct.unpack_from("<b", buf, p)[0] if p else 0) != TENSOR_INT16:
                continue
            x, w = int_vector(buf, tensors[ins[0]], 0), int_vector(buf, tensors[ins[1]], 0)
            y = int_vector(buf, tensors[outs[0]], 0)
            if code == CONV_2D:
                macs = prod(y) * w[1] * w[2] * w[3]
            elif code == DEPTHWISE_CONV_2D:
                macs = prod(y) * w[1] * w[2]
            else:
                macs = prod(y) * w[1]
            shapes = "%s * %s -> %s" % ("x".join(map(str, x)), "x".join(map(str, w)),
                                        "x".join(map(str, y)))
            out.append((NAMES[code], shapes, macs))
    return out


def counts(build_dir):
    cases = {}
    for name in ("seanet.json", "op_zoo.json"):
        path = os.path.join(build_dir, name)
        if os.path.exists(path):
            cases.update(json.load(open(path))["cases"])
    return cases


def model_path(models, case):
    if "/" in case:
        op, name = case.split("/", 1)
        return os.path.join(models, "seanet_int16", op, name + ".tflite")
    return os.path.join(models, "ops", case, "model.tflite")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", required=True)
    ap.add_argument("--opt", required=True)
    ap.add_argument("--ref", required=True)
    a = ap.parse_args()
    opt, ref = counts(a.opt), counts(a.ref)
    print("| case | op | input * filter -> output | MACs | reference | instr/MAC "
          "| optimized | instr/MAC | speedup |")
    print("|---|---|---|--:|--:|--:|--:|--:|--:|")
    tot = [0, 0, 0]
    for case in sorted(opt, key=lambda c: (c.split("/")[0], len(c), c)):
        path = model_path(a.models, case)
        if not os.path.exists(path):
            continue
        ops = int16_ops(path)
        if len(ops) != 1 or case not in ref:
            continue
        o, r = opt[case]["instructions"], ref[case]["instructions"]
        if o is None or r is None:
            continue
        name, shapes, macs = ops[0]
        tot[0] += macs
        tot[1] += r
        tot[2] += o
        print("| %s | %s | %s | %s | %s | %.2f | %s | %.2f | %.2f |" % (
            case, name, shapes, format(macs, ","), format(r, ","), r / macs, format(o, ","),
            o / macs, r / o))
    if tot[0]:
        print("| all | | | %s | %s | %.2f | %s | %.2f | %.2f |" % (
            format(tot[0], ","), format(tot[1], ","), tot[1] / tot[0], format(tot[2], ","),
            tot[2] / tot[0], tot[1] / tot[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
