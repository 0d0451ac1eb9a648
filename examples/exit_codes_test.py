#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Messages and exit codes of every example program.

usage: exit_codes_test.py HELLO_WORLD MAKE_SINE_MODELS KEYWORD_SPOTTING KWS_ACCURACY
                          PERSON_DETECTION GESTURE

Each program exits 0 on --help (the usage on stdout), 2 on a usage error with
the reason on the first line of stderr ("program: reason"), and 1 on a bad
input file with a first stderr line that names the problem in words. The bad
files are written here (WAVs with Python's wave module and by hand, PNG with
zlib, broken JPEG/PNG bytes, CSV traces). Cases that need a model
keyword_spotting or person_detection cannot find are not run (printed as
"not run"); gesture's bad-trace cases fail before it loads its model.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
import zlib

HELLO, MAKE_SINE, KWS, KWS_ACC, PERSON, GESTURE = sys.argv[1:7]
TMP = tempfile.mkdtemp(prefix='circlet_exit_codes_')
failures = []
ran = 0


def path(name):
    return os.path.join(TMP, name)


def write(name, data):
    with open(path(name), 'wb') as f:
        f.write(data)
    return path(name)


def wav(name, rate=16000, channels=1, width=2, frames=8000):
    with wave.open(path(name), 'wb') as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(b'\x00\x01' * (frames * channels * width // 2))
    return path(name)


def png(name, w=4, h=4):
    raw = b''.join(b'\x00' + b'\x80\x40\x20' * w for _ in range(h))

    def chunk(kind, data):
        c = kind + data
        return struct.pack('>I', len(data)) + c + struct.pack('>I', zlib.crc32(c) & 0xffffffff)

    data = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
    return write(name, data)


def check(prog, args, code, first_line=None, stream='stderr'):
    """Runs prog args; the exit code must be `code` and the first line of
    `stream` must start with the program's name (stderr) or "usage:" (stdout)
    and contain `first_line`."""
    global ran
    ran += 1
    name = os.path.basename(prog)
    what = '%s %s' % (name, ' '.join(args))
    r = subprocess.run([prog] + args, capture_output=True, text=True, timeout=120)
    out = r.stderr if stream == 'stderr' else r.stdout
    line = out.splitlines()[0] if out.strip() else ''
    status = 'ok'
    if r.returncode != code:
        status = 'FAIL'
        failures.append('%s: exit %d, expected %d (stderr: %s)' %
                        (what, r.returncode, code, r.stderr.strip()[:300]))
    elif stream == 'stdout' and not line.startswith('usage:'):
        status = 'FAIL'
        failures.append('%s: stdout does not start with the usage: %r' % (what, line))
    elif stream == 'stderr' and not line.startswith(name + ': '):
        status = 'FAIL'
        failures.append('%s: first stderr line does not start with "%s: ": %r' %
                        (what, name, line))
    elif first_line is not None and first_line not in line:
        status = 'FAIL'
        failures.append('%s: first stderr line %r does not contain %r' % (what, line, first_line))
    print('%-4s exit %d  %s\n       %s' % (status, r.returncode, what, line))


def main():
    missing = path('no_such_file')
    text = write('notes.txt', b'just some text, not audio or an image\n')

    # --help: 0, usage on stdout.
    for prog in (HELLO, MAKE_SINE, KWS, KWS_ACC, PERSON, GESTURE):
        check(prog, ['--help'], 0, stream='stdout')
        check(prog, ['-h'], 0, stream='stdout')

    # Usage errors: 2, the reason first.
    check(HELLO, ['--bogus'], 2, "unknown option '--bogus'")
    check(HELLO, ['a', 'b', 'c', 'd'], 2, 'at most three models')
    check(HELLO, ['--int8-sweep', 'a', 'b'], 2, '--int8-sweep takes one model')
    check(MAKE_SINE, [], 2, 'no output directory given')
    check(MAKE_SINE, ['a', 'b'], 2, 'one output directory only')
    check(KWS, [], 2, 'no clip given')
    check(KWS, ['--bogus', 'x.wav'], 2, "unknown option '--bogus'")
    check(KWS, ['a.wav', 'b.wav'], 2, 'one clip at a time')
    check(KWS, ['--runs', '0', 'a.wav'], 2, '--runs 0: expected a whole number of at least 1')
    check(KWS, ['--runs', 'x', 'a.wav'], 2, '--runs x: expected')
    check(KWS, ['a.wav', '--model'], 2, '--model needs a value')
    check(KWS, ['--windows', 'a.wav'], 2, '--windows needs --stream')
    check(KWS, ['--stream', '--print-features', 'a.wav'], 2, 'does not go with --stream')
    check(KWS, ['--realtime', '--stream', 'a.wav'], 2, '--realtime goes with neither --stream')
    check(KWS_ACC, ['--bogus'], 2, "unexpected argument '--bogus'")
    check(KWS_ACC, ['--lead-in', '3'], 2, '--lead-in 3: expected seconds from 0 to 1')
    check(KWS_ACC, ['--min-correct', 'many'], 2, '--min-correct many: expected a whole number')
    check(KWS_ACC, ['--workdir'], 2, '--workdir needs a value')
    check(PERSON, [], 2, 'no image given')
    check(PERSON, ['--bogus', 'a.png'], 2, "unknown option '--bogus'")
    check(PERSON, ['a.png', 'b.png'], 2, 'one image at a time')
    check(PERSON, ['--runs', '0', 'a.png'], 2, '--runs must be a whole number of at least 1')
    check(PERSON, ['--only', 'yolo', 'a.png'], 2, '--only yolo: expected vww_96_int8 or')
    check(PERSON, ['--dump-input', 'x.bin', 'a.png'], 2, '--dump-input needs --only')
    check(PERSON, ['a.png', '--vww'], 2, '--vww needs a value')
    check(GESTURE, [], 2, 'no trace given')
    check(GESTURE, ['--bogus', 'a.csv'], 2, "unknown option '--bogus'")
    check(GESTURE, ['a.csv', 'b.csv'], 2, 'one trace at a time')
    check(GESTURE, ['a.csv', '--model'], 2, '--model needs a value')
    check(GESTURE, ['--windows', 'a.csv'], 2, '--windows needs --stream')
    check(GESTURE, ['--hop', '4', 'a.csv'], 2, '--hop needs --stream')
    check(GESTURE, ['--stream', '--hop', '0', 'a.csv'], 2,
          '--hop 0: expected a whole number of samples from 1 to 128')

    # Bad input files: 1, the problem in words.
    check(HELLO, [missing], 1, 'no_such_file: cannot open: No such file or directory')
    check(HELLO, [text], 1, 'notes.txt: ')
    check(HELLO, ['--int8-sweep', missing], 1, 'cannot open: No such file')

    good = wav('good.wav')
    check(KWS, [missing], 1, 'no_such_file: cannot open: No such file or directory')
    check(KWS, [text], 1, 'notes.txt: not a WAV file this example can read')
    check(KWS, [wav('rate.wav', rate=22050)], 1, 'sample rate 22050 Hz, expected 16000 Hz')
    check(KWS, [wav('stereo.wav', channels=2)], 1, '2 channels, expected mono')
    with open(good, 'rb') as f:
        whole = f.read()
    check(KWS, [write('cut.wav', whole[:len(whole) - 1001])], 1,
          'truncated: the data chunk declares 16000 bytes, the file holds 14999')
    alaw = bytearray(whole)
    alaw[20:22] = struct.pack('<H', 6)  # format tag: A-law
    check(KWS, [write('alaw.wav', bytes(alaw[:34]) + struct.pack('<H', 8) + bytes(alaw[36:]))],
          1, 'compressed or unsupported sample format')
    check(KWS, ['--model', missing, good], 1, 'model not found')
    check(KWS, ['--model', text, good], 1, None)

    img = png('photo.png')
    check(PERSON, [missing], 1, 'no_such_file: cannot open: No such file or directory')
    check(PERSON, [text], 1, 'not a PNG or JPEG image (the file starts with bytes 6a 75 73 74')
    check(PERSON, [write('cut.jpg', b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01' + b'\x00' * 40)],
          1, 'cut.jpg: truncated or corrupt JPEG (no end-of-image marker')
    with open(img, 'rb') as f:
        png_bytes = f.read()
    check(PERSON, [write('cut.png', png_bytes[:40])], 1,
          'cut.png: truncated or corrupt PNG (no IEND chunk')
    check(PERSON, [write('empty.jpg', b'')], 1, 'empty file (0 bytes)')
    check(PERSON, ['--only', 'vww_96_int8', '--vww', missing, img], 1, 'model not found')
    check(PERSON, ['--only', 'vww_96_int8', '--vww', text, img], 1, 'notes.txt: ')

    row = '-657,229,825\n'
    check(GESTURE, [missing], 1, 'no_such_file: cannot open: No such file or directory')
    check(GESTURE, [text], 1, 'notes.txt: line 1: 2 columns, expected 3 (x,y,z header)')
    check(GESTURE, [write('cols.csv', b'x,y,z\n' + row.encode() * 5 + b'1,2\n')], 1,
          'cols.csv: line 7: 2 columns, expected 3 (x,y,z)')
    check(GESTURE, [write('word.csv', row.encode() * 3 + b'1,two,3\n')], 1,
          "word.csv: line 4, column 2: 'two' is not a number")
    check(GESTURE, [write('few.csv', row.encode() * 127)], 1,
          'few.csv: too few rows: 127 samples (the last on line 127), one window is exactly 128')
    check(GESTURE, ['--stream', write('few.csv', row.encode() * 100)], 1,
          'few.csv: too few rows: 100 samples (the last on line 100), the stream needs at least 128')
    check(GESTURE, [write('empty.csv', b'')], 1, 'empty.csv: empty file (0 bytes)')
    check(GESTURE, ['--model', missing, write('ok.csv', row.encode() * 128)], 1,
          'model not found')
    check(GESTURE, ['--model', text, path('ok.csv')], 1, 'notes.txt: ')

    shutil.rmtree(TMP, True)
    print('\n%d cases, %d failed' % (ran, len(failures)))
    for f in failures:
        print('FAIL: ' + f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
