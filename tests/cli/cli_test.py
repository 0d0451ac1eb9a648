#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of the circlet command-line tool, one case per ctest test.

usage: cli_test.py CASE CIRCLET_BINARY SINE_MODEL_DIR SHARED_MODELS_DIR SHARED_TOOLS_DIR

Cases needing ../shared exit 77 (ctest SKIP_RETURN_CODE) with a SKIPPED line
when it is absent. Expected values come from outside the tool: the golden
files of ../shared/models, math.sin, and .npy bytes written/parsed here.
"""
import atexit
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile

SKIP = 77
CASE, CIRCLET, SINE_DIR, SHARED, TOOLS = sys.argv[1:6]
SINE_FLOAT = os.path.join(SINE_DIR, 'sine_float.tflite')
SINE_INT8 = os.path.join(SINE_DIR, 'sine_int8.tflite')
TMP = tempfile.mkdtemp(prefix='circlet_cli_test_')
atexit.register(shutil.rmtree, TMP, True)


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


def expect_one_line_error(p, *needles):
    check(p.returncode != 0, 'exit status 0 for a failing command; stdout: ' + p.stdout)
    lines = p.stderr.splitlines()
    check(len(lines) == 1, 'stderr is not one line: %r' % p.stderr)
    check(lines[0].startswith('circlet: '), 'stderr does not start with "circlet: ": %r' % lines[0])
    for n in needles:
        check(n in lines[0], '%r not in error line %r' % (n, lines[0]))
    check('Traceback' not in p.stderr and 'terminate' not in p.stderr, 'crash text in stderr')
    print('ok: %s' % lines[0])


def shared_model(name):
    d = os.path.join(SHARED, name)
    if not os.path.isfile(os.path.join(d, 'model.tflite')):
        print('SKIPPED: %s not found (../shared/models absent)' % d)
        sys.exit(SKIP)
    return d


def write_npy(path, descr, shape, data, version=1):
    """A .npy file written independently of circlet's writer."""
    shape_txt = '(' + ''.join('%d, ' % s for s in shape).rstrip(' ') + ')'
    if len(shape) > 1:
        shape_txt = shape_txt.replace(',)', ')')
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape_txt)
    prefix = 10 if version == 1 else 12
    pad = (64 - (prefix + len(header) + 1) % 64) % 64
    header = header + ' ' * pad + '\n'
    out = b'\x93NUMPY' + bytes([version, 0])
    out += struct.pack('<H' if version == 1 else '<I', len(header))
    with open(path, 'wb') as f:
        f.write(out + header.encode('latin1') + data)


def read_npy(path):
    """Parses a .npy file: (descr, shape, data bytes)."""
    b = open(path, 'rb').read()
    check(b[:6] == b'\x93NUMPY', 'no .npy magic in ' + path)
    major = b[6]
    if major == 1:
        (hlen,), start = struct.unpack('<H', b[8:10]), 10
    else:
        (hlen,), start = struct.unpack('<I', b[8:12]), 12
    check((start + hlen) % 64 == 0, 'data does not start at a multiple of 64')
    header = b[start:start + hlen].decode('latin1')
    check(header.endswith('\n'), 'header does not end with a newline')
    import ast
    d = ast.literal_eval(header.strip())
    check(d['fortran_order'] is False, 'fortran_order is not False')
    return d['descr'], tuple(d['shape']), b[start + hlen:]


def with_opcode(src, old, new):
    """A copy of the model `src` whose operator-code entry for builtin `old`
    says builtin `new` (both the deprecated byte and builtin_code): a valid
    model holding an operator circlet has no kernel for."""
    data = bytearray(open(src, 'rb').read())
    u32 = lambda o: struct.unpack_from('<I', data, o)[0]

    def field(table, index):  # absolute offset of a table's field, or None
        vtable = table - struct.unpack_from('<i', data, table)[0]
        vsize = struct.unpack_from('<H', data, vtable)[0]
        if 4 + 2 * index >= vsize:
            return None
        off = struct.unpack_from('<H', data, vtable + 4 + 2 * index)[0]
        return table + off if off else None

    model = u32(0)
    codes = field(model, 1)  # Model.operator_codes
    vec = codes + u32(codes)
    patched = 0
    for i in range(u32(vec)):
        elem = vec + 4 + 4 * i
        table = elem + u32(elem)
        dep, code = field(table, 0), field(table, 3)
        value = max(data[dep] if dep else 0, struct.unpack_from('<i', data, code)[0] if code else 0)
        if value != old:
            continue
        if dep:
            data[dep] = min(new, 127)
        if code:
            struct.pack_into('<i', data, code, new)
        patched += 1
    check(patched == 1, 'opcode %d not found once in %s' % (old, src))
    out = os.path.join(TMP, 'opcode_%d_%s' % (new, os.path.basename(os.path.dirname(src)) + '.tflite'))
    open(out, 'wb').write(bytes(data))
    return out


def case_npy_roundtrip():
    for x in (0.5, 2.0, 4.0):
        inp = os.path.join(TMP, 'x.npy')
        write_npy(inp, '<f4', (1, 1), struct.pack('<f', x))
        out_npy, out_bin = os.path.join(TMP, 'y.npy'), os.path.join(TMP, 'y.bin')
        run('run', SINE_FLOAT, '-i', inp, '-o', out_npy)
        descr, shape, data = read_npy(out_npy)
        check(descr == '<f4' and shape == (1, 1), 'float output header %s %s' % (descr, shape))
        (y,) = struct.unpack('<f', data)
        check(abs(y - math.sin(x)) < 0.05, 'sine_float(%g) = %g, sin = %g' % (x, y, math.sin(x)))
        # The same value given raw (and as a version 2 .npy) gives the same bytes.
        raw = os.path.join(TMP, 'x.bin')
        open(raw, 'wb').write(struct.pack('<f', x))
        run('run', SINE_FLOAT, '-i', raw, '-o', out_bin)
        check(open(out_bin, 'rb').read() == data, 'raw and .npy runs differ')
        inp2 = os.path.join(TMP, 'x2.npy')
        write_npy(inp2, '<f4', (1, 1), struct.pack('<f', x), version=2)
        run('run', SINE_FLOAT, '-i', inp2, '-o', out_bin)
        check(open(out_bin, 'rb').read() == data, 'version 2 .npy input differs')
        print('ok: float x=%g -> %.5f (sin %.5f)' % (x, y, math.sin(x)))
    # int8 model: |i1 in and out, values dequantized with the scales the
    # quantizer printed are checked by the quantizer tests; here the dtype,
    # shape and the raw bytes must round-trip.
    inp = os.path.join(TMP, 'q.npy')
    write_npy(inp, '|i1', (1, 1), struct.pack('<b', -40))
    out_npy, out_bin = os.path.join(TMP, 'q_out.npy'), os.path.join(TMP, 'q_out.bin')
    run('run', SINE_INT8, '-i', inp, '-o', out_npy)
    run('run', SINE_INT8, '-i', inp, '-o', out_bin)
    descr, shape, data = read_npy(out_npy)
    check(descr == '|i1' and shape == (1, 1), 'int8 output header %s %s' % (descr, shape))
    check(data == open(out_bin, 'rb').read() and len(data) == 1, 'int8 .npy vs raw output')
    print('ok: int8 output %d' % struct.unpack('<b', data)[0])


def case_npy_golden():
    d = shared_model('hello_world_float')
    golden = open(os.path.join(d, 'output0.bin'), 'rb').read()
    inp = os.path.join(TMP, 'in.npy')
    write_npy(inp, '<f4', (1, 1), open(os.path.join(d, 'input0.bin'), 'rb').read())
    out = os.path.join(TMP, 'out.npy')
    run('run', os.path.join(d, 'model.tflite'), '-i', inp, '-o', out)
    _, shape, data = read_npy(out)
    (a,), (g,) = struct.unpack('<f', data), struct.unpack('<f', golden)
    check(shape == (1, 1) and abs(a - g) <= 1e-5 * max(1.0, abs(g)), 'got %r, golden %r' % (a, g))
    print('ok: hello_world_float .npy output %r, golden %r' % (a, g))


def case_npy_mismatch():
    inp = os.path.join(TMP, 'bad.npy')
    write_npy(inp, '|i1', (1, 1), b'\x05')
    expect_one_line_error(run('run', SINE_FLOAT, '-i', inp, ok=False), 'dtype |i1', '<f4')
    write_npy(inp, '<f4', (2,), struct.pack('<2f', 1.0, 2.0))
    expect_one_line_error(run('run', SINE_FLOAT, '-i', inp, ok=False), '2 elements', 'has 1')
    open(inp, 'wb').write(b'\x93NUMPY\x01\x00\x10\x00{not a dict}   \n')
    expect_one_line_error(run('run', SINE_FLOAT, '-i', inp, ok=False), '.npy')


def case_raw_size_mismatch():
    raw = os.path.join(TMP, 'eight.bin')
    open(raw, 'wb').write(b'\0' * 8)
    p = run('run', SINE_FLOAT, '-i', raw, ok=False)
    expect_one_line_error(p, 'eight.bin', 'is 8 bytes', 'is 4 bytes')


def case_default_seed():
    d = shared_model('hello_world_float')
    golden = open(os.path.join(d, 'output0.bin'), 'rb').read()
    out = os.path.join(TMP, 'o.bin')
    for extra in ([], ['--seed', '0x2545F491'], ['--seed', '625341585']):
        run('run', os.path.join(d, 'model.tflite'), '-o', out, *extra)
        (a,), (g,) = struct.unpack('<f', open(out, 'rb').read()), struct.unpack('<f', golden)
        check(abs(a - g) <= 1e-5 * max(1.0, abs(g)), 'seed %s: %r vs golden %r' % (extra, a, g))
    d8 = shared_model('hello_world_int8')
    run('run', os.path.join(d8, 'model.tflite'), '-o', out, '--dump-tensors', os.path.join(TMP, 'i8'))
    check(open(os.path.join(TMP, 'i8', 't0.bin'), 'rb').read() ==
          open(os.path.join(d8, 'input0.bin'), 'rb').read(), 'generated int8 input vs input0.bin')
    check(open(out, 'rb').read() == open(os.path.join(d8, 'output0.bin'), 'rb').read(),
          'hello_world_int8 output vs golden')
    run('run', os.path.join(d, 'model.tflite'), '-o', out, '--seed', '7')
    check(open(out, 'rb').read() != golden, '--seed 7 gives the golden output')
    # Summary without -o: FNV-1a of the golden bytes, computed here.
    h = 2166136261
    for byte in golden:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    p = run('run', os.path.join(d, 'model.tflite'))
    check('fnv1a: 0x%08x' % h in p.stdout, 'summary lacks fnv1a 0x%08x: %s' % (h, p.stdout))
    check('float32 [1,1]' in p.stdout, 'summary lacks dtype/shape: ' + p.stdout)
    print('ok: default seed reproduces the goldens; summary fnv1a 0x%08x' % h)


def case_steps():
    # --steps N: N invokes with the state kept, inputs and outputs step-major;
    # TFLite Micro's three steps of the SVDF cases, from files and from the
    # default seed (the stream continues across steps, as the goldens').
    for name in ('svdf_float32', 'svdf_int8'):
        d = shared_model('ops/' + name)
        model = os.path.join(d, 'model.tflite')
        ins = [os.path.join(d, 'steps', 'step%d_input0.bin' % s) for s in range(3)]
        outs = [os.path.join(TMP, '%s_step%d.bin' % (name, s)) for s in range(3)]
        args = ['run', model, '--steps', '3']
        for f in ins:
            args += ['-i', f]
        for f in outs:
            args += ['-o', f]
        run(*args)
        for s in range(3):
            got = open(outs[s], 'rb').read()
            want = open(os.path.join(d, 'steps', 'step%d_output0.bin' % s), 'rb').read()
            if name.endswith('int8'):
                check(got == want, '%s step %d differs' % (name, s))
            else:
                g = struct.unpack('<%df' % (len(got) // 4), got)
                w = struct.unpack('<%df' % (len(want) // 4), want)
                tol = 1e-5 * max([1.0] + [abs(x) for x in w])
                check(all(abs(a - b) <= tol for a, b in zip(g, w)), '%s step %d differs' % (name, s))
        # Without -i: the default seed's stream, continued step by step.
        run('run', model, '--steps', '3', *sum((['-o', f] for f in outs), []))
        if name.endswith('int8'):
            for s in range(3):
                want = open(os.path.join(d, 'steps', 'step%d_output0.bin' % s), 'rb').read()
                check(open(outs[s], 'rb').read() == want, '%s seeded step %d differs' % (name, s))
        # One step without the others is a usage error naming the count.
        p = run('run', model, '--steps', '3', '-i', ins[0], ok=False)
        expect_one_line_error(p, 'x 3 steps', '1 -i given')
    p = run('run', model, '--steps', '0', ok=False)
    expect_one_line_error(p, '--steps', 'not a count')
    print('ok: --steps 3 reproduces TFLite Micro\'s steps of the SVDF cases')


def case_dump_tensors():
    for name in ('hello_world_float', 'hello_world_int8'):
        d = shared_model(name)
        manifest = json.load(open(os.path.join(d, 'intermediates', 'manifest.json')))
        expected = set(manifest['graph_inputs'])
        for op in manifest['operators']:
            expected.update(op['outputs'])
        dump = os.path.join(TMP, 'dump_' + name)
        run('run', os.path.join(d, 'model.tflite'), '--dump-tensors', dump)
        got = set(int(f[1:-4]) for f in os.listdir(dump) if f.startswith('t') and f.endswith('.bin'))
        check(got == expected, '%s: dumped %s, expected %s' % (name, sorted(got), sorted(expected)))
        p = subprocess.run([sys.executable, os.path.join(TOOLS, 'compare_tensors.py'), dump,
                            os.path.join(d, 'intermediates')], capture_output=True, text=True)
        print(p.stdout)
        check(p.returncode == 0 and 'all tensors match' in p.stdout, name + ': compare_tensors')
        print('ok: %s dumped %s' % (name, sorted(got)))


def case_bench_json():
    p = run('bench', SINE_INT8, '--runs', '5', '--json')
    j = json.loads(p.stdout)
    for k in ('arena_bytes', 'activation_bytes', 'persistent_bytes', 'scratch_bytes',
              'lower_bound_bytes', 'invoke_us_median', 'invoke_us_min', 'ops'):
        check(k in j, 'key %s missing: %s' % (k, p.stdout))
    check(j['runs'] == 5, 'runs')
    check([o['index'] for o in j['ops']] == [0, 1, 2], 'op indices %s' % j['ops'])
    check(all(o['name'] == 'FULLY_CONNECTED' and o['us'] >= 0 for o in j['ops']), 'op names')
    check(0 < j['invoke_us_min'] <= j['invoke_us_median'], 'min <= median')
    # The activations of a 1-16-16-1 int8 MLP: at least the 16 + 16 bytes of the
    # two hidden layers are live at once (layer 2's input and output).
    check(j['lower_bound_bytes'] >= 32 and j['activation_bytes'] >= j['lower_bound_bytes'],
          'lower bound %d, activations %d' % (j['lower_bound_bytes'], j['activation_bytes']))
    check(j['arena_bytes'] >= j['activation_bytes'] + j['persistent_bytes'] - 16, 'arena sum')
    t = run('bench', SINE_FLOAT, '--runs', '3')
    check('median' in t.stdout and 'FULLY_CONNECTED' in t.stdout, 'text bench: ' + t.stdout)
    print('ok: ' + p.stdout.strip())


def case_bench_ref():
    # The optimized and the reference kernels in one run: same output bytes,
    # both timed per op.
    p = run('bench', SINE_INT8, '--runs', '5', '--json', '--ref')
    j = json.loads(p.stdout)
    check(j['outputs_identical'] is True, 'outputs differ: ' + p.stdout)
    check(j['ref_invoke_us_median'] > 0 and j['speedup'] > 0, 'ref timing')
    check(all('ref_us' in o for o in j['ops']), 'per-op ref_us')
    t = run('bench', SINE_INT8, '--runs', '3', '--ref')
    check('byte-identical' in t.stdout and 'speedup' in t.stdout, 'text bench --ref: ' + t.stdout)
    print('ok: ' + t.stdout.strip())


def case_inspect():
    p = run('inspect', SINE_INT8)
    for n in ('TFLite', 'FULLY_CONNECTED', 'fused_activation_function: RELU', 'circlet    runs it',
              'per-channel x16 (dim 0)', 'zp -128', 'INT8', 'input 0',
              'output 0', 'const', 'arena', 'lower bound', 'strategy'):
        check(n in p.stdout, '%r missing in inspect output:\n%s' % (n, p.stdout))
    # The same bytes with the Circle identifier are reported as Circle.
    b = bytearray(open(SINE_FLOAT, 'rb').read())
    check(b[4:8] == b'TFL3', 'identifier')
    b[4:8] = b'CIR0'
    circle = os.path.join(TMP, 'm.circle')
    open(circle, 'wb').write(bytes(b))
    p = run('inspect', circle)
    check('Circle' in p.stdout and 'FLOAT32' in p.stdout, 'circle inspect:\n' + p.stdout)
    print(p.stdout)


def case_inspect_unsupported():
    # A valid model circlet cannot run is still shown whole, with the reason:
    # an operator without a kernel, and the other subgraphs of an IF. A
    # variable tensor (SVDF's state) is shown and counted as state.
    svdf = os.path.join(shared_model('ops/svdf_float32'), 'model.tflite')
    p = run('inspect', svdf)
    for n in ('SVDF', '{ rank: 2 }', 'variable', 'weights_time', '+ state 320)'):
        check(n in p.stdout, '%r missing in inspect output:\n%s' % (n, p.stdout))
    p = run('plan', svdf)
    check('state        320 bytes of persistent' in p.stdout, 'plan state:\n%s' % p.stdout)
    # The WHILE model with WHILE turned into UNIDIRECTIONAL_SEQUENCE_RNN (35),
    # which circlet has no kernel for.
    rnn = with_opcode(os.path.join(shared_model('ops/while_float32'), 'model.tflite'), 119, 35)
    p = run('inspect', rnn)
    for n in ('cannot run it: 1 operator not registered or unsupported: '
              'UNIDIRECTIONAL_SEQUENCE_RNN v1', 'not available',
              'unsupported: circlet has no UNIDIRECTIONAL_SEQUENCE_RNN kernel'):
        check(n in p.stdout, '%r missing in inspect output:\n%s' % (n, p.stdout))
    # IF runs its other subgraphs: shown whole, nothing marked.
    p = run('inspect', os.path.join(shared_model('ops/if_float32'), 'model.tflite'))
    for n in ('circlet    runs it', 'subgraph   1 then', 'subgraph   2 else',
              'then_subgraph_index: 1'):
        check(n in p.stdout, '%r missing in inspect output:\n%s' % (n, p.stdout))
    check('not run' not in p.stdout and 'unsupported' not in p.stdout, p.stdout)
    print(p.stdout)


def case_inspect_json():
    # The same content as the text, as one JSON document (for scripts).
    j = json.loads(run('inspect', SINE_INT8, '--json').stdout)
    check(j['format'] == 'TFLite' and j['identifier'] == 'TFL3' and j['runs'] is True, 'header')
    g = j['subgraphs'][0]
    check([o['op'] for o in g['operators']] == ['FULLY_CONNECTED'] * 3, 'ops %s' % g['operators'])
    check(all(o['code'] == 9 and o['unsupported'] == '' for o in g['operators']), 'codes')
    check(g['operators'][0]['options'].get('fused_activation_function') == 'RELU',
          'options %s' % g['operators'][0]['options'])
    # Every operator's tensors exist; the graph input is a [1, 1] int8 tensor.
    n = len(g['tensors'])
    check(all(0 <= t < n for o in g['operators'] for t in o['inputs'] + o['outputs']), 'indices')
    t_in = g['tensors'][g['inputs'][0]]
    check(t_in['type'] == 'INT8' and t_in['shape'] == [1, 1] and t_in['bytes'] == 1,
          'input tensor %s' % t_in)
    w = g['tensors'][g['operators'][1]['inputs'][1]]
    check(w['kind'] == 'const' and w['shape'] == [16, 16] and w['bytes'] == 256, 'weights %s' % w)
    q = w['quantization']
    check(len(q['scales']) == 16 and q['quantized_dimension'] == 0, 'per-channel %s' % q)
    bench = json.loads(run('bench', SINE_INT8, '--runs', '1', '--json').stdout)
    check(j['memory_plan']['arena_bytes'] == bench['arena_bytes'], 'arena vs bench')
    # A model circlet cannot run: the reason, and no memory plan.
    rnn = with_opcode(os.path.join(shared_model('ops/while_float32'), 'model.tflite'), 119, 35)
    u = json.loads(run('inspect', rnn, '--json').stdout)
    check(u['runs'] is False and 'UNIDIRECTIONAL_SEQUENCE_RNN' in u['reason'] and
          u['memory_plan'] is None, 'rnn: %s' % u['reason'])
    check(len(u['subgraphs']) == 3 and u['subgraphs'][0]['operators'][0]['unsupported'] != '',
          'rnn subgraphs')
    print('ok: inspect --json')


def case_plan_json():
    j = json.loads(run('plan', SINE_INT8, '--json').stdout)
    planned = [b for b in j['buffers'] if b['kind'] != 'view']
    # No two buffers live at the same op may share bytes; the peak is the
    # highest end (each buffer rounded up to 4 bytes).
    for a in planned:
        for b in planned:
            if a is b or a['last_op'] < b['first_op'] or b['last_op'] < a['first_op']:
                continue
            check(a['offset'] + a['bytes'] <= b['offset'] or b['offset'] + b['bytes'] <= a['offset'],
                  'overlap %s %s' % (a, b))
    check(j['peak_bytes'] == max((b['offset'] + b['bytes'] + 3) // 4 * 4 for b in planned),
          'peak %d' % j['peak_bytes'])
    check(j['lower_bound_bytes'] <= j['peak_bytes'] and j['peak_bytes'] >= 32, 'bounds')
    check(j['report']['activation_bytes'] == j['peak_bytes'], 'report %s' % j['report'])
    check(all(b['tensor'] >= 0 and b['name'] for b in planned if b['kind'] == 'tensor'), 'names')
    print('ok: plan --json peak %d' % j['peak_bytes'])


def case_ops_doc():
    # docs/operators.md is `circlet ops --markdown`: the table in the code.
    p = run('ops', '--markdown')
    doc = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'docs',
                       'operators.md')
    check(os.path.exists(doc), 'docs/operators.md missing')
    check(open(doc).read() == p.stdout,
          'docs/operators.md differs from `circlet ops --markdown`: regenerate it with\n'
          '  build/host/circlet ops --markdown > docs/operators.md')
    t = run('ops')
    check('ADD' in t.stdout and 'float32' in t.stdout and 'known by name only' in t.stdout,
          'ops text:\n' + t.stdout)


def case_errors():
    expect_one_line_error(run('run', SINE_FLOAT, '--frobnicate', ok=False), "'--frobnicate'")
    expect_one_line_error(run('bench', SINE_FLOAT, '-x', ok=False), "'-x'")
    missing = os.path.join(TMP, 'no_such_model.tflite')
    for cmd in ('inspect', 'run', 'bench'):
        expect_one_line_error(run(cmd, missing, ok=False), 'no_such_model.tflite', 'cannot open')
    expect_one_line_error(run('run', SINE_FLOAT, '-i', missing, ok=False), 'cannot open')
    expect_one_line_error(run('run', SINE_FLOAT, '--seed', '12ab', ok=False), '--seed')
    expect_one_line_error(run('frob', ok=False), "unknown command 'frob'")
    expect_one_line_error(run(ok=False), 'no command')
    expect_one_line_error(run('bench', SINE_FLOAT, '--runs', '0', ok=False), '--runs')
    # A file that is not a model: the loader's Status message passes through.
    junk = os.path.join(TMP, 'junk.tflite')
    open(junk, 'wb').write(b'\x01' * 64)
    expect_one_line_error(run('inspect', junk, ok=False), 'junk.tflite')
    # An arena too small: the interpreter's message.
    expect_one_line_error(run('run', SINE_INT8, '--arena', '64', ok=False), 'arena')
    h = run('--help')
    check(h.returncode == 0 and 'usage: circlet' in h.stdout and '--dump-tensors' in h.stdout,
          'help')


CASES = {k[5:]: v for k, v in globals().items() if k.startswith('case_')}
if CASE not in CASES:
    fail('unknown case %s (%s)' % (CASE, ', '.join(CASES)))
CASES[CASE]()
print('PASS: ' + CASE)
