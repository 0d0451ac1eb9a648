#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The real-time demo's clip: espeak-ng (en-us) says two keywords with silence
# between them, over a low noise floor (white noise at about -50 dBFS, so the
# "silence" is not digital zeros), 16 kHz mono 16-bit.
#
#   make_realtime_clip.sh OUT_DIR [WORD1 WORD2]      (default: right yes)
#
# Writes OUT_DIR/clip.wav and OUT_DIR/clip.raw (the samples, for firmware):
# 1.0 s of noise, WORD1, 1.5 s of noise, WORD2, 1.0 s of noise. Repeatable:
# sox -R (a fixed noise seed), no dither (-D). Exit 77 when espeak-ng or sox is
# missing.
set -e
out=$1
w1=${2:-right}
w2=${3:-yes}
if ! command -v espeak-ng >/dev/null 2>&1 || ! command -v sox >/dev/null 2>&1; then
  echo "SKIPPED: espeak-ng or sox not installed (scripts/install-deps.sh)"
  exit 77
fi
mkdir -p "$out"
espeak-ng -v en-us -w "$out/w1_espeak.wav" "$w1"
espeak-ng -v en-us -w "$out/w2_espeak.wav" "$w2"
sox -D "$out/w1_espeak.wav" -r 16000 -c 1 -b 16 -e signed-integer "$out/w1.wav" pad 1.0 1.5
sox -D "$out/w2_espeak.wav" -r 16000 -c 1 -b 16 -e signed-integer "$out/w2.wav" pad 0 1.0
sox -D "$out/w1.wav" "$out/w2.wav" "$out/speech.wav"
len=$(soxi -s "$out/speech.wav")
sox -R -D -n -r 16000 -c 1 -b 16 -e signed-integer "$out/noise.wav" synth "${len}s" whitenoise vol 0.00316
sox -R -D -m -v 1 "$out/speech.wav" -v 1 "$out/noise.wav" -b 16 -e signed-integer "$out/clip.wav"
sox -D "$out/clip.wav" -t raw "$out/clip.raw"
