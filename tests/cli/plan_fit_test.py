#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of `circlet plan` and `circlet fit`, one case per ctest test.

usage: plan_fit_test.py CASE CIRCLET_BINARY MAKE_PLAN_MODELS SHARED_MODELS_DIR

The models come from make_plan_models (tests/cli/make_plan_models.cc).
plan_small.tflite, float32 (tensor: bytes, lifetime in op steps):
  op 0 FC x -> a, op 1 FC a -> b, op 2 RESHAPE b -> c (a view), op 3 FC c -> d
  t0 x 32 B [0,0]   t2 a 64 B [0,1]   t4 b 16 B [1,3] (c is read at op 3)
  t7 d 24 B [3,3] (graph output: to the last op)
Planned by hand with first fit by offset in each strategy's order:
  largest first (a, x, d, b):      a 0, x 64, d 0, b 64        -> peak 96
  longest lifetime first (b, a, x, d): b 0, a 16, x 80, d 16   -> peak 112
  earliest first (a, x, b, d):     a 0, x 64, b 64, d 0        -> peak 96
  largest area first (a, b, x, d): a 0, b 64, x 64, d 0        -> peak 96
The winner is the first of the lowest: largest-first. Peak 96 = x + a at op
0 (the first op reaching it); lower bound max(32+64, 64+16, 16, 16+24) = 96.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
CASE, CIRCLET, MAKE_MODELS, SHARED = sys.argv[1:5]
TMP = tempfile.mkdtemp(prefix='circlet_plan_test_')
SMALL = os.path.join(TMP, 'plan_small.tflite')
HUGE = os.path.join(TMP, 'fit_huge.tflite')
CUSTOM = os.path.join(TMP, 'custom_clip.tflite')

# index -> (name, bytes, offset, first, last)
EXPECTED = {
    0: ('x', 32, 64, 0, 0),
    2: ('a', 64, 0, 0, 1),
    4: ('b', 16, 64, 1, 3),
    7: ('d', 24, 0, 3, 3),
}
STRATEGY_PEAKS = [('largest-first', 96), ('longest-lifetime-first', 112),
                  ('earliest-first', 96), ('largest-area-first', 96)]
BOARDS = {'nucleo-f767zi': (2 * 1048576, 512 * 1024), 'disco-f746ng': (1048576, 320 * 1024),
          'nrf52840': (1048576, 256 * 1024)}


def fail(msg):
    print('FAIL: ' + msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def run(*args, ok=True):
    p = subprocess.run([CIRCLET] + [str(a) for a in args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        fail('circlet %s exited %d: %s' % (' '.join(map(str, args)), p.returncode, p.stderr))
    return p


def case_plan_text():
    out = run('plan', SMALL).stdout
    print(out)
    rows = {}
    for line in out.splitlines():
        m = re.match(r'^  t(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\[(\d+), (\d+)\]\s+(\S+)$',
                     line)
        if m:
            rows[int(m.group(1))] = (m.group(3), int(m.group(4)), int(m.group(5)),
                                     int(m.group(7)), int(m.group(8)))
            check(int(m.group(6)) == int(m.group(4)) + int(m.group(5)), 'end != offset + bytes')
            check(m.group(9) == '-', 'no in-place group expected: ' + line)
    check(rows == EXPECTED, 'buffers %r, expected %r' % (rows, EXPECTED))
    check(re.search(r'^  t5\s+5\s+c\s+16\s+64\s+view of t4$', out, re.M), 'c is not a view of t4')
    check('buffers      4 planned (4 tensors, 0 scratch), 1 views, 0 in-place groups' in out,
          'buffer summary')
    check(re.search(r'^peak +96 bytes at op 0 FULLY_CONNECTED$', out, re.M), 'peak line')
    check(re.search(r'^lower bound +96 bytes', out, re.M), 'lower bound line')
    want = 'strategy     largest-first; peak of each: ' + ', '.join(
        '%s %d' % p for p in STRATEGY_PEAKS)
    check(want + '\n' in out, 'strategy line, expected %r' % want)
    check(re.search(r'^in place +96 bytes with in-place execution \(0 ops\), 96 bytes without$',
                    out, re.M), 'in-place line')

    # A shared model with scratch buffers and in-place groups: the printed
    # plan must be valid (no two buffers live at the same step overlap in
    # memory unless they form an in-place group) and its peak the maximum end.
    model = os.path.join(SHARED, 'kws_ref_model', 'model.tflite')
    if not os.path.isfile(model):
        print('kws_ref_model absent: shared-model part skipped')
        return
    out = run('plan', model).stdout
    bufs = []
    for line in out.splitlines():
        m = re.match(r'^  (t\d+|scratch op \d+)\s+(\S+)\s+.*?\s(\d+)\s+(\d+)\s+(\d+)\s+'
                     r'\[(\d+), (\d+)\]\s+(\S+)$', line)
        if m:
            bufs.append((m.group(1), int(m.group(3)), int(m.group(4)), int(m.group(6)),
                         int(m.group(7)), m.group(8)))
    check(len(bufs) > 10, 'kws plan rows: %d' % len(bufs))
    check(any(b[0].startswith('scratch') for b in bufs), 'kws has scratch buffers')
    for i, x in enumerate(bufs):
        for y in bufs[i + 1:]:
            time = x[3] <= y[4] and y[3] <= x[4]
            mem = x[2] < y[2] + y[1] and y[2] < x[2] + x[1]
            same_group = x[5] != '-' and x[5] == y[5]
            check(not (time and mem and x[1] and y[1]) or same_group,
                  'overlap of live buffers %r and %r' % (x, y))
    peak = int(re.search(r'^peak +(\d+) bytes', out, re.M).group(1))
    check(peak == max((b[2] + b[1] + 3) // 4 * 4 for b in bufs), 'peak is not the highest end')
    bench = json.loads(run('bench', model, '--runs', '1', '--json').stdout)
    check(peak == bench['activation_bytes'], 'plan peak %d != bench activations %d' %
          (peak, bench['activation_bytes']))
    check('(recomputed by the tool' not in out, 'strategy peaks not reproduced')
    print('kws_ref_model: %d buffers, peak %d, valid' % (len(bufs), peak))


def case_plan_svg():
    svg = os.path.join(TMP, 'plan.svg')
    run('plan', SMALL, '--svg', svg)
    root = ET.parse(svg).getroot()  # raises on malformed XML
    ns = '{http://www.w3.org/2000/svg}'
    check(root.tag == ns + 'svg', 'root element is %s' % root.tag)
    rects = [r for r in root.iter(ns + 'rect') if r.get('class') == 'buffer']
    check(len(rects) == 4, '%d buffer rectangles, expected 4' % len(rects))
    geo = {}
    for r in rects:
        title = r.find(ns + 'title').text
        m = re.match(r't(\d+) .*: (\d+) bytes at offset (\d+), ops (\d+)\.\.(\d+)', title)
        check(m, 'title %r' % title)
        t = int(m.group(1))
        check(t in EXPECTED, 'rectangle for t%d' % t)
        e = EXPECTED[t]
        check((int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5))) == e[1:],
              'title %r, expected %r' % (title, e))
        geo[t] = (float(r.get('x')), float(r.get('y')), float(r.get('width')),
                  float(r.get('height')))
    check('views: t5' in ''.join(r.find(ns + 'title').text for r in rects), 'view t5 listed')
    # Heights proportional to bytes; y grows downwards, offset 0 at the bottom.
    unit = geo[2][3] / 64.0
    for t, (_, b, off, first, last) in EXPECTED.items():
        x, y, w, h = geo[t]
        check(abs(h - b * unit) < 0.6, 't%d height %.1f for %d bytes' % (t, h, b))
        check(abs((y + h) - (geo[2][1] + geo[2][3] - off * unit)) < 0.6, 't%d offset' % t)
    check(geo[2][2] > 1.9 * geo[0][2], 'a (2 ops) is twice as wide as x (1 op)')
    labels = [''.join(t.itertext()) for t in root.iter(ns + 'text')]
    for want in ('t0 32 B', 't2 64 B', 't4 16 B', 't7 24 B'):
        check(want in labels, 'label %r missing: %r' % (want, labels))
    peak = [l for l in root.iter(ns + 'line') if l.get('id') == 'peak']
    check(len(peak) == 1, 'one peak line')
    top_of_x = geo[0][1]  # x ends at offset 96 = the peak
    check(abs(float(peak[0].get('y1')) - top_of_x) < 0.6, 'peak line at the top of x')
    check(any('peak 96 B at op 0' in l for l in labels), 'peak label')
    print('svg: well-formed, 4 buffer rectangles, geometry and labels as planned')


def fit(model, board, *extra):
    p = run('fit', model, '--board', board, '--json', *extra, ok=False)
    check(p.returncode in (0, 1), 'fit exit %d: %s' % (p.returncode, p.stderr))
    r = json.loads(p.stdout)
    check(p.returncode == (0 if r['fits'] else 1), 'exit status vs verdict')
    return r


def case_fit_tiny():
    size = os.path.getsize(SMALL)
    host_arena = json.loads(run('bench', SMALL, '--runs', '1', '--json').stdout)['arena_bytes']
    # 8 tensors, 4 ops, 2 opcodes (runtime/records.h): with 8-byte pointers
    # tensor records 8*16 + op records 4*32 + kernels 2*8 = 272; with 4-byte
    # pointers 8*8 + 4*16 + 2*4 = 136.
    arena32 = host_arena - 272 + 136
    measured = os.path.join(TMP, 'mcu.json')
    with open(measured, 'w') as f:
        json.dump([
            {'model': 'other', 'cpu': 'm7', 'runtime_code_bytes': 50000, 'data': 100, 'bss': 200,
             'stack_bytes': 3000, 'arena_bytes': 1, 'model_bytes': 1,
             'per_op': [{'op': 0, 'name': 'FULLY_CONNECTED'}, {'op': 1, 'name': 'RESHAPE'}]},
            {'model': 'bigger', 'cpu': 'm7', 'runtime_code_bytes': 90000, 'data': 1, 'bss': 1,
             'stack_bytes': 1, 'arena_bytes': 1, 'model_bytes': 1,
             'per_op': [{'op': 0, 'name': 'FULLY_CONNECTED'}, {'op': 1, 'name': 'RESHAPE'},
                        {'op': 2, 'name': 'CONV_2D'}]},
            {'model': 'm4one', 'cpu': 'm4', 'runtime_code_bytes': 60000, 'data': 10, 'bss': 20,
             'stack_bytes': 900, 'stack_run_bytes': 2000, 'arena_bytes': 1, 'model_bytes': 1,
             'per_op': [{'op': 0, 'name': 'FULLY_CONNECTED'}, {'op': 1, 'name': 'CONV_2D'},
                        {'op': 2, 'name': 'RESHAPE'}]},
        ], f)
    for board, (flash, ram) in BOARDS.items():
        r = fit(SMALL, board, '--mcu-json', measured)
        if board == 'nrf52840':  # M4: only a superset firmware was measured
            code, static, stack, source = 60000, 30, 2000, 'measured, upper bound'
        else:
            code, static, stack, source = 50000, 300, 3000, 'measured'
        check(r['source'] == source, '%s: source %r' % (board, r['source']))
        check(r['fits'] and r['flash_fits'] and r['ram_fits'], '%s: tiny model does not fit' % board)
        check(r['flash_bytes'] == size + code, '%s: flash %d' % (board, r['flash_bytes']))
        check(r['flash_margin_bytes'] == flash - size - code, '%s: flash margin' % board)
        check(r['arena_bytes'] == arena32, '%s: arena %d, expected %d' % (board, r['arena_bytes'],
                                                                          arena32))
        check(r['ram_bytes'] == arena32 + static + stack, '%s: RAM %d' % (board, r['ram_bytes']))
        check(r['ram_margin_bytes'] == ram - arena32 - static - stack, '%s: RAM margin' % board)
        e = fit(SMALL, board, '--mcu-json', os.path.join(TMP, 'absent.json'))
        check(e['source'] == 'estimate' and e['fits'], '%s: estimate path' % board)
    text = run('fit', SMALL, '--board', 'disco-f746ng', '--mcu-json', measured).stdout
    print(text)
    check(re.search(r'^verdict +FITS on disco-f746ng$', text, re.M), 'text verdict')
    check(len(re.findall(r'margin \+\d', text)) == 2, 'flash and RAM margins printed')


def case_inspect_custom():
    # A custom operator: its code, its options' size, and why the CLI (every
    # builtin kernel, no custom one) cannot run it.
    out = run('inspect', CUSTOM).stdout
    print(out)
    for n in ('CUSTOM:Clip', 'custom_options ', ' bytes',
              "unsupported: no kernel registered for custom operator 'Clip' (register one with "
              'CIRCLET_CUSTOM_KERNEL)',
              "1 operator not registered or unsupported: CUSTOM 'Clip' v1 (no kernel registered: "
              'CIRCLET_CUSTOM_KERNEL)'):
        check(n in out, '%r missing in inspect output' % n)
    j = json.loads(run('inspect', CUSTOM, '--json').stdout)
    op = j['subgraphs'][0]['operators'][1]
    check(op['op'] == 'CUSTOM:Clip' and op['code'] == 32, 'json op %r' % op)
    check(op['options']['custom_options_bytes'] > 0, 'json options %r' % op)
    check("custom operator 'Clip'" in op['unsupported'], 'json unsupported %r' % op)


def case_fit_huge():
    size = os.path.getsize(HUGE)
    check(size > 3200000, 'huge model is %d bytes' % size)
    for board, (flash, ram) in BOARDS.items():
        r = fit(HUGE, board)
        check(not r['fits'] and not r['flash_fits'] and not r['ram_fits'],
              '%s: huge model fits? %r' % (board, r))
        check(r['flash_margin_bytes'] < flash - size, '%s: flash margin' % board)
        # The 800,000-byte output alone exceeds every board's RAM.
        check(r['arena_bytes'] >= 800000 and r['ram_margin_bytes'] <= ram - 800000,
              '%s: RAM margin %d' % (board, r['ram_margin_bytes']))
    p = run('fit', HUGE, '--board', 'nrf52840', ok=False)
    print(p.stdout)
    check(p.returncode == 1, 'exit status 1 for a model that does not fit')
    check(re.search(r'^verdict +DOES NOT FIT \(flash and RAM\) on nrf52840$', p.stdout, re.M),
          'text verdict')
    p = run('fit', SMALL, '--board', 'esp32', ok=False)
    check(p.returncode == 2 and 'unknown board' in p.stderr, 'unknown board is a usage error')


def main():
    try:
        r = subprocess.run([MAKE_MODELS, TMP], capture_output=True, text=True)
        if r.returncode != 0:
            fail('make_plan_models failed: ' + r.stderr)
        {'plan_text': case_plan_text, 'plan_svg': case_plan_svg, 'fit_tiny': case_fit_tiny,
         'fit_huge': case_fit_huge, 'inspect_custom': case_inspect_custom}[CASE]()
    finally:
        shutil.rmtree(TMP, True)
    print('PASS')


if __name__ == '__main__':
    main()
