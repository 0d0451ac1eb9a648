#!/usr/bin/env python3
"""Lists the operators a .tflite/.circle model uses and which of them circlet
implements, for the firmware build (targets/CMakeLists.txt).

  model_ops.py MODEL SOURCE_DIR

prints two CMake-list lines:
  OPS=<name>;<name>...       every builtin operator the model uses
  MISSING=<name vN>;...      those not in CIRCLET_KERNELS (include/circlet/op_resolver.h)

Reads the flatbuffer directly (Model.operator_codes: OperatorCode fields
deprecated_builtin_code:byte, custom_code:string, version:int,
builtin_code:int); no flatbuffers package needed.
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
        out.append((max(dep, code), version))
    return out


def xmacro(path, name):
    text = open(path).read()
    m = re.search(r"#define %s\(X\)(.*?)\n\s*//\s*clang-format on" % name, text, re.S)
    body = m.group(1) if m else text
    return {int(c): n for n, c in re.findall(r"X\((\w+),\s*(\d+)\)", body)}


def main():
    model, src = sys.argv[1], sys.argv[2]
    buf = open(model, "rb").read()
    names = xmacro(src + "/model/builtin_ops.h", "CIRCLET_BUILTIN_OPS")
    have = xmacro(src + "/include/circlet/op_resolver.h", "CIRCLET_KERNELS")
    ops, missing = [], []
    for code, version in opcodes(buf):
        name = names.get(code, "BUILTIN_%d" % code)
        if name not in ops:
            ops.append(name)
        if code not in have:
            missing.append("%s v%d" % (name, version))
    print("OPS=" + ";".join(ops))
    print("MISSING=" + ";".join(sorted(set(missing))))


if __name__ == "__main__":
    main()
