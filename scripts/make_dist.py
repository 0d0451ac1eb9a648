#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes circlet as a self-contained library folder, the layout the Arduino
IDE / arduino-cli (library format 1.5) and PlatformIO expect:

  make_dist.py --out build/dist/circlet [--flatc flatc]
               [--flatbuffers-include /usr/include]

  circlet/
    library.properties   Arduino: name, version, includes=circlet.h
    library.json         PlatformIO: the same, C++17 for the library sources
    LICENSE, README.md
    examples/circlet_hello/   a sketch: one int8 model made by the project's
                         model writer (tools/mcu/gen_models.cc, built and run
                         here with the host's c++), checked against its golden
    src/                 compiled recursively by both tools, on the include path
      circlet.h          the one header an application includes
      circlet/*.h        the public API (include/circlet/)
      base/ model/ plan/ quant/ runtime/ kernels/   the runtime, .cc -> .cpp
      circlet_schema_generated.h   made here by flatc from schema/
      flatbuffers/       the flatbuffers headers flatc's output needs
                         (header-only, Apache-2.0; COPYING beside them)

Sources are renamed .cc -> .cpp: the Arduino builder before arduino-cli 0.34
compiles only .c, .cpp and .S. Nothing needs a -D or -include: a plain
`g++ -std=c++17 -I src` of every .cpp under src/ builds the library
(tests/consumers/plain/ proves it for Cortex-M4 and M7).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The runtime: what libcirclet.a is made of (CMakeLists.txt), by folder.
RUNTIME_DIRS = ("base", "model", "plan", "quant", "runtime", "kernels")


def version():
    text = open(os.path.join(ROOT, "include", "circlet", "version.h")).read()
    m = re.search(r'#define CIRCLET_VERSION_STRING "([^"]+)"', text)
    if not m:
        sys.exit("make_dist: no CIRCLET_VERSION_STRING in include/circlet/version.h")
    return m.group(1)


def copy_tree(src_dir, dst_dir, rename_cc):
    """Copies the .h and .cc files under src_dir; returns the sources copied."""
    sources = []
    for base, dirs, files in os.walk(src_dir):
        dirs.sort()
        for name in sorted(files):
            stem, ext = os.path.splitext(name)
            if ext not in (".h", ".cc"):
                continue
            rel = os.path.relpath(os.path.join(base, name), src_dir)
            out_name = rel
            if ext == ".cc" and rename_cc:
                out_name = os.path.join(os.path.dirname(rel), stem + ".cpp")
            dst = os.path.join(dst_dir, out_name)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(os.path.join(base, name), dst)
            if ext == ".cc":
                sources.append(dst)
    return sources


# Arduino requires a url; the project has no public home yet: a placeholder
# in the reserved .invalid domain until it has one.
LIBRARY_PROPERTIES = """\
name=circlet
version={version}
author=circlet authors
maintainer=circlet authors
sentence=Runs TFLite and Circle neural-network models on Cortex-M microcontrollers.
paragraph=A C++17 inference runtime with no heap: the model is read in place from flash, every tensor lives in one arena the sketch provides. int8 kernels match TFLite bit for bit. Needs C++17 (-std=gnu++17).
category=Data Processing
url=https://example.invalid/circlet
architectures=*
includes=circlet.h
"""

LIBRARY_JSON = """\
{{
  "name": "circlet",
  "version": "{version}",
  "description": "Runs TFLite and Circle neural-network models on Cortex-M microcontrollers: no heap, one arena, int8 kernels bit-exact with TFLite.",
  "keywords": ["tflite", "neural network", "inference", "machine learning", "cortex-m"],
  "license": "Apache-2.0",
  "frameworks": "*",
  "platforms": "*",
  "headers": "circlet.h",
  "build": {{
    "srcDir": "src",
    "includeDir": "src",
    "flags": ["-std=gnu++17"],
    "unflags": ["-std=gnu++11", "-std=gnu++14"]
  }}
}}
"""

UMBRELLA = """\
// SPDX-License-Identifier: Apache-2.0
// circlet: the header an application includes (Arduino's includes=).
#ifndef CIRCLET_H_
#define CIRCLET_H_

#include "circlet/interpreter.h"
#include "circlet/model.h"
#include "circlet/op_resolver.h"
#include "circlet/status.h"
#include "circlet/tensor.h"
#include "circlet/version.h"

#endif  // CIRCLET_H_
"""

README = """\
# circlet {version} (library folder)

Made by `make dist` (scripts/make_dist.py) from the circlet sources.

- Arduino IDE / arduino-cli: copy this folder into your `libraries/` folder,
  `#include <circlet.h>`. The sketch must be built as C++17
  (`compiler.cpp.extra_flags=-std=gnu++17` in platform.local.txt where the
  core's default is older).
- PlatformIO: `lib_deps = file:///path/to/circlet` (library.json builds the
  library sources with -std=gnu++17).
- Any other build (IDE project, Makefile): compile every `.cpp` under `src/`
  with `-std=c++17 -I src`, nothing else needed.
- `examples/circlet_hello/`: a sketch that runs a small int8 model and
  prints whether its output is right.

`src/flatbuffers/` holds the FlatBuffers headers (Apache-2.0, see
`src/flatbuffers/COPYING`) the generated `src/circlet_schema_generated.h`
needs; they are of the version of the flatc that generated it.
"""


SKETCH = """\
// SPDX-License-Identifier: Apache-2.0
// circlet_hello: runs one small int8 model (RESHAPE, then FULLY_CONNECTED;
// made by circlet's model writer, tools/mcu/gen_models.cc) on the board and
// prints whether its output matches the expected values.
#include <circlet.h>

#include "model_data.h"

namespace {

// The operators the model uses: only these kernels are linked.
#define HELLO_OPS(X) X(RESHAPE) X(FULLY_CONNECTED)
CIRCLET_DEFINE_OP_RESOLVER(hello_resolver, HELLO_OPS)

// Every tensor of the model lives here (no heap).
alignas(16) uint8_t arena[1024];

void Report(const char* what, const circlet::Status& s) {
  Serial.print(what);
  Serial.print(": ");
  Serial.println(s.message());
}

}  // namespace

void setup() {
  Serial.begin(115200);
  circlet::Model model;
  circlet::Status s = circlet::Model::Create(hello_model, sizeof(hello_model), &model);
  if (!s.ok()) return Report("Model::Create", s);
  circlet::Interpreter interpreter(model, hello_resolver, arena, sizeof(arena));
  s = interpreter.Prepare();
  if (s.ok()) s = interpreter.SetInput(0, hello_input, sizeof(hello_input));
  if (s.ok()) s = interpreter.Invoke();
  if (!s.ok()) return Report("circlet", s);
  const circlet::TensorView out = interpreter.output(0);
  bool same = out.bytes() == sizeof(hello_expected);
  for (size_t i = 0; same && i < sizeof(hello_expected); ++i) {
    same = out.as<const int8_t>()[i] == static_cast<int8_t>(hello_expected[i]);
  }
  Serial.print("circlet_hello: output");
  for (size_t i = 0; i < out.bytes(); ++i) {
    Serial.print(" ");
    Serial.print(static_cast<int>(out.as<const int8_t>()[i]));
  }
  Serial.println(same ? " matches the expected values" : " DIFFERS from the expected values");
}

void loop() {}
"""


def c_array(name, data):
    rows = [", ".join("0x%02x" % b for b in data[i:i + 12]) for i in range(0, len(data), 12)]
    return "alignas(16) const uint8_t %s[%d] = {\n    %s};\n" % (name, len(data),
                                                                ",\n    ".join(rows))


def write_example(out, src, args):
    """examples/circlet_hello/: the sketch and its model, made by gen_models."""
    work = os.path.join(out, ".gen_models")
    os.makedirs(work)
    tool = os.path.join(work, "gen_models")
    cmd = [args.host_cxx, "-std=c++17", "-O1", "-Wall", "-Wextra", "-Werror", "-I" + ROOT,
           "-I" + os.path.join(ROOT, "include"), "-I" + src, "-o", tool, os.path.join(ROOT, "tools", "mcu", "gen_models.cc"),
           os.path.join(ROOT, "tools", "writer", "model_writer.cc")]
    if os.path.abspath(args.flatbuffers_include) != "/usr/include":
        cmd[1:1] = ["-isystem", args.flatbuffers_include]
    subprocess.run(cmd, check=True)
    subprocess.run([tool, work], check=True, stdout=subprocess.DEVNULL)
    d = os.path.join(work, "own_fc_int8")
    ex = os.path.join(out, "examples", "circlet_hello")
    os.makedirs(ex)
    with open(os.path.join(ex, "model_data.h"), "w") as f:
        f.write("// SPDX-License-Identifier: Apache-2.0\n"
                "// Generated by scripts/make_dist.py: the own_fc_int8 model of\n"
                "// tools/mcu/gen_models.cc (int8 [1,2,2,4] -> RESHAPE -> FULLY_CONNECTED\n"
                "// -> [1,5]), an input and the output it must give.\n"
                "#ifndef CIRCLET_HELLO_MODEL_DATA_H_\n#define CIRCLET_HELLO_MODEL_DATA_H_\n\n"
                "#include <stdint.h>\n\n")
        for name, fname in (("hello_model", "model.tflite"), ("hello_input", "input0.bin"),
                            ("hello_expected", "output0.bin")):
            f.write(c_array(name, open(os.path.join(d, fname), "rb").read()))
        f.write("\n#endif  // CIRCLET_HELLO_MODEL_DATA_H_\n")
    with open(os.path.join(ex, "circlet_hello.ino"), "w") as f:
        f.write(SKETCH)
    shutil.rmtree(work)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="the library folder to write (replaced)")
    ap.add_argument("--flatc", default="flatc")
    ap.add_argument("--flatbuffers-include", default="/usr/include",
                    help="directory holding flatbuffers/ (copied into src/)")
    ap.add_argument("--host-cxx", default="c++", help="builds gen_models for the example")
    args = ap.parse_args()

    out = os.path.abspath(args.out)
    if os.path.isdir(out):
        shutil.rmtree(out)
    src = os.path.join(out, "src")
    os.makedirs(src)
    ver = version()

    copy_tree(os.path.join(ROOT, "include", "circlet"), os.path.join(src, "circlet"), True)
    sources = []
    for d in RUNTIME_DIRS:
        sources += copy_tree(os.path.join(ROOT, d), os.path.join(src, d), True)

    # The schema's C++ header, as CMakeLists.txt makes it.
    subprocess.run([args.flatc, "--cpp", "--no-includes", "--reflect-names", "-o", src,
                    os.path.join(ROOT, "schema", "circlet_schema.fbs")], check=True)
    fb_src = os.path.join(args.flatbuffers_include, "flatbuffers")
    if not os.path.isfile(os.path.join(fb_src, "flatbuffers.h")):
        sys.exit("make_dist: %s/flatbuffers.h not found (--flatbuffers-include)" % fb_src)
    shutil.copytree(fb_src, os.path.join(src, "flatbuffers"),
                    ignore=shutil.ignore_patterns("pch", "*.cpp", "*.cc"))
    licence = "/usr/share/doc/libflatbuffers-dev/copyright"
    with open(os.path.join(src, "flatbuffers", "COPYING"), "w") as f:
        f.write("The FlatBuffers headers in this folder are copied from %s and are\n"
                "licensed under the Apache License, Version 2.0 (../../LICENSE).\n" % fb_src)
        if os.path.isfile(licence):
            f.write("\nThe packager's copyright notice (%s):\n\n" % licence)
            f.write(open(licence).read())

    with open(os.path.join(src, "circlet.h"), "w") as f:
        f.write(UMBRELLA)
    write_example(out, src, args)
    with open(os.path.join(out, "library.properties"), "w") as f:
        f.write(LIBRARY_PROPERTIES.format(version=ver))
    with open(os.path.join(out, "library.json"), "w") as f:
        f.write(LIBRARY_JSON.format(version=ver))
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write(README.format(version=ver))
    shutil.copyfile(os.path.join(ROOT, "LICENSE"), os.path.join(out, "LICENSE"))
    print("make_dist: %s: circlet %s, %d sources" % (out, ver, len(sources)))


if __name__ == "__main__":
    main()
