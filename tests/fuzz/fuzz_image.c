/* libFuzzer target: frame to model input (core/image.c) with arbitrary
 * geometry.  The planes are as large as the format, size and strides say
 * (the API's contract, checked by the elements with
 * gst_mnv2_video_frame_fits); everything else comes from the input: the
 * format, frame and model-input sizes, strides with padding, the input
 * type, the resize mode or raw rectangles (any int, negative and huge
 * included), the normalization, a box to map back.  A bad rectangle must be
 * refused (MNV_ERR_ARGUMENT), never read outside the planes. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mnv_image.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

typedef struct {
  const unsigned char *p;
  size_t n;
} reader;

static uint32_t
take (reader *r, int bytes)
{
  uint32_t v = 0;
  for (int i = 0; i < bytes; i++) {
    v = v << 8 | (r->n ? *r->p : 0);
    if (r->n) {
      r->p++;
      r->n--;
    }
  }
  return v;
}

int
LLVMFuzzerTestOneInput (const unsigned char *data, size_t size)
{
  reader r = { data, size };
  mnv_image im;
  memset (&im, 0, sizeof im);
  im.format = (mnv_pixel_format) (take (&r, 1) % (MNV_PIXEL_I420 + 1));
  im.width = 1 + (int) (take (&r, 1) % 64);
  im.height = 1 + (int) (take (&r, 1) % 64);
  im.matrix = take (&r, 1) & 1 ? MNV_YUV_BT709 : MNV_YUV_BT601;
  im.full_range = (int) (take (&r, 1) & 1);
  const int iw = 1 + (int) (take (&r, 1) % 48);
  const int ih = 1 + (int) (take (&r, 1) % 48);
  const int pad = (int) (take (&r, 1) % 8);

  /* Planes of exactly the size the layout needs. */
  const int bpp = im.format <= MNV_PIXEL_BGR ? 3 :
      im.format <= MNV_PIXEL_ABGR            ? 4 :
                                               1;
  const int planes = im.format == MNV_PIXEL_NV12 ? 2 :
      im.format == MNV_PIXEL_I420                ? 3 :
                                                   1;
  uint8_t *buf[3] = { NULL, NULL, NULL };
  for (int p = 0; p < planes; p++) {
    const int cw = p == 0 ? im.width : (im.width + 1) / 2;
    const int ch = p == 0 ? im.height : (im.height + 1) / 2;
    const int row = p == 0          ? cw * bpp :
        im.format == MNV_PIXEL_NV12 ? 2 * cw :
                                      cw;
    im.strides[p] = row + pad;
    const size_t bytes = (size_t) im.strides[p] * (size_t) (ch - 1) +
        (size_t) row;
    buf[p] = malloc (bytes);
    for (size_t i = 0; i < bytes; i++)
      buf[p][i] = (uint8_t) (r.n ? r.p[i % r.n] : i);
    im.planes[p] = buf[p];
  }

  mnv_tensor_info info;
  memset (&info, 0, sizeof info);
  info.rank = 4;
  info.dims[0] = 1;
  info.dims[1] = ih;
  info.dims[2] = iw;
  info.dims[3] = 3;
  const mnv_type types[] = { MNV_TYPE_UINT8, MNV_TYPE_INT8, MNV_TYPE_FLOAT32 };
  info.type = types[take (&r, 1) % 3];
  info.bytes = (size_t) iw * ih * 3 * (info.type == MNV_TYPE_FLOAT32 ? 4 : 1);

  mnv_rect src, dst;
  const uint32_t how = take (&r, 1);
  if (how < 192) {
    mnv_image_plan (im.width, im.height, iw, ih, (mnv_resize_mode) (how % 3),
        &src, &dst);
  } else {
    src = (mnv_rect){ (int) take (&r, 4), (int) take (&r, 4),
      (int) take (&r, 4), (int) take (&r, 4) };
    dst = (mnv_rect){ (int) take (&r, 4), (int) take (&r, 4),
      (int) take (&r, 4), (int) take (&r, 4) };
  }
  mnv_normalization norm = { { 127.5f, 127.5f, 127.5f },
    { 127.5f, 127.5f, 127.5f } };
  if (take (&r, 1) & 1)
    for (int c = 0; c < 3; c++) {
      norm.mean[c] = (float) take (&r, 1);
      norm.std[c] = 1.0f + (float) take (&r, 1);
    }
  void *out = malloc (info.bytes);
  mnv_error err;
  const mnv_status st = mnv_image_to_input (&im, &src, &dst, &info, &norm, out,
      &err);
  if (st != MNV_OK && st != MNV_ERR_ARGUMENT)
    abort ();

  /* A box from any bits (NaN and infinities included) maps into the
   * frame. */
  float box[4], px[4];
  for (int i = 0; i < 4; i++) {
    uint32_t bits = take (&r, 4);
    memcpy (&box[i], &bits, 4);
  }
  if (st == MNV_OK) {
    mnv_image_map_box (box, iw, ih, &src, &dst, im.width, im.height, px);
    for (int i = 0; i < 4; i++)
      if (!(px[i] >= 0.0f && px[i] <= (float) (i % 2 ? im.height : im.width)))
        abort ();
  }
  free (out);
  for (int p = 0; p < 3; p++)
    free (buf[p]);
  return 0;
}
