#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Flash bytes of a firmware by origin, read from its GNU ld map file.

  flash_map.py build/m7/targets/mcu_m7_vww_96_int8.map [--objects] [--symbols N]

Every input section the linker placed in a flash output section (.vectors,
.text, .rodata, .ARM.exidx/.extab, .init_array, .data's load image) is
charged to the archive member or object file it came from, and each origin
to one component:

  circlet   libcirclet.a: model parser and verifier, planner, interpreter,
            kernels (the runtime)
  port      the port library (port/): cycle counter, console, markers
  startup   vector table and reset code (targets/<board>/startup.c,
            targets/common/cortex_m_start.c)
            and a firmware's model-specific operator names
            (targets/runner/op_names.cc, which replaces circlet's table of
            every name)
  harness   the firmware's own code: the runner (targets/runner/runner.cc)
            or an example's main, and the test-vector table
  libc      the C library and compiler support: libc/libc_nano, libm,
            libgcc, libstdc++/libsupc++, libnosys
  fill      alignment padding between input sections

The model and the test vectors (.model, .testdata) are not code and are
not counted. Merged string sections (.rodata.*.str1.*) are listed in the
map at their size before merging, at their final address: each is charged
up to the start of the next one, so identical strings count once, for the
first object that has them, and the components sum to the sections'
sizes exactly.

--circlet-budget N exits 1 when circlet's bytes exceed N (the ctest
mcu_m7_vww_96_int8_flash holds vww_96_int8's M7 runtime under issue 7's
40 KB, 40,000 B). --objects lists the bytes per object file; --symbols N the N largest input
sections (one function or object each with -ffunction-sections
-fdata-sections) with demangled names.
"""
import argparse
import collections
import re
import subprocess
import sys

FLASH_SECTIONS = (".vectors", ".text", ".rodata", ".ARM.extab", ".ARM.exidx", ".preinit_array",
                  ".init_array", ".fini_array", ".data")
LIBC = ("libc", "libc_nano", "libm", "libgcc", "libstdc++", "libstdc++_nano", "libsupc++",
        "libsupc++_nano", "libnosys", "libg", "libg_nano")
COMPONENTS = ("circlet", "port", "startup", "harness", "libc", "fill")


def input_sections(map_path):
    """(output section, input section, address, size, origin file) of every
    input section placed in a flash output section."""
    lines = open(map_path).read().splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith("Linker script and memory map")),
                 0)
    items = []
    out = None
    i = start
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^(\.\S+)", line)
        if m:
            out = m.group(1)
        elif out in FLASH_SECTIONS and line.startswith(" "):
            fill = re.match(r"^ \*fill\*\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)", line)
            one = re.match(r"^ (\S+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S.*)$", line)
            name = re.match(r"^ (\.\S+)$", line)
            if fill:
                items.append((out, "*fill*", int(fill.group(1), 16), int(fill.group(2), 16), ""))
            elif one:
                items.append((out, one.group(1), int(one.group(2), 16), int(one.group(3), 16),
                              one.group(4)))
            elif name and i + 1 < len(lines):
                two = re.match(r"^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S.*)$", lines[i + 1])
                if two:
                    items.append((out, name.group(1), int(two.group(1), 16),
                                  int(two.group(2), 16), two.group(3)))
                    i += 1
        i += 1
    # Merged strings: clip each section to the start of the next one.
    items.sort(key=lambda it: (FLASH_SECTIONS.index(it[0]), it[2]))
    clipped = []
    for k, (out, sec, addr, size, origin) in enumerate(items):
        if k + 1 < len(items) and items[k + 1][0] == out and items[k + 1][2] < addr + size:
            size = max(0, items[k + 1][2] - addr)
        clipped.append((out, sec, addr, size, origin))
    return clipped


def object_name(origin):
    """'libcirclet.a(conv2d.cc.obj)' or 'runner.cc.obj' from a map path."""
    m = re.search(r"([^/]+\.a)\((.*)\)$", origin)
    if m:
        return "%s(%s)" % (m.group(1), m.group(2))
    return origin.split("/")[-1]


def component(origin):
    if origin == "":
        return "fill"
    m = re.search(r"([^/]+)\.a\(", origin)
    if m:
        lib = m.group(1)
        if lib == "libcirclet":
            return "circlet"
        if lib.startswith("libcirclet_port"):
            return "port"
        if lib in LIBC:
            return "libc"
        return "harness"
    if object_name(origin) == "op_names.cc.obj":
        return "circlet"
    if "circlet_startup_" in origin:
        return "startup"
    if origin == "linker stubs":
        return "libc"
    return "harness"


def breakdown(map_path):
    """Bytes per component (COMPONENTS), and 'total'."""
    sums = collections.OrderedDict((c, 0) for c in COMPONENTS)
    for _, _, _, size, origin in input_sections(map_path):
        sums[component(origin)] += size
    sums["total"] = sum(sums[c] for c in COMPONENTS)
    return sums


def demangle(names):
    try:
        out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True,
                             check=True).stdout.splitlines()
        return out if len(out) == len(names) else names
    except OSError:
        return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("map")
    ap.add_argument("--objects", action="store_true", help="bytes per object file")
    ap.add_argument("--symbols", type=int, default=0, help="the N largest input sections")
    ap.add_argument("--circlet-budget", type=int, default=0,
                    help="exit 1 when the circlet component exceeds this many bytes")
    args = ap.parse_args()
    items = input_sections(args.map)
    sums = breakdown(args.map)
    print("%-10s %8s" % ("component", "bytes"))
    for c in COMPONENTS + ("total",):
        print("%-10s %8d" % (c, sums[c]))
    print("%-10s %8d   (total - libc: the firmware's code without the C library)" %
          ("no-libc", sums["total"] - sums["libc"]))
    if args.objects:
        per = collections.Counter()
        for _, _, _, size, origin in items:
            per[(component(origin), object_name(origin) if origin else "*fill*")] += size
        print("\n%-8s %8s  %s" % ("comp", "bytes", "object"))
        for (comp, obj), size in sorted(per.items(), key=lambda kv: (kv[0][0], -kv[1])):
            print("%-8s %8d  %s" % (comp, size, obj))
    if args.symbols:
        top = sorted(items, key=lambda it: -it[3])[:args.symbols]
        names = []
        for out, sec, _, _, _ in top:
            m = re.match(r"^\.(?:text|rodata|data)(?:\.startup|\.unlikely|\.hot)?\.(_Z\S+?)"
                         r"(\.(?:part|constprop|isra|cold)\.\d+|\.str1\.\d+)*$", sec)
            names.append(m.group(1) if m else sec)
        pretty = demangle(names)
        print("\n%8s  %-10s %-8s  %s" % ("bytes", "section", "comp", "input section"))
        for (out, sec, _, size, origin), name in zip(top, pretty):
            kind = " (strings)" if ".str1." in sec else ""
            print("%8d  %-10s %-8s  %s%s  [%s]" % (size, out, component(origin), name, kind,
                                                  object_name(origin) if origin else ""))
    if args.circlet_budget:
        over = sums["circlet"] - args.circlet_budget
        print("\ncirclet %d bytes, budget %d: %s" %
              (sums["circlet"], args.circlet_budget,
               "%d bytes over" % over if over > 0 else "%d bytes to spare" % -over))
        if over > 0:
            sys.exit(1)


if __name__ == "__main__":
    main()
