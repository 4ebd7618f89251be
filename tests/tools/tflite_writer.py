"""A minimal FlatBuffers writer for TFLite models, for tests.

Objects are described as Python values and laid out front to back: a table's
vtable, then the table, then (later, at higher addresses) the objects its
offset fields refer to.  Enough of the format for tiny test models; not a
general FlatBuffers implementation.
"""
import struct

SCALARS = {'u8': 'B', 'i8': 'b', 'bool': 'B', 'i32': 'i', 'u32': 'I',
           'f32': 'f', 'i64': 'q', 'u64': 'Q'}


class Table:
    """fields: list indexed by field number of None or (kind, value);
    kind is a scalar kind or 'off' (value: Table, Vector or String)."""

    def __init__(self, fields):
        self.fields = fields


class Vector:
    def __init__(self, kind, items, align=4):
        self.kind, self.items, self.align = kind, items, align


class String:
    def __init__(self, s):
        self.data = s.encode() if isinstance(s, str) else s


def serialize(root, ident=b'TFL3'):
    out = bytearray(struct.pack('<I', 0) + ident)
    queue = [(0, root)]                  # (position of the uoffset, object)
    # An object referenced twice is written once.  The entry keeps the
    # object alive: a freed object's id() can be reused by a new one.
    placed = {}                          # id -> (object, position)

    def align(n):
        while len(out) % n:
            out.append(0)

    while queue:
        ref_pos, obj = queue.pop(0)
        if id(obj) in placed:
            struct.pack_into('<I', out, ref_pos, placed[id(obj)][1] - ref_pos)
            continue
        if isinstance(obj, Table):
            present = [(i, f) for i, f in enumerate(obj.fields) if f is not None]
            nfields = max([i for i, _ in present], default=-1) + 1
            # inline layout: soffset then fields, each aligned to its size
            layout, size = {}, 4
            for i, (kind, _) in present:
                fsize = 4 if kind == 'off' else struct.calcsize('<' + SCALARS[kind])
                while size % fsize:
                    size += 1
                layout[i] = size
                size += fsize
            align(4)
            vt_pos = len(out)
            vt = struct.pack('<HH', 4 + 2 * nfields, size)
            vt += b''.join(struct.pack('<H', layout.get(i, 0)) for i in range(nfields))
            out += vt
            align(8)
            tab = len(out)
            out += bytes(size)
            struct.pack_into('<i', out, tab, tab - vt_pos)
            for i, (kind, value) in present:
                p = tab + layout[i]
                if kind == 'off':
                    queue.append((p, value))
                else:
                    struct.pack_into('<' + SCALARS[kind], out, p, value)
            target = tab
        elif isinstance(obj, Vector):
            esize = 4 if obj.kind == 'off' else struct.calcsize('<' + SCALARS[obj.kind])
            align(4)
            # the length sits just before the elements, which get the alignment
            while (len(out) + 4) % max(obj.align, esize):
                out.append(0)
            target = len(out)
            out += struct.pack('<I', len(obj.items))
            if isinstance(obj.items, (bytes, bytearray)):
                out += obj.items             # u8 data (weights): as is
            for item in ([] if isinstance(obj.items, (bytes, bytearray))
                         else obj.items):
                if obj.kind == 'off':
                    queue.append((len(out), item))
                    out += bytes(4)
                else:
                    out += struct.pack('<' + SCALARS[obj.kind], item)
        elif isinstance(obj, String):
            align(4)
            target = len(out)
            out += struct.pack('<I', len(obj.data)) + obj.data + b'\0'
        else:
            raise TypeError(obj)
        placed[id(obj)] = (obj, target)
        struct.pack_into('<I', out, ref_pos, target - ref_pos)
    align(4)
    return bytes(out)


# ---------------------------------------------------------------- TFLite level
TYPES = {'float32': 0, 'int32': 2, 'uint8': 3, 'int64': 4, 'int8': 9}
OPS = {'ADD': 0, 'AVERAGE_POOL_2D': 1, 'CONCATENATION': 2, 'CONV_2D': 3,
       'DEPTHWISE_CONV_2D': 4, 'DEQUANTIZE': 6, 'FULLY_CONNECTED': 9,
       'LOGISTIC': 14, 'RESHAPE': 22, 'RESIZE_BILINEAR': 23, 'SOFTMAX': 25,
       'CUSTOM': 32, 'MEAN': 40, 'ARG_MAX': 56, 'TRANSPOSE_CONV': 67,
       'PACK': 83, 'QUANTIZE': 114}
OPTIONS = {'CONV_2D': 1, 'DEPTHWISE_CONV_2D': 2, 'AVERAGE_POOL_2D': 5,
           'FULLY_CONNECTED': 8, 'SOFTMAX': 9, 'CONCATENATION': 10, 'ADD': 11,
           'RESIZE_BILINEAR': 15, 'MEAN': 27, 'PACK': 59}
PAD = {'SAME': 0, 'VALID': 1}
ACT = {'NONE': 0, 'RELU': 1, 'RELU6': 3}


def options_table(op, o):
    """Builtin options of OP from dict O (missing keys take defaults)."""
    pad = ('u8', PAD[o.get('padding', 'SAME')])
    act = ('u8', ACT[o.get('act', 'NONE')])
    if op == 'CONV_2D':
        f = [pad, ('i32', o.get('stride', 1)), ('i32', o.get('stride', 1)), act,
             ('i32', o.get('dilation', 1)), ('i32', o.get('dilation', 1))]
    elif op == 'DEPTHWISE_CONV_2D':
        f = [pad, ('i32', o.get('stride', 1)), ('i32', o.get('stride', 1)),
             ('i32', o.get('depth_multiplier', 1)), act,
             ('i32', o.get('dilation', 1)), ('i32', o.get('dilation', 1))]
    elif op == 'AVERAGE_POOL_2D':
        f = [pad, ('i32', o.get('stride', 1)), ('i32', o.get('stride', 1)),
             ('i32', o['filter']), ('i32', o['filter']), act]
    elif op == 'FULLY_CONNECTED':
        f = [act]
    elif op == 'SOFTMAX':
        f = [('f32', o.get('beta', 1.0))]
    elif op == 'ADD':
        f = [act]
    elif op == 'MEAN':
        f = [('bool', 1 if o.get('keep_dims') else 0)]
    elif op == 'CONCATENATION':
        f = [('i32', o.get('axis', 0)), act]
    elif op == 'RESIZE_BILINEAR':
        # new_height and new_width (0, 1) are deprecated: left out.
        f = [None, None, ('bool', 1 if o.get('align_corners') else 0),
             ('bool', 1 if o.get('half_pixel_centers') else 0)]
    elif op == 'PACK':
        f = [('i32', o.get('values_count', 0)), ('i32', o.get('axis', 0))]
    else:
        return None
    return Table(f)


def model(tensors, ops, inputs, outputs, buffers, extra_tail=b'',
          version=3, opcodes=None):
    """tensors: dicts {shape, type, buffer, name, scale?, zero_point?,
    quant_dim?} (a name given as a String object is written once, however
    many tensors share it); ops: dicts {op, inputs, outputs, options?, custom?,
    opcode_index?}; buffers: list of bytes (index 0 should be b'')."""
    if opcodes is None:
        opcodes = []
        for o in ops:
            key = (o['op'], o.get('custom'))
            if key not in opcodes:
                opcodes.append(key)
    codes = []
    for name, custom in opcodes:
        code = OPS[name] if name in OPS else name
        codes.append(Table([('i8', min(code, 127)),
                            ('off', String(custom)) if custom else None,
                            ('i32', 1), ('i32', code)]))
    tens = []
    for t in tensors:
        q = None
        if 'scale' in t:
            scales = t['scale'] if isinstance(t['scale'], list) else [t['scale']]
            zps = t.get('zero_point', 0)
            zps = zps if isinstance(zps, list) else [zps] * len(scales)
            q = Table([None, None, ('off', Vector('f32', scales)),
                       ('off', Vector('i64', zps)), None, None,
                       ('i32', t.get('quant_dim', 0))])
        tens.append(Table([('off', Vector('i32', t['shape'])),
                           ('u8', TYPES.get(t['type'], t['type'])),
                           ('u32', t.get('buffer', 0)),
                           ('off', t['name'] if isinstance(t.get('name'), String)
                            else String(t.get('name', ''))),
                           ('off', q) if q else None]))
    opers = []
    for o in ops:
        idx = o.get('opcode_index', opcodes.index((o['op'], o.get('custom'))))
        opt = options_table(o['op'], o.get('options', {}))
        custom = o.get('custom_options')
        opers.append(Table([('u32', idx), ('off', Vector('i32', o['inputs'])),
                            ('off', Vector('i32', o['outputs'])),
                            ('u8', OPTIONS[o['op']]) if opt else None,
                            ('off', opt) if opt else None,
                            ('off', Vector('u8', list(custom))) if custom else None]))
    subgraph = Table([('off', Vector('off', tens)),
                      ('off', Vector('i32', inputs)),
                      ('off', Vector('i32', outputs)),
                      ('off', Vector('off', opers)),
                      ('off', String('main'))])
    bufs = [Table([('off', Vector('u8', bytes(b), align=16))] if b else [])
            for b in buffers]
    root = Table([('u32', version), ('off', Vector('off', codes)),
                  ('off', Vector('off', [subgraph])),
                  ('off', String('gst-mnv2 test model')),
                  ('off', Vector('off', bufs))])
    return serialize(root) + extra_tail
