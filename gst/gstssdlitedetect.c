/**
 * SECTION:element-ssdlitedetect
 * @title: ssdlitedetect
 *
 * Detects objects with an SSD / SSDLite model whose graph ends in the
 * TFLite_Detection_PostProcess op (uint8 or float32), and attaches one
 * #GstVideoRegionOfInterestMeta per object: frame pixels (boxes mapped back
 * through the resize mode and clipped to the frame), `roi_type` the label
 * quark, and a parameter structure `detection` with `x_min`, `y_min`,
 * `x_max`, `y_max` (doubles, normalized to the frame), `confidence`
 * (double), `label_id` (int) and `label` (string).
 *
 * With post-messages=true each inference posts an element message
 * `ssdlitedetect` with `timestamp` (guint64) and `objects`: a list of
 * `object` structures with `roi_id` (the ROI meta id: objects are numbered
 * in score order after any ROIs already on the buffer; -1 without ROI meta),
 * `label_id`, `label`, `score`, and `x`, `y`, `width`, `height` (doubles,
 * frame pixels).
 *
 * Without model-file it uses the first found on the model search path of
 * ssdlite_mobilenet_v2_coco_quant_postprocess.tflite and
 * coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -m v4l2src ! videoconvert ! ssdlitedetect post-messages=true ! fakesink
 * gst-launch-1.0 -m filesrc location=street.jpg ! jpegdec ! imagefreeze num-buffers=1 ! ssdlitedetect threshold=0.4 post-messages=true ! fakesink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>

#include <gst/video/video.h>

#include "detector.h"
#include "gstssdlitedetect.h"
#include "mnv2/mnv2schema.h"
#include "mnv2analytics.h"

GST_DEBUG_CATEGORY_STATIC (gst_ssdlite_detect_debug);
#define GST_CAT_DEFAULT gst_ssdlite_detect_debug

#define DEFAULT_THRESHOLD 0.5f
#define DEFAULT_IOU_THRESHOLD 0.6f
#define DEFAULT_MAX_DETECTIONS 100
#define DEFAULT_ATTACH_ROI_META TRUE

enum {
  PROP_0,
  PROP_THRESHOLD,
  PROP_IOU_THRESHOLD,
  PROP_MAX_DETECTIONS,
  PROP_ATTACH_ROI_META,
  PROP_META_KIND,
};

/* Which metadata carries the objects. */
typedef enum {
  META_KIND_ROI = 1,
  META_KIND_ANALYTICS = 2,
  META_KIND_BOTH = 3,
} MetaKind;

#ifdef HAVE_GST_ANALYTICS
#define DEFAULT_META_KIND META_KIND_BOTH
#define GST_TYPE_MNV2_META_KIND (gst_mnv2_meta_kind_get_type ())
static GType
gst_mnv2_meta_kind_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { META_KIND_ROI, "A GstVideoRegionOfInterestMeta per object", "roi" },
    { META_KIND_ANALYTICS,
        "An object-detection mtd per object in the "
        "GstAnalyticsRelationMeta",
        "analytics" },
    { META_KIND_BOTH, "Both", "both" },
    { 0, NULL, NULL },
  };
  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstMnv2MetaKind", values));
  return type;
}
#else
#define DEFAULT_META_KIND META_KIND_ROI
#endif

/* One object of an inference, in frame terms. */
typedef struct {
  gdouble x0, y0, x1, y1;     /* pixels of the analysed frame */
  gdouble nx0, ny0, nx1, ny1; /* normalized to the frame */
  gint label_id;
  GQuark label;
  gfloat score;
} Object;

struct _GstSsdliteDetect {
  GstMnv2Infer parent;

  /* properties */
  gfloat threshold, iou_threshold;
  guint max_detections;
  gboolean attach_roi_meta;
  MetaKind meta_kind;

  /* state */
  mnv_detector *detector; /* of the loaded model */
};

G_DEFINE_TYPE (GstSsdliteDetect, gst_ssdlite_detect, GST_TYPE_MNV2_INFER);

static const gchar *const default_models[] = {
  "ssdlite_mobilenet_v2_coco_quant_postprocess.tflite",
  "ssdlite_object_detection.tflite",
  "coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.tflite", NULL
};

static gboolean
gst_ssdlite_detect_check_model (GstMnv2Infer *infer, mnv_model *model,
    gchar **reason)
{
  GstSsdliteDetect *self = GST_SSDLITE_DETECT (infer);
  const char *why;
  /* Called at READY, never while frames flow. */
  mnv_detector_free (self->detector);
  if ((self->detector = mnv_detector_new (model, &why))) {
    GST_INFO_OBJECT (self, "detector layout: %s",
        mnv_detector_layout (self->detector));
    return TRUE;
  }
  *reason = g_strdup_printf ("%s (is it a classification or segmentation "
                             "model?)",
      why);
  return FALSE;
}

/* The objects of the session's outputs (GArray of Object, best first). */
static gpointer
gst_ssdlite_detect_decode (GstMnv2Infer *infer, const GstMnv2Geometry *g)
{
  GstSsdliteDetect *self = GST_SSDLITE_DETECT (infer);
  const int fw = g->width, fh = g->height;
  mnv_tensor_info in;
  gfloat threshold, iou;
  guint max;

  GST_OBJECT_LOCK (self);
  threshold = self->threshold;
  iou = self->iou_threshold;
  max = self->max_detections;
  GST_OBJECT_UNLOCK (self);

  /* On the thread that ran the model: one scratch per call. */
  mnv_detection *found = g_new (mnv_detection, max);
  mnv_model_input_info (gst_mnv2_infer_get_model (infer), 0, &in);
  int n = mnv_detector_results (self->detector,
      gst_mnv2_infer_get_session (infer), threshold, iou, found, (int) max);

  GArray *objects = g_array_sized_new (FALSE, TRUE, sizeof (Object), n);
  for (int i = 0; i < n; i++) {
    const mnv_detection *d = &found[i];
    float px[4];
    Object o;
    mnv_image_map_box (d->box, in.dims[2], in.dims[1], &g->frame_rect,
        &g->input_rect, fw, fh, px);
    o.x0 = px[0];
    o.y0 = px[1];
    o.x1 = px[2];
    o.y1 = px[3];
    o.nx0 = px[0] / fw;
    o.ny0 = px[1] / fh;
    o.nx1 = px[2] / fw;
    o.ny1 = px[3] / fh;
    o.label_id = d->class_id;
    o.label = gst_mnv2_infer_label_quark (infer, d->class_id);
    o.score = d->score;
    g_array_append_val (objects, o);
  }
  g_free (found);
  return objects;
}

static void
gst_ssdlite_detect_free_payload (gpointer payload)
{
  g_array_unref (payload);
}

/* O's box in pixels of a frame SX, SY times the analysed one's size. */
static void
object_box (const Object *o, gdouble sx, gdouble sy, gdouble px[4])
{
  px[0] = o->x0 * sx;
  px[1] = o->y0 * sy;
  px[2] = o->x1 * sx;
  px[3] = o->y1 * sy;
}

/* Attaches the ROI metas of OBJECTS to BUFFER (SX, SY times the analysed
 * frame); ROI_IDS (may be NULL) receives their ids.  HELD: the objects
 * come from an earlier frame's inference (mnv2track moves such boxes to
 * where the objects are now). */
static void
attach_metas (GArray *objects, GstBuffer *buffer, gdouble sx, gdouble sy,
    gint *roi_ids, gboolean held, GstClockTime result_pts, MetaKind kind)
{
  guint first_id = gst_buffer_get_n_meta (buffer,
      GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE);
  for (guint i = 0; i < objects->len; i++) {
    const Object *o = &g_array_index (objects, Object, i);
    gdouble px[4];
    object_box (o, sx, sy, px);
    guint x = (guint) lrint (px[0]), y = (guint) lrint (px[1]);
    guint x1 = (guint) lrint (px[2]), y1 = (guint) lrint (px[3]);
    gint analytics_id = -1;
#ifdef HAVE_GST_ANALYTICS
    if (kind & META_KIND_ANALYTICS)
      analytics_id = gst_mnv2_analytics_add_detection (buffer, o->label,
          (gint) x, (gint) y, (gint) (x1 > x ? x1 - x : 0),
          (gint) (y1 > y ? y1 - y : 0), o->score);
#endif
    if (!(kind & META_KIND_ROI))
      continue;
    GstVideoRegionOfInterestMeta *meta =
        gst_buffer_add_video_region_of_interest_meta_id (buffer, o->label, x, y,
            x1 > x ? x1 - x : 0, y1 > y ? y1 - y : 0);
    /* The producer numbers ROIs: objects of this buffer, in score order,
     * after any ROIs already on it. */
    meta->id = (gint) (first_id + i);
    GstStructure *det = gst_mnv2_detection_param_new (g_quark_to_string (
                                                          o->label),
        o->label_id, (gdouble) o->score);
    gst_structure_set (det, "x_min", G_TYPE_DOUBLE, o->nx0, "y_min",
        G_TYPE_DOUBLE, o->ny0, "x_max", G_TYPE_DOUBLE, o->nx1, "y_max",
        G_TYPE_DOUBLE, o->ny1, "held", G_TYPE_BOOLEAN, held, NULL);
    gst_mnv2_infer_set_result_pts (det, result_pts);
    if (analytics_id >= 0)
      gst_structure_set (det, GST_MNV2_ANALYTICS_ID_FIELD, G_TYPE_INT,
          analytics_id, NULL);
    gst_video_region_of_interest_meta_add_param (meta, det);
    if (roi_ids)
      roi_ids[i] = meta->id;
  }
}

static void
post_objects (GstSsdliteDetect *self, GArray *objects, GstBuffer *buffer,
    gdouble sx, gdouble sy, const gint *roi_ids, GstClockTime result_pts)
{
  GValue list = G_VALUE_INIT;
  g_value_init (&list, GST_TYPE_LIST);
  for (guint i = 0; i < objects->len; i++) {
    const Object *o = &g_array_index (objects, Object, i);
    GValue v = G_VALUE_INIT;
    gdouble px[4];
    object_box (o, sx, sy, px);
    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v,
        gst_structure_new ("object", "roi_id", G_TYPE_INT,
            roi_ids ? roi_ids[i] : -1, "label_id", G_TYPE_INT, o->label_id,
            "label", G_TYPE_STRING, g_quark_to_string (o->label), "score",
            G_TYPE_DOUBLE, (gdouble) o->score, "x", G_TYPE_DOUBLE, px[0], "y",
            G_TYPE_DOUBLE, px[1], "width", G_TYPE_DOUBLE, px[2] - px[0],
            "height", G_TYPE_DOUBLE, px[3] - px[1], NULL));
    gst_value_list_append_and_take_value (&list, &v);
  }
  GstStructure *s = gst_structure_new_empty ("ssdlitedetect");
  gst_structure_take_value (s, "objects", &list);
  gst_mnv2_infer_post_results (GST_MNV2_INFER (self), buffer, result_pts, s);
}

static void
gst_ssdlite_detect_attach (GstMnv2Infer *infer, GstBuffer *buffer,
    const GstMnv2Result *result, gboolean fresh)
{
  GstSsdliteDetect *self = GST_SSDLITE_DETECT (infer);
  GstVideoInfo *info = &GST_VIDEO_FILTER (self)->in_info;
  GArray *objects = result->payload;
  gdouble sx = 1.0, sy = 1.0;
  gboolean attach;
  gint *roi_ids;

  /* The base checked that it fits. */
  gst_mnv2_result_fits (result, GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info), &sx, &sy);
  GST_OBJECT_LOCK (self);
  attach = self->attach_roi_meta;
  MetaKind kind = self->meta_kind;
  GST_OBJECT_UNLOCK (self);
  /* attach-roi-meta=false leaves out the ROI metas (kept for
   * compatibility: meta-kind says the same on analytics builds). */
  if (!attach)
    kind &= ~META_KIND_ROI;
  attach = kind != 0;
  /* Held: an earlier frame carried these objects already.  (With
   * inference-mode=live a fresh result was computed on an earlier frame
   * too, result_pts says which: mnv2track takes it as the newest
   * measurement all the same.) */
  const gboolean held = !fresh;
  roi_ids = g_new (gint, objects->len + 1);
  for (guint i = 0; i < objects->len; i++)
    roi_ids[i] = -1;
  if (attach)
    attach_metas (objects, buffer, sx, sy, roi_ids, held, result->pts, kind);
  if (fresh && gst_mnv2_infer_get_post_messages (infer))
    post_objects (self, objects, buffer, sx, sy, roi_ids, result->pts);
  g_free (roi_ids);
}

static void
gst_ssdlite_detect_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstSsdliteDetect *self = GST_SSDLITE_DETECT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_THRESHOLD: self->threshold = g_value_get_float (value); break;
    case PROP_IOU_THRESHOLD:
      self->iou_threshold = g_value_get_float (value);
      break;
    case PROP_MAX_DETECTIONS:
      self->max_detections = g_value_get_uint (value);
      break;
    case PROP_ATTACH_ROI_META:
      self->attach_roi_meta = g_value_get_boolean (value);
      break;
    case PROP_META_KIND: self->meta_kind = g_value_get_enum (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_ssdlite_detect_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSsdliteDetect *self = GST_SSDLITE_DETECT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_THRESHOLD: g_value_set_float (value, self->threshold); break;
    case PROP_IOU_THRESHOLD:
      g_value_set_float (value, self->iou_threshold);
      break;
    case PROP_MAX_DETECTIONS:
      g_value_set_uint (value, self->max_detections);
      break;
    case PROP_ATTACH_ROI_META:
      g_value_set_boolean (value, self->attach_roi_meta);
      break;
    case PROP_META_KIND: g_value_set_enum (value, self->meta_kind); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_ssdlite_detect_finalize (GObject *object)
{
  GstSsdliteDetect *self = GST_SSDLITE_DETECT (object);
  mnv_detector_free (self->detector);
  G_OBJECT_CLASS (gst_ssdlite_detect_parent_class)->finalize (object);
}

static void
gst_ssdlite_detect_class_init (GstSsdliteDetectClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstMnv2InferClass *infer_class = GST_MNV2_INFER_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_ssdlite_detect_debug, "ssdlitedetect", 0,
      "SSD / SSDLite detection");

  gobject_class->set_property = gst_ssdlite_detect_set_property;
  gobject_class->get_property = gst_ssdlite_detect_get_property;
  gobject_class->finalize = gst_ssdlite_detect_finalize;

  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_float ("threshold", "Threshold",
          "Minimum score of a reported object", 0.0f, 1.0f, DEFAULT_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_IOU_THRESHOLD,
      g_param_spec_float ("iou-threshold", "IoU threshold",
          "Drop an object whose box overlaps a better one by more than this "
          "intersection over union (after the model's own NMS)",
          0.0f, 1.0f, DEFAULT_IOU_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MAX_DETECTIONS,
      g_param_spec_uint ("max-detections", "Max detections",
          "Report at most this many objects per frame (the model's own "
          "limit applies too)",
          1, 10000, DEFAULT_MAX_DETECTIONS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_ATTACH_ROI_META,
      g_param_spec_boolean ("attach-roi-meta", "Attach ROI meta",
          "Attach a GstVideoRegionOfInterestMeta per object (turn off when a "
          "downstream encoder would take them as encoding regions)",
          DEFAULT_ATTACH_ROI_META,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
#ifdef HAVE_GST_ANALYTICS
  g_object_class_install_property (gobject_class, PROP_META_KIND,
      g_param_spec_enum ("meta-kind", "Meta kind",
          "Which metadata carries the objects: roi (GstVideoRegionOfInterest"
          "Meta, what GStreamer 1.22 elements read), analytics (an object-"
          "detection mtd in the GstAnalyticsRelationMeta, what "
          "objectdetectionoverlay and gstreamer-analytics applications "
          "read), or both",
          GST_TYPE_MNV2_META_KIND, DEFAULT_META_KIND,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  gst_type_mark_as_plugin_api (GST_TYPE_MNV2_META_KIND, 0);
#endif

  gst_element_class_set_static_metadata (element_class,
      "SSD / SSDLite object detector", "Filter/Analyzer/Video",
      "Detects objects with an SSD/SSDLite .tflite model and attaches a "
      "GstVideoRegionOfInterestMeta per object. Example: gst-launch-1.0 -m "
      "v4l2src ! videoconvert ! ssdlitedetect post-messages=true ! fakesink",
      "gst-mnv2 developers");

  infer_class->default_models = default_models;
  infer_class->check_model = gst_ssdlite_detect_check_model;
  infer_class->decode = gst_ssdlite_detect_decode;
  infer_class->free_payload = gst_ssdlite_detect_free_payload;
  infer_class->attach = gst_ssdlite_detect_attach;
}

static void
gst_ssdlite_detect_init (GstSsdliteDetect *self)
{
  self->threshold = DEFAULT_THRESHOLD;
  self->iou_threshold = DEFAULT_IOU_THRESHOLD;
  self->max_detections = DEFAULT_MAX_DETECTIONS;
  self->attach_roi_meta = DEFAULT_ATTACH_ROI_META;
  self->meta_kind = DEFAULT_META_KIND;
}
