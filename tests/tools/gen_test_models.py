#!/usr/bin/env python3
"""Writes the tiny models the tests use into OUTDIR:

  tiny_u8.tflite    uint8 per-tensor: CONV, DEPTHWISE, ADD, AVERAGE_POOL,
                    FULLY_CONNECTED, SOFTMAX, with an embedded labels zip
  tiny_s8.tflite    int8 per-channel: QUANTIZE, CONV, MEAN, FULLY_CONNECTED,
                    SOFTMAX, QUANTIZE (uint8 in and out)
  tiny_two_outputs.tflite  tiny_u8 also exposing its logits (not a classifier)
  tiny_ssd.tflite   uint8 SSD head: CONCATENATION (requantizing), LOGISTIC,
                    TFLite_Detection_PostProcess
  tiny_ssd_raw.tflite  the same without the post-process op (8 raw boxes)
  tiny_seg.tflite   tiny_u8 up to its depthwise convolution: [1,4,4,4]
                    uint8 logits, a 4-class segmentation model
  seg_medium.tflite a 96x96 uint8 segmentation model of 21 classes, about
                    12 M multiply-adds (CONV, DEPTHWISE, 1x1 CONV): slower
                    than a frame under emulation, for the live-mode tests
                    where the real DeepLab takes seconds a frame
  tiny_f32.tflite   float32: CONV (dilated), DEPTHWISE (multiplier 2),
                    MEAN, RESHAPE, FULLY_CONNECTED with int8 weights
                    (dynamic range), SOFTMAX
  postprocess_A.tflite  the post-process op alone on model A's raw tensors
                    (only when the test data is there, argument 3)
  hostile/*.tflite  broken variants; hostile/manifest.txt lists, per file,
                    the status and a phrase the error message must contain.
  security/*.tflite valid models that once made the loader misbehave
                    (test_security.c)

Weights come from a fixed LCG so the files are the same on every run.
"""
import copy
import io
import os
import struct
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tflite_writer as tw  # noqa: E402

_state = [12345]


def rnd(n, lo, hi):
    out = []
    for _ in range(n):
        _state[0] = (_state[0] * 1103515245 + 12345) & 0x7fffffff
        out.append(lo + _state[0] % (hi - lo + 1))
    return out


def u8(vals):
    return bytes(v & 0xff for v in vals)


def i32(vals):
    return struct.pack('<%di' % len(vals), *vals)


def f32(vals):
    return struct.pack('<%df' % len(vals), *vals)


def labels_zip(names):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_STORED) as z:
        # A fixed date: writestr(name) would stamp the current time and the
        # file would differ from run to run.
        info = zipfile.ZipInfo('labels.txt', date_time=(2020, 1, 1, 0, 0, 0))
        z.writestr(info, '\n'.join(names) + '\n')
    return buf.getvalue()


def tiny_u8():
    q = lambda s, z: {'scale': s, 'zero_point': z}  # noqa: E731
    t = [
        dict(shape=[1, 8, 8, 3], type='uint8', name='input', **q(1 / 128, 128)),
        dict(shape=[4, 3, 3, 3], type='uint8', buffer=1, name='conv/w', **q(0.02, 120)),
        dict(shape=[4], type='int32', buffer=2, name='conv/b'),
        dict(shape=[1, 4, 4, 4], type='uint8', name='conv', **q(0.05, 0)),
        dict(shape=[1, 3, 3, 4], type='uint8', buffer=3, name='dw/w', **q(0.03, 130)),
        dict(shape=[4], type='int32', buffer=4, name='dw/b'),
        dict(shape=[1, 4, 4, 4], type='uint8', name='dw', **q(0.05, 0)),
        dict(shape=[1, 4, 4, 4], type='uint8', name='add', **q(0.08, 10)),
        dict(shape=[1, 1, 1, 4], type='uint8', name='pool', **q(0.08, 10)),
        dict(shape=[5, 4], type='uint8', buffer=5, name='fc/w', **q(0.05, 128)),
        dict(shape=[5], type='int32', buffer=6, name='fc/b'),
        dict(shape=[1, 5], type='uint8', name='logits', **q(0.1, 100)),
        dict(shape=[1, 5], type='uint8', name='probabilities', **q(1 / 256, 0)),
    ]
    ops = [
        dict(op='CONV_2D', inputs=[0, 1, 2], outputs=[3],
             options=dict(stride=2, act='RELU6')),
        dict(op='DEPTHWISE_CONV_2D', inputs=[3, 4, 5], outputs=[6],
             options=dict(act='RELU6')),
        dict(op='ADD', inputs=[3, 6], outputs=[7]),
        dict(op='AVERAGE_POOL_2D', inputs=[7], outputs=[8],
             options=dict(filter=4, stride=4, padding='VALID')),
        dict(op='FULLY_CONNECTED', inputs=[8, 9, 10], outputs=[11]),
        dict(op='SOFTMAX', inputs=[11], outputs=[12]),
    ]
    buffers = [b'', u8(rnd(108, 0, 255)), i32(rnd(4, -500, 500)),
               u8(rnd(36, 0, 255)), i32(rnd(4, -500, 500)),
               u8(rnd(20, 0, 255)), i32(rnd(5, -300, 300))]
    return t, ops, [0], [12], buffers


def tiny_s8():
    t = [
        dict(shape=[1, 6, 6, 3], type='uint8', name='input', scale=1 / 128, zero_point=128),
        dict(shape=[1, 6, 6, 3], type='int8', name='input_s8', scale=1 / 128, zero_point=0),
        dict(shape=[4, 3, 3, 3], type='int8', buffer=1, name='conv/w',
             scale=[0.01, 0.02, 1e-6, 0.04], zero_point=[0, 0, 0, 0], quant_dim=0),
        dict(shape=[4], type='int32', buffer=2, name='conv/b'),
        dict(shape=[1, 3, 3, 4], type='int8', name='conv', scale=0.05, zero_point=-128),
        dict(shape=[2], type='int32', buffer=3, name='axes'),
        dict(shape=[1, 4], type='int8', name='mean', scale=0.03, zero_point=-100),
        dict(shape=[3, 4], type='int8', buffer=4, name='fc/w',
             scale=[0.02, 0.03, 0.05], zero_point=[0, 0, 0], quant_dim=0),
        dict(shape=[3], type='int32', buffer=5, name='fc/b'),
        dict(shape=[1, 3], type='int8', name='logits', scale=0.07, zero_point=3),
        dict(shape=[1, 3], type='int8', name='prob_s8', scale=1 / 256, zero_point=-128),
        dict(shape=[1, 3], type='uint8', name='probabilities', scale=1 / 256, zero_point=0),
    ]
    ops = [
        dict(op='QUANTIZE', inputs=[0], outputs=[1]),
        dict(op='CONV_2D', inputs=[1, 2, 3], outputs=[4],
             options=dict(stride=2, act='RELU6')),
        dict(op='MEAN', inputs=[4, 5], outputs=[6]),
        dict(op='FULLY_CONNECTED', inputs=[6, 7, 8], outputs=[9]),
        dict(op='SOFTMAX', inputs=[9], outputs=[10]),
        dict(op='QUANTIZE', inputs=[10], outputs=[11]),
    ]
    buffers = [b'', u8(rnd(108, -127, 127)), i32(rnd(4, -2000, 2000)),
               i32([1, 2]), u8(rnd(12, -127, 127)), i32(rnd(3, -100, 100))]
    return t, ops, [0], [11], buffers


def tiny_f32():
    t = [
        dict(shape=[1, 7, 7, 2], type='float32', name='input'),
        dict(shape=[3, 3, 3, 2], type='float32', buffer=1, name='conv/w'),
        dict(shape=[3], type='float32', buffer=2, name='conv/b'),
        dict(shape=[1, 7, 7, 3], type='float32', name='conv'),
        dict(shape=[1, 3, 3, 6], type='float32', buffer=3, name='dw/w'),
        dict(shape=[6], type='float32', buffer=4, name='dw/b'),
        dict(shape=[1, 3, 3, 6], type='float32', name='dw'),
        dict(shape=[2], type='int32', buffer=5, name='axes'),
        dict(shape=[1, 1, 1, 6], type='float32', name='mean'),
        dict(shape=[2], type='int32', buffer=6, name='shape'),
        dict(shape=[1, 6], type='float32', name='flat'),
        dict(shape=[4, 6], type='int8', buffer=7, name='fc/w',
             scale=[0.01, 0.02, 0.03, 0.04], zero_point=[0, 0, 0, 0], quant_dim=0),
        dict(shape=[4], type='float32', buffer=8, name='fc/b'),
        dict(shape=[1, 4], type='float32', name='logits'),
        dict(shape=[1, 4], type='float32', name='probabilities'),
    ]
    ops = [
        dict(op='CONV_2D', inputs=[0, 1, 2], outputs=[3],
             options=dict(dilation=2, act='RELU')),
        dict(op='DEPTHWISE_CONV_2D', inputs=[3, 4, 5], outputs=[6],
             options=dict(stride=2, padding='VALID', depth_multiplier=2, act='RELU6')),
        dict(op='MEAN', inputs=[6, 7], outputs=[8], options=dict(keep_dims=True)),
        dict(op='RESHAPE', inputs=[8, 9], outputs=[10]),
        dict(op='FULLY_CONNECTED', inputs=[10, 11, 12], outputs=[13]),
        dict(op='SOFTMAX', inputs=[13], outputs=[14]),
    ]
    fl = lambda n: [v / 100.0 for v in rnd(n, -100, 100)]  # noqa: E731
    buffers = [b'', f32(fl(54)), f32(fl(3)), f32(fl(54)), f32(fl(6)),
               i32([1, 2]), i32([1, 6]), u8(rnd(24, -127, 127)), f32(fl(4))]
    return t, ops, [0], [14], buffers


# TFLite_Detection_PostProcess options (a FlexBuffers map) as the SSD
# MobileNetV1 COCO model stores them: max_detections 10, num_classes 90,
# fast NMS, IoU 0.6, score threshold 1e-8, scales 10/10/5/5.
SSD_OPTIONS = bytes.fromhex(
    '795f7363616c65005f6f75747075745f7175616e74697a6564006d61785f6465746563'
    '74696f6e73006e6d735f73636f72655f7468726573686f6c6400775f7363616c650078'
    '5f7363616c65006e6d735f696f755f7468726573686f6c6400685f7363616c65006d61'
    '785f636c61737365735f7065725f646574656374696f6e006e756d5f636c6173736573'
    '000a86302977456a135851970a000000010000000a000000010000000000a040010000'
    '000a0000009a99193f77cc2b325a0000000000a04000002041000020416a0e06060e0e'
    '060e0e0e322601')


def tiny_ssd():
    """uint8 SSD head on 8 anchors: two box branches concatenated with
    different scales, LOGISTIC class scores (91 with background), the
    post-process op with constant uint8 anchors."""
    q = lambda s, z: {'scale': s, 'zero_point': z}  # noqa: E731
    t = [
        dict(shape=[1, 2, 2, 3], type='uint8', name='input', **q(1 / 128, 128)),
        dict(shape=[4, 1, 1, 3], type='uint8', buffer=1, name='box_a/w', **q(0.02, 128)),
        dict(shape=[1, 2, 2, 4], type='uint8', name='box_a', **q(0.05, 130)),
        dict(shape=[4, 1, 1, 3], type='uint8', buffer=2, name='box_b/w', **q(0.03, 120)),
        dict(shape=[1, 2, 2, 4], type='uint8', name='box_b', **q(0.07, 125)),
        dict(shape=[1, 4, 4], type='uint8', name='box_a/r', **q(0.05, 130)),
        dict(shape=[1, 4, 4], type='uint8', name='box_b/r', **q(0.07, 125)),
        dict(shape=[1, 8, 4], type='uint8', name='boxes', **q(0.08, 128)),
        dict(shape=[182, 1, 1, 3], type='uint8', buffer=3, name='cls/w', **q(0.05, 128)),
        dict(shape=[1, 2, 2, 182], type='uint8', name='cls', **q(0.1, 128)),
        dict(shape=[1, 8, 91], type='uint8', name='cls/r', **q(0.1, 128)),
        dict(shape=[1, 8, 91], type='uint8', name='scores', **q(1 / 256, 0)),
        dict(shape=[8, 4], type='uint8', buffer=4, name='anchors', **q(1 / 256, 0)),
        dict(shape=[], type='float32', name='det_boxes'),
        dict(shape=[], type='float32', name='det_classes'),
        dict(shape=[], type='float32', name='det_scores'),
        dict(shape=[], type='float32', name='det_count'),
    ]
    ops = [
        dict(op='CONV_2D', inputs=[0, 1, -1], outputs=[2]),
        dict(op='CONV_2D', inputs=[0, 3, -1], outputs=[4]),
        dict(op='RESHAPE', inputs=[2], outputs=[5]),
        dict(op='RESHAPE', inputs=[4], outputs=[6]),
        dict(op='CONCATENATION', inputs=[5, 6], outputs=[7], options=dict(axis=1)),
        dict(op='CONV_2D', inputs=[0, 8, -1], outputs=[9]),
        dict(op='RESHAPE', inputs=[9], outputs=[10]),
        dict(op='LOGISTIC', inputs=[10], outputs=[11]),
        dict(op='CUSTOM', custom='TFLite_Detection_PostProcess',
             inputs=[7, 11, 12], outputs=[13, 14, 15, 16],
             custom_options=SSD_OPTIONS),
    ]
    anchors = []
    for i in range(8):                     # yc, xc, h, w in 1/256 units
        anchors += [32 + 24 * (i % 4), 64 + 96 * (i // 4), 64, 80]
    buffers = [b'', u8(rnd(12, 0, 255)), u8(rnd(12, 0, 255)),
               u8(rnd(546, 0, 255)), u8(anchors)]
    return t, ops, [0], [13, 14, 15, 16], buffers


def tiny_ssd_raw():
    """tiny_ssd without the post-process op: raw outputs for 8 anchors, which
    no default anchor configuration gives (refused by the detector)."""
    t, ops, ins, _, bufs = tiny_ssd()
    return tw.model(t, ops[:-1], ins, [7, 11], bufs)


def postprocess_only(data_dir):
    """The post-process op alone, fed the reference's raw tensors of model A
    (ref/detect/raw): inputs box encodings u8 [1,1917,4] and class scores
    u8 [1,1917,91], anchors the reference's float32 anchors.  None when the
    test data is absent."""
    anchors = os.path.join(data_dir, 'ref', 'detect',
                           'anchors_A_ssd_mobilenet_v1_quant.f32')
    if not os.path.exists(anchors):
        return None
    with open(anchors, 'rb') as f:
        anchor_bytes = f.read()
    t = [
        dict(shape=[1, 1917, 4], type='uint8', name='box_encodings',
             scale=0.07902787625789642, zero_point=191),
        dict(shape=[1, 1917, 91], type='uint8', name='class_predictions',
             scale=1 / 256, zero_point=0),
        dict(shape=[1917, 4], type='float32', buffer=1, name='anchors'),
        dict(shape=[], type='float32', name='det_boxes'),
        dict(shape=[], type='float32', name='det_classes'),
        dict(shape=[], type='float32', name='det_scores'),
        dict(shape=[], type='float32', name='det_count'),
    ]
    ops = [dict(op='CUSTOM', custom='TFLite_Detection_PostProcess',
                inputs=[0, 1, 2], outputs=[3, 4, 5, 6],
                custom_options=SSD_OPTIONS)]
    return tw.model(t, ops, [0, 1], [3, 4, 5, 6], [b'', anchor_bytes])


def seg_medium():
    """The medium segmentation model; its own LCG seed, so adding it left
    the weights of every other model as they were."""
    saved = _state[0]
    _state[0] = 777
    q = lambda s, z: {'scale': s, 'zero_point': z}  # noqa: E731
    layers = [  # (kind, out channels, stride)
        ('conv', 32, 2), ('dw', 32, 1), ('conv1', 64, 1), ('dw', 64, 1),
        ('conv1', 21, 1)]
    t = [dict(shape=[1, 96, 96, 3], type='uint8', name='input',
              **q(1 / 128, 128))]
    ops, bufs = [], [b'']
    prev, ch, size = 0, 3, 96
    for i, (kind, out, stride) in enumerate(layers):
        size //= stride
        k = 1 if kind == 'conv1' else 3
        if kind == 'dw':
            wshape, nw = [1, 3, 3, ch], 9 * ch
        else:
            wshape, nw = [out, k, k, ch], out * k * k * ch
        bufs += [u8(rnd(nw, 0, 255)), i32(rnd(out, -400, 400))]
        t += [dict(shape=wshape, type='uint8', buffer=len(bufs) - 2,
                   name='l%d/w' % i, **q(0.02, 128)),
              dict(shape=[out], type='int32', buffer=len(bufs) - 1,
                   name='l%d/b' % i),
              dict(shape=[1, size, size, out], type='uint8', name='l%d' % i,
                   **q(0.05, 0 if i + 1 < len(layers) else 128))]
        w, b, y = len(t) - 3, len(t) - 2, len(t) - 1
        last = i + 1 == len(layers)
        opts = dict(stride=stride, act='NONE' if last else 'RELU6')
        ops.append(dict(op='DEPTHWISE_CONV_2D' if kind == 'dw' else 'CONV_2D',
                        inputs=[prev, w, b], outputs=[y], options=opts))
        prev, ch = y, out
    _state[0] = saved
    return t, ops, [0], [prev], bufs


def build(parts, tail=b'', **kw):
    t, ops, ins, outs, bufs = parts
    return tw.model(t, ops, ins, outs, bufs, extra_tail=tail, **kw)


def hostile():
    """(name, status, phrase, bytes) for models that must be refused."""
    out = []
    base_of = [tiny_u8]

    def variant(name, status, phrase, edit, **kw):
        parts = copy.deepcopy(base_of[0]())
        edit(*parts)
        out.append((name, status, phrase, build(parts, **kw)))

    good = build(tiny_u8())
    out.append(('bad_magic', 'FORMAT', "'TFL3'", good[:4] + b'XXXX' + good[8:]))
    out.append(('too_short', 'FORMAT', 'too short', good[:6]))
    out.append(('empty', 'FORMAT', 'too short', b''))
    variant('buffer_index_out_of_range', 'FORMAT', 'buffer index 99 is out of range',
            lambda t, o, i, u, b: t[1].update(buffer=99))
    variant('huge_dimensions', 'LIMIT', 'too large',
            lambda t, o, i, u, b: t[0].update(shape=[1, 100000, 100000, 3]))
    variant('dimension_overflow', 'LIMIT', 'too large',
            lambda t, o, i, u, b: t[0].update(shape=[2**31 - 1] * 6))
    variant('negative_dimension', 'FORMAT', 'sizes must be positive',
            lambda t, o, i, u, b: t[0].update(shape=[1, -8, 8, 3]))
    variant('rank_7', 'UNSUPPORTED', 'rank 7',
            lambda t, o, i, u, b: t[0].update(shape=[1, 1, 1, 1, 8, 8, 3]))
    variant('unsupported_op', 'UNSUPPORTED', 'TRANSPOSE_CONV',
            lambda t, o, i, u, b: o[5].update(op='TRANSPOSE_CONV'))
    variant('custom_op', 'UNSUPPORTED', "custom op 'MyCustomOp'",
            lambda t, o, i, u, b: o[5].update(op='CUSTOM', custom='MyCustomOp'))
    variant('tensor_index_out_of_range', 'FORMAT', 'refers to tensor 57',
            lambda t, o, i, u, b: o[2].update(inputs=[3, 57]))
    variant('graph_input_out_of_range', 'FORMAT', 'refers to tensor 40',
            lambda t, o, i, u, b: i.__setitem__(0, 40))
    variant('opcode_index_out_of_range', 'FORMAT', 'opcode 9',
            lambda t, o, i, u, b: o[1].update(opcode_index=9))
    variant('weights_size_mismatch', 'FORMAT', 'bytes of data',
            lambda t, o, i, u, b: b.__setitem__(1, b[1][:-1]))
    variant('read_before_write', 'FORMAT', 'before any operator writes it',
            lambda t, o, i, u, b: o.pop(3))
    variant('two_writers', 'FORMAT', 'written by another operator',
            lambda t, o, i, u, b: o[1].update(outputs=[3]))
    variant('output_shape_mismatch', 'FORMAT', 'does not match the computed',
            lambda t, o, i, u, b: t[3].update(shape=[1, 5, 5, 4]))
    variant('zero_scale', 'FORMAT', 'invalid quantization scale',
            lambda t, o, i, u, b: t[3].update(scale=0.0))
    variant('per_channel_count_mismatch', 'FORMAT', 'per-channel scales',
            lambda t, o, i, u, b: t[1].update(scale=[0.1, 0.1, 0.1], zero_point=[1, 2, 3]))
    variant('float_input_quantized_weights', 'UNSUPPORTED', 'expected quantized',
            lambda t, o, i, u, b: t[3].update(type='int32'))
    variant('zero_stride', 'FORMAT', 'invalid stride',
            lambda t, o, i, u, b: o[0]['options'].update(stride=0))
    variant('grouped_conv', 'UNSUPPORTED', 'grouped convolution',
            lambda t, o, i, u, b: (t[1].update(shape=[4, 3, 3, 1]),
                                   b.__setitem__(1, b[1][:36])))
    variant('schema_version_2', 'UNSUPPORTED', 'schema version 2',
            lambda t, o, i, u, b: None, version=2)
    variant('no_operators', 'FORMAT', 'no operators',
            lambda t, o, i, u, b: o.clear())
    variant('unknown_tensor_type', 'UNSUPPORTED', 'unsupported type',
            lambda t, o, i, u, b: t[2].update(type=13))
    base_of[0] = tiny_ssd
    variant('detection_options_missing', 'FORMAT', 'custom options are missing',
            lambda t, o, i, u, b: o[8].pop('custom_options'))
    variant('detection_anchors_mismatch', 'FORMAT', 'do not fit together',
            lambda t, o, i, u, b: (t[12].update(shape=[7, 4]),
                                   b.__setitem__(4, b[4][:28])))
    base_of[0] = tiny_u8
    variant('bad_activation', 'FORMAT', 'invalid options',
            lambda t, o, i, u, b: o[0]['options'].update(act='RELU6') or
            tw.ACT.__setitem__('BAD', 9) or o[0]['options'].update(act='BAD'))
    base_of[0] = tiny_ssd
    variant('detection_anchor_nan', 'FORMAT', 'not a finite number',
            lambda t, o, i, u, b: (
                t[12].update(type='float32'), t[12].pop('scale'),
                t[12].pop('zero_point'),
                b.__setitem__(4, f32([0.5] * 13 + [float('nan')] +
                                     [0.5] * 18))))
    base_of[0] = tiny_u8
    # Arithmetic a crafted file could overflow (security issue; last, so
    # the LCG weights of the files above stay as they were): weight zero
    # points outside the type, a bias beside the products, a pool window
    # whose int32 sum would wrap.
    variant('weight_zero_point_out_of_range', 'FORMAT', 'zero point 300',
            lambda t, o, i, u, b: t[1].update(zero_point=300))
    variant('bias_overflow', 'UNSUPPORTED', 'overflow the int32 accumulator',
            lambda t, o, i, u, b: b.__setitem__(2, i32([2**31 - 1, 0, 0, 0])))
    variant('avgpool_window_overflow', 'UNSUPPORTED', 'an int32 average holds',
            lambda t, o, i, u, b: o[3]['options'].update(filter=4096,
                                                         padding='SAME'))
    return out


def detector_outputs():
    """A model whose four outputs are its four inputs (RESHAPEs): boxes
    [1,4,4], classes [1,4], scores [1,4], count [1], all float32: a test
    writes any values (NaN, inf, huge) into what the detector reads."""
    shapes = [[1, 4, 4], [1, 4], [1, 4], [1]]
    names = ['boxes', 'classes', 'scores', 'count']
    t = [dict(shape=sh, type='float32', name=nm) for sh, nm in
         zip(shapes, names)]
    t += [dict(shape=sh, type='float32', name=nm + '/out') for sh, nm in
          zip(shapes, names)]
    ops = [dict(op='RESHAPE', inputs=[k], outputs=[4 + k]) for k in range(4)]
    return tw.model(t, ops, [0, 1, 2, 3], [4, 5, 6, 7], [b''])


def detector_nan():
    """An image model (float32 [1,4,4,3]) whose post-process-shaped outputs
    are fixed by FC biases (weights 0): boxes with a NaN and an infinite
    corner, classes NaN and 1e20, a count of 1e30; of its four detections
    only the last (class 2, score 0.8) is one (element tests)."""
    nan, inf = float('nan'), float('inf')
    boxes = [nan, 0.1, 0.5, 0.5, 0.1, 0.1, inf, 0.5,
             0.1, 0.1, 0.5, 0.5, 0.2, 0.2, 0.9, 0.9]
    classes, scores, count = [1, nan, 1e20, 2], [0.9, 0.9, 0.9, 0.8], [1e30]
    t = [dict(shape=[1, 4, 4, 3], type='float32', name='image'),
         dict(shape=[2], type='int32', buffer=1, name='axes'),
         dict(shape=[1, 3], type='float32', name='mean')]
    ops = [dict(op='MEAN', inputs=[0, 1], outputs=[2])]
    bufs = [b'', i32([1, 2])]
    outs = []
    for name, vals, shape in (('boxes', boxes, [1, 4, 4]),
                              ('classes', classes, [1, 4]),
                              ('scores', scores, [1, 4]),
                              ('count', count, [1])):
        n = len(vals)
        bufs += [f32([0.0] * (3 * n)), f32(vals)]
        w, b = len(bufs) - 2, len(bufs) - 1
        t += [dict(shape=[n, 3], type='float32', buffer=w, name=name + '/w'),
              dict(shape=[n], type='float32', buffer=b, name=name + '/b'),
              dict(shape=[1, n], type='float32', name=name + '/fc'),
              dict(shape=shape, type='float32', name=name)]
        k = len(t) - 4
        ops += [dict(op='FULLY_CONNECTED', inputs=[2, k, k + 1],
                     outputs=[k + 2]),
                dict(op='RESHAPE', inputs=[k + 2], outputs=[k + 3])]
        outs.append(k + 3)
    return tw.model(t, ops, [0], outs, bufs)


def security_models():
    """(name, bytes) of valid models that once made the loader misbehave."""
    # Many tensors whose names are one shared string: the loader must not
    # copy it per tensor (the reproducer had 2000 x 1 MiB; 200 x 256 KiB is
    # 50 MB if copied, against a 260 KB file).
    t, ops, ins, outs, bufs = tiny_u8()
    shared = tw.String(b'N' * (256 << 10))
    t += [dict(shape=[1, 4], type='uint8', name=shared, scale=0.1,
               zero_point=0) for _ in range(200)]
    bomb = tw.model(t, ops, ins, outs, bufs)
    # The same with a name that must be copied (control characters): the
    # copies are bounded by the file's size, so the model is refused.
    t, ops, ins, outs, bufs = tiny_u8()
    shared = tw.String(b'\x01' * (256 << 10))
    t += [dict(shape=[1, 4], type='uint8', name=shared, scale=0.1,
               zero_point=0) for _ in range(200)]
    copied = tw.model(t, ops, ins, outs, bufs)
    # A name with a terminal escape sequence and no other fault.
    t, ops, ins, outs, bufs = tiny_u8()
    t[0]['name'] = '\x1b[31mred\x07'
    escape = tw.model(t, ops, ins, outs, bufs)
    return [('name_bomb', bomb), ('name_bomb_copied', copied),
            ('escape_names', escape), ('detector_outputs', detector_outputs()),
            ('detector_nan', detector_nan())]


def main():
    outdir = sys.argv[1]
    stamp = sys.argv[2] if len(sys.argv) > 2 else None
    data_dir = sys.argv[3] if len(sys.argv) > 3 else os.environ.get(
        'MNV2_DATA_DIR', '')
    os.makedirs(os.path.join(outdir, 'hostile'), exist_ok=True)
    labels = labels_zip(['zero', 'one', 'two', 'three', 'four'])
    # A valid model of another shape than a classifier: two outputs.
    t, ops, ins, outs, bufs = tiny_u8()
    two_outputs = tw.model(t, ops, ins, [11, 12], bufs)
    seg = tw.model(t[:7], ops[:2], ins, [6], bufs[:5])
    for name, data in [('tiny_two_outputs', two_outputs),
                       ('tiny_seg', seg),
                       ('tiny_ssd', build(tiny_ssd())),
                       ('tiny_ssd_raw', tiny_ssd_raw()),
                       ('tiny_u8', build(tiny_u8(), labels)),
                       ('tiny_s8', build(tiny_s8())),
                       ('tiny_f32', build(tiny_f32()))]:
        with open(os.path.join(outdir, name + '.tflite'), 'wb') as f:
            f.write(data)
    pp = postprocess_only(data_dir) if data_dir else None
    if pp:
        with open(os.path.join(outdir, 'postprocess_A.tflite'), 'wb') as f:
            f.write(pp)
    lines = []
    for name, status, phrase, data in hostile():
        with open(os.path.join(outdir, 'hostile', name + '.tflite'), 'wb') as f:
            f.write(data)
        lines.append('%s\t%s\t%s\n' % (name, status, phrase))
    with open(os.path.join(outdir, 'hostile', 'manifest.txt'), 'w') as f:
        f.writelines(lines)
    os.makedirs(os.path.join(outdir, 'security'), exist_ok=True)
    for name, data in security_models():
        with open(os.path.join(outdir, 'security', name + '.tflite'), 'wb') as f:
            f.write(data)
    with open(os.path.join(outdir, 'seg_medium.tflite'), 'wb') as f:
        f.write(build(seg_medium()))
    if stamp:
        with open(stamp, 'w') as f:
            f.write('ok\n')


if __name__ == '__main__':
    main()
