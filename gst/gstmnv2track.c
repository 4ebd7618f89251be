/**
 * SECTION:element-mnv2track
 * @title: mnv2track
 *
 * Stable object ids for the boxes a detector attaches, and their predicted
 * boxes on the frames it skips.  A pass-through element after a detector
 * (ssdlitedetect, or anything that attaches #GstVideoRegionOfInterestMeta
 * with a "detection" parameter): on a frame with new detections it matches
 * them to its tracks (SORT: a Kalman filter per object, IoU association
 * within a class) and writes each confirmed object's id into the ROI
 * meta's id and into a parameter structure "object_id" with field "id"
 * (DL Streamer's layout); objects it still tracks but that were not
 * detected get an ROI of their own at their predicted box.  On a frame
 * whose detections are held from an earlier inference (ssdlitedetect's
 * inference-interval marks them "held"), it replaces them with the
 * tracked objects moved to their predicted boxes (property predict;
 * "object_id" then has "predicted" TRUE).  Tracks start afresh on a flush
 * and on new caps; ids keep increasing.  With tracking-type=short-term the
 * predicted boxes also follow the image content of each box (block
 * matching on the luma plane, green for RGB, between consecutive frames).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 v4l2src ! videoconvert ! ssdlitedetect inference-interval=5 ! mnv2track ! mnv2overlay ! videoconvert ! autovideosink
 * ]|
 * |[
 * gst-launch-1.0 v4l2src ! videoconvert ! ssdlitedetect inference-interval=5 ! mnv2track tracking-type=short-term ! mnv2overlay ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/video/video.h>

#include "gstmnv2track.h"
#include "gstmnv2track_image.h"
#include "mnv2/mnv2schema.h"
#include "mnv2analytics.h"
#include "overlap.h"
#include "tracker.h"

GST_DEBUG_CATEGORY (gst_mnv2_track_debug);
#define GST_CAT_DEFAULT gst_mnv2_track_debug

/* tracking-type: the tracker's kinds, and short-term (Kalman + image). */
#define TRACK_SHORT_TERM (MNV_TRACK_KALMAN + 1)
#define DEFAULT_TYPE MNV_TRACK_KALMAN
#define DEFAULT_MAX_AGE 30
#define DEFAULT_MIN_HITS 3
#define DEFAULT_IOU 0.3
#define DEFAULT_PREDICT TRUE
#define MAX_OBJECTS 1024

enum {
  PROP_0,
  PROP_TRACKING_TYPE,
  PROP_MAX_AGE,
  PROP_MIN_HITS,
  PROP_IOU_THRESHOLD,
  PROP_PREDICT,
};

struct _GstMnv2Track {
  GstBaseTransform parent;
  mnv_tracker_options opts; /* under the object lock */
  gint type;                /* tracking-type */
  gboolean predict;
  gboolean opts_changed;
  mnv_tracker *tracker; /* streaming thread only */
  gint width, height;
  Mnv2TrackImage image; /* short-term: this frame's and the last one's */
  /* Label of each class seen, for the boxes it predicts. */
  GHashTable *labels;
  /* PTS each reported track was first seen at (tracking mtds): the
   * tracks of the last frame only. */
  GHashTable *first_seen;
};

G_DEFINE_TYPE (GstMnv2Track, gst_mnv2_track, GST_TYPE_BASE_TRANSFORM);

GType
gst_mnv2_tracking_type_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { MNV_TRACK_IOU, "Association by overlap only, boxes as detected", "iou" },
    { MNV_TRACK_KALMAN,
        "Kalman filter per object: association on predicted "
        "boxes, predictions between detections",
        "kalman" },
    { TRACK_SHORT_TERM,
        "Kalman filter, and between detections each object follows the "
        "image content of its box (block matching on luma)",
        "short-term" },
    { 0, NULL, NULL }
  };
  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstMnv2TrackingType", values));
  return type;
}

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-raw(ANY)"));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS ("video/x-raw(ANY)"));

/* A new tracker with the current options (streaming thread). */
static gboolean
renew (GstMnv2Track *self)
{
  GST_OBJECT_LOCK (self);
  const mnv_tracker_options o = self->opts;
  self->opts_changed = FALSE;
  GST_OBJECT_UNLOCK (self);
  mnv_tracker *t = mnv_tracker_new (&o);
  if (!t) {
    GST_ELEMENT_ERROR (self, CORE, FAILED,
        ("Could not create the tracker "
         "(max-age %d, min-hits %d, iou-threshold %g)",
            o.max_age, o.min_hits, (double) o.iou_threshold),
        (NULL));
    return FALSE;
  }
  mnv_tracker_free (self->tracker);
  self->tracker = t;
  return TRUE;
}

static gboolean
gst_mnv2_track_start (GstBaseTransform *trans)
{
  return renew (GST_MNV2_TRACK (trans));
}

static gboolean
gst_mnv2_track_stop (GstBaseTransform *trans)
{
  GstMnv2Track *self = GST_MNV2_TRACK (trans);
  g_clear_pointer (&self->tracker, mnv_tracker_free);
  mnv2_track_image_clear (&self->image);
  g_hash_table_remove_all (self->labels);
  g_hash_table_remove_all (self->first_seen);
  return TRUE;
}

static gboolean
gst_mnv2_track_set_caps (GstBaseTransform *trans, GstCaps *incaps,
    GstCaps *outcaps)
{
  GstMnv2Track *self = GST_MNV2_TRACK (trans);
  GstVideoInfo info;
  (void) outcaps;
  if (!gst_video_info_from_caps (&info, incaps))
    return FALSE;
  self->width = GST_VIDEO_INFO_WIDTH (&info);
  self->height = GST_VIDEO_INFO_HEIGHT (&info);
  /* New geometry: boxes of the old one mean nothing. */
  if (self->tracker)
    mnv_tracker_reset (self->tracker);
  mnv2_track_image_set_info (&self->image, &info);
  return TRUE;
}

static gboolean
gst_mnv2_track_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  GstMnv2Track *self = GST_MNV2_TRACK (trans);
  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP && self->tracker) {
    mnv_tracker_reset (self->tracker);
    mnv2_track_image_reset (&self->image);
  }
  return GST_BASE_TRANSFORM_CLASS (gst_mnv2_track_parent_class)
      ->sink_event (trans, event);
}

/* Metadata goes on a shallow copy of a shared buffer (pixels untouched). */
static GstFlowReturn
gst_mnv2_track_prepare_output_buffer (GstBaseTransform *trans, GstBuffer *input,
    GstBuffer **outbuf)
{
  (void) trans;
  *outbuf = gst_buffer_is_writable (input) ? input : gst_buffer_copy (input);
  return GST_FLOW_OK;
}

/* The class of a detection ROI: its "detection" label_id, else its label
 * as a quark. */
static gint
class_of (GstVideoRegionOfInterestMeta *roi, const GstStructure *det)
{
  GstMnv2ParamLabel d;
  if (gst_mnv2_param_read_label (det, &d) && d.label_id >= 0)
    return d.label_id;
  return (gint) roi->roi_type;
}

/* An ROI for a tracked object at its predicted box (clipped to the
 * frame); NULL when nothing of it is in the frame. */
static void
add_predicted (GstMnv2Track *self, GstBuffer *buf, const mnv_track_output *o,
    gint analytics_id)
{
  const double fw = self->width > 0 ? self->width : G_MAXINT;
  const double fh = self->height > 0 ? self->height : G_MAXINT;
  const double x0 = CLAMP (o->box[0], 0.0, fw), y0 = CLAMP (o->box[1], 0.0, fh);
  const double x1 = CLAMP (o->box[2], 0.0, fw), y1 = CLAMP (o->box[3], 0.0, fh);
  if (!(x1 - x0 >= 1.0 && y1 - y0 >= 1.0))
    return;
  GQuark label = GPOINTER_TO_UINT (
      g_hash_table_lookup (self->labels, GINT_TO_POINTER (o->class_id)));
  GstVideoRegionOfInterestMeta *roi =
      gst_buffer_add_video_region_of_interest_meta_id (buf, label,
          (guint) (x0 + 0.5), (guint) (y0 + 0.5), (guint) (x1 - x0 + 0.5),
          (guint) (y1 - y0 + 0.5));
  GstStructure *det = gst_mnv2_detection_param_new (label ?
          g_quark_to_string (label) :
          "",
      o->class_id, -1.0);
  if (analytics_id >= 0)
    gst_structure_set (det, GST_MNV2_ANALYTICS_ID_FIELD, G_TYPE_INT,
        analytics_id, NULL);
  gst_video_region_of_interest_meta_add_param (roi, det);
  gst_mnv2_roi_set_object_id (roi, o->id, TRUE);
}

/* The id (IDS[i], -1: none) of the held box (OBJS, N; USED: taken) of O's
 * class that overlaps O most, then taken; -1 when none does. */
static gint
take_nearest (const mnv_track_output *o, const mnv_overlap_object *objs,
    guint8 *used, const gint *ids, guint n)
{
  const int best = mnv_overlap_match (objs, (int) n, o->box, -1, o->class_id,
      0.0f, used);
  return best < 0 ? -1 : ids[best];
}

/* Keeps the first-seen PTS of the N tracks reported now, forgets the
 * others. */
static void
remember_first_seen (GstMnv2Track *self, const mnv_track_output *out, int n,
    GstClockTime pts)
{
  GHashTable *now = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (int i = 0; i < n; i++) {
    gpointer key = GINT_TO_POINTER (out[i].id);
    guint64 *first = g_hash_table_lookup (self->first_seen, key);
    guint64 *v = g_new (guint64, 1);
    *v = first ? *first : pts;
    g_hash_table_insert (now, key, v);
  }
  g_hash_table_unref (self->first_seen);
  self->first_seen = now;
}

/* A frame whose boxes are stale (held): the tracked objects where they are
 * now instead (moved by MOTION when short-term).  A held box's detection
 * mtd (GstAnalytics) goes to the prediction of the same object (the
 * nearest), so it is not left as nobody's.  Returns the objects in OUT. */
static int
replace_held (GstMnv2Track *self, GstBuffer *buf, GPtrArray *rois,
    const mnv_track_input *d, mnv_track_motion_fn motion, mnv_track_output *out)
{
  gint held_ids[MAX_OBJECTS];
  mnv_overlap_object objs[MAX_OBJECTS];
  guint8 used[MAX_OBJECTS];
  for (guint i = 0; i < rois->len; i++) {
    held_ids[i] = gst_mnv2_analytics_roi_detection (
        g_ptr_array_index (rois, i));
    objs[i] = (mnv_overlap_object){
      { d[i].box[0], d[i].box[1], d[i].box[2], d[i].box[3] }, -1, d[i].class_id
    };
    used[i] = held_ids[i] < 0; /* no detection mtd to hand on */
    gst_buffer_remove_meta (buf, g_ptr_array_index (rois, i));
  }
  const int n = mnv_tracker_predict_motion (self->tracker, motion, &self->image,
      out, MAX_OBJECTS);
  for (int i = 0; i < n; i++)
    add_predicted (self, buf, &out[i],
        take_nearest (&out[i], objs, used, held_ids, rois->len));
  return n;
}

static GstFlowReturn
gst_mnv2_track_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  GstMnv2Track *self = GST_MNV2_TRACK (trans);
  GST_OBJECT_LOCK (self);
  const gboolean predict = self->predict, changed = self->opts_changed;
  /* Short-term motion moves predicted boxes: without predict, nothing
   * would use it. */
  const gboolean use_image = self->type == TRACK_SHORT_TERM && predict;
  GST_OBJECT_UNLOCK (self);
  if ((changed || !self->tracker) && !renew (self))
    return GST_FLOW_ERROR;
  /* Short-term: this frame's pixels, the last one's kept (on every frame
   * with tracks, so the frame after a detection has it). */
  mnv_track_motion_fn motion = NULL;
  if (use_image &&
      mnv2_track_image_begin (&self->image, buf, GST_OBJECT (self)) &&
      mnv2_track_image_ready (&self->image))
    motion = mnv2_track_image_motion;
  else if (!use_image)
    mnv2_track_image_reset (&self->image);
#ifdef HAVE_GST_ANALYTICS
  /* Another element's GstAnalytics detections are tracked too. */
  gst_mnv2_analytics_import_rois (buf);
#endif

  /* The detections on this buffer, and whether they are new. */
  GPtrArray *rois = g_ptr_array_new ();
  GArray *in = g_array_new (FALSE, FALSE, sizeof (mnv_track_input));
  gboolean held = FALSE;
  gpointer state = NULL;
  GstMeta *meta;
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    GstStructure *det = gst_mnv2_roi_get_detection (roi, NULL);
    if (!det || rois->len >= MAX_OBJECTS)
      continue;
    gboolean h = FALSE;
    if (gst_structure_get_boolean (det, "held", &h) && h)
      held = TRUE;
    mnv_track_input d = { { (float) roi->x, (float) roi->y,
                              (float) ((double) roi->x + roi->w),
                              (float) ((double) roi->y + roi->h) },
      class_of (roi, det) };
    g_hash_table_insert (self->labels, GINT_TO_POINTER (d.class_id),
        GUINT_TO_POINTER (roi->roi_type));
    g_ptr_array_add (rois, roi);
    g_array_append_val (in, d);
  }

  mnv_track_output out[MAX_OBJECTS];
  int n;
  if (held && predict) {
    n = replace_held (self, buf, rois, (const mnv_track_input *) in->data,
        motion, out);
  } else if (held) {
    /* Kept as they are: the ids of the frame they were detected on. */
    n = mnv_tracker_predict (self->tracker, out, MAX_OBJECTS);
  } else {
    n = mnv_tracker_update (self->tracker, (const mnv_track_input *) in->data,
        (int) in->len, out, MAX_OBJECTS);
    for (int i = 0; i < n; i++) {
      if (out[i].detection >= 0)
        gst_mnv2_roi_set_object_id (g_ptr_array_index (rois, out[i].detection),
            out[i].id, FALSE);
      else if (predict)
        add_predicted (self, buf, &out[i], -1);
    }
  }
  if (n < 0)
    GST_WARNING_OBJECT (self, "out of memory: tracks not updated");
  if (n >= 0)
    remember_first_seen (self, out, n, GST_BUFFER_PTS (buf));
#ifdef HAVE_GST_ANALYTICS
  /* A tracking mtd for each object detected on this frame, related to its
   * detection mtd (ssdlitedetect meta-kind=both or analytics). */
  if (!held)
    for (int i = 0; i < n; i++) {
      if (out[i].detection < 0)
        continue;
      GstVideoRegionOfInterestMeta *roi = g_ptr_array_index (rois,
          out[i].detection);
      const gint od = gst_mnv2_analytics_roi_detection (roi);
      guint64 *first = g_hash_table_lookup (self->first_seen,
          GINT_TO_POINTER (out[i].id));
      if (od >= 0)
        gst_mnv2_analytics_add_tracking (buf, (guint64) out[i].id,
            first ? *first : GST_BUFFER_PTS (buf), GST_BUFFER_PTS (buf), od);
    }
#endif
  mnv2_track_image_end (&self->image, mnv_tracker_size (self->tracker) > 0);
  g_ptr_array_unref (rois);
  g_array_unref (in);
  return GST_FLOW_OK;
}

static void
gst_mnv2_track_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstMnv2Track *self = GST_MNV2_TRACK (object);
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TRACKING_TYPE:
      self->type = g_value_get_enum (value);
      self->opts.kind = self->type == MNV_TRACK_IOU ? MNV_TRACK_IOU :
                                                      MNV_TRACK_KALMAN;
      break;
    case PROP_MAX_AGE:
      self->opts.max_age = (int) g_value_get_uint (value);
      break;
    case PROP_MIN_HITS:
      self->opts.min_hits = (int) g_value_get_uint (value);
      break;
    case PROP_IOU_THRESHOLD:
      self->opts.iou_threshold = (float) g_value_get_double (value);
      break;
    case PROP_PREDICT: self->predict = g_value_get_boolean (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  if (prop_id != PROP_PREDICT)
    self->opts_changed = TRUE;
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_track_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstMnv2Track *self = GST_MNV2_TRACK (object);
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_TRACKING_TYPE: g_value_set_enum (value, self->type); break;
    case PROP_MAX_AGE:
      g_value_set_uint (value, (guint) self->opts.max_age);
      break;
    case PROP_MIN_HITS:
      g_value_set_uint (value, (guint) self->opts.min_hits);
      break;
    case PROP_IOU_THRESHOLD:
      g_value_set_double (value, self->opts.iou_threshold);
      break;
    case PROP_PREDICT: g_value_set_boolean (value, self->predict); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_track_finalize (GObject *object)
{
  GstMnv2Track *self = GST_MNV2_TRACK (object);
  mnv_tracker_free (self->tracker);
  mnv2_track_image_clear (&self->image);
  g_hash_table_unref (self->labels);
  g_hash_table_unref (self->first_seen);
  G_OBJECT_CLASS (gst_mnv2_track_parent_class)->finalize (object);
}

static void
gst_mnv2_track_class_init (GstMnv2TrackClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_mnv2_track_debug, "mnv2track", 0,
      "mnv2 object tracker");
  gobject_class->set_property = gst_mnv2_track_set_property;
  gobject_class->get_property = gst_mnv2_track_get_property;
  gobject_class->finalize = gst_mnv2_track_finalize;

  g_object_class_install_property (gobject_class, PROP_TRACKING_TYPE,
      g_param_spec_enum ("tracking-type", "Tracking type",
          "iou: match detections by overlap only; kalman: a Kalman filter "
          "per object, matching on predicted boxes and predicting between "
          "detections; short-term: kalman, and between detections objects "
          "follow the image content of their boxes",
          GST_TYPE_MNV2_TRACKING_TYPE, DEFAULT_TYPE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MAX_AGE,
      g_param_spec_uint ("max-age", "Maximum age",
          "Frames with detections an object may go unmatched before its "
          "track ends",
          1, 100000, DEFAULT_MAX_AGE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MIN_HITS,
      g_param_spec_uint ("min-hits", "Minimum hits",
          "Frames an object must be detected in before it gets an id", 1,
          100000, DEFAULT_MIN_HITS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_IOU_THRESHOLD,
      g_param_spec_double ("iou-threshold", "IoU threshold",
          "Least overlap (intersection over union) of a detection with an "
          "object's predicted box to be that object",
          0.01, 1.0, DEFAULT_IOU,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_PREDICT,
      g_param_spec_boolean ("predict", "Predict",
          "Move tracked objects to their predicted boxes on frames whose "
          "detections are held from an earlier inference, and keep objects "
          "missed by the detector at their predicted boxes",
          DEFAULT_PREDICT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_set_static_metadata (element_class, "mnv2 object tracker",
      "Filter/Analyzer/Video",
      "Gives detected objects stable ids (SORT: Kalman filter and IoU "
      "association) and predicted boxes between detections",
      "gst-mnv2 developers");
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);

  trans_class->start = GST_DEBUG_FUNCPTR (gst_mnv2_track_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_mnv2_track_stop);
  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_mnv2_track_set_caps);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_mnv2_track_sink_event);
  trans_class->prepare_output_buffer = GST_DEBUG_FUNCPTR (
      gst_mnv2_track_prepare_output_buffer);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_mnv2_track_transform_ip);
  trans_class->transform_ip_on_passthrough = TRUE;
  gst_type_mark_as_plugin_api (GST_TYPE_MNV2_TRACKING_TYPE, 0);
}

static void
gst_mnv2_track_init (GstMnv2Track *self)
{
  mnv_tracker_options_default (&self->opts);
  self->type = DEFAULT_TYPE;
  self->image.comp = -1;
  self->opts.max_age = DEFAULT_MAX_AGE;
  self->opts.min_hits = DEFAULT_MIN_HITS;
  self->opts.iou_threshold = (float) DEFAULT_IOU;
  self->predict = DEFAULT_PREDICT;
  self->labels = g_hash_table_new (NULL, NULL);
  self->first_seen = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}
