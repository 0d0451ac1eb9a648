#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Real-time keyword spotting on the emulated Cortex-M7 next to the host
(ctest kws_stream_m7_matches_host).

usage: kws_stream_m7_check.py --elf kws_stream_m7.elf --wav clip.wav --model model.tflite
                              --host-build DIR --plugin libcirclet_icount.so
                              [--qemu qemu-system-arm] [--nm arm-none-eabi-nm]
                              [--size arm-none-eabi-size] [--map kws_stream_m7.map]
                              [--expect WORD ...]

Runs the firmware (kws_stream_m7.cc: the clip embedded, fed in 20 ms hops
through realtime.h's pipeline) under qemu-system-arm mps2-an500 with the
instruction-counting plugin, and the host's `keyword_spotting --realtime` on
the same clip's WAV. The firmware marks one plugin region per Features call
(every hop) and one per Infer call (every hops_per_window-th hop, right after
that hop's Features), so the regions split exactly into the two stages.
Prints both detection lists, the instructions per second of audio of each
stage and their share of a 216 MHz Cortex-M7 (an estimate: instructions are
not cycles), flash and RAM.

Exit 0 when the detections (word and time, in order) are the same on both and
every --expect word is among them; 1 otherwise; 77 (skipped) without a host build.
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tools", "mcu"))
import run_qemu  # noqa: E402  (symbol_addrs, section_sizes)

SKIP = 77
CLOCK = 216_000_000  # a 216 MHz STM32F7: at most one instruction per cycle
DETECTION = re.compile(r"^detected: (\w+) at (\d+\.\d\d) s", re.M)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--elf", required=True)
    ap.add_argument("--wav", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--host-build", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--qemu", default="qemu-system-arm")
    ap.add_argument("--nm", default="arm-none-eabi-nm")
    ap.add_argument("--size", default="arm-none-eabi-size")
    ap.add_argument("--map", help="the firmware's linker map (front-end flash bytes)")
    ap.add_argument("--expect", nargs="*", default=[], help="words that must be detected")
    args = ap.parse_args()

    host_bin = os.path.join(args.host_build, "examples", "keyword_spotting", "keyword_spotting")
    if not os.path.isfile(host_bin):
        print("SKIPPED: no host keyword_spotting in %s (build the host preset first: make host)" %
              args.host_build)
        return SKIP
    host = subprocess.run([host_bin, "--realtime", "--model", args.model, args.wav],
                          capture_output=True, text=True)
    if host.returncode != 0:
        print("host keyword_spotting --realtime failed:\n" + host.stdout + host.stderr)
        return 1
    host_det = DETECTION.findall(host.stdout)

    returncode, text, regions = run_qemu.run_marked(args.qemu, args.nm, args.elf, args.plugin)
    if returncode is None:
        return 1
    print("\n".join(line for line in text.strip().splitlines()
                    if not line.startswith("circlet-icount: region")))
    m = re.search(r"^hops=(\d+) windows=(\d+) hops_per_window=(\d+) audio_ms=(\d+)", text, re.M)
    if returncode != 0 or "RESULT PASS" not in text or not m:
        print("the Cortex-M7 run failed (exit %d)" % returncode)
        return 1
    hops, windows, per_window, audio_ms = (int(x) for x in m.groups())
    if len(regions) != hops + windows or windows != hops // per_window:
        print("expected %d plugin regions (%d hops + %d windows), found %d" % (
            hops + windows, hops, windows, len(regions)))
        return 1
    # Region order: Features of hop 1, 2, ...; after every per_window-th
    # hop's Features, that window's Infer.
    features = inference = 0
    i = 0
    for h in range(1, hops + 1):
        features += regions[i]
        i += 1
        if h % per_window == 0:
            inference += regions[i]
            i += 1
    port = re.search(r"features_instructions=(\d+) inference_instructions=(\d+)", text)
    if port:
        # The port's counter: within 40 instructions per region.
        for name, exact, counted, n in (("features", features, int(port.group(1)), hops),
                                        ("inference", inference, int(port.group(2)), windows)):
            if abs(exact - counted) > 40 * n:
                print("FAIL: %s: plugin %d, port counter %d (more than 40 per region apart)" % (
                    name, exact, counted))
                return 1

    m7_det = DETECTION.findall(text)
    m7_digest = re.search(r"digest=([0-9a-f]+)", text)
    host_digest = re.search(r"digest ([0-9a-f]+)", host.stdout)
    seconds = audio_ms / 1000.0
    s = run_qemu.section_sizes(args.size, args.elf)
    clip_bytes = os.path.getsize(args.wav[:-4] + ".raw")
    code = sum(s.get(k, 0) for k in (".vectors", ".text", ".ARM.extab", ".ARM.exidx",
                                     ".init_array")) + s.get(".rodata", 0) + s.get(".data", 0)
    print()
    print("audio: %.2f s fed (%d hops of 20 ms: the clip, then 1 s of silence), %d windows" % (
        seconds, hops, windows))
    print("Cortex-M7 (QEMU mps2-an500) instructions, exact (tools/qemu-plugin):")
    print("  stage       total         per second of audio   share of a 216 MHz M7 (estimate)")
    for name, n in (("features", features), ("inference", inference),
                    ("total", features + inference)):
        print("  %-10s %12s   %14s          %6.2f %%" % (
            name, format(n, ","), format(round(n / seconds), ","), 100.0 * n / seconds / CLOCK))
    print("  per call: features %s per hop on average, inference %s per window" % (
        format(round(features / hops), ","), format(round(inference / windows), ",")))
    print("flash: code+rodata %s bytes (the %s-byte clip included), model %s bytes; "
          "RAM: .bss + .arena %s bytes (arena, MfccStream, hop buffer)" % (
              format(code, ","), format(clip_bytes, ","), format(s.get(".model", 0), ","),
              format(s.get(".bss", 0) + s.get(".arena", 0), ",")))
    print()
    print("detections: Cortex-M7 %s" % (["%s at %s s" % d for d in m7_det]))
    print("            host      %s" % (["%s at %s s" % d for d in host_det]))
    ok = True
    if m7_det != host_det:
        print("FAIL: the detections differ between host and Cortex-M7")
        ok = False
    missing = [w for w in args.expect if w not in [d[0] for d in m7_det]]
    if missing:
        print("FAIL: not detected: %s" % ", ".join(missing))
        ok = False
    # Not required (float rounding may differ between glibc and newlib, or
    # with fused multiply-adds), but reported: are the windows bit-identical?
    if m7_digest and host_digest and m7_digest.group(1) == host_digest.group(1):
        print("windows: every window's int8 features and scores identical on both (digest %s)" %
              m7_digest.group(1))
    else:
        print("windows: the int8 features or scores of some window differ (digest M7 %s, host %s)"
              % (m7_digest and m7_digest.group(1), host_digest and host_digest.group(1)))
    if ok:
        print("detections: the same on Cortex-M7 and host (words and times); expected words found")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
