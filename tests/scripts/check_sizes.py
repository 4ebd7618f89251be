#!/usr/bin/env python3
"""Size limits of the product code (core/, models/, gst/, overlays/,
tools/): no source file longer than 700 lines (the kernels under
core/kernels/ aside), no function longer than 100 lines.  A function is
what the tree's style makes one: a line that is only '{' at column 0 up to
the next line that is only '}'.  Prints each breach as FILE:LINE: what, and
exits 1 when there is one.

Usage: check_sizes.py [ROOT]"""
import os
import sys

MAX_FILE_LINES = 700
MAX_FUNCTION_LINES = 100
DIRS = ['core', 'models', 'gst', 'overlays', 'tools']
EXEMPT = [os.path.join('core', 'kernels') + os.sep]


def function_name(lines, brace):
    """The name of the function whose body opens at line BRACE."""
    for j in range(brace - 1, max(brace - 6, -1), -1):
        if '(' in lines[j]:
            return lines[j].split('(')[0].split()[-1] if lines[j].split('(')[0].split() else '?'
    return '?'


def check_file(root, rel):
    breaches = []
    with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
        lines = f.read().split('\n')
    n = len(lines) - (1 if lines and lines[-1] == '' else 0)
    if n > MAX_FILE_LINES and not any(rel.startswith(e) for e in EXEMPT):
        breaches.append('%s:%d: %d lines, more than %d: split it by job'
                        % (rel, MAX_FILE_LINES + 1, n, MAX_FILE_LINES))
    start = None
    for i, line in enumerate(lines):
        if line == '{' and start is None:
            start = i
        elif line == '}' and start is not None:
            length = i - start + 1
            if length > MAX_FUNCTION_LINES:
                breaches.append('%s:%d: function %s is %d lines, more than %d'
                                % (rel, start + 1, function_name(lines, start),
                                   length, MAX_FUNCTION_LINES))
            start = None
    return breaches


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), '..', '..'))
    breaches = []
    count = 0
    for d in DIRS:
        for base, _, files in os.walk(os.path.join(root, d)):
            for name in sorted(files):
                if name.endswith('.c'):
                    rel = os.path.relpath(os.path.join(base, name), root)
                    breaches += check_file(root, rel)
                    count += 1
    for b in breaches:
        print(b)
    if breaches:
        print('FAIL: %d size breach(es)' % len(breaches))
        return 1
    print('sizes: %d files, none over %d lines, no function over %d lines'
          % (count, MAX_FILE_LINES, MAX_FUNCTION_LINES))
    return 0


if __name__ == '__main__':
    sys.exit(main())
