/* mnv2classify inference-region=roi-list: the crop of every wanted ROI
 * classified (sync: on the streaming thread, reusing recent results of the
 * same object; live: by the worker, the classes then matched to later
 * frames' objects by tracking id, else overlap). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstmnv2classify_priv.h"
#include "overlap.h"
#include "mnv2analytics.h"

void
gst_mnv2_classify_clear_track (gpointer data)
{
  Track *t = data;
  /* A track whose crop failed to classify has no classes. */
  if (t->classes)
    g_array_unref (t->classes);
}

/* The earlier objects (N, STRIDE bytes apart from FIRST, each starting
 * with its box and tracking id) scaled by SX, SY to this frame, for
 * mnv_overlap_match. */
static mnv_overlap_object *
overlap_objects (const guint8 *first, gsize stride, guint n, gdouble sx,
    gdouble sy)
{
  mnv_overlap_object *objs = g_new (mnv_overlap_object, n + 1);
  for (guint i = 0; i < n; i++) {
    const GstVideoRectangle *b = (const GstVideoRectangle *) (first +
        i * stride);
    const gint x = (gint) (b->x * sx), y = (gint) (b->y * sy);
    const gint w = (gint) (b->w * sx), h = (gint) (b->h * sy);
    objs[i] = (mnv_overlap_object){ { (float) x, (float) y, (float) x + w,
                                        (float) y + h },
      *(const gint *) (b + 1), -1 };
  }
  return objs;
}

/* The earlier object of OBJS (N) that the ROI at BOX continues: the same
 * tracking id, else the best overlap; -1 for none. */
static gint
match_object (const mnv_overlap_object *objs, guint n,
    const GstVideoRectangle *box, gint track_id, guint8 *used)
{
  const float b[4] = { (float) box->x, (float) box->y, (float) box->x + box->w,
    (float) box->y + box->h };
  return mnv_overlap_match (objs, (int) n, b, track_id, -1, SAME_OBJECT_IOU,
      used);
}

static gboolean
wanted_class (gchar **classes, GQuark label)
{
  if (!classes)
    return TRUE;
  const gchar *name = label ? g_quark_to_string (label) : "";
  for (gchar **c = classes; *c; c++)
    if (g_ascii_strcasecmp (*c, name) == 0)
      return TRUE;
  return FALSE;
}

/* Another element's GstAnalytics detections become ROIs to classify (the
 * classes then relate to their detection mtds). */
static void
import_foreign (GstBuffer *buffer)
{
#ifdef HAVE_GST_ANALYTICS
  gst_mnv2_analytics_import_rois (buffer);
#else
  (void) buffer;
#endif
}

/* Walks the ROIs of a buffer that object-class and min-roi-size want. */
typedef struct {
  GstBuffer *buffer;
  gint width, height;
  gchar **classes;
  guint min_size;
  gpointer state;
} RoiWalk;

static void
roi_walk_init (GstMnv2Classify *self, RoiWalk *w, GstBuffer *buffer, gint width,
    gint height)
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
roi_walk_next (RoiWalk *w, GstVideoRectangle *box, gint *track_id)
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
    *track_id = gst_mnv2_roi_get_object_id (roi, NULL);
    GstStructure *tracking = gst_video_region_of_interest_meta_get_param (roi,
        GST_MNV2_PARAM_TRACKING);
    if (*track_id < 0 && tracking)
      gst_structure_get_int (tracking, "id", track_id);
    return roi;
  }
  return NULL;
}

static void
roi_walk_clear (RoiWalk *w)
{
  g_strfreev (w->classes);
}

/* Adds the best of CLASSES to ROI (on BUFFER) as its "classification"
 * parameter, and where GstAnalytics is built, all of them as a
 * classification mtd related to the ROI's detection mtd. */
static void
add_classification (GstBuffer *buffer, GstVideoRegionOfInterestMeta *roi,
    GArray *classes, const gchar *model, GstClockTime result_pts)
{
  if (!classes || !classes->len)
    return;
#ifdef HAVE_GST_ANALYTICS
  /* Only for an object with a detection mtd: a classification related to
   * nothing would read as the frame's. */
  const gint detection = gst_mnv2_analytics_roi_detection (roi);
  if (detection >= 0)
    gst_mnv2_analytics_add_classes (buffer,
        (const GstMnv2Class *) classes->data, classes->len, detection);
#else
  (void) buffer;
#endif
  const GstMnv2Class *best = &g_array_index (classes, GstMnv2Class, 0);
  GstStructure *c = gst_mnv2_classification_param_new (g_quark_to_string (
                                                           best->label),
      best->class_id, (gdouble) best->score, model);
  gst_mnv2_infer_set_result_pts (c, result_pts);
  gst_video_region_of_interest_meta_add_param (roi, c);
}

/* Appends an "object" structure for a message to OBJECTS. */
static void
append_object (GValue *objects, GstVideoRegionOfInterestMeta *roi,
    const GstVideoRectangle *box, GArray *classes)
{
  GValue list = G_VALUE_INIT, v = G_VALUE_INIT;
  gst_mnv2_classify_classes_value (classes, &list);
  GstStructure *o = gst_structure_new ("object", "roi_id", G_TYPE_INT, roi->id,
      "x", G_TYPE_INT, box->x, "y", G_TYPE_INT, box->y, "width", G_TYPE_INT,
      box->w, "height", G_TYPE_INT, box->h, NULL);
  gst_structure_take_value (o, "classes", &list);
  g_value_init (&v, GST_TYPE_STRUCTURE);
  g_value_take_boxed (&v, o);
  gst_value_list_append_and_take_value (objects, &v);
}

static void
post_objects (GstMnv2Classify *self, GstBuffer *buffer, GstClockTime result_pts,
    GValue *objects)
{
  GstStructure *s = gst_structure_new_empty ("mnv2classify");
  gst_structure_take_value (s, "objects", objects);
  gst_mnv2_infer_post_results (GST_MNV2_INFER (self), buffer, result_pts, s);
}

gboolean
gst_mnv2_classify_uses_regions (GstMnv2Infer *infer)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  gboolean roi;
  GST_OBJECT_LOCK (self);
  roi = self->region == GST_MNV2_INFERENCE_REGION_ROI_LIST;
  GST_OBJECT_UNLOCK (self);
  return roi;
}

/* inference-mode=live: the crops of this frame's wanted ROIs. */
void
gst_mnv2_classify_collect_regions (GstMnv2Infer *infer, GstBuffer *buffer,
    gint width, gint height, GArray *regions)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  GstMnv2RegionResult r = { { 0, 0, 0, 0 }, -1, NULL };
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
void
gst_mnv2_classify_attach_regions (GstMnv2Classify *self, GstBuffer *buffer,
    const GstMnv2Result *result, gboolean fresh)
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
  guint8 *used = g_new0 (guint8, crops->len + 1);
  mnv_overlap_object *objs = overlap_objects ((const guint8 *) crops->data,
      sizeof (GstMnv2RegionResult), crops->len, sx, sy);
  if (post)
    g_value_init (&objects, GST_TYPE_LIST);
  roi_walk_init (self, &walk, buffer, GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info));
  while ((roi = roi_walk_next (&walk, &box, &track_id))) {
    gint i = match_object (objs, crops->len, &box, track_id, used);
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
  g_free (objs);
  g_free (used);
  g_free (model);
}

/* Stores the result of the crop just run into its track. */
typedef struct {
  GstMnv2Classify *self;
  GArray *tracks;         /* Track */
  const guint *run_track; /* track index of each region run */
} RegionResults;

static void
region_done (GstMnv2Infer *infer, guint i, gpointer data)
{
  RegionResults *r = data;
  Track *t = &g_array_index (r->tracks, Track, r->run_track[i]);
  (void) infer;
  t->classes = gst_mnv2_classify_decode_classes (r->self);
}

/* inference-mode=sync: classifies the crop of every wanted ROI (or copies
 * a recent result of the same object) and adds a "classification"
 * parameter to it.  The crops to classify run back to back
 * (gst_mnv2_infer_run_regions). */
GstFlowReturn
gst_mnv2_classify_handle_regions (GstMnv2Infer *infer, GstVideoFrame *frame,
    gboolean due)
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
  g_array_set_clear_func (tracks, gst_mnv2_classify_clear_track);
  GPtrArray *rois = g_ptr_array_new ();
  GArray *regions = g_array_new (FALSE, FALSE, sizeof (GstVideoRectangle));
  GArray *run_track = g_array_new (FALSE, FALSE, sizeof (guint));
  guint8 *used = g_new0 (guint8, self->tracks->len + 1);
  mnv_overlap_object *objs =
      overlap_objects ((const guint8 *) self->tracks->data, sizeof (Track),
          self->tracks->len, 1.0, 1.0);
  roi_walk_init (self, &walk, buf, GST_VIDEO_FRAME_WIDTH (frame),
      GST_VIDEO_FRAME_HEIGHT (frame));
  while ((roi = roi_walk_next (&walk, &box, &track_id))) {
    gint p = match_object (objs, self->tracks->len, &box, track_id, used);
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
  g_free (objs);
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

void
gst_mnv2_classify_reset (GstMnv2Infer *infer)
{
  GstMnv2Classify *self = GST_MNV2_CLASSIFY (infer);
  g_array_set_size (self->tracks, 0);
}
