#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Lists the operators a .tflite/.circle model uses and which of them circlet
implements, for the firmware build (targets/CMakeLists.txt).

  model_ops.py MODEL SOURCE_DIR

prints two CMake-list lines:
  OPS=<name>;<name>...       every builtin operator the model uses; NAME_INT8
                             (NAME_FLOAT) when circlet has that int8-only
                             (float32-only) variant (CIRCLET_INT8_VARIANTS,
                             CIRCLET_FLOAT_VARIANTS) and every operator of
                             that code reads and writes int8 (float32) as
                             input 0 and output 0
  MISSING=<name vN>;...      those without a kernel (include/circlet/op_table.h)

An operator code that no operator of any subgraph refers to is left out:
some converters list codes the graph does not use (vww_96_int8 and
pretrainedResnet_quant list QUANTIZE and DEQUANTIZE), and the interpreter
resolves kernels per operator, so linking them would only cost flash.

Reads the flatbuffer directly (Model.operator_codes: OperatorCode fields
deprecated_builtin_code:byte, custom_code:string, version:int,
builtin_code:int; Model.subgraphs -> SubGraph.tensors -> Tensor.type:byte,
SubGraph.operators -> Operator.opcode_index:uint, inputs/outputs:[int]); no
flatbuffers package needed.
"""
import re
import struct
import sys


def table_field(buf, table, field):
    """Absolute position of field `field` of the table at `table`, or None."""
    vtable = table - struct.unpack_from("<i", buf, table)[0]
    vt_size = struct.unpack_from("<H", buf, vtable)[0]
    slot = 4 + 2 * field
    if slot >= vt_size:
        return None
    off = struct.unpack_from("<H", buf, vtable + slot)[0]
    return table + off if off else None


def deref(buf, pos):
    return pos + struct.unpack_from("<I", buf, pos)[0]


def opcodes(buf):
    root = deref(buf, 0)
    vec = table_field(buf, root, 1)  # Model.operator_codes
    if vec is None:
        return []
    vec = deref(buf, vec)
    n = struct.unpack_from("<I", buf, vec)[0]
    out = []
    for i in range(n):
        t = deref(buf, vec + 4 + 4 * i)
        p = table_field(buf, t, 0)
        dep = struct.unpack_from("<b", buf, p)[0] if p else 0
        p = table_field(buf, t, 2)
        version = struct.unpack_from("<i", buf, p)[0] if p else 1
        p = table_field(buf, t, 3)
        code = struct.unpack_from("<i", buf, p)[0] if p else 0
        # Circle's own operators have negative codes (model_view.cc).
        out.append((min(dep, code) if min(dep, code) < 0 else max(dep, code), version))
    return out


TENSOR_FLOAT32 = 0  # TensorType.FLOAT32
TENSOR_INT8 = 9  # TensorType.INT8


def int_vector(buf, table, field):
    p = table_field(buf, table, field)
    if p is None:
        return []
    vec = deref(buf, p)
    n = struct.unpack_from("<I", buf, vec)[0]
    return list(struct.unpack_from("<%di" % n, buf, vec + 4))


def used_opcodes(buf):
    """{opcode_index: True when every operator using it has int8 input 0 and
    output 0}, over the operators of every subgraph."""
    root = deref(buf, 0)
    used = {}
    vec = table_field(buf, root, 2)  # Model.subgraphs
    if vec is None:
        return used
    vec = deref(buf, vec)
    for i in range(struct.unpack_from("<I", buf, vec)[0]):
        subgraph = deref(buf, vec + 4 + 4 * i)
        types = []
        p = table_field(buf, subgraph, 0)  # SubGraph.tensors
        if p is not None:
            tensors = deref(buf, p)
            for k in range(struct.unpack_from("<I", buf, tensors)[0]):
                t = deref(buf, tensors + 4 + 4 * k)
                q = table_field(buf, t, 1)  # Tensor.type
                types.append(struct.unpack_from("<b", buf, q)[0] if q else 0)
        ops = table_field(buf, subgraph, 3)  # SubGraph.operators
        if ops is None:
            continue
        ops = deref(buf, ops)
        for j in range(struct.unpack_from("<I", buf, ops)[0]):
            op = deref(buf, ops + 4 + 4 * j)
            p = table_field(buf, op, 0)  # Operator.opcode_index
            index = struct.unpack_from("<I", buf, p)[0] if p else 0
            ins, outs = int_vector(buf, op, 1), int_vector(buf, op, 2)
            # The one element type of input 0 and output 0 over every use of
            # the opcode, or None when they differ (no variant applies).
            kinds = set(types[t] if 0 <= t < len(types) else None for t in ins[:1] + outs[:1])
            kind = kinds.pop() if ins and outs and len(kinds) == 1 else None
            used[index] = kind if used.get(index, kind) == kind else None
    return used


def op_table(path):
    """Names by code, the codes with a kernel, and the int8 variants, from
    the operator table (include/circlet/op_table.h)."""
    text = open(path).read()
    names, have = {}, set()
    for kind, name, code in re.findall(r"\b([KN])\((\w+),\s*(-?\d+)", text):
        names[int(code)] = name
        if kind == "K":
            have.add(int(code))
    variants = set()
    for suffix in ("INT8", "FLOAT"):
        m = re.search(r"#define CIRCLET_%s_VARIANTS\(X\)(.*?)//\s*clang-format on" % suffix, text,
                      re.S)
        variants |= {n + "_" + suffix for n in re.findall(r"X\((\w+)\)", m.group(1))} if m else set()
    return names, have, variants


def main():
    model, src = sys.argv[1], sys.argv[2]
    buf = open(model, "rb").read()
    names, have, variants = op_table(src + "/include/circlet/op_table.h")
    ops, missing = [], []
    used = used_opcodes(buf)
    kind = {}  # name -> the one type of every use (None: mixed)
    for index, (code, version) in enumerate(opcodes(buf)):
        if index not in used:
            continue
        name = names.get(code, "BUILTIN_%d" % code)
        kind[name] = used[index] if kind.get(name, used[index]) == used[index] else None
        if name not in ops:
            ops.append(name)
        if code not in have:
            missing.append("%s v%d" % (name, version))
    suffix = {TENSOR_INT8: "_INT8", TENSOR_FLOAT32: "_FLOAT"}
    ops = [n + suffix[kind[n]] if kind[n] in suffix and n + suffix[kind[n]] in variants else n
           for n in ops]
    print("OPS=" + ";".join(ops))
    print("MISSING=" + ";".join(sorted(set(missing))))


if __name__ == "__main__":
    main()
