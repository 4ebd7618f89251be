#!/usr/bin/env python3
"""A video with known motion for the tracker's pipeline test: a cat
(cat.bmp at half size) and a dog (dog_segmentation_256.bmp at 0.8) on a grey
720x460 canvas, seen through a 600x400 window that moves 2 px right and 1 px
down per frame.  Inputs are the pictures as raw RGB (decoded by gst-launch).

  moving_crop.py CAT.rgb DOG.rgb OUT.rgb FRAMES
"""
import sys


def main():
    cat = open(sys.argv[1], 'rb').read()
    dog = open(sys.argv[2], 'rb').read()
    cw, ch = 512, 341
    assert len(cat) == cw * ch * 3 and len(dog) == 256 * 256 * 3
    w, h = 720, 460
    canvas = bytearray([110]) * (w * h * 3)

    def paste(src, sw, sh, x0, y0, scale):
        for y in range(int(sh * scale)):
            row = int(y / scale) * sw
            for x in range(int(sw * scale)):
                o = (row + int(x / scale)) * 3
                d = ((y0 + y) * w + x0 + x) * 3
                canvas[d:d + 3] = src[o:o + 3]

    paste(cat, cw, ch, 40, 90, 0.5)
    paste(dog, 256, 256, 360, 70, 0.8)
    with open(sys.argv[3], 'wb') as f:
        for fr in range(int(sys.argv[4])):
            x, y = 2 * fr, fr
            for r in range(400):
                o = ((y + r) * w + x) * 3
                f.write(canvas[o:o + 600 * 3])


if __name__ == '__main__':
    main()
