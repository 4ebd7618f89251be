#!/usr/bin/env python3
"""Synthesizes SSDLite-MobileNetV2 as the MobileNetV2 paper defines it
(Sandler et al. 2018, section 6.2, and the TF Object Detection API config it
cites), with random weights, as .tflite files for tests and benchmarks:

  - 300x300 RGB input; MobileNetV2 1.0 backbone (conv 32, 17 bottlenecks,
    conv 1280);
  - 6 feature maps: the expansion output of block 15 (layer_15, 19x19x576,
    output stride 16), the last 1280-channel layer (10x10), then extra
    layers (1x1 conv to half depth, depthwise-separable 3x3 stride 2) to
    5x5x512, 3x3x256, 2x2x256, 1x1x128;
  - on each, a box and a class predictor, each a depthwise-separable
    convolution (3x3 depthwise + ReLU6, then linear 1x1): 3 anchors per cell
    on the first map, 6 on the others = 1917 anchors; 91 classes (with
    background);
  - box encodings [1,1917,4], class logits [1,1917,91], LOGISTIC, and
    TFLite_Detection_PostProcess with the generated SSD anchors.

Usage: gen_ssdlite.py MNV2_TOOL OUTDIR STAMP [WRAPPER...]
(WRAPPER: how to run MNV2_TOOL in a cross build, e.g. qemu-aarch64 -L ...)

Files written to OUTDIR:
  ssdlite_synth_float.tflite      float32, ends in the post-process op
  ssdlite_synth_float_raw.tflite  float32, outputs box encodings + logits
  ssdlite_synth_u8.tflite         uint8, same weights, post-process op
  ssdlite_synth_u8_raw.tflite     uint8, box encodings + LOGISTIC scores
  ssdlite_synth_u8_raw_labels.txt labels "synth-<class>" for it (a sidecar)
  ssdlite_synth_input.rgb         the 300x300 RGB image (uint8 HWC) the
                                  uint8 activation ranges are calibrated on
The uint8 version is calibrated by running the float graph with every
activation as an output through our own tool (MNV2_TOOL run), then
quantizing as TF1's quantization-aware models are: uint8 per tensor,
asymmetric, int32 biases at input scale x weight scale.
Weights come from a seeded generator: the files are the same on every run.
"""
import array
import math
import os
import random
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tflite_writer as tw  # noqa: E402
from gen_test_models import SSD_OPTIONS  # noqa: E402

SIZE = 300
CLASSES = 91                      # 90 COCO ids + background


def f32(x):
    """x rounded to float32, as C's (float) does."""
    return struct.unpack('<f', struct.pack('<f', x))[0]


def ssd_anchors(size):
    """The TF OD API ssd_anchor_generator defaults (6 layers, scales 0.2 to
    0.95, ratios 1, 2, 1/2, 3, 1/3 + interpolated, 3 boxes in the lowest
    layer) as (yc, xc, h, w), computed with the float32 roundings of
    models/ssd_anchors.c so both give the same bits."""
    fmaps, n = [], (size + 15) // 16
    for _ in range(6):
        fmaps.append(n)
        n = (n + 1) // 2
    lo, hi = f32(0.2), f32(0.95)
    ratios = [f32(r) for r in (1.0, 2.0, 0.5, 3.0, 0.3333)]
    out = []
    for layer, fm in enumerate(fmaps):
        s = lo + (hi - lo) * layer / 5
        s_next = lo + (hi - lo) * (layer + 1) / 5 if layer < 5 else 1.0
        if layer == 0:
            boxes = [(0.1, 1.0), (s, 2.0), (s, 0.5)]
        else:
            boxes = [(s, r) for r in ratios] + [(math.sqrt(s * s_next), 1.0)]
        stride = f32(1.0 / fm)
        for y in range(fm):
            for x in range(fm):
                for scale, ratio in boxes:
                    r = f32(math.sqrt(ratio))
                    out += [f32(f32(y * stride) + f32(0.5 * stride)),
                            f32(f32(x * stride) + f32(0.5 * stride)),
                            f32(scale / r), f32(scale * r)]
    return out, fmaps


class Graph:
    """Tensors and ops of the float graph; weights as Python float lists."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tensors, self.ops = [], []

    def tensor(self, name, shape, data=None, role='act'):
        self.tensors.append(dict(name=name, shape=shape, data=data,
                                 role=role))
        return len(self.tensors) - 1

    def shape(self, t):
        return self.tensors[t]['shape']

    def uniform(self, n, bound):
        r = self.rng.random
        return [(2.0 * r() - 1.0) * bound for _ in range(n)]

    def conv(self, x, cout, name, k=1, stride=1, act='RELU6', depthwise=False,
             bias=0.0, gain=None):
        _, h, w, cin = self.shape(x)
        fan_in = k * k * (1 if depthwise else cin)
        if gain is None:
            gain = 2.0 if act == 'RELU6' else 1.0
        bound = math.sqrt(3.0 * gain / fan_in)
        if depthwise:
            cout = cin
            wshape = [1, k, k, cin]
        else:
            wshape = [cout, k, k, cin]
        wt = self.tensor(name + '/weights', wshape,
                         self.uniform(k * k * cin * (1 if depthwise else cout),
                                      bound), 'weight')
        bt = self.tensor(name + '/bias', [cout],
                         [bias + v for v in self.uniform(cout, 0.1)], 'bias')
        oh, ow = -(-h // stride), -(-w // stride)
        y = self.tensor(name, [1, oh, ow, cout])
        self.ops.append(dict(op='DEPTHWISE_CONV_2D' if depthwise else 'CONV_2D',
                             inputs=[x, wt, bt], outputs=[y],
                             options=dict(stride=stride, act=act)))
        return y

    def add(self, a, b, name):
        y = self.tensor(name, list(self.shape(a)))
        self.ops.append(dict(op='ADD', inputs=[a, b], outputs=[y]))
        return y

    def reshape(self, x, shape, name):
        s = self.tensor(name + '/shape', [len(shape)], shape, 'shape')
        y = self.tensor(name, shape)
        self.ops.append(dict(op='RESHAPE', inputs=[x, s], outputs=[y]))
        return y

    def concat(self, xs, name):
        shape = list(self.shape(xs[0]))
        shape[1] = sum(self.shape(x)[1] for x in xs)
        y = self.tensor(name, shape)
        self.ops.append(dict(op='CONCATENATION', inputs=xs, outputs=[y],
                             options=dict(axis=1)))
        return y

    def logistic(self, x, name):
        y = self.tensor(name, list(self.shape(x)))
        self.ops.append(dict(op='LOGISTIC', inputs=[x], outputs=[y]))
        return y


# MobileNetV2 bottlenecks: expansion t, channels c, repeats n, stride s.
BLOCKS = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
          (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]


def build_graph():
    g = Graph(20180113)                       # the paper's arXiv date
    x = g.tensor('normalized_input_image_tensor', [1, SIZE, SIZE, 3])
    g.input = x
    y = g.conv(x, 32, 'FeatureExtractor/Conv', k=3, stride=2)
    layer, feature_15 = 2, None               # TF names: layer_1 is the conv
    for t, c, n, s in BLOCKS:
        for i in range(n):
            cin = g.shape(y)[3]
            name = 'FeatureExtractor/layer_%d' % layer
            h = y
            if t != 1:
                h = g.conv(y, cin * t, name + '/expansion_output')
                if layer == 15:
                    feature_15 = h
            h = g.conv(h, 0, name + '/depthwise_output', k=3,
                       stride=s if i == 0 else 1, depthwise=True)
            h = g.conv(h, c, name + '/project', act='NONE')
            if i > 0:
                h = g.add(h, y, name + '/output')
            y = h
            layer += 1
    y = g.conv(y, 1280, 'FeatureExtractor/layer_19')
    features = [feature_15, y]
    for i, depth in enumerate([512, 256, 256, 128]):
        name = 'FeatureExtractor/layer_19_2_%d' % (i + 2)
        h = g.conv(features[-1], depth // 2, name + '_1x1')
        h = g.conv(h, 0, name + '_3x3_s2_depthwise', k=3, stride=2,
                   depthwise=True)
        features.append(g.conv(h, depth, name + '_3x3_s2'))
    boxes, classes = [], []
    for i, f in enumerate(features):
        _, fh, fw, _ = g.shape(f)
        anchors = 3 if i == 0 else 6
        for kind, code, out in (('BoxEncodingPredictor', 4, boxes),
                                ('ClassPredictor', CLASSES, classes)):
            name = 'BoxPredictor_%d/%s' % (i, kind)
            h = g.conv(f, 0, name + '_depthwise', k=3, depthwise=True)
            # Class logits start low (most anchors are background), so the
            # best scores stand apart from the bulk.
            h = g.conv(h, anchors * code, name, act='NONE',
                       bias=-2.0 if code == CLASSES else 0.0)
            out.append(g.reshape(h, [1, fh * fw * anchors, code],
                                 name + '/reshape'))
    g.boxes = g.concat(boxes, 'raw_outputs/box_encodings')
    g.logits = g.concat(classes, 'raw_outputs/class_logits')
    g.scores = g.logistic(g.logits, 'raw_outputs/class_predictions')
    g.features = features
    return g


def pack_f32(vals):
    return array.array('f', vals).tobytes()


def quant_params(lo, hi):
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo < 1e-8:
        hi = lo + 1e-8
    scale = (hi - lo) / 255.0
    return scale, min(255, max(0, int(round(-lo / scale))))


def emit(g, mode, ranges=None, postprocess=True, logistic=True,
         all_outputs=False):
    """The .tflite bytes of G: MODE 'float' or 'uint8' (RANGES: activation
    tensor index -> (min, max))."""
    tensors, buffers = [], [b'']
    q = {}                                   # tensor -> (scale, zp)
    if mode == 'uint8':
        q[g.input] = (1 / 128, 128)
        for i, t in enumerate(g.tensors):
            if t['role'] == 'act' and i != g.input:
                q[i] = quant_params(*ranges[i])
        for o in g.ops:                      # reshape keeps its input's
            if o['op'] == 'RESHAPE':
                q[o['outputs'][0]] = q[o['inputs'][0]]
            elif o['op'] == 'LOGISTIC':
                q[o['outputs'][0]] = (1 / 256, 0)
    bias_input = {}
    for o in g.ops:
        if o['op'] in ('CONV_2D', 'DEPTHWISE_CONV_2D'):
            bias_input[o['inputs'][2]] = (o['inputs'][0], o['inputs'][1])
    wq = {}
    for i, t in enumerate(g.tensors):
        d = dict(shape=t['shape'], name=t['name'])
        if t['role'] == 'shape':
            d.update(type='int32', buffer=len(buffers))
            buffers.append(struct.pack('<%di' % len(t['data']), *t['data']))
        elif mode == 'float':
            d['type'] = 'float32'
            if t['role'] != 'act':
                d['buffer'] = len(buffers)
                buffers.append(pack_f32(t['data']))
        elif t['role'] == 'weight':
            scale, zp = quant_params(min(t['data']), max(t['data']))
            wq[i] = scale
            d.update(type='uint8', buffer=len(buffers), scale=scale,
                     zero_point=zp)
            buffers.append(bytes(min(255, max(0, int(round(v / scale)) + zp))
                                 for v in t['data']))
        elif t['role'] == 'bias':
            x, w = bias_input[i]
            scale = q[x][0] * wq[w]
            d.update(type='int32', buffer=len(buffers), scale=scale,
                     zero_point=0)
            buffers.append(struct.pack('<%di' % len(t['data']),
                                       *[int(round(v / scale))
                                         for v in t['data']]))
        else:
            d.update(type='uint8', scale=q[i][0], zero_point=q[i][1])
        tensors.append(d)
    ops = [dict(o) for o in g.ops]
    scores = g.scores
    if not logistic:
        ops = [o for o in ops if o['op'] != 'LOGISTIC']
        scores = g.logits
    outputs = [g.boxes, scores]
    if postprocess:
        anchors, _ = ssd_anchors(SIZE)
        a = len(tensors)
        tensors.append(dict(shape=[len(anchors) // 4, 4], type='float32',
                            buffer=len(buffers), name='anchors'))
        buffers.append(pack_f32(anchors))
        for name in ('boxes', 'classes', 'scores', 'num_detections'):
            tensors.append(dict(shape=[], type='float32',
                                name='TFLite_Detection_PostProcess:' + name))
        outputs = [a + 1, a + 2, a + 3, a + 4]
        ops.append(dict(op='CUSTOM', custom='TFLite_Detection_PostProcess',
                        inputs=[g.boxes, g.scores, a], outputs=outputs,
                        custom_options=SSD_OPTIONS))
    if all_outputs:
        outputs = [o['outputs'][0] for o in ops]
    return tw.model(tensors, ops, [g.input], outputs, buffers)


def test_image():
    """A 300x300 RGB scene: a gradient sky, a disc, a bar, and fine stripes,
    so activations see edges, flat areas and texture."""
    px = bytearray()
    for y in range(SIZE):
        for x in range(SIZE):
            r, gr, b = 90 + y * 120 // SIZE, 140 + x * 60 // SIZE, 200
            if (x - 90) ** 2 + (y - 110) ** 2 < 55 ** 2:
                r, gr, b = 220, 60, 40
            elif 170 < x < 280 and 180 < y < 240:
                r, gr, b = 30, 30 + (x // 6 % 2) * 150, 60
            elif y > 260:
                r = gr = b = 40 + ((x + y) // 3 % 2) * 160
            px += bytes((r, gr, b))
    return bytes(px)


def calibrate(g, tool, image, workdir, wrapper=()):
    """Activation ranges of the float graph on IMAGE, from our own tool."""
    model = os.path.join(workdir, 'calib.tflite')
    with open(model, 'wb') as f:
        f.write(emit(g, 'float', postprocess=False, all_outputs=True))
    inp = os.path.join(workdir, 'calib.f32')
    with open(inp, 'wb') as f:
        f.write(pack_f32([(v - 128) / 128 for v in image]))
    prefix = os.path.join(workdir, 'calib')
    subprocess.run(list(wrapper) + [tool, 'run', model, inp, prefix], check=True,
                   env=dict(os.environ, MNV2_ISA='ref'))
    ranges = {}
    for k, o in enumerate(g.ops):
        vals = array.array('f')
        with open('%s.%d.out' % (prefix, k), 'rb') as f:
            vals.frombytes(f.read())
        ranges[o['outputs'][0]] = (min(vals), max(vals))
    return ranges


def main():
    tool, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    g = build_graph()
    image = test_image()
    with tempfile.TemporaryDirectory() as tmp:
        ranges = calibrate(g, tool, image, tmp, sys.argv[4:])
    files = {
        'ssdlite_synth_float': emit(g, 'float'),
        'ssdlite_synth_float_raw': emit(g, 'float', postprocess=False,
                                        logistic=False),
        'ssdlite_synth_u8': emit(g, 'uint8', ranges),
        'ssdlite_synth_u8_raw': emit(g, 'uint8', ranges, postprocess=False),
    }
    for name, data in files.items():
        with open(os.path.join(outdir, name + '.tflite'), 'wb') as f:
            f.write(data)
    # Labels beside the raw model, as the elements look for them.
    with open(os.path.join(outdir, 'ssdlite_synth_u8_raw_labels.txt'),
              'w') as f:
        f.write(''.join('synth-%d\n' % i for i in range(CLASSES - 1)))
    with open(os.path.join(outdir, 'ssdlite_synth_input.rgb'), 'wb') as f:
        f.write(image)
    if len(sys.argv) > 3:
        with open(sys.argv[3], 'w') as f:
            f.write('ok\n')


if __name__ == '__main__':
    main()
