#!/usr/bin/env python3
"""Random *valid* TFLite graphs for the differential fuzzer (issue: security).

Byte flips rarely make a valid graph with unusual geometry; these do: every
operator the core runs, uint8 / int8 (per-channel weights) / float32, random
shapes, strides, dilations, paddings and windows (up to and past the input),
depth multipliers, fusable chains (expand -> depthwise -> project, with and
without the residual add), adds of earlier tensors, concatenations of
differently quantized branches, resizes, pools, means, classifier,
arg-max and SSD (TFLite_Detection_PostProcess) heads, quantize /
dequantize ends.  The same seed writes the same
files.  Usage:

  gen_random_graphs.py OUTDIR SEED COUNT [--limits]

writes OUTDIR/g<SEED>_<i>.tflite and OUTDIR/manifest.txt (one line per file:
name, then 'run' or 'refuse STATUS').  --limits adds the graphs at and just
past the core's limits (largest average-pool window, deepest accumulation,
largest tensor, a long graph), each either run or refused cleanly.
"""
import math
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tflite_writer as tw  # noqa: E402

ACTS = ['NONE', 'RELU', 'RELU6']


class Graph:
    """Tensors, operators and buffers of one model being built."""

    def __init__(self, rng, kind):
        self.rng, self.kind = rng, kind      # 'uint8', 'int8' or 'float32'
        self.t, self.ops, self.bufs = [], [], [b'']

    # -- tensors --------------------------------------------------------
    def add_tensor(self, shape, type_, data=None, q=None, name=None):
        d = dict(shape=list(shape), type=type_,
                 name=name or 't%d' % len(self.t))
        if data is not None:
            self.bufs.append(data)
            d['buffer'] = len(self.bufs) - 1
        if q:
            d.update(q)
        self.t.append(d)
        return len(self.t) - 1

    def quant(self, scale=None, zp=None):
        """Random activation quantization of the graph's type."""
        r = self.rng
        if scale is None:
            scale = math.exp(r.uniform(math.log(0.004), math.log(0.25)))
        if zp is None:
            zp = r.randint(0, 255) if self.kind == 'uint8' else r.randint(-128, 127)
        return dict(scale=scale, zero_point=zp)

    def act(self, shape, q=None):
        if self.kind == 'float32':
            return self.add_tensor(shape, 'float32')
        return self.add_tensor(shape, self.kind, q=q or self.quant())

    def shape(self, i):
        return self.t[i]['shape']

    def qof(self, i):
        return self.t[i].get('scale'), self.t[i].get('zero_point')

    def op(self, name, inputs, outputs, **kw):
        self.ops.append(dict(op=name, inputs=inputs, outputs=outputs, **kw))

    # -- weights --------------------------------------------------------
    def weights(self, shape, channel_axis, fan_in):
        """A weight tensor (and its per-channel scales for int8)."""
        r, n = self.rng, 1
        for s in shape:
            n *= s
        if self.kind == 'float32':
            a = 1.0 / math.sqrt(fan_in)
            data = struct.pack('<%df' % n, *[r.uniform(-a, a) for _ in range(n)])
            return self.add_tensor(shape, 'float32', data), None
        if self.kind == 'uint8':
            s = math.exp(r.uniform(math.log(0.002), math.log(0.05)))
            zp = r.randint(0, 255)
            data = bytes(r.randint(0, 255) for _ in range(n))
            return self.add_tensor(shape, 'uint8', data,
                                   dict(scale=s, zero_point=zp)), [s]
        channels = shape[channel_axis]
        scales = [math.exp(r.uniform(math.log(0.002), math.log(0.05)))
                  for _ in range(channels)]
        data = struct.pack('<%db' % n, *[r.randint(-127, 127) for _ in range(n)])
        q = dict(scale=scales, zero_point=[0] * channels,
                 quant_dim=channel_axis)
        return self.add_tensor(shape, 'int8', data, q), scales

    def bias(self, channels, x, wscales, depth):
        r = self.rng
        if self.kind == 'float32':
            data = struct.pack('<%df' % channels,
                               *[r.uniform(-0.5, 0.5) for _ in range(channels)])
            return self.add_tensor([channels], 'float32', data)
        # Within what the accumulator holds beside DEPTH products.
        room = max(0, min(1 << 20, 2**31 - 1 - depth * 255 * 255))
        vals = [r.randint(-room, room) for _ in range(channels)]
        sx = self.qof(x)[0]
        scales = [sx * (wscales[c] if len(wscales) > 1 else wscales[0])
                  for c in range(channels)]
        q = dict(scale=scales if len(scales) > 1 else scales[0],
                 zero_point=[0] * len(scales) if len(scales) > 1 else 0)
        if len(scales) > 1:
            q['quant_dim'] = 0
        return self.add_tensor([channels], 'int32', struct.pack(
            '<%di' % channels, *vals), q)

    def out_quant(self, x, wscales, depth):
        """An output scale that keeps sums of DEPTH products mostly in
        range (not all saturated), spread by a random factor."""
        if self.kind == 'float32':
            return None
        sx = self.qof(x)[0]
        sw = sum(wscales) / len(wscales)
        spread = 74.0 * 74.0 * math.sqrt(depth) * sx * sw / 40.0
        return self.quant(scale=spread * math.exp(self.rng.uniform(-1.5, 1.5)))


def out_size(n, k, stride, dil, pad):
    eff = (k - 1) * dil + 1
    if pad == 'SAME':
        return (n + stride - 1) // stride
    return (n - eff) // stride + 1 if n >= eff else 0


# ---------------------------------------------------------------- layers
def conv(g, x, depthwise=False, k=None, stride=None, dil=None, pad=None,
         cout=None, mult=None):
    r = g.rng
    _, h, w, c = g.shape(x)
    k = k or r.choice([1, 1, 3, 3, 5])
    stride = stride or r.choice([1, 1, 1, 2, 2, 3])
    dil = dil or (r.choice([1, 1, 1, 2, 3]) if stride == 1 else 1)
    pad = pad or r.choice(['SAME', 'SAME', 'VALID'])
    if pad == 'VALID' and ((k - 1) * dil + 1 > h or (k - 1) * dil + 1 > w):
        pad = 'SAME'
    oh, ow = out_size(h, k, stride, dil, pad), out_size(w, k, stride, dil, pad)
    if depthwise:
        mult = mult or r.choice([1, 1, 1, 2])
        oc = c * mult
        wt, ws = g.weights([1, k, k, oc], 3, k * k)
        depth = k * k
        opts = dict(stride=stride, dilation=dil, padding=pad,
                    depth_multiplier=mult, act=r.choice(ACTS))
    else:
        oc = cout or r.randint(1, 24)
        wt, ws = g.weights([oc, k, k, c], 0, k * k * c)
        depth = k * k * c
        opts = dict(stride=stride, dilation=dil, padding=pad,
                    act=r.choice(ACTS))
    b = g.bias(oc, x, ws, depth) if g.kind == 'float32' or r.random() < 0.9 \
        else -1
    y = g.act([1, oh, ow, oc], g.out_quant(x, ws, depth))
    g.op('DEPTHWISE_CONV_2D' if depthwise else 'CONV_2D', [x, wt, b], [y],
         options=opts)
    return y


def inverted_residual(g, x):
    """1x1 expand -> 3x3 (or 5x5) depthwise -> 1x1 project (+ add): the
    chain core/fuse.c fuses, with the geometry varied."""
    r = g.rng
    c = g.shape(x)[3]
    e = conv(g, x, k=1, stride=1, dil=1, cout=c * r.choice([1, 2, 3, 6]))
    stride = r.choice([1, 1, 2, 3])
    d = conv(g, e, depthwise=True, k=r.choice([1, 3, 3, 5]), stride=stride,
             dil=r.choice([1, 1, 2]) if stride == 1 else 1, mult=1)
    p = conv(g, d, k=1, stride=1, dil=1,
             cout=c if stride == 1 and r.random() < 0.7 else r.randint(1, 16))
    if g.shape(p) == g.shape(x) and r.random() < 0.8:
        return add(g, x, p)
    return p


def add(g, a, b):
    q = None
    if g.kind != 'float32':
        sa, sb = g.qof(a)[0], g.qof(b)[0]
        q = g.quant(scale=max(sa, sb) * g.rng.uniform(0.8, 2.5))
    y = g.act(g.shape(a), q)
    g.op('ADD', [a, b], [y], options=dict(act=g.rng.choice(ACTS)))
    return y


def avg_pool(g, x):
    r = g.rng
    _, h, w, c = g.shape(x)
    f = r.choice([1, 2, 3, min(h, w), max(h, w) + 2])
    stride = r.choice([1, 2, f if f <= 4 else 1])
    pad = r.choice(['SAME', 'VALID'])
    if pad == 'VALID' and (f > h or f > w):
        pad = 'SAME'
    oh, ow = out_size(h, f, stride, 1, pad), out_size(w, f, stride, 1, pad)
    y = g.act([1, oh, ow, c], dict(zip(('scale', 'zero_point'), g.qof(x)))
              if g.kind != 'float32' else None)
    g.op('AVERAGE_POOL_2D', [x], [y],
         options=dict(filter=f, stride=stride, padding=pad,
                      act=r.choice(ACTS)))
    return y


def resize(g, x):
    r = g.rng
    _, h, w, c = g.shape(x)
    oh, ow = r.randint(1, 2 * h + 1), r.randint(1, 2 * w + 1)
    size = g.add_tensor([2], 'int32', struct.pack('<2i', oh, ow))
    y = g.act([1, oh, ow, c], dict(zip(('scale', 'zero_point'), g.qof(x)))
              if g.kind != 'float32' else None)
    ac = r.random() < 0.3
    g.op('RESIZE_BILINEAR', [x, size], [y],
         options=dict(align_corners=ac,
                      half_pixel_centers=not ac and r.random() < 0.5))
    return y


def concat(g, x):
    """X beside a branch of its own (another quantization) on channels."""
    b = conv(g, x, k=1, stride=1, dil=1)
    _, h, w, c = g.shape(x)
    y = g.act([1, h, w, c + g.shape(b)[3]])
    g.op('CONCATENATION', [x, b], [y], options=dict(axis=3))
    return y


def requantize(g, x):
    if g.kind == 'float32':
        return x
    s, zp = g.qof(x)
    y = g.act(g.shape(x), g.quant(scale=s * g.rng.uniform(0.2, 4.0)))
    g.op('QUANTIZE', [x], [y])
    return y


def pack(g, x):
    """Two copies of X stacked on a new axis, then reshaped back to 4-D."""
    shape = g.shape(x)
    q = dict(zip(('scale', 'zero_point'), g.qof(x))) \
        if g.kind != 'float32' else None
    axis = g.rng.randint(0, 4)
    out = shape[:axis] + [2] + shape[axis:]
    y = g.act(out, q)
    g.op('PACK', [x, x], [y], options=dict(values_count=2, axis=axis))
    z = g.act([1, shape[1] * 2, shape[2], shape[3]], q)
    g.op('RESHAPE', [y], [z])
    return z


def detection_head(g, x):
    """An SSD head on X: boxes [1,N,4] and class scores [1,N,91] from 1x1
    convolutions (N = h * w * k anchors), LOGISTIC scores, random anchors,
    TFLite_Detection_PostProcess with the SSD MobileNetV1 options (fast
    NMS, 10 detections): four float32 outputs."""
    import gen_test_models as gt
    r = g.rng
    _, h, w, _ = g.shape(x)
    k = r.randint(1, 3)
    n = h * w * k
    if n > 400:
        return None
    b = conv(g, x, k=1, stride=1, dil=1, cout=4 * k)
    q = lambda t: dict(zip(('scale', 'zero_point'), g.qof(t))) \
        if g.kind != 'float32' else None  # noqa: E731
    boxes = g.act([1, n, 4], q(b))
    g.op('RESHAPE', [b], [boxes])
    c = conv(g, x, k=1, stride=1, dil=1, cout=91 * k)
    logits = g.act([1, n, 91], q(c))
    g.op('RESHAPE', [c], [logits])
    sq = None
    if g.kind != 'float32':
        sq = dict(scale=1 / 256.0, zero_point=0 if g.kind == 'uint8' else -128)
    scores = g.act([1, n, 91], sq)
    g.op('LOGISTIC', [logits], [scores])
    anchors = []
    for _ in range(n):                   # yc, xc, h, w in (0, 1)
        anchors += [r.uniform(0.1, 0.9), r.uniform(0.1, 0.9),
                    r.uniform(0.05, 0.6), r.uniform(0.05, 0.6)]
    a = g.add_tensor([n, 4], 'float32', struct.pack('<%df' % (4 * n),
                                                    *anchors))
    outs = [g.add_tensor([], 'float32') for _ in range(4)]
    g.op('CUSTOM', [boxes, scores, a], outs, custom='TFLite_Detection_PostProcess',
         custom_options=gt.SSD_OPTIONS)
    return outs


def head(g, x):
    """A classifier or arg-max head, or nothing."""
    r = g.rng
    # No arg-max or NMS on float graphs: float results are not bit-exact
    # across kernel sets, and a near tie would pick another index or box.
    choice = r.choice(['none', 'classify', 'classify', 'logistic'] +
                      (['argmax', 'detect'] if g.kind != 'float32' else []))
    if choice == 'none':
        return [x]
    if choice == 'detect':
        return detection_head(g, x) or [x]
    if choice == 'argmax':
        axis = g.add_tensor([1], 'int32', struct.pack('<i', -1))
        _, h, w, _ = g.shape(x)
        y = g.add_tensor([1, h, w], r.choice(['int32', 'int64']))
        g.op('ARG_MAX', [x, axis], [y])
        return [y]
    c = g.shape(x)[3]
    axes = g.add_tensor([2], 'int32', struct.pack('<2i', 1, 2))
    m = g.act([1, c])
    g.op('MEAN', [x, axes], [m], options=dict(keep_dims=False))
    n = r.randint(2, 12)
    wt, ws = g.weights([n, c], 0, c)
    b = g.bias(n, m, ws, c)
    f = g.act([1, n], g.out_quant(m, ws, c))
    g.op('FULLY_CONNECTED', [m, wt, b], [f],
         options=dict(act=r.choice(['NONE', 'NONE', 'RELU'])))
    q = None
    if g.kind != 'float32':
        q = dict(scale=1 / 256.0, zero_point=0 if g.kind == 'uint8' else -128)
    y = g.act([1, n], q)
    if choice == 'logistic':
        g.op('LOGISTIC', [f], [y])
    else:
        g.op('SOFTMAX', [f], [y], options=dict(beta=r.choice([1.0, 0.5, 2.0])))
    return [y]


def random_graph(seed):
    r = random.Random(seed)
    g = Graph(r, r.choice(['uint8', 'int8', 'float32']))
    h, w = r.randint(1, 24), r.randint(1, 24)
    c = r.choice([1, 2, 3, 3, 4, 5, 8, 16])
    float_in = g.kind != 'float32' and r.random() < 0.2
    if float_in:
        inp = g.add_tensor([1, h, w, c], 'float32', name='input')
        x = g.act([1, h, w, c])
        g.op('QUANTIZE', [inp], [x])
    else:
        inp = x = g.act([1, h, w, c])
    layers = [lambda: conv(g, x), lambda: conv(g, x, depthwise=True),
              lambda: inverted_residual(g, x), lambda: inverted_residual(g, x),
              lambda: avg_pool(g, x), lambda: resize(g, x),
              lambda: concat(g, x), lambda: requantize(g, x),
              lambda: pack(g, x)]
    seen = [x]
    for _ in range(r.randint(1, 7)):
        if g.shape(x)[1] * g.shape(x)[2] * g.shape(x)[3] > 40000:
            break
        x = r.choice(layers)()
        # A residual from an earlier tensor of the same shape.
        same = [s for s in seen if s != x and g.shape(s) == g.shape(x) and
                g.t[s]['type'] == g.t[x]['type']]
        if same and r.random() < 0.3:
            x = add(g, r.choice(same), x)
        seen.append(x)
    if not g.ops:                         # float requantize adds nothing
        x = conv(g, x)
    outs = head(g, x)
    if g.kind != 'float32' and len(outs) == 1 and \
            g.t[outs[0]]['type'] == g.kind and r.random() < 0.2:
        y = g.add_tensor(g.shape(outs[0]), 'float32')
        g.op('DEQUANTIZE', [outs[0]], [y])
        outs = [y]
    # Sometimes an intermediate tensor is an output too.
    if len(seen) > 2 and r.random() < 0.3:
        extra = r.choice(seen[1:-1])
        if extra not in outs:
            outs = outs + [extra]
    return tw.model(g.t, g.ops, [inp], outs, g.bufs)


# ---------------------------------------------------------------- limits
def limit_graphs():
    """(name, expectation, bytes) at and just past the core's limits."""
    out = []

    def pool(n_h, n_w):
        t = [dict(shape=[1, n_h, n_w, 1], type='uint8', name='in',
                  scale=0.5, zero_point=3),
             dict(shape=[1, 1, 1, 1], type='uint8', name='out', scale=0.5,
                  zero_point=3)]
        ops = [dict(op='AVERAGE_POOL_2D', inputs=[0], outputs=[1],
                    options=dict(filter=0, stride=1, padding='VALID'))]
        # filter_w, filter_h separately: the writer takes one 'filter'.
        ops[0]['options']['filter'] = n_w
        return t, ops

    t, ops = pool(2048, 2048)             # 2^22 values: the largest window
    out.append(('limit_pool_window_max', 'run', tw.model(t, ops, [0], [1], [b''])))
    t, ops = pool(2049, 2049)
    out.append(('limit_pool_window_over', 'refuse UNSUPPORTED',
                tw.model(t, ops, [0], [1], [b''])))

    def fc(depth, bias):
        t = [dict(shape=[1, depth], type='uint8', name='in', scale=0.1,
                  zero_point=128),
             dict(shape=[2, depth], type='uint8', buffer=1, name='w',
                  scale=0.01, zero_point=128),
             dict(shape=[2], type='int32', buffer=2, name='b', scale=0.001,
                  zero_point=0),
             dict(shape=[1, 2], type='uint8', name='out', scale=50.0,
                  zero_point=128)]
        ops = [dict(op='FULLY_CONNECTED', inputs=[0, 1, 2], outputs=[3])]
        w = bytes([255, 0] * depth)
        return tw.model(t, ops, [0], [3],
                        [b'', w, struct.pack('<2i', bias, -bias)])
    out.append(('limit_fc_depth_max', 'run', fc(33025, 0)))
    out.append(('limit_fc_depth_over', 'refuse UNSUPPORTED', fc(33026, 0)))
    out.append(('limit_fc_bias_over', 'refuse UNSUPPORTED', fc(33025, 40000)))

    def big(h):
        t = [dict(shape=[1, h, h, 3], type='uint8', name='in', scale=0.1,
                  zero_point=0),
             dict(shape=[1, h, h, 3], type='uint8', name='out', scale=0.1,
                  zero_point=0)]
        ops = [dict(op='AVERAGE_POOL_2D', inputs=[0], outputs=[1],
                    options=dict(filter=1, stride=1, padding='SAME'))]
        return tw.model(t, ops, [0], [1], [b''])
    out.append(('limit_tensor_large', 'run', big(512)))
    out.append(('limit_tensor_over', 'refuse LIMIT', big(20000)))

    # A long chain: 3000 reshapes (each op is checked and planned).
    n = 3000
    t = [dict(shape=[1, 4, 4, 2], type='int8', name='t%d' % i, scale=0.1,
              zero_point=1) for i in range(n + 1)]
    ops = [dict(op='RESHAPE', inputs=[i], outputs=[i + 1]) for i in range(n)]
    out.append(('limit_long_graph', 'run', tw.model(t, ops, [0], [n], [b''])))
    return out


def main():
    outdir, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(outdir, exist_ok=True)
    lines = []
    for i in range(count):
        name = 'g%d_%d' % (seed, i)
        with open(os.path.join(outdir, name + '.tflite'), 'wb') as f:
            f.write(random_graph(seed * 100003 + i))
        lines.append('%s\trun\n' % name)
    if '--limits' in sys.argv:
        for name, expect, data in limit_graphs():
            with open(os.path.join(outdir, name + '.tflite'), 'wb') as f:
                f.write(data)
            lines.append('%s\t%s\n' % (name, expect))
    with open(os.path.join(outdir, 'manifest.txt'), 'w') as f:
        f.writelines(lines)


if __name__ == '__main__':
    main()
