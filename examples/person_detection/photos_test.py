#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""person_detection on five of scikit-image's sample photos (Debian's
python3-skimage): vww_96_int8 must call astronaut and camera "person" and
chelsea, coffee and rocket "no person". person_detect's scores are printed for
information only (TFLite Micro's person_detect takes the rocket for a person).

  photos_test.py PERSON_DETECTION_BINARY SHARED_MODELS_DIR SKIMAGE_DATA_DIR

Exits 77 (skipped) when the models or the photos are missing.
"""
import os
import subprocess
import sys

SKIP = 77
# skimage ships the rocket as a JPEG (rocket.jpg): it exercises stb's JPEG path.
EXPECTED = [
    ("astronaut.png", "person"),
    ("camera.png", "person"),
    ("chelsea.png", "no person"),
    ("coffee.png", "no person"),
    ("rocket.jpg", "no person"),
]


def parse(stdout):
    """The result table's rows: model -> (person, no person, verdict)."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) < 7 or parts[0] not in ("vww_96_int8", "person_detect"):
            continue
        # model, size, colour, person, no person, verdict (1 or 2 words), ...
        verdict = "no person" if parts[5] == "no" else parts[5]
        rows[parts[0]] = (float(parts[3]), float(parts[4]), verdict)
    return rows


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 1
    binary, models, photos = sys.argv[1:]
    vww = os.path.join(models, "vww_96_int8", "model.tflite")
    pd = os.path.join(models, "person_detect", "model.tflite")
    if not os.path.isfile(vww):
        print(f"SKIPPED: {vww} not found (the shared models live in ../shared beside the repo)")
        return SKIP
    missing = [p for p, _ in EXPECTED if not os.path.isfile(os.path.join(photos, p))]
    if missing:
        print(f"SKIPPED: {', '.join(missing)} not found in {photos} "
              "(Debian package python3-skimage, scripts/install-deps.sh)")
        return SKIP

    args = [binary, "--vww", vww, "--runs", "1"]
    if os.path.isfile(pd):
        args += ["--person-detect", pd]
    else:
        args += ["--only", "vww_96_int8"]
        print(f"note: {pd} not found: person_detect not run")

    failures = []
    print(f"{'photo':<14} {'expected':<10} {'vww_96_int8':<22} {'person_detect (info)':<22}")
    for photo, expected in EXPECTED:
        run = subprocess.run(args + [os.path.join(photos, photo)], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout + run.stderr)
            failures.append(f"{photo}: person_detection exited {run.returncode}")
            continue
        rows = parse(run.stdout)
        if "vww_96_int8" not in rows:
            print(run.stdout)
            failures.append(f"{photo}: no vww_96_int8 row in the output")
            continue
        person, no_person, verdict = rows["vww_96_int8"]
        if abs(person + no_person - 1.0) > 0.01 or not 0.0 <= person <= 1.0:
            failures.append(f"{photo}: vww_96_int8 scores {person} + {no_person} are not a "
                            "probability pair")
        if verdict != expected:
            failures.append(f"{photo}: vww_96_int8 says '{verdict}' (person {person:.3f}), "
                            f"expected '{expected}'")
        info = ""
        if "person_detect" in rows:
            p2, _, v2 = rows["person_detect"]
            info = f"{v2} ({p2:.3f})"
        print(f"{photo:<14} {expected:<10} {verdict + f' ({person:.3f})':<22} {info:<22}")

    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print("PASS: vww_96_int8 calls all 5 photos as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
