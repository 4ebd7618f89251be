/* Crafted models that once made the core misbehave (issue: security).
 *
 * - name_bomb: 200 tensors whose names are one shared 256 KiB string.  The
 *   loader read each name as a copy (50 MB from a 260 KB file; the
 *   reproducer in ../shared/security reached 2 GB).  Names are read in
 *   place now: the peak RSS may grow by a few MB only.  The same bomb
 *   with a name that must be copied (control characters) is refused, as
 *   its copies would outgrow the file.
 * - escape_names: a tensor name with a terminal escape sequence is shown
 *   without its control characters.
 * - security-fuse-overflow (tests/data/synthetic): a fused block whose
 *   depthwise stride is larger than its window; one-row bands wrote past
 *   the expanded-row buffer.  Fused and op by op must give the same bytes
 *   on 1 and 2 threads with every band height.
 * - security-avgpool-overflow: a 4096x4096 uint8 average pool; its int32
 *   window sum overflowed.  Refused at load with a message.
 * - A max_bytes budget covers the loader's own allocations.
 * - A detector's outputs are data: NaN, infinite or huge boxes, classes,
 *   scores and counts (written straight into a pass-through model) give no
 *   detection and no int conversion of an out-of-range float; a NaN box
 *   maps to frame coordinates inside the frame.
 * - A TFLite_Detection_PostProcess with a NaN anchor is refused (hostile
 *   manifest). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "detector.h"
#include "mnv_image.h"
#include "test_util.h"

/* Peak resident set size so far, in bytes. */
static size_t
peak_rss (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return (size_t) ru.ru_maxrss * 1024;
}

static void
test_name_bomb (void)
{
  size_t size, before = peak_rss ();
  uint8_t *bytes = test_read_file (test_path (test_models_dir (), "security",
                                       "name_bomb.tflite"),
      &size);
  CHECK (bytes != NULL, "no generated name_bomb.tflite");
  if (!bytes)
    return;
  mnv_model *m = NULL;
  mnv_error err;
  mnv_status st = mnv_model_open_memory (bytes, size, NULL, &m, &err);
  CHECK (st == MNV_OK, "name_bomb: %s", err.message);
  size_t grown = peak_rss () - before;
  printf ("name_bomb: %zu-byte file, peak RSS grew by %zu bytes\n", size,
      grown);
  /* Copied per tensor the names take 50 MB. */
  CHECK (grown < (16u << 20), "loading grew the RSS by %zu bytes", grown);
  if (m)
    mnv_model_unref (m);
  free (bytes);

  bytes = test_read_file (test_path (test_models_dir (), "security",
                              "name_bomb_copied.tflite"),
      &size);
  CHECK (bytes != NULL, "no generated name_bomb_copied.tflite");
  if (!bytes)
    return;
  st = mnv_model_open_memory (bytes, size, NULL, &m, &err);
  CHECK (st == MNV_ERR_FORMAT && strstr (err.message, "more than the file"),
      "name_bomb_copied: %s (%s)", mnv_status_name (st),
      st ? err.message : "loaded");
  if (st == MNV_OK)
    mnv_model_unref (m);
  free (bytes);
}

static void
test_escape_names (void)
{
  mnv_model *m;
  mnv_error err;
  const char *path = test_path (test_models_dir (), "security",
      "escape_names.tflite");
  if (mnv_model_open (path, NULL, &m, &err) != MNV_OK) {
    CHECK (0, "escape_names: %s", err.message);
    return;
  }
  mnv_tensor_info in;
  mnv_model_input_info (m, 0, &in);
  CHECK (in.name && strcmp (in.name, "?[31mred?") == 0,
      "the input's name is '%s', not '?[31mred?'", in.name ? in.name : "");
  mnv_model_unref (m);
}

/* Runs MODEL with OPTS on a fixed input; the output (malloc'd). */
static float *
run_fuse_overflow (mnv_model *model, const mnv_session_options *opts,
    size_t *size, int *blocks)
{
  mnv_session *s;
  mnv_error err;
  if (mnv_session_create (model, opts, &s, &err) != MNV_OK) {
    CHECK (0, "session: %s", err.message);
    return NULL;
  }
  mnv_tensor_info in;
  mnv_model_input_info (model, 0, &in);
  float *data = malloc (in.bytes);
  for (size_t i = 0; i < in.bytes / 4; i++)
    data[i] = (float) (i % 17) * 0.25f - 2.0f;
  CHECK (mnv_session_set_input (s, 0, data, in.bytes, &err) == MNV_OK,
      "input: %s", err.message);
  free (data);
  CHECK (mnv_session_run (s, &err) == MNV_OK, "run: %s", err.message);
  const void *out = mnv_session_output (s, 0, size);
  float *copy = malloc (*size);
  memcpy (copy, out, *size);
  *blocks = mnv_session_num_fused_blocks (s);
  mnv_session_destroy (s);
  return copy;
}

static void
test_fuse_overflow (void)
{
  mnv_model *m;
  mnv_error err;
  const char *path = test_path (MNV2_SYNTHETIC_DIR,
      "security-fuse-overflow.tflite", NULL);
  if (mnv_model_open (path, NULL, &m, &err) != MNV_OK) {
    CHECK (0, "%s: %s", path, err.message);
    return;
  }
  mnv_session_options plain = { .threads = 1, .no_fusion = 1 };
  size_t ref_size;
  int blocks, fused_somewhere = 0;
  float *ref = run_fuse_overflow (m, &plain, &ref_size, &blocks);
  for (int threads = 1; ref && threads <= 2; threads++)
    for (int band = 0; band <= 3; band++) {
      mnv_session_options o = { .threads = threads, .fuse_band = band };
      size_t size;
      float *out = run_fuse_overflow (m, &o, &size, &blocks);
      CHECK (out && size == ref_size && memcmp (out, ref, size) == 0,
          "threads %d band %d: fused differs from op by op", threads, band);
      fused_somewhere |= blocks > 0;
      free (out);
    }
  /* The block is exact fused when its bands are wide enough: the planner
   * must not simply give up on it. */
  CHECK (fused_somewhere, "the block was never fused");
  free (ref);
  mnv_model_unref (m);
}

static void
test_avgpool_overflow (void)
{
  size_t size;
  mnv_error err;
  mnv_model *m;
  const char *path = test_path (MNV2_SYNTHETIC_DIR,
      "security-avgpool-overflow.tflite", NULL);
  uint8_t *bytes = test_read_file (path, &size);
  CHECK (bytes != NULL, "cannot read %s", path);
  if (!bytes)
    return;
  mnv_status st = mnv_model_open_memory (bytes, size, NULL, &m, &err);
  CHECK (st == MNV_ERR_UNSUPPORTED &&
          strstr (err.message, "an int32 average holds"),
      "avgpool_overflow: %s (%s)", mnv_status_name (st),
      st ? err.message : "loaded");
  if (st == MNV_OK)
    mnv_model_unref (m);
  free (bytes);
}

/* A budget smaller than what loading needs is reported as the limit,
 * whichever allocation passed it. */
static void
test_loader_budget (void)
{
  size_t size;
  uint8_t *bytes = test_read_file (test_path (test_models_dir (),
                                       "tiny_u8.tflite", NULL),
      &size);
  CHECK (bytes != NULL, "no tiny_u8.tflite");
  if (!bytes)
    return;
  int refused = 0, loaded = 0;
  for (size_t budget = size / 2; budget < size + 65536; budget += 97) {
    mnv_model_options o = { budget };
    mnv_model *m;
    mnv_error err;
    mnv_status st = mnv_model_open_memory (bytes, size, &o, &m, &err);
    if (st == MNV_OK) {
      loaded++;
      mnv_model_unref (m);
      continue;
    }
    refused++;
    CHECK (st == MNV_ERR_LIMIT && strstr (err.message, "limit"),
        "budget %zu: %s (%s)", budget, mnv_status_name (st), err.message);
  }
  CHECK (refused > 0 && loaded > 0, "budgets: %d refused, %d loaded", refused,
      loaded);
  free (bytes);
}

/* The detections of the pass-through model for these output values. */
static int
detect (mnv_model *m, mnv_detector *d, const float boxes[16],
    const float classes[4], const float scores[4], float count,
    mnv_detection out[4])
{
  mnv_session *s;
  mnv_error err;
  const mnv_session_options o = { .threads = 1 };
  if (mnv_session_create (m, &o, &s, &err) != MNV_OK) {
    CHECK (0, "session: %s", err.message);
    return -1;
  }
  mnv_session_set_input (s, 0, boxes, 64, &err);
  mnv_session_set_input (s, 1, classes, 16, &err);
  mnv_session_set_input (s, 2, scores, 16, &err);
  mnv_session_set_input (s, 3, &count, 4, &err);
  CHECK (mnv_session_run (s, &err) == MNV_OK, "run: %s", err.message);
  const int n = mnv_detector_results (d, s, 0.0f, 0.5f, out, 4);
  mnv_session_destroy (s);
  return n;
}

static void
test_detector_outputs (void)
{
  mnv_model *m;
  mnv_error err;
  const char *reason = NULL;
  if (mnv_model_open (test_path (test_models_dir (), "security",
                          "detector_outputs.tflite"),
          NULL, &m, &err) != MNV_OK) {
    CHECK (0, "detector_outputs: %s", err.message);
    return;
  }
  mnv_detector *d = mnv_detector_new (m, &reason);
  CHECK (d != NULL, "detector: %s", reason ? reason : "");
  if (!d) {
    mnv_model_unref (m);
    return;
  }
  /* Four disjoint boxes (ymin, xmin, ymax, xmax), classes 1-4. */
  float boxes[16], classes[4] = { 1, 2, 3, 4 },
                   scores[4] = { .9f, .8f, .7f, .6f };
  for (int i = 0; i < 4; i++) {
    boxes[4 * i] = 0.25f * (float) i;
    boxes[4 * i + 1] = 0.0f;
    boxes[4 * i + 2] = 0.25f * (float) i + 0.2f;
    boxes[4 * i + 3] = 0.5f;
  }
  mnv_detection out[4];
  CHECK (detect (m, d, boxes, classes, scores, 4, out) == 4,
      "four plain detections");
  /* Counts: NaN, negative, infinite, huge. */
  const float counts[] = { NAN, -5.0f, -INFINITY, INFINITY, 1e30f, 2.5f };
  const int expect[] = { 0, 0, 0, 4, 4, 2 };
  for (int k = 0; k < 6; k++) {
    const int n = detect (m, d, boxes, classes, scores, counts[k], out);
    CHECK (n == expect[k], "count %g: %d detections, not %d", counts[k], n,
        expect[k]);
  }
  /* Each of the four broken in its own way: a NaN class, a class too large
   * for an int, an infinite score, a NaN box corner. */
  float bad_classes[4] = { NAN, 1e20f, 3, 4 };
  float bad_scores[4] = { .9f, .8f, INFINITY, .6f };
  float bad_boxes[16];
  memcpy (bad_boxes, boxes, sizeof boxes);
  bad_boxes[14] = NAN;
  int n = detect (m, d, bad_boxes, bad_classes, bad_scores, 4, out);
  CHECK (n == 0, "broken outputs gave %d detections (class %d)", n,
      n > 0 ? out[0].class_id : -1);
  bad_classes[0] = -1.0f;
  bad_classes[1] = 2;
  n = detect (m, d, boxes, bad_classes, scores, 4, out);
  CHECK (n == 3 && out[0].class_id == 2,
      "a negative class is skipped "
      "(%d detections)",
      n);
  mnv_detector_free (d);
  mnv_model_unref (m);

  /* A NaN or infinite box maps into the frame. */
  const float box[4] = { NAN, -INFINITY, INFINITY, NAN };
  mnv_rect src = { 0, 0, 640, 480 }, dst = { 0, 0, 300, 300 };
  float px[4];
  mnv_image_map_box (box, 300, 300, &src, &dst, 640, 480, px);
  for (int i = 0; i < 4; i++)
    CHECK (px[i] >= 0.0f && px[i] <= (i % 2 ? 480.0f : 640.0f),
        "mapped corner %d is %g", i, px[i]);
}

int
main (void)
{
  /* First: the RSS check wants a peak not yet raised by the others. */
  test_name_bomb ();
  test_escape_names ();
  test_fuse_overflow ();
  test_avgpool_overflow ();
  test_loader_budget ();
  test_detector_outputs ();
  return test_finish ("security");
}
