/**
 * SECTION:element-mnv2classify
 * @title: mnv2classify
 *
 * Classifies video frames with a MobileNetV2-family image classifier
 * (.tflite, uint8, int8 or float32) and attaches the best classes to each
 * buffer as #GstMnv2ClassificationMeta (library gstmnv2meta-1.0).  With
 * post-messages=true it also posts an element message named "mnv2classify"
 * with fields `timestamp` (guint64, the buffer PTS) and `classes` (a list
 * of structures named "class" with `id` (gint), `label` (gchararray) and
 * `score` (gdouble)), best first.
 *
 * With inference-region=roi-list it classifies the crop of every
 * #GstVideoRegionOfInterestMeta instead (from ssdlitedetect or any other
 * element; object-class and min-roi-size choose which), through the same
 * pre-processing (no copy of the frame), and adds to each a parameter
 * structure "classification" with `label`, `label_id`, `confidence`,
 * `model` (the model file name; also as `model_name`, DL Streamer's name).  reclassify-interval N classifies an
 * object seen in the previous frame (same "tracking" `id` parameter, else
 * box overlap above 0.5) only every N frames and copies its last result in
 * between.  Messages then carry `objects`: "object" structures with
 * `roi_id`, `x`, `y`, `width`, `height` and `classes`.
 *
 * Without model-file it uses mobilenet_v2_1.0_224_quant.tflite from the
 * model search path.  A class labelled "background" at index 0 (ImageNet
 * models with 1001 classes) is never reported.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -m v4l2src ! videoconvert ! mnv2classify post-messages=true ! fakesink
 * gst-launch-1.0 -m filesrc location=cat.jpg ! jpegdec ! imagefreeze num-buffers=1 ! mnv2classify post-messages=true ! fakesink
 * gst-launch-1.0 v4l2src ! videoconvert ! ssdlitedetect ! mnv2classify inference-region=roi-list object-class=cat,dog ! mnv2overlay ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "classifier.h"
#include "gstmnv2classify.h"
#include "mnv2/mnv2meta.h"
#include "mnv2analytics.h"

GST_DEBUG_CATEGORY_STATIC (gst_mnv2_classify_debug);
#define GST_CAT_DEFAULT gst_mnv2_classify_debug

#define DEFAULT_TOP_K 5
#define DEFAULT_THRESHOLD 0.0f
#define DEFAULT_REGION GST_MNV2_INFERENCE_REGION_FULL_FRAME
#define DEFAULT_MIN_ROI_SIZE 16
#define DEFAULT_RECLASSIFY_INTERVAL 1
/* An object of this frame is the previous frame's when their boxes overlap
 * this much (and no tracking id says otherwise). */
#define SAME_OBJECT_IOU 0.5

typedef enum
{
  GST_MNV2_INFERENCE_REGION_FULL_FRAME,
  GST_MNV2_INFERENCE_REGION_ROI_LIST,
} GstMnv2InferenceRegion;

enum
{
  PROP_0,
  PROP_TOP_K,
  PROP_THRESHOLD,
  PROP_INFERENCE_REGION,
  PROP_OBJECT_CLASS,
  PROP_MIN_ROI_SIZE,
  PROP_RECLASSIFY_INTERVAL,
};

/* An object classified in the previous frame (roi-list mode).  Starts as
 * GstMnv2RegionResult does (match_object reads both). */
typedef struct
{
  GstVideoRectangle box;
  gint track_id;                /* -1: none */
  guint age;                    /* frames since it was classified */
  GArray *classes;              /* GstMnv2Class, best first */
} Track;

struct _GstMnv2Classify
{
  GstMnv2Infer parent;

  /* properties */
  guint top_k;
  gfloat threshold;
  GstMnv2InferenceRegion region;
  gchar **object_classes;       /* NULL: every ROI */
  guint min_roi_size, reclassify_interval;

  /* state */
  GArray *tracks;               /* Track: last frame's objects (sync) */
};

G_DEFINE_TYPE (GstMnv2Classify, gst_mnv2_classify, GST_TYPE_MNV2_INFER);

#define GST_TYPE_MNV2_INFERENCE_REGION (gst_mnv2_inference_region_get_type ())
static GType
gst_mnv2_inference_region_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_MNV2_INFERENCE_REGION_FULL_FRAME, "Classify the whole frame",
        "full-frame"},
    {GST_MNV2_INFERENCE_REGION_ROI_LIST, "Classify the crop of every "
          "region-of-interest meta", "roi-list"},
    {0, NULL, NULL},
  };
  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static
        ("GstMnv2InferenceRegion", values));
  return type;
}

static const gchar *const default_models[] = {
  "mobilenet_v2_1.0_224_quant.tflite", NULL
};

/* A score vector: one output shaped [1, N] (or [1,1,1,N]). */
static gboolean
gst_mnv2_classify_check_model (GstMnv2Infer * infer, mnv_model * model,
    gchar ** reason)
{
  mnv_tensor_info out;
  int outer = 1;

  (void) infer;
  if (mnv_model_num_outputs (model) != 1) {
    *reason = g_strdup_printf ("it has %d outputs; a classifier has one "
        "vector of class scores (is it a detection model?)",
        mnv_model_num_outputs (model));
    return FALSE;
  }
  mnv_model_output_info (model, 0, &out);
  for (int d = 0; d + 1 < out.rank; d++)
    outer *= out.dims[d];
  if (out.rank < 1 || outer != 1 || out.dims[out.rank - 1] < 2 ||
      (out.type != MNV_TYPE_FLOAT32 && out.type != MNV_TYPE_UINT8 &&
          out.type != MNV_TYPE_INT8)) {
    *reason = g_strdup_printf ("its output is not one vector of class "
        "scores (type %s, rank %d)", mnv_type_name (out.type), out.rank);
    return FALSE;
  }
  return TRUE;
}

/* The best classes of the session's outputs (GArray of GstMnv2Class, best
 * first): a frame's or a crop's. */
static GArray *
decode_classes (GstMnv2Classify * self)
{
  GstMnv2Infer *infer = GST_MNV2_INFER (self);
  mnv_model *model = gst_mnv2_infer_get_model (infer);
  const mnv_labels *labels = gst_mnv2_infer_get_labels (infer);
  mnv_tensor_info out;
  guint top_k;
  gfloat threshold;

  GST_OBJECT_LOCK (self);
  top_k = self->top_k;
  threshold = self->threshold;
  GST_OBJECT_UNLOCK (self);

  mnv_model_output_info (model, 0, &out);
  int n = out.dims[out.rank - 1];
  /* Per call: it may run on the live worker while properties change. */
  float *scores = g_new (float, n);
  mnv_class_result *ranked = g_new (mnv_class_result, top_k + 1);
  n = mnv_classifier_scores (gst_mnv2_infer_get_session (infer), model, 0,
      scores, n);
  /* One extra, in case the background class is among the best. */
  int k = mnv_classifier_top_k (scores, n, (int) top_k + 1, labels, ranked);
  const char *first = mnv_labels_get (labels, 0);
  gboolean skip_background = first && g_ascii_strcasecmp (first,
      "background") == 0;

  GArray *result = g_array_sized_new (FALSE, FALSE, sizeof (GstMnv2Class),
      top_k);
  for (int i = 0; i < k && result->len < top_k; i++) {
    if ((skip_background && ranked[i].index == 0) ||
        ranked[i].score < threshold)
      continue;
    GstMnv2Class c = { ranked[i].index,
      gst_mnv2_infer_label_quark (infer, ranked[i].index),
      ranked[i].score
    };
    g_array_append_val (result, c);
  }
  g_free (scores);
  g_free (ranked);
  return result;
}

static gpointer
gst_mnv2_classify_decode (GstMnv2Infer * infer, const GstMnv2Geometry * g)
{
  (void) g;
  return decode_classes (GST_MNV2_CLASSIFY (infer));
}

static void
gst_mnv2_classify_free_payload (gpointer payload)
{
  g_array_unref (payload);
}

/* CLASSES as a list of "class" structures, for messages. */
static void
classes_value (GArray * classes, GValue * list)
{
  g_value_init (list, GST_TYPE_LIST);
  for (guint i = 0; classes && i < classes->len; i++) {
    const GstMnv2Class *c = &g_array_index (classes, GstMnv2Class, i);
    GValue v = G_VALUE_INIT;
    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v, gst_structure_new ("class",
            "id", G_TYPE_INT, c->class_id,
            "label", G_TYPE_STRING, g_quark_to_string (c->label),
            "score", G_TYPE_DOUBLE, (gdouble) c->score, NULL));
    gst_value_list_append_and_take_value (list, &v);
  }
}

static void attach_regions (GstMnv2Classify * self, GstBuffer * buffer,
    const GstMnv2Result * result, gboolean fresh);

static void
gst_mnv2_classify_attach (GstMnv2Infer * infer, GstBuffer * buffer,
    const GstMnv2Result * result, gboolean fresh)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  GArray *classes = result->payload;

  if (result->regions) {
    attach_regions (self, buffer, result, fresh);
    return;
  }
  if (fresh && gst_mnv2_infer_get_post_messages (infer)) {
    GValue list = G_VALUE_INIT;
    classes_value (classes, &list);
    GstStructure *s = gst_structure_new_empty ("mnv2classify");
    gst_structure_take_value (s, "classes", &list);
    gst_mnv2_infer_post_results (infer, buffer, result->pts, s);
  }
  GstMnv2ClassificationMeta *m = gst_buffer_add_mnv2_classification_meta
      (buffer, (const GstMnv2Class *) classes->data, classes->len);
  m->result_pts = result->pts;
#ifdef HAVE_GST_ANALYTICS
  gst_mnv2_analytics_add_classes (buffer, (const GstMnv2Class *)
      classes->data, classes->len, -1);
#endif
}

/* --- roi-list mode ------------------------------------------------------ */

static void
clear_track (gpointer data)
{
  Track *t = data;
  /* A track whose crop failed to classify has no classes. */
  if (t->classes)
    g_array_unref (t->classes);
}

static gdouble
rect_iou (const GstVideoRectangle * a, const GstVideoRectangle * b)
{
  const gint x0 = MAX (a->x, b->x), y0 = MAX (a->y, b->y);
  const gint x1 = MIN (a->x + a->w, b->x + b->w);
  const gint y1 = MIN (a->y + a->h, b->y + b->h);
  const gdouble inter = x1 > x0 && y1 > y0 ? (gdouble) (x1 - x0) * (y1 - y0) :
      0.0;
  const gdouble uni = (gdouble) a->w * a->h + (gdouble) b->w * b->h - inter;
  return uni > 0.0 ? inter / uni : 0.0;
}

/* The earlier object (of N, STRIDE bytes apart from FIRST, each starting
 * with its box and tracking id, scaled by SX, SY to this frame) that BOX
 * continues: the same tracking id, else the best overlap; -1 for none.
 * USED marks objects already taken. */
static gint
match_object (const guint8 * first, gsize stride, guint n, gdouble sx,
    gdouble sy, const GstVideoRectangle * box, gint track_id,
    gboolean * used)
{
  gint best = -1;
  gdouble best_iou = SAME_OBJECT_IOU;
  for (guint i = 0; i < n; i++) {
    const GstVideoRectangle *b = (const GstVideoRectangle *) (first +
        i * stride);
    const gint id = *(const gint *) (b + 1);
    if (used[i])
      continue;
    if (track_id >= 0 || id >= 0) {
      if (id == track_id) {
        best = (gint) i;
        break;
      }
      continue;
    }
    GstVideoRectangle scaled = { (gint) (b->x * sx), (gint) (b->y * sy),
      (gint) (b->w * sx), (gint) (b->h * sy)
    };
    const gdouble iou = rect_iou (box, &scaled);
    if (iou > best_iou) {
      best_iou = iou;
      best = (gint) i;
    }
  }
  if (best >= 0)
    used[best] = TRUE;
  return best;
}

static gboolean
wanted_class (gchar ** classes, GQuark label)
{
  if (!classes)
    return TRUE;
  const gchar *name = label ? g_quark_to_string (label) : "";
  for (gchar ** c = classes; *c; c++)
    if (g_ascii_strcasecmp (*c, name) == 0)
      return TRUE;
  return FALSE;
}

/* Another element's GstAnalytics detections become ROIs to classify (the
 * classes then relate to their detection mtds). */
static void
import_foreign (GstBuffer * buffer)
{
#ifdef HAVE_GST_ANALYTICS
  gst_mnv2_analytics_import_rois (buffer);
#else
  (void) buffer;
#endif
}

/* Walks the ROIs of a buffer that object-class and min-roi-size want. */
typedef struct
{
  GstBuffer *buffer;
  gint width, height;
  gchar **classes;
  guint min_size;
  gpointer state;
} RoiWalk;

static void
roi_walk_init (GstMnv2Classify * self, RoiWalk * w, GstBuffer * buffer,
    gint width, gint height)
{
  w->buffer = buffer;
  w->width = width;
  w->height = height;
  w->state = NULL;
  GST_OBJECT_LOCK (self);
  w->classes = g_strdupv (self->object_classes);
  w->min_size = self->min_roi_size;
  GST_OBJECT_UNLOCK (self);
}

/* The next wanted ROI, its part inside the frame (BOX) and its tracking
 * id (mnv2track's or DL Streamer's "object_id", else a "tracking"
 * parameter; -1: none); NULL at the end. */
static GstVideoRegionOfInterestMeta *
roi_walk_next (RoiWalk * w, GstVideoRectangle * box, gint * track_id)
{
  GstMeta *meta;
  while ((meta = gst_buffer_iterate_meta_filtered (w->buffer, &w->state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    if (!wanted_class (w->classes, roi->roi_type) || roi->w < w->min_size ||
        roi->h < w->min_size)
      continue;
    /* The part inside the frame (an ROI's values may be anything). */
    if (!gst_mnv2_roi_clip (roi, w->width, w->height, box))
      continue;
    GstStructure *tracking = gst_video_region_of_interest_meta_get_param (roi,
        "object_id");
    if (!tracking)
      tracking = gst_video_region_of_interest_meta_get_param (roi,
          "tracking");
    *track_id = -1;
    if (tracking)
      gst_structure_get_int (tracking, "id", track_id);
    return roi;
  }
  return NULL;
}

static void
roi_walk_clear (RoiWalk * w)
{
  g_strfreev (w->classes);
}

/* Adds the best of CLASSES to ROI (on BUFFER) as its "classification"
 * parameter, and where GstAnalytics is built, all of them as a
 * classification mtd related to the ROI's detection mtd. */
static void
add_classification (GstBuffer * buffer, GstVideoRegionOfInterestMeta * roi,
    GArray * classes, const gchar * model, GstClockTime result_pts)
{
  if (!classes || !classes->len)
    return;
#ifdef HAVE_GST_ANALYTICS
  /* Only for an object with a detection mtd: a classification related to
   * nothing would read as the frame's. */
  const gint detection = gst_mnv2_analytics_roi_detection (roi);
  if (detection >= 0)
    gst_mnv2_analytics_add_classes (buffer, (const GstMnv2Class *)
        classes->data, classes->len, detection);
#else
  (void) buffer;
#endif
  const GstMnv2Class *best = &g_array_index (classes, GstMnv2Class, 0);
  GstStructure *c = gst_structure_new ("classification",
      "label", G_TYPE_STRING, g_quark_to_string (best->label),
      "label_id", G_TYPE_INT, best->class_id,
      "confidence", G_TYPE_DOUBLE, (gdouble) best->score,
      "model", G_TYPE_STRING, model,
      /* DL Streamer's name for it (gvametaconvert exports it). */
      "model_name", G_TYPE_STRING, model, NULL);
  gst_mnv2_infer_set_result_pts (c, result_pts);
  gst_video_region_of_interest_meta_add_param (roi, c);
}

/* Appends an "object" structure for a message to OBJECTS. */
static void
append_object (GValue * objects, GstVideoRegionOfInterestMeta * roi,
    const GstVideoRectangle * box, GArray * classes)
{
  GValue list = G_VALUE_INIT, v = G_VALUE_INIT;
  classes_value (classes, &list);
  GstStructure *o = gst_structure_new ("object",
      "roi_id", G_TYPE_INT, roi->id,
      "x", G_TYPE_INT, box->x, "y", G_TYPE_INT, box->y,
      "width", G_TYPE_INT, box->w, "height", G_TYPE_INT, box->h, NULL);
  gst_structure_take_value (o, "classes", &list);
  g_value_init (&v, GST_TYPE_STRUCTURE);
  g_value_take_boxed (&v, o);
  gst_value_list_append_and_take_value (objects, &v);
}

static void
post_objects (GstMnv2Classify * self, GstBuffer * buffer,
    GstClockTime result_pts, GValue * objects)
{
  GstStructure *s = gst_structure_new_empty ("mnv2classify");
  gst_structure_take_value (s, "objects", objects);
  gst_mnv2_infer_post_results (GST_MNV2_INFER (self), buffer, result_pts, s);
}

static gboolean
gst_mnv2_classify_uses_regions (GstMnv2Infer * infer)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  gboolean roi;
  GST_OBJECT_LOCK (self);
  roi = self->region == GST_MNV2_INFERENCE_REGION_ROI_LIST;
  GST_OBJECT_UNLOCK (self);
  return roi;
}

/* inference-mode=live: the crops of this frame's wanted ROIs. */
static void
gst_mnv2_classify_collect_regions (GstMnv2Infer * infer, GstBuffer * buffer,
    gint width, gint height, GArray * regions)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  GstMnv2RegionResult r = { {0, 0, 0, 0}, -1, NULL };
  RoiWalk walk;

  import_foreign (buffer);
  roi_walk_init (self, &walk, buffer, width, height);
  while (roi_walk_next (&walk, &r.box, &r.id))
    g_array_append_val (regions, r);
  roi_walk_clear (&walk);
}

/* inference-mode=live: the classes of the crops of an earlier frame onto
 * the objects of this one they match (same tracking id, else the best
 * overlap above 0.5). */
static void
attach_regions (GstMnv2Classify * self, GstBuffer * buffer,
    const GstMnv2Result * result, gboolean fresh)
{
  GstMnv2Infer *infer = GST_MNV2_INFER (self);
  GstVideoInfo *info = &GST_VIDEO_FILTER (self)->in_info;
  const gboolean post = fresh && gst_mnv2_infer_get_post_messages (infer);
  GArray *crops = result->regions;
  GValue objects = G_VALUE_INIT;
  GstVideoRegionOfInterestMeta *roi;
  GstVideoRectangle box;
  gdouble sx = 1.0, sy = 1.0;
  gint track_id;
  RoiWalk walk;

  gst_mnv2_result_fits (result, GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info), &sx, &sy);
  import_foreign (buffer);
  gchar *model = g_path_get_basename (gst_mnv2_infer_get_model_path (infer));
  gboolean *used = g_new0 (gboolean, crops->len + 1);
  if (post)
    g_value_init (&objects, GST_TYPE_LIST);
  roi_walk_init (self, &walk, buffer, GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info));
  while ((roi = roi_walk_next (&walk, &box, &track_id))) {
    gint i = match_object ((const guint8 *) crops->data,
        sizeof (GstMnv2RegionResult), crops->len, sx, sy, &box, track_id,
        used);
    if (i < 0)
      continue;
    GArray *classes = g_array_index (crops, GstMnv2RegionResult, i).payload;
    add_classification (buffer, roi, classes, model, result->pts);
    if (post)
      append_object (&objects, roi, &box, classes);
  }
  roi_walk_clear (&walk);
  if (post)
    post_objects (self, buffer, result->pts, &objects);
  g_free (used);
  g_free (model);
}

/* Stores the result of the crop just run into its track. */
typedef struct
{
  GstMnv2Classify *self;
  GArray *tracks;               /* Track */
  const guint *run_track;       /* track index of each region run */
} RegionResults;

static void
region_done (GstMnv2Infer * infer, guint i, gpointer data)
{
  RegionResults *r = data;
  Track *t = &g_array_index (r->tracks, Track, r->run_track[i]);
  (void) infer;
  t->classes = decode_classes (r->self);
}

/* inference-mode=sync: classifies the crop of every wanted ROI (or copies
 * a recent result of the same object) and adds a "classification"
 * parameter to it.  The crops to classify run back to back
 * (gst_mnv2_infer_run_regions). */
static GstFlowReturn
gst_mnv2_classify_handle_regions (GstMnv2Infer * infer,
    GstVideoFrame * frame, gboolean due)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  GstBuffer *buf = frame->buffer;
  const gboolean post = gst_mnv2_infer_get_post_messages (infer);
  GstVideoRegionOfInterestMeta *roi;
  GstVideoRectangle box;
  gint track_id;
  RoiWalk walk;

  GST_OBJECT_LOCK (self);
  const guint interval = MAX (self->reclassify_interval, 1);
  GST_OBJECT_UNLOCK (self);
  import_foreign (buf);

  /* 1. The wanted ROIs, matched to the last frame's objects. */
  GArray *tracks = g_array_new (FALSE, TRUE, sizeof (Track));
  g_array_set_clear_func (tracks, clear_track);
  GPtrArray *rois = g_ptr_array_new ();
  GArray *regions = g_array_new (FALSE, FALSE, sizeof (GstVideoRectangle));
  GArray *run_track = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean *used = g_new0 (gboolean, self->tracks->len + 1);
  roi_walk_init (self, &walk, buf, GST_VIDEO_FRAME_WIDTH (frame),
      GST_VIDEO_FRAME_HEIGHT (frame));
  while ((roi = roi_walk_next (&walk, &box, &track_id))) {
    gint p = match_object ((const guint8 *) self->tracks->data,
        sizeof (Track), self->tracks->len, 1.0, 1.0, &box, track_id, used);
    Track *prev = p >= 0 ? &g_array_index (self->tracks, Track, p) : NULL;
    Track t = { box, track_id, 0, NULL };
    /* Reuse a recent result of the same object; new objects are always
     * classified, the others when due and their interval has passed. */
    if (prev && prev->classes && (!due || prev->age + 1 < interval)) {
      t.classes = g_array_ref (prev->classes);
      t.age = prev->age + 1;
    } else {
      const guint index = tracks->len;
      g_array_append_val (regions, box);
      g_array_append_val (run_track, index);
    }
    g_array_append_val (tracks, t);
    g_ptr_array_add (rois, roi);
  }
  roi_walk_clear (&walk);
  g_free (used);

  /* 2. The crops that need the model. */
  RegionResults results = { self, tracks, (const guint *) run_track->data };
  gboolean ok = gst_mnv2_infer_run_regions (infer, frame,
      (const GstVideoRectangle *) regions->data, regions->len, region_done,
      &results);
  g_array_unref (regions);
  g_array_unref (run_track);
  if (!ok) {
    g_array_unref (tracks);
    g_ptr_array_unref (rois);
    return GST_FLOW_ERROR;
  }

  /* 3. Results onto the ROIs, and the message. */
  gchar *model = g_path_get_basename (gst_mnv2_infer_get_model_path (infer));
  GValue objects = G_VALUE_INIT;
  if (post)
    g_value_init (&objects, GST_TYPE_LIST);
  for (guint i = 0; i < tracks->len; i++) {
    const Track *t = &g_array_index (tracks, Track, i);
    roi = g_ptr_array_index (rois, i);
    add_classification (buf, roi, t->classes, model, GST_BUFFER_PTS (buf));
    if (post)
      append_object (&objects, roi, &t->box, t->classes);
  }
  if (post)
    post_objects (self, buf, GST_BUFFER_PTS (buf), &objects);
  g_array_unref (self->tracks);
  self->tracks = tracks;
  g_ptr_array_unref (rois);
  g_free (model);
  return GST_FLOW_OK;
}

static void
gst_mnv2_classify_reset (GstMnv2Infer * infer)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  g_array_set_size (self->tracks, 0);
}

static void
gst_mnv2_classify_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TOP_K:
      self->top_k = g_value_get_uint (value);
      break;
    case PROP_THRESHOLD:
      self->threshold = g_value_get_float (value);
      break;
    case PROP_INFERENCE_REGION:
      self->region = g_value_get_enum (value);
      break;
    case PROP_OBJECT_CLASS:{
      const gchar *v = g_value_get_string (value);
      g_strfreev (self->object_classes);
      self->object_classes = NULL;
      if (v && *v) {
        self->object_classes = g_strsplit (v, ",", -1);
        for (gchar ** c = self->object_classes; *c; c++)
          g_strstrip (*c);
      }
      break;
    }
    case PROP_MIN_ROI_SIZE:
      self->min_roi_size = g_value_get_uint (value);
      break;
    case PROP_RECLASSIFY_INTERVAL:
      self->reclassify_interval = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_classify_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TOP_K:
      g_value_set_uint (value, self->top_k);
      break;
    case PROP_THRESHOLD:
      g_value_set_float (value, self->threshold);
      break;
    case PROP_INFERENCE_REGION:
      g_value_set_enum (value, self->region);
      break;
    case PROP_OBJECT_CLASS:
      g_value_take_string (value, self->object_classes ?
          g_strjoinv (",", self->object_classes) : NULL);
      break;
    case PROP_MIN_ROI_SIZE:
      g_value_set_uint (value, self->min_roi_size);
      break;
    case PROP_RECLASSIFY_INTERVAL:
      g_value_set_uint (value, self->reclassify_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_classify_finalize (GObject * object)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (object);
  g_array_unref (self->tracks);
  g_strfreev (self->object_classes);
  G_OBJECT_CLASS (gst_mnv2_classify_parent_class)->finalize (object);
}

static void
gst_mnv2_classify_class_init (GstMnv2ClassifyClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstMnv2InferClass *infer_class = GST_MNV2_INFER_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_mnv2_classify_debug, "mnv2classify", 0,
      "MobileNetV2 classification");

  gobject_class->set_property = gst_mnv2_classify_set_property;
  gobject_class->get_property = gst_mnv2_classify_get_property;
  gobject_class->finalize = gst_mnv2_classify_finalize;

  g_object_class_install_property (gobject_class, PROP_TOP_K,
      g_param_spec_uint ("top-k", "Top K",
          "How many of the best classes to report per frame", 1, 1000,
          DEFAULT_TOP_K, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_float ("threshold", "Threshold",
          "Minimum score of a reported class", -G_MAXFLOAT, G_MAXFLOAT,
          DEFAULT_THRESHOLD, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  g_object_class_install_property (gobject_class, PROP_INFERENCE_REGION,
      g_param_spec_enum ("inference-region", "Inference region",
          "full-frame: classify every frame; roi-list: classify the crop of "
          "every region-of-interest meta (from ssdlitedetect or any element) "
          "and add a 'classification' parameter to it",
          GST_TYPE_MNV2_INFERENCE_REGION, DEFAULT_REGION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_OBJECT_CLASS,
      g_param_spec_string ("object-class", "Object classes",
          "roi-list: classify only ROIs with these labels (comma-separated, "
          "e.g. \"cat,dog\"); unset: all", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MIN_ROI_SIZE,
      g_param_spec_uint ("min-roi-size", "Minimum ROI size",
          "roi-list: skip ROIs narrower or lower than this many pixels", 1,
          G_MAXINT, DEFAULT_MIN_ROI_SIZE, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_RECLASSIFY_INTERVAL,
      g_param_spec_uint ("reclassify-interval", "Reclassify interval",
          "roi-list: classify an object seen in the previous frame (same "
          "tracking id, else box overlap above 0.5) only every N frames, "
          "copying its last result in between (1: every frame)", 1, 10000,
          DEFAULT_RECLASSIFY_INTERVAL, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_set_static_metadata (element_class,
      "MobileNetV2 classifier", "Filter/Analyzer/Video",
      "Classifies video frames with a MobileNetV2 .tflite model and attaches "
      "the top-k classes as metadata. Example: gst-launch-1.0 -m v4l2src ! "
      "videoconvert ! mnv2classify post-messages=true ! fakesink",
      "gst-mnv2 developers");

  infer_class->default_models = default_models;
  infer_class->check_model = gst_mnv2_classify_check_model;
  infer_class->decode = gst_mnv2_classify_decode;
  infer_class->free_payload = gst_mnv2_classify_free_payload;
  infer_class->attach = gst_mnv2_classify_attach;
  infer_class->collect_regions = gst_mnv2_classify_collect_regions;
  infer_class->reset = gst_mnv2_classify_reset;
  infer_class->uses_regions = gst_mnv2_classify_uses_regions;
  infer_class->handle_regions = gst_mnv2_classify_handle_regions;
  gst_type_mark_as_plugin_api (GST_TYPE_MNV2_INFERENCE_REGION, 0);
}

static void
gst_mnv2_classify_init (GstMnv2Classify * self)
{
  self->top_k = DEFAULT_TOP_K;
  self->threshold = DEFAULT_THRESHOLD;
  self->region = DEFAULT_REGION;
  self->min_roi_size = DEFAULT_MIN_ROI_SIZE;
  self->reclassify_interval = DEFAULT_RECLASSIFY_INTERVAL;
  self->tracks = g_array_new (FALSE, TRUE, sizeof (Track));
  g_array_set_clear_func (self->tracks, clear_track);
}
