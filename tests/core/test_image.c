/* Pre-processing (core/image): exact reference inputs from the test images,
 * identical results for every packed format and for padded strides, YUV
 * close to RGB, resize-mode geometry, and the input type mappings; the
 * separable path gives the per-pixel reference's bytes for every format,
 * type and mode, odd sizes, padded strides, crops at every edge, also
 * through a plan kept across calls (mnv_image_prep: planned once per
 * geometry, frames of other strides and contents on the same plan, a crop
 * of one size moving over the frame on one plan). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image_pool.h"
#include "image_util.h"
#include "mnv_image.h"
#include "test_util.h"

static mnv_tensor_info
input_info (int w, int h, mnv_type type)
{
  mnv_tensor_info info = { "input", type, 4, { 1, h, w, 3 }, 0, 0, 0 };
  info.bytes = (size_t) w * h * 3 * (type == MNV_TYPE_FLOAT32 ? 4 : 1);
  return info;
}

static unsigned char *
preprocess (const mnv_image *im, int iw, int ih, mnv_resize_mode mode,
    mnv_type type)
{
  mnv_tensor_info info = input_info (iw, ih, type);
  mnv_rect src, dst;
  mnv_error err;
  unsigned char *out = malloc (info.bytes);
  mnv_image_plan (im->width, im->height, iw, ih, mode, &src, &dst);
  if (mnv_image_to_input (im, &src, &dst, &info, NULL, out, &err) != MNV_OK) {
    CHECK (0, "%s", err.message);
    free (out);
    return NULL;
  }
  return out;
}

static mnv_image
packed_image (const unsigned char *rgb, int w, int h)
{
  mnv_image im = { MNV_PIXEL_RGB, w, h, { rgb }, { w * 3 }, 0, 0 };
  return im;
}

/* RGB -> the packed FORMAT with STRIDE bytes per row (padding = 0xEE). */
static unsigned char *
repack (const unsigned char *rgb, int w, int h, mnv_pixel_format f, int stride)
{
  static const char *const orders[] = {
    [MNV_PIXEL_RGB] = "RGB",
    [MNV_PIXEL_BGR] = "BGR",
    [MNV_PIXEL_RGBX] = "RGBx",
    [MNV_PIXEL_BGRX] = "BGRx",
    [MNV_PIXEL_XRGB] = "xRGB",
    [MNV_PIXEL_XBGR] = "xBGR",
    [MNV_PIXEL_RGBA] = "RGBA",
    [MNV_PIXEL_BGRA] = "BGRA",
    [MNV_PIXEL_ARGB] = "ARGB",
    [MNV_PIXEL_ABGR] = "ABGR",
  };
  const char *o = orders[f];
  int bpp = (int) strlen (o);
  unsigned char *buf = malloc ((size_t) stride * h);
  memset (buf, 0xEE, (size_t) stride * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < bpp; c++) {
        const char *ch = strchr ("RGB", o[c]);
        buf[(size_t) y * stride + x * bpp + c] = ch ?
            rgb[((size_t) y * w + x) * 3 + (ch - "RGB")] :
            0x55;
      }
  return buf;
}

static void
test_reference_inputs (const char *data)
{
  static const struct {
    const char *bmp, *ref;
    int size;
  } cases[] = {
    { "cat.bmp", "cat_224.rgb", 224 },
    { "bird.bmp", "bird_224.rgb", 224 },
    { "grace_hopper.bmp", "grace_hopper_224.rgb", 224 },
    { "dog_segmentation_256.bmp", "dog_segmentation_256_513.rgb", 513 },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int w, h;
    size_t ref_size;
    unsigned char *rgb = test_load_bmp (test_path (data, "testdata",
                                            cases[i].bmp),
        &w, &h);
    unsigned char *ref = test_read_file (test_path (data, "ref/inputs",
                                             cases[i].ref),
        &ref_size);
    CHECK (rgb && ref, "missing %s or %s", cases[i].bmp, cases[i].ref);
    if (rgb && ref) {
      mnv_image im = packed_image (rgb, w, h);
      unsigned char *out = preprocess (&im, cases[i].size, cases[i].size,
          MNV_RESIZE_STRETCH, MNV_TYPE_UINT8);
      CHECK (out && ref_size == (size_t) cases[i].size * cases[i].size * 3 &&
              memcmp (out, ref, ref_size) == 0,
          "%s (%dx%d) does not give %s", cases[i].bmp, w, h, cases[i].ref);
      printf ("%-28s %4dx%-4d -> %s: %s\n", cases[i].bmp, w, h, cases[i].ref,
          out && memcmp (out, ref, ref_size) == 0 ? "identical" : "DIFFERS");
      free (out);
    }
    free (rgb);
    free (ref);
  }
}

/* A synthetic frame: smooth gradients plus texture, odd size. */
static unsigned char *
synthetic_rgb (int w, int h)
{
  unsigned char *rgb = malloc ((size_t) w * h * 3);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      unsigned char *p = rgb + ((size_t) y * w + x) * 3;
      p[0] = (unsigned char) (x * 255 / (w - 1));
      p[1] = (unsigned char) (y * 255 / (h - 1));
      p[2] = (unsigned char) ((x * 7 + y * 13) % 256);
    }
  return rgb;
}

static void
test_packed_formats (void)
{
  const int w = 161, h = 97;
  unsigned char *rgb = synthetic_rgb (w, h);
  mnv_image base = packed_image (rgb, w, h);
  for (int mode = 0; mode < 3; mode++) {
    unsigned char *want = preprocess (&base, 64, 48, mode, MNV_TYPE_UINT8);
    for (int f = MNV_PIXEL_RGB; f <= MNV_PIXEL_ABGR; f++) {
      int bpp = f <= MNV_PIXEL_BGR ? 3 : 4, stride = w * bpp + 13;
      unsigned char *buf = repack (rgb, w, h, f, stride);
      mnv_image im = { f, w, h, { buf }, { stride }, 0, 0 };
      unsigned char *got = preprocess (&im, 64, 48, mode, MNV_TYPE_UINT8);
      CHECK (got && want && memcmp (got, want, 64 * 48 * 3) == 0,
          "format %d mode %d differs from RGB", f, mode);
      free (got);
      free (buf);
    }
    free (want);
  }
  free (rgb);
}

static void
test_yuv (void)
{
  const int w = 160, h = 96;
  unsigned char *rgb = synthetic_rgb (w, h);
  /* BT.601 limited range, chroma averaged over 2x2. */
  unsigned char *y = malloc ((size_t) w * h), *u = malloc (w * h / 4),
                *v = malloc (w * h / 4), *uv = malloc (w * h / 2);
  for (int j = 0; j < h; j++)
    for (int i = 0; i < w; i++) {
      const unsigned char *p = rgb + ((size_t) j * w + i) * 3;
      y[j * w + i] =
          (unsigned char) ((66 * p[0] + 129 * p[1] + 25 * p[2] + 128) / 256 +
              16);
    }
  for (int j = 0; j < h / 2; j++)
    for (int i = 0; i < w / 2; i++) {
      int r = 0, g = 0, b = 0;
      for (int k = 0; k < 4; k++) {
        const unsigned char *p = rgb +
            ((size_t) (2 * j + k / 2) * w + 2 * i + k % 2) * 3;
        r += p[0];
        g += p[1];
        b += p[2];
      }
      r /= 4;
      g /= 4;
      b /= 4;
      int U = (-38 * r - 74 * g + 112 * b + 128) / 256 + 128;
      int V = (112 * r - 94 * g - 18 * b + 128) / 256 + 128;
      u[j * (w / 2) + i] = uv[j * w + 2 * i] = (unsigned char) U;
      v[j * (w / 2) + i] = uv[j * w + 2 * i + 1] = (unsigned char) V;
    }
  mnv_image i420 = { MNV_PIXEL_I420, w, h, { y, u, v }, { w, w / 2, w / 2 },
    MNV_YUV_BT601, 0 };
  mnv_image nv12 = { MNV_PIXEL_NV12, w, h, { y, uv }, { w, w }, MNV_YUV_BT601,
    0 };
  mnv_image packed = packed_image (rgb, w, h);
  unsigned char *a = preprocess (&i420, 40, 24, MNV_RESIZE_STRETCH,
      MNV_TYPE_UINT8);
  unsigned char *b = preprocess (&nv12, 40, 24, MNV_RESIZE_STRETCH,
      MNV_TYPE_UINT8);
  unsigned char *c = preprocess (&packed, 40, 24, MNV_RESIZE_STRETCH,
      MNV_TYPE_UINT8);
  CHECK (a && b && memcmp (a, b, 40 * 24 * 3) == 0, "NV12 != I420");
  long total = 0;
  for (int i = 0; a && c && i < 40 * 24 * 3; i++)
    total += abs (a[i] - c[i]);
  double mean = (double) total / (40 * 24 * 3);
  printf ("YUV vs RGB: mean |difference| %.2f\n", mean);
  CHECK (mean < 6.0, "YUV conversion far from RGB: %.2f", mean);
  free (a);
  free (b);
  free (c);
  free (y);
  free (u);
  free (v);
  free (uv);
  free (rgb);
}

static void
test_geometry_and_types (void)
{
  mnv_rect src, dst;
  mnv_image_plan (512, 341, 224, 224, MNV_RESIZE_LETTERBOX, &src, &dst);
  CHECK (dst.x == 0 && dst.w == 224 && dst.h == 149 && dst.y == 37 &&
          src.w == 512 && src.h == 341,
      "letterbox %d,%d %dx%d", dst.x, dst.y, dst.w, dst.h);
  mnv_image_plan (512, 341, 224, 224, MNV_RESIZE_CENTER_CROP, &src, &dst);
  CHECK (src.w == 341 && src.x == 85 && src.h == 341 && dst.w == 224,
      "center-crop %d,%d %dx%d", src.x, src.y, src.w, src.h);
  mnv_image_plan (100, 400, 224, 224, MNV_RESIZE_CENTER_CROP, &src, &dst);
  CHECK (src.h == 100 && src.y == 150, "portrait crop %d %d", src.y, src.h);

  /* Letterbox bands are black; float = x / 127.5f - 1.0f; int8 = x - 128. */
  const int w = 33, h = 17;
  unsigned char *rgb = synthetic_rgb (w, h);
  mnv_image im = packed_image (rgb, w, h);
  unsigned char *u8 = preprocess (&im, 20, 20, MNV_RESIZE_LETTERBOX,
      MNV_TYPE_UINT8);
  signed char *s8 = (signed char *) preprocess (&im, 20, 20,
      MNV_RESIZE_LETTERBOX, MNV_TYPE_INT8);
  float *f = (float *) preprocess (&im, 20, 20, MNV_RESIZE_LETTERBOX,
      MNV_TYPE_FLOAT32);
  CHECK (u8[0] == 0 && u8[20 * 20 * 3 - 1] == 0, "black bands");
  for (int i = 0; u8 && s8 && f && i < 20 * 20 * 3; i++) {
    CHECK (s8[i] == u8[i] - 128, "int8 at %d", i);
    CHECK (f[i] == (float) u8[i] / 127.5f - 1.0f, "float at %d", i);
  }
  /* Per-channel normalization: (pixel - mean[c]) / std[c]. */
  mnv_normalization norm = { { 0.0f, 127.5f, 255.0f }, { 1.0f, 2.0f, 4.0f } };
  mnv_tensor_info finfo = input_info (20, 20, MNV_TYPE_FLOAT32);
  mnv_rect s2, d2;
  float *g = malloc (finfo.bytes);
  mnv_image_plan (w, h, 20, 20, MNV_RESIZE_LETTERBOX, &s2, &d2);
  CHECK (mnv_image_to_input (&im, &s2, &d2, &finfo, &norm, g, NULL) == MNV_OK,
      "per-channel normalization");
  for (int i = 0; i < 20 * 20 * 3; i++)
    CHECK (fabsf (g[i] - ((float) u8[i] - norm.mean[i % 3]) / norm.std[i % 3]) <
            1e-5f,
        "normalized value at %d", i);
  free (g);
  free (u8);
  free (s8);
  free (f);

  /* Rectangles outside the frame are refused, not read. */
  mnv_tensor_info info = input_info (8, 8, MNV_TYPE_UINT8);
  mnv_rect bad = { 30, 0, 10, 10 }, whole = { 0, 0, 8, 8 };
  unsigned char out[8 * 8 * 3];
  mnv_error err;
  CHECK (mnv_image_to_input (&im, &bad, &whole, &info, NULL, out, &err) ==
          MNV_ERR_ARGUMENT,
      "source rectangle outside the frame");
  info.dims[3] = 1;
  CHECK (mnv_image_to_input (&im, &whole, &whole, &info, NULL, out, &err) ==
          MNV_ERR_UNSUPPORTED,
      "one-channel input refused");
  free (rgb);
}

/* A frame of FORMAT, W x H, rows padded by PAD bytes, random content
 * (planes malloc'd into BUF). */
static void
random_frame (mnv_image *im, mnv_pixel_format format, int w, int h, int pad,
    uint32_t *seed, uint8_t *buf[3])
{
  memset (im, 0, sizeof *im);
  im->format = format;
  im->width = w;
  im->height = h;
  im->matrix = (*seed & 1) ? MNV_YUV_BT709 : MNV_YUV_BT601;
  im->full_range = (*seed >> 1) & 1;
  const int bpp = format <= MNV_PIXEL_BGR ? 3 :
      format <= MNV_PIXEL_ABGR            ? 4 :
                                            1;
  const int planes = format == MNV_PIXEL_NV12 ? 2 :
      format == MNV_PIXEL_I420                ? 3 :
                                                1;
  for (int p = 0; p < 3; p++)
    buf[p] = NULL;
  for (int p = 0; p < planes; p++) {
    const int cw = p ? (w + 1) / 2 : w, ch = p ? (h + 1) / 2 : h;
    const int row = p == 0 ? cw * bpp : format == MNV_PIXEL_NV12 ? 2 * cw : cw;
    im->strides[p] = row + pad;
    const size_t bytes = (size_t) im->strides[p] * (size_t) (ch - 1) + row;
    buf[p] = malloc (bytes);
    for (size_t i = 0; i < bytes; i++)
      buf[p][i] = (uint8_t) test_xorshift (seed);
    im->planes[p] = buf[p];
  }
}

static void
test_separable_matches_reference (void)
{
  static const int sizes[] = { 1, 2, 3, 5, 8, 17, 40, 70 };
  const int n_sizes = sizeof sizes / sizeof sizes[0];
  const mnv_type types[] = { MNV_TYPE_UINT8, MNV_TYPE_INT8, MNV_TYPE_FLOAT32 };
  uint32_t seed = 7;
  int cases = 0, plans = 0;
  typedef struct {
    int format, w, h, iw, ih;
    mnv_rect src, dst;
  } geometry;
  geometry last = { -1, 0, 0, 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 } };
  mnv_image_prep *prep = mnv_image_prep_new ();
  mnv_pool *pools[2] = { mnv_pool_create (2), mnv_pool_create (3) };
  for (int f = 0; f <= MNV_PIXEL_I420; f++)
    for (int k = 0; k < 60; k++) {
      const int fw = sizes[test_xorshift (&seed) % n_sizes] +
          (int) (test_xorshift (&seed) % 3);
      const int fh = sizes[test_xorshift (&seed) % n_sizes] +
          (int) (test_xorshift (&seed) % 3);
      const int iw = sizes[test_xorshift (&seed) % n_sizes];
      const int ih = sizes[test_xorshift (&seed) % n_sizes];
      const int pad = (int) (test_xorshift (&seed) % 4);
      mnv_image im;
      uint8_t *buf[3];
      random_frame (&im, (mnv_pixel_format) f, fw, fh, pad, &seed, buf);
      mnv_rect src, dst;
      const int how = (int) (test_xorshift (&seed) % 4);
      if (how < 3) {
        mnv_image_plan (fw, fh, iw, ih, (mnv_resize_mode) how, &src, &dst);
      } else {
        /* A crop anywhere (an ROI), to a part of the input. */
        src.w = 1 + (int) (test_xorshift (&seed) % (uint32_t) fw);
        src.h = 1 + (int) (test_xorshift (&seed) % (uint32_t) fh);
        src.x = (int) (test_xorshift (&seed) % (uint32_t) (fw - src.w + 1));
        src.y = (int) (test_xorshift (&seed) % (uint32_t) (fh - src.h + 1));
        dst.w = 1 + (int) (test_xorshift (&seed) % (uint32_t) iw);
        dst.h = 1 + (int) (test_xorshift (&seed) % (uint32_t) ih);
        dst.x = (int) (test_xorshift (&seed) % (uint32_t) (iw - dst.w + 1));
        dst.y = (int) (test_xorshift (&seed) % (uint32_t) (ih - dst.h + 1));
      }
      const mnv_type type = types[k % 3];
      mnv_tensor_info info = input_info (iw, ih, type);
      mnv_normalization norm = { { 120.0f, 110.5f, 100.0f },
        { 58.0f, 57.0f, 57.5f } };
      unsigned char *a = malloc (info.bytes), *b = malloc (info.bytes);
      mnv_error err;
      const mnv_normalization *nn = k % 2 ? &norm : NULL;
      CHECK (mnv_image_to_input (&im, &src, &dst, &info, nn, a, &err) == MNV_OK,
          "%s", err.message);
      CHECK (mnv_image_to_input_ref (&im, &src, &dst, &info, nn, b, &err) ==
              MNV_OK,
          "%s", err.message);
      CHECK (memcmp (a, b, info.bytes) == 0,
          "format %d %dx%d (pad %d) to "
          "%dx%d, src %d,%d %dx%d dst %d,%d %dx%d, type %d: differs",
          f, fw, fh, pad, iw, ih, src.x, src.y, src.w, src.h, dst.x, dst.y,
          dst.w, dst.h, (int) type);
      /* Through the kept plan: this frame, then another of the same
       * geometry (other contents and padding) on the same plan.  A plan is
       * kept for the crop's size (not its place, nor the frame's size),
       * its columns for the parity of the crop's start (YUV). */
      const int packed = f < MNV_PIXEL_NV12;
      const int same = last.format == f && last.iw == iw && last.ih == ih &&
          last.src.w == src.w && last.src.h == src.h &&
          !memcmp (&last.dst, &dst, sizeof dst) &&
          (packed || (last.src.x & 1) == (src.x & 1));
      last = (geometry){ f, fw, fh, iw, ih, src, dst };
      plans += !same;
      for (int again = 0; again < 2; again++) {
        if (again) {
          for (int p = 0; p < 3; p++)
            free (buf[p]);
          random_frame (&im, (mnv_pixel_format) f, fw, fh, (pad + 1) % 4, &seed,
              buf);
          mnv_image_to_input_ref (&im, &src, &dst, &info, nn, b, &err);
        }
        memset (a, 0xA5, info.bytes);
        CHECK (mnv_image_to_input_prep (prep, &im, &src, &dst, &info, nn, a,
                   &err) == MNV_OK,
            "%s", err.message);
        CHECK (memcmp (a, b, info.bytes) == 0,
            "kept plan (frame %d): format %d %dx%d to %dx%d, src %d,%d %dx%d "
            "dst %d,%d %dx%d: differs",
            again, f, fw, fh, iw, ih, src.x, src.y, src.w, src.h, dst.x, dst.y,
            dst.w, dst.h);
      }
      CHECK (mnv_image_prep_plans (prep) == plans, "%d plans for %d geometries",
          mnv_image_prep_plans (prep), plans);
      /* In bands of output rows on 2 and 3 threads (bands of 16 rows or
       * more: the taller inputs). */
      for (int pi = 0; pi < 2; pi++) {
        memset (a, 0x5A, info.bytes);
        CHECK (mnv_image_to_input_pool (prep, pools[pi], &im, &src, &dst, &info,
                   nn, a, &err) == MNV_OK,
            "%s", err.message);
        CHECK (memcmp (a, b, info.bytes) == 0,
            "%d threads: format %d %dx%d to %dx%d, src %d,%d %dx%d dst "
            "%d,%d %dx%d: differs",
            mnv_pool_threads (pools[pi]), f, fw, fh, iw, ih, src.x, src.y,
            src.w, src.h, dst.x, dst.y, dst.w, dst.h);
      }
      free (a);
      free (b);
      for (int p = 0; p < 3; p++)
        free (buf[p]);
      cases++;
    }
  mnv_image_prep_free (prep);
  mnv_pool_destroy (pools[0]);
  mnv_pool_destroy (pools[1]);
  printf ("separable path == per-pixel reference: %d cases (%d plans kept)\n",
      cases, plans);
}

/* A crop of one size moving over a frame (an object an ROI follows): every
 * position, odd and even columns, up to every edge (where fewer columns can
 * be read 4 bytes at a time), each the per-pixel reference's bytes, and the
 * columns planned once per parity of the crop's start (YUV; packed pixels
 * once), the rows once. */
static void
test_moving_crop (void)
{
  const mnv_pixel_format formats[] = { MNV_PIXEL_NV12, MNV_PIXEL_I420,
    MNV_PIXEL_RGB, MNV_PIXEL_BGRX };
  uint32_t seed = 11;
  for (int fi = 0; fi < 4; fi++) {
    const mnv_pixel_format f = formats[fi];
    const int fw = 37, fh = 23, pad = 3;
    mnv_image im;
    uint8_t *buf[3];
    random_frame (&im, f, fw, fh, pad, &seed, buf);
    /* Downscaled, upscaled (the last taps clamp at the crop's edge). */
    const int sizes[2][2] = { { 13, 9 }, { 5, 4 } };
    for (int si = 0; si < 2; si++) {
      mnv_tensor_info info = input_info (10, 7, MNV_TYPE_UINT8);
      unsigned char *a = malloc (info.bytes), *b = malloc (info.bytes);
      mnv_image_prep *prep = mnv_image_prep_new ();
      const mnv_rect dst = { 1, 0, 9, 7 };
      int positions = 0;
      const int last_y = fh - sizes[si][1];
      /* Every third row and the last (the frame's last row has no stride
       * padding after it). */
      for (int y = 0; y <= last_y;
           y = y < last_y && y + 3 > last_y ? last_y : y + 3)
        for (int x = 0; x + sizes[si][0] <= fw; x++, positions++) {
          const mnv_rect src = { x, y, sizes[si][0], sizes[si][1] };
          mnv_error err;
          CHECK (mnv_image_to_input_ref (&im, &src, &dst, &info, NULL, b,
                     &err) == MNV_OK,
              "%s", err.message);
          memset (a, 0xA5, info.bytes);
          CHECK (mnv_image_to_input_prep (prep, &im, &src, &dst, &info, NULL, a,
                     &err) == MNV_OK,
              "%s", err.message);
          CHECK (memcmp (a, b, info.bytes) == 0,
              "moving crop: format %d, %dx%d at %d,%d differs", (int) f, src.w,
              src.h, x, y);
        }
      const int want = f < MNV_PIXEL_NV12 ? 1 : 2;
      CHECK (mnv_image_prep_plans (prep) == want,
          "moving crop: format %d, %d positions planned %d times (want %d)",
          (int) f, positions, mnv_image_prep_plans (prep), want);
      mnv_image_prep_free (prep);
      free (a);
      free (b);
    }
    for (int p = 0; p < 3; p++)
      free (buf[p]);
  }
}

int
main (void)
{
  test_separable_matches_reference ();
  test_moving_crop ();
  test_packed_formats ();
  test_yuv ();
  test_geometry_and_types ();
  test_reference_inputs (test_data_dir_or_skip ("image pre-processing"));
  return test_finish ("image pre-processing");
}
