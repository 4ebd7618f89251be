#!/usr/bin/env python3
"""Differential fuzzer (issue: security): random valid graphs
(gen_random_graphs.py) run by diff-runner with every kernel set the CPU
has; within a set, fused / in place / threaded runs must equal op by op
(the runner checks); across sets, quantized and integer outputs must be
the same bytes and float32 outputs agree within 1e-4 of the output's
magnitude (README: float results are not bit-exact across kernel sets).

  diff_fuzz.py RUNNER WORKDIR [--seed S] [--count N] [--batches B]
               [--seconds T] [--isas ref,avx2,...]

A fixed seed and count give the same campaign every time (CI); --seconds T
keeps generating new batches (seed, seed + 1, ...) for T seconds (by hand).
The first batch adds the graphs at and past the core's limits.  Exit 0
with no finding; 1 with findings (each printed with the model to keep).
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FLOAT32 = 0           # mnv_type
ISAS = ['ref', 'avx2', 'avx512', 'avx512vnni', 'avx512vbmi', 'neon']


def outputs(path):
    """[(type, bytes)] of a runner .out file."""
    data, out, p = open(path, 'rb').read(), [], 0
    while p < len(data):
        t, n = data[p], struct.unpack_from('<I', data, p + 1)[0]
        out.append((t, data[p + 5:p + 5 + n]))
        p += 5 + n
    return out


def compare(ref, other):
    """None when the outputs agree, else what differs."""
    if len(ref) != len(other):
        return 'number of outputs'
    for i, ((ta, a), (tb, b)) in enumerate(zip(ref, other)):
        if ta != tb or len(a) != len(b):
            return 'output %d type or size' % i
        if ta != FLOAT32:
            if a != b:
                k = next(j for j in range(len(a)) if a[j] != b[j])
                return 'output %d byte %d: %d vs %d' % (i, k, a[k], b[k])
            continue
        fa = struct.unpack('<%df' % (len(a) // 4), a)
        fb = struct.unpack('<%df' % (len(b) // 4), b)
        mag = max([1.0] + [abs(v) for v in fa if v == v])
        for j, (x, y) in enumerate(zip(fa, fb)):
            if x != x or y != y:
                if (x != x) != (y != y):
                    return 'output %d value %d: %r vs %r' % (i, j, x, y)
            elif abs(x - y) > 1e-4 * mag:
                return 'output %d value %d: %r vs %r' % (i, j, x, y)
    return None


def run_batch(runner, work, seed, count, limits, isas):
    batch = os.path.join(work, 'b%d' % seed)
    shutil.rmtree(batch, ignore_errors=True)
    args = [sys.executable, os.path.join(HERE, 'gen_random_graphs.py'),
            batch, str(seed), str(count)] + (['--limits'] if limits else [])
    subprocess.run(args, check=True)
    findings, used = [], []
    for isa in isas:
        out = os.path.join(batch, 'out-' + isa)
        os.makedirs(out)
        env = dict(os.environ, MNV2_ISA=isa)
        p = subprocess.run([runner, batch, out], env=env, capture_output=True,
                           text=True)
        lines = p.stdout.splitlines()
        got = lines[0].split()[1] if lines and lines[0].startswith('isa ') \
            else '?'
        summary = [l for l in lines if 'models:' in l]
        if not summary or p.returncode not in (0, 1):
            # A crash (a sanitizer's report ends the run with exit 1 and no
            # summary): the last model it started.
            last = [l for l in lines if l.startswith('model ')]
            findings.append('%s: runner exit %d on %s: %s' % (
                isa, p.returncode, last[-1][6:] if last else '?',
                p.stderr[-3000:]))
            continue
        if got != isa:
            continue                     # the CPU does not run this set
        used.append(isa)
        print('seed %d, %s: %s' % (seed, isa, summary[-1] if summary else
                                   'no summary (exit %d)' % p.returncode))
        findings += ['%s: %s' % (isa, l) for l in lines
                     if l.startswith('FINDING')]
    # Across kernel sets: every model's outputs against the plain C set's.
    names = [l.split('\t')[0] for l in open(os.path.join(batch,
                                                          'manifest.txt'))]
    for isa in used[1:]:
        for name in names:
            a = os.path.join(batch, 'out-' + used[0], name + '.out')
            b = os.path.join(batch, 'out-' + isa, name + '.out')
            if os.path.exists(a) and os.path.exists(b):
                why = compare(outputs(a), outputs(b))
                if why:
                    findings.append('%s vs %s: %s: %s' % (isa, used[0],
                                                           name, why))
    for f in findings:
        print('FINDING (batch %s) %s' % (batch, f))
    if not findings:
        shutil.rmtree(batch)
    return findings, used


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('runner')
    ap.add_argument('work')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=100)
    ap.add_argument('--batches', type=int, default=1)
    ap.add_argument('--seconds', type=float, default=0)
    ap.add_argument('--isas', default=','.join(ISAS))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    isas = a.isas.split(',')
    start, seed, total, used = time.time(), a.seed, [], set()
    while True:
        found, u = run_batch(a.runner, a.work, seed, a.count, seed == a.seed,
                             isas)
        total += found
        used.update(u)
        seed += 1
        if a.seconds:
            if time.time() - start >= a.seconds:
                break
        elif seed - a.seed >= a.batches:
            break
    print('%d batches of %d graphs (seeds %d..%d), kernel sets %s: '
          '%d findings' % (seed - a.seed, a.count, a.seed, seed - 1,
                           ','.join(sorted(used)), len(total)))
    return 1 if total else 0


if __name__ == '__main__':
    sys.exit(main())
