/* mnv2 bench-image: the time of one frame to a model's input tensor
 * (mnv_image_to_input_prep with a plan kept across frames, what every
 * element does per frame before inference), for a frame size, pixel format
 * and resize mode; with --replan planning every frame (mnv_image_to_input),
 * with --reference the per-pixel path it replaced.  The frame is synthetic (a
 * fixed pseudo-random pattern); with --frames K, K such frames are taken in
 * turn, so that (K x frame size beyond the caches) each comes from memory as
 * a camera's does.  The last line printed is "min_ms= median_ms= isa=". */
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
      "[--runs K] [--warmup W] [--frames K] [--replan] [--reference]\n");
  return 2;
}

typedef struct {
  const char *model_path;
  int fw, fh, runs, warmup, frames, reference, replan;
  mnv_pixel_format format;
  mnv_resize_mode mode;
} bench_args;

static const char *
format_name (mnv_pixel_format f)
{
  return f == MNV_PIXEL_NV12 ? "nv12" :
      f == MNV_PIXEL_I420    ? "i420" :
      f == MNV_PIXEL_RGB     ? "rgb" :
                               "bgrx";
}

static const char *
mode_name (mnv_resize_mode m)
{
  return m == MNV_RESIZE_STRETCH ? "stretch" :
      m == MNV_RESIZE_LETTERBOX  ? "letterbox" :
                                   "center-crop";
}

/* The value of option NAME (V) into A; 0 when it is unknown or invalid. */
static int
parse_option (bench_args *a, const char *name, const char *v)
{
  if (strcmp (name, "--from") == 0)
    return sscanf (v, "%dx%d", &a->fw, &a->fh) == 2 && a->fw >= 1 &&
        a->fh >= 1 && a->fw <= 16384 && a->fh <= 16384;
  if (strcmp (name, "--format") == 0) {
    for (mnv_pixel_format f = MNV_PIXEL_RGB; f <= MNV_PIXEL_I420; f++)
      if ((f == MNV_PIXEL_NV12 || f == MNV_PIXEL_I420 || f == MNV_PIXEL_RGB ||
              f == MNV_PIXEL_BGRX) &&
          strcmp (v, format_name (f)) == 0) {
        a->format = f;
        return 1;
      }
    return 0;
  }
  if (strcmp (name, "--mode") == 0) {
    for (mnv_resize_mode m = MNV_RESIZE_STRETCH; m <= MNV_RESIZE_CENTER_CROP;
         m++)
      if (strcmp (v, mode_name (m)) == 0) {
        a->mode = m;
        return 1;
      }
    return 0;
  }
  if (strcmp (name, "--runs") == 0)
    a->runs = atoi (v);
  else if (strcmp (name, "--warmup") == 0)
    a->warmup = atoi (v);
  else if (strcmp (name, "--frames") == 0)
    a->frames = atoi (v);
  else
    return 0;
  return 1;
}

static int
parse_args (int argc, char **argv, bench_args *a)
{
  *a = (bench_args){ argc > 0 ? argv[0] : NULL, 0, 0, 200, 20, 1, 0, 0,
    MNV_PIXEL_NV12, MNV_RESIZE_STRETCH };
  if (!a->model_path)
    return 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp (argv[i], "--reference") == 0) {
      a->reference = 1;
      continue;
    }
    if (strcmp (argv[i], "--replan") == 0) {
      a->replan = 1;
      continue;
    }
    if (i + 1 >= argc || !parse_option (a, argv[i], argv[i + 1]))
      return 0;
    i++;
  }
  return a->fw >= 1 && a->runs >= 1 && a->runs <= 100000 && a->warmup >= 0 &&
      a->frames >= 1 && a->frames <= 64;
}

/* A FW x FH frame of FORMAT with planes as GStreamer lays them out (rows
 * padded to 4 bytes), pseudo-random bytes from SEED; BUF receives the planes
 * to free.  0 when memory is short. */
static int
make_frame (mnv_pixel_format format, int fw, int fh, uint32_t seed,
    mnv_image *im, uint8_t *buf[3])
{
  memset (im, 0, sizeof *im);
  buf[0] = buf[1] = buf[2] = NULL;
  im->format = format;
  im->width = fw;
  im->height = fh;
  const int bpp = format == MNV_PIXEL_RGB ? 3 :
      format == MNV_PIXEL_BGRX            ? 4 :
                                            1;
  const int planes = format == MNV_PIXEL_NV12 ? 2 :
      format == MNV_PIXEL_I420                ? 3 :
                                                1;
  for (int p = 0; p < planes; p++) {
    const int cw = p ? (fw + 1) / 2 : fw, ch = p ? (fh + 1) / 2 : fh;
    const int row = p == 0 ? cw * bpp : format == MNV_PIXEL_NV12 ? 2 * cw : cw;
    im->strides[p] = (row + 3) & ~3;
    const size_t bytes = (size_t) im->strides[p] * ch;
    buf[p] = malloc (bytes);
    if (!buf[p])
      return 0;
    for (size_t i = 0; i < bytes; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[p][i] = (uint8_t) (seed >> 16);
    }
    im->planes[p] = buf[p];
  }
  return 1;
}

int
mnv2_bench_image (int argc, char **argv)
{
  bench_args a;
  if (!parse_args (argc, argv, &a))
    return bench_usage ();

  mnv_model *m;
  mnv_error err;
  mnv_tensor_info in;
  if (mnv_model_open (a.model_path, NULL, &m, &err) != MNV_OK) {
    fprintf (stderr, "mnv2: %s\n", err.message);
    return 1;
  }
  mnv_model_input_info (m, 0, &in);

  mnv_image im[64];
  uint8_t *buf[64][3];
  int made = 0, status = 0; /* frames whose planes are to free */
  for (; made < a.frames && !status; made++)
    status = !make_frame (a.format, a.fw, a.fh, 12345u + (uint32_t) made,
        &im[made], buf[made]);
  mnv_rect src, dst;
  mnv_image_plan (a.fw, a.fh, in.dims[2], in.dims[1], a.mode, &src, &dst);
  void *out = malloc (in.bytes);
  double *times = malloc ((size_t) a.runs * sizeof *times);
  mnv_image_prep *prep = mnv_image_prep_new ();
  if (status || !out || !times || !prep) {
    fprintf (stderr, "mnv2: out of memory for %d %dx%d frame(s)\n", a.frames,
        a.fw, a.fh);
    status = 1;
  }
  for (int i = 0; i < a.warmup + a.runs && !status; i++) {
    const mnv_image *frame = &im[i % a.frames];
    const double t0 = now_ms ();
    const mnv_status s = a.reference ?
        mnv_image_to_input_ref (frame, &src, &dst, &in, NULL, out, &err) :
        mnv_image_to_input_prep (a.replan ? NULL : prep, frame, &src, &dst, &in,
            NULL, out, &err);
    if (s != MNV_OK) {
      fprintf (stderr, "mnv2: %s\n", err.message);
      status = 1;
    }
    if (i >= a.warmup)
      times[i - a.warmup] = now_ms () - t0;
  }
  if (!status) {
    const run_stats st = stats_of (times, a.runs);
    printf ("%s: %dx%d %s to %dx%d %s, %s, %d frame%s in turn\n",
        a.reference  ? "per-pixel reference" :
            a.replan ? "separable, planned every frame" :
                       "separable",
        a.fw, a.fh, format_name (a.format), in.dims[2], in.dims[1],
        mnv_type_name (in.type), mode_name (a.mode), a.frames,
        a.frames > 1 ? "s" : "");
    printf ("min_ms=%.4f median_ms=%.4f isa=%s\n", st.min, st.median,
        mnv_isa_name ());
  }
  mnv_image_prep_free (prep);
  free (times);
  free (out);
  for (int f = 0; f < made; f++)
    for (int p = 0; p < 3; p++)
      free (buf[f][p]);
  mnv_model_unref (m);
  return status;
}
