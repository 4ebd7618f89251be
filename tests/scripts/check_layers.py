#!/usr/bin/env python3
"""The layering rules of DESIGN.md, checked on every #include.

core <- models <- gst (elements) and tools; gst -> meta library <- overlays.
For each source file of a layer, every `#include "X"` must resolve (next to
the file first, then in the include folders the layer may use) to a header
of an allowed place; GLib/GStreamer headers only where GStreamer is used.
The build enforces most of this through include paths; this check also
catches a relative path ("../models/x.h") and says which line breaks which
rule.  Exit 1 with one line per offending include, 0 when all hold.

usage: check_layers.py [SOURCE_ROOT]
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), '..', '..'))

# Place names, most specific first (a file belongs to the first that holds
# it).
PLACES = [
    ('core public', 'core/include'),
    ('core', 'core'),
    ('models', 'models'),
    ('meta library', 'gst/mnv2'),
    ('gst', 'gst'),
    ('overlays', 'overlays'),
    ('tools', 'tools'),
]

# layer -> (places its includes may resolve to, include folders searched
# after the file's own, system headers it must not use)
NO_GLIB = re.compile(r'^(glib|gst|gio|gobject|cairo|pango)')
RULES = {
    'core': ({'core', 'core public'}, ['core/include', 'core'], NO_GLIB),
    'models': ({'models', 'core public'}, ['models', 'core/include'],
               NO_GLIB),
    'tools': ({'tools', 'models', 'core public'},
              ['tools', 'models', 'core/include'], NO_GLIB),
    'gst': ({'gst', 'models', 'core public', 'meta library', 'overlays'},
            ['gst', 'models', 'core/include', 'overlays'], None),
    'meta library': ({'meta library'}, ['gst/mnv2', 'gst'], None),
    'overlays': ({'overlays', 'meta library'}, ['overlays', 'gst'], None),
}
# Generated at build time in the plugin's build folder.
GENERATED = {'gst': {'config.h'}}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def place_of(path):
    rel = os.path.relpath(path, ROOT)
    for name, folder in PLACES:
        if rel == folder or rel.startswith(folder + '/'):
            return name
    return None


def layer_of(path):
    p = place_of(path)
    return 'core' if p == 'core public' else p


def resolve(src, name, search):
    for base in [os.path.dirname(src)] + [os.path.join(ROOT, d)
                                          for d in search]:
        cand = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(cand):
            return cand
    return None


def anywhere(name):
    """Where in the tree a header of that name lives (for the message)."""
    for _, folder in PLACES:
        cand = os.path.join(ROOT, folder, name)
        if os.path.isfile(cand):
            return cand
    return None


def main():
    bad = []
    for top in ('core', 'models', 'gst', 'overlays', 'tools'):
        for dirpath, _, files in sorted(os.walk(os.path.join(ROOT, top))):
            for f in sorted(files):
                if not f.endswith(('.c', '.h')):
                    continue
                src = os.path.join(dirpath, f)
                layer = layer_of(src)
                allowed, search, no_sys = RULES[layer]
                with open(src, encoding='utf-8', errors='replace') as fh:
                    for no, line in enumerate(fh, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        kind, name = m.groups()
                        where = '%s:%d: %s' % (os.path.relpath(src, ROOT), no,
                                               line.strip())
                        if kind == '<':
                            if no_sys and no_sys.match(name):
                                bad.append('%s: %s is plain C, no GLib, '
                                           'GStreamer, Cairo or Pango' %
                                           (where, layer))
                            continue
                        if name in GENERATED.get(layer, ()):
                            continue
                        hit = resolve(src, name, search)
                        if hit is None:
                            other = anywhere(name)
                            bad.append('%s: %s may not include %s' % (
                                where, layer,
                                os.path.relpath(other, ROOT) if other else
                                'a header it cannot find'))
                        elif place_of(hit) not in allowed:
                            bad.append('%s: %s may not include %s (%s)' % (
                                where, layer, os.path.relpath(hit, ROOT),
                                place_of(hit)))
    for b in bad:
        print(b)
    if bad:
        print('%d include(s) break the layering (DESIGN.md "Layering")' %
              len(bad))
        return 1
    print('layering holds')
    return 0


if __name__ == '__main__':
    sys.exit(main())
