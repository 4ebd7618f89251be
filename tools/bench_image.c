/* mnv2 bench-image: the time of one frame to a model's input tensor
 * (mnv_image_to_input, what every element does per frame before
 * inference), for a frame size, pixel format and resize mode; with
 * --reference the per-pixel path it replaced.  The frame is synthetic (a
 * fixed pseudo-random pattern); the last line printed is
 * "min_ms= median_ms= isa=". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_stats.h"
#include "mnv.h"
#include "mnv_image.h"

static int
bench_usage (void)
{
  fprintf (stderr,
      "usage: mnv2 bench-image MODEL --from WxH "
      "[--format nv12|i420|rgb|bgrx] [--mode stretch|letterbox|center-crop] "
      "[--runs K] [--warmup W] [--reference]\n");
  return 2;
}

int
mnv2_bench_image (int argc, char **argv)
{
  const char *model_path = argc > 0 ? argv[0] : NULL;
  int fw = 0, fh = 0, runs = 200, warmup = 20;
  mnv_pixel_format format = MNV_PIXEL_NV12;
  mnv_resize_mode mode = MNV_RESIZE_STRETCH;
  int reference = 0;
  if (!model_path)
    return bench_usage ();
  for (int i = 1; i < argc; i++) {
    if (strcmp (argv[i], "--reference") == 0) {
      reference = 1;
      continue;
    }
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v)
      return bench_usage ();
    if (strcmp (argv[i], "--from") == 0) {
      if (sscanf (v, "%dx%d", &fw, &fh) != 2 || fw < 1 || fh < 1 ||
          fw > 16384 || fh > 16384)
        return bench_usage ();
    } else if (strcmp (argv[i], "--format") == 0) {
      format = strcmp (v, "nv12") == 0 ? MNV_PIXEL_NV12 :
          strcmp (v, "i420") == 0      ? MNV_PIXEL_I420 :
          strcmp (v, "rgb") == 0       ? MNV_PIXEL_RGB :
          strcmp (v, "bgrx") == 0      ? MNV_PIXEL_BGRX :
                                         (mnv_pixel_format) -1;
      if ((int) format < 0)
        return bench_usage ();
    } else if (strcmp (argv[i], "--mode") == 0) {
      mode = strcmp (v, "stretch") == 0  ? MNV_RESIZE_STRETCH :
          strcmp (v, "letterbox") == 0   ? MNV_RESIZE_LETTERBOX :
          strcmp (v, "center-crop") == 0 ? MNV_RESIZE_CENTER_CROP :
                                           (mnv_resize_mode) -1;
      if ((int) mode < 0)
        return bench_usage ();
    } else if (strcmp (argv[i], "--runs") == 0) {
      runs = atoi (v);
    } else if (strcmp (argv[i], "--warmup") == 0) {
      warmup = atoi (v);
    } else {
      return bench_usage ();
    }
    i++;
  }
  if (fw < 1 || runs < 1 || runs > 100000 || warmup < 0)
    return bench_usage ();

  mnv_model *m;
  mnv_error err;
  mnv_tensor_info in;
  if (mnv_model_open (model_path, NULL, &m, &err) != MNV_OK) {
    fprintf (stderr, "mnv2: %s\n", err.message);
    return 1;
  }
  mnv_model_input_info (m, 0, &in);

  /* The frame: planes as GStreamer lays them out, pseudo-random bytes. */
  mnv_image im;
  memset (&im, 0, sizeof im);
  im.format = format;
  im.width = fw;
  im.height = fh;
  const int bpp = format == MNV_PIXEL_RGB ? 3 :
      format == MNV_PIXEL_BGRX            ? 4 :
                                            1;
  const int planes = format == MNV_PIXEL_NV12 ? 2 :
      format == MNV_PIXEL_I420                ? 3 :
                                                1;
  uint8_t *buf[3] = { NULL, NULL, NULL };
  uint32_t seed = 12345;
  for (int p = 0; p < planes; p++) {
    const int cw = p ? (fw + 1) / 2 : fw, ch = p ? (fh + 1) / 2 : fh;
    im.strides[p] = ((p == 0                          ? cw * bpp :
                             format == MNV_PIXEL_NV12 ? 2 * cw :
                                                        cw) +
                        3) &
        ~3;
    const size_t bytes = (size_t) im.strides[p] * ch;
    buf[p] = malloc (bytes);
    for (size_t i = 0; i < bytes; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[p][i] = (uint8_t) (seed >> 16);
    }
    im.planes[p] = buf[p];
  }
  mnv_rect src, dst;
  mnv_image_plan (fw, fh, in.dims[2], in.dims[1], mode, &src, &dst);
  void *out = malloc (in.bytes);
  double *times = malloc ((size_t) runs * sizeof *times);
  int status = 0;
  for (int i = 0; i < warmup + runs && !status; i++) {
    const double t0 = now_ms ();
    if ((reference ? mnv_image_to_input_ref : mnv_image_to_input) (&im, &src,
            &dst, &in, NULL, out, &err) != MNV_OK) {
      fprintf (stderr, "mnv2: %s\n", err.message);
      status = 1;
    }
    if (i >= warmup)
      times[i - warmup] = now_ms () - t0;
  }
  if (!status) {
    const run_stats st = stats_of (times, runs);
    printf ("%s: %dx%d %s to %dx%d %s, %s\n",
        reference ? "per-pixel reference" : "separable", fw, fh,
        format == MNV_PIXEL_NV12     ? "nv12" :
            format == MNV_PIXEL_I420 ? "i420" :
            format == MNV_PIXEL_RGB  ? "rgb" :
                                       "bgrx",
        in.dims[2], in.dims[1], mnv_type_name (in.type),
        mode == MNV_RESIZE_STRETCH       ? "stretch" :
            mode == MNV_RESIZE_LETTERBOX ? "letterbox" :
                                           "center-crop");
    printf ("min_ms=%.4f median_ms=%.4f isa=%s\n", st.min, st.median,
        mnv_isa_name ());
  }
  free (times);
  free (out);
  for (int p = 0; p < 3; p++)
    free (buf[p]);
  mnv_model_unref (m);
  return status;
}
