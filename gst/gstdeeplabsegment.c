/**
 * SECTION:element-deeplabsegment
 * @title: deeplabsegment
 *
 * Semantic segmentation with a DeepLabv3-MobileNetV2 model (a model ending
 * in ARG_MAX, or in per-class logits).  Attaches #GstMnv2SegmentationMeta
 * (library gstmnv2meta-1.0): a GRAY8 class map at the model's resolution,
 * the frame rectangle it covers (through the resize mode; scaled with the
 * frame by videoscale) and the labels (PASCAL VOC for models without
 * labels and 21 classes).
 *
 * With post-messages=true each inference posts an element message
 * `deeplabsegment` with `timestamp`, `width`, `height` (class-map size) and
 * `classes`: a list of `class` structures (`id`, `label`, `pixels`,
 * `fraction`) for the classes present, most pixels first.
 *
 * Without model-file it uses deeplabv3_mnv2_pascal_quant.tflite from the
 * model search path.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -m v4l2src ! videoconvert ! deeplabsegment post-messages=true ! fakesink
 * gst-launch-1.0 -m filesrc location=bird.bmp ! gdkpixbufdec ! videoconvert ! imagefreeze num-buffers=1 ! deeplabsegment post-messages=true ! fakesink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>

#include <gst/video/video.h>

#include "gstdeeplabsegment.h"
#include "mnv2/mnv2meta.h"
#include "mnv2/mnv2schema.h"
#include "mnv2analytics.h"
#include "segmenter.h"

GST_DEBUG_CATEGORY_STATIC (gst_deeplab_segment_debug);
#define GST_CAT_DEFAULT gst_deeplab_segment_debug

struct _GstDeeplabSegment {
  GstMnv2Infer parent;

  /* The model's class map, checked once when it is loaded. */
  int map_w, map_h, classes;
};

/* One inference's class map and what the metas and messages say of it. */
typedef struct {
  GstBuffer *class_map; /* shared by the metas of every frame */
  guint width, height;
  GQuark *labels;
  guint n_labels;
  guint32 histogram[256];
  GstVideoRectangle rect; /* covered, in the analysed frame */
} Segmentation;

G_DEFINE_TYPE (GstDeeplabSegment, gst_deeplab_segment, GST_TYPE_MNV2_INFER);

static const gchar *const default_models[] = {
  "deeplabv3_mnv2_pascal_quant.tflite", NULL
};

static gboolean
gst_deeplab_segment_check_model (GstMnv2Infer *infer, mnv_model *model,
    gchar **reason)
{
  GstDeeplabSegment *self = GST_DEEPLAB_SEGMENT (infer);
  const char *why;
  if (mnv_segmenter_check (model, &self->map_w, &self->map_h, &self->classes,
          &why))
    return TRUE;
  *reason = g_strdup_printf ("%s (is it a classification or detection "
                             "model?)",
      why);
  return FALSE;
}

/* Label quarks: the model's or labels-file's labels; without them the
 * PASCAL VOC names for a 21-class model, or for a class map whose class
 * count the model does not say (the default models'); numbers beyond. */
static void
make_labels (GstDeeplabSegment *self, Segmentation *seg)
{
  GstMnv2Infer *infer = GST_MNV2_INFER (self);
  const mnv_labels *l = gst_mnv2_infer_get_labels (infer);

  /* A class map of unknown count may hold any byte. */
  seg->n_labels = l->count ? (guint) l->count :
      self->classes        ? (guint) self->classes :
                             256;
  const gboolean pascal = !l->count &&
      (self->classes == 21 || self->classes == 0);
  seg->labels = g_new0 (GQuark, seg->n_labels);
  for (guint i = 0; i < seg->n_labels; i++) {
    const char *name = mnv_labels_get (l, i);
    if (!name && pascal && i < 21)
      name = mnv_pascal_voc_labels[i];
    gchar num[16];
    g_snprintf (num, sizeof num, "%u", i);
    seg->labels[i] = g_quark_from_string (name ? name : num);
  }
}

/* The frame rectangle the whole model input (so the class map) covers. */
static GstVideoRectangle
covered_rect (GstDeeplabSegment *self, const GstMnv2Geometry *g)
{
  GstMnv2Infer *infer = GST_MNV2_INFER (self);
  const mnv_rect src = g->frame_rect, dst = g->input_rect;
  mnv_tensor_info in;
  GstVideoRectangle r;

  mnv_model_input_info (gst_mnv2_infer_get_model (infer), 0, &in);
  const double sx = (double) src.w / dst.w, sy = (double) src.h / dst.h;
  r.x = (gint) lrint (src.x - dst.x * sx);
  r.y = (gint) lrint (src.y - dst.y * sy);
  r.w = (gint) lrint (in.dims[2] * sx);
  r.h = (gint) lrint (in.dims[1] * sy);
  return r;
}

static gpointer
gst_deeplab_segment_decode (GstMnv2Infer *infer, const GstMnv2Geometry *g)
{
  GstDeeplabSegment *self = GST_DEEPLAB_SEGMENT (infer);
  const int w = self->map_w, h = self->map_h;
  Segmentation *seg = g_new0 (Segmentation, 1);
  GstMapInfo map;

  /* A new buffer per inference: metas of earlier frames keep theirs. */
  seg->class_map = gst_buffer_new_allocate (NULL, (gsize) w * h, NULL);
  if (!seg->class_map ||
      !gst_buffer_map (seg->class_map, &map, GST_MAP_WRITE)) {
    gst_clear_buffer (&seg->class_map);
    g_free (seg);
    return NULL;
  }
  make_labels (self, seg);
  mnv_segmenter_class_map (gst_mnv2_infer_get_session (infer),
      gst_mnv2_infer_get_model (infer), map.data, (size_t) w, seg->histogram);
  gst_buffer_unmap (seg->class_map, &map);
  seg->width = (guint) w;
  seg->height = (guint) h;
  seg->rect = covered_rect (self, g);
  return seg;
}

static void
gst_deeplab_segment_free_payload (gpointer payload)
{
  Segmentation *seg = payload;
  gst_buffer_unref (seg->class_map);
  g_free (seg->labels);
  g_free (seg);
}

static void
post_classes (GstDeeplabSegment *self, const Segmentation *seg,
    GstBuffer *buffer, GstClockTime result_pts)
{
  const double total = (double) seg->width * seg->height;
  GValue list = G_VALUE_INIT;
  GstMnv2ClassCount counts[256];
  const guint n = gst_mnv2_class_histogram_sort (seg->histogram, counts);

  g_value_init (&list, GST_TYPE_LIST);
  for (guint i = 0; i < n; i++) {
    const guint c = counts[i].id;
    gchar num[16];
    GValue v = G_VALUE_INIT;
    g_value_init (&v, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&v,
        gst_structure_new ("class", "id", G_TYPE_INT, (gint) c, "label",
            G_TYPE_STRING,
            gst_mnv2_label_or_number (c < seg->n_labels ?
                    g_quark_to_string (seg->labels[c]) :
                    NULL,
                (gint) c, num),
            "pixels", G_TYPE_UINT, counts[i].pixels, "fraction", G_TYPE_DOUBLE,
            counts[i].pixels / total, NULL));
    gst_value_list_append_and_take_value (&list, &v);
  }
  GstStructure *s = gst_structure_new ("deeplabsegment", "width", G_TYPE_UINT,
      seg->width, "height", G_TYPE_UINT, seg->height, NULL);
  gst_structure_take_value (s, "classes", &list);
  gst_mnv2_infer_post_results (GST_MNV2_INFER (self), buffer, result_pts, s);
}

static void
gst_deeplab_segment_attach (GstMnv2Infer *infer, GstBuffer *buffer,
    const GstMnv2Result *result, gboolean fresh)
{
  GstDeeplabSegment *self = GST_DEEPLAB_SEGMENT (infer);
  GstVideoInfo *info = &GST_VIDEO_FILTER (self)->in_info;
  const Segmentation *seg = result->payload;
  gdouble sx = 1.0, sy = 1.0;

  if (fresh && gst_mnv2_infer_get_post_messages (infer))
    post_classes (self, seg, buffer, result->pts);
  /* The base checked that it fits. */
  gst_mnv2_result_fits (result, GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info), &sx, &sy);
  GstVideoRectangle rect = seg->rect;
  if (sx != 1.0 || sy != 1.0) {
    rect.x = (gint) lrint (rect.x * sx);
    rect.y = (gint) lrint (rect.y * sy);
    rect.w = (gint) lrint (rect.w * sx);
    rect.h = (gint) lrint (rect.h * sy);
  }
  GstMnv2SegmentationMeta *m = gst_buffer_add_mnv2_segmentation_meta (buffer,
      seg->class_map, seg->width, seg->height, seg->width, &rect, seg->labels,
      seg->n_labels);
  m->result_pts = result->pts;
#ifdef HAVE_GST_ANALYTICS_SEGMENTATION
  gst_mnv2_analytics_add_segmentation (buffer, seg->class_map, seg->width,
      seg->height, &rect, seg->histogram);
#endif
}

static void
gst_deeplab_segment_class_init (GstDeeplabSegmentClass *klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstMnv2InferClass *infer_class = GST_MNV2_INFER_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_deeplab_segment_debug, "deeplabsegment", 0,
      "DeepLabv3 segmentation");

  gst_element_class_set_static_metadata (element_class,
      "DeepLabv3 semantic segmentation", "Filter/Analyzer/Video",
      "Segments video frames with a DeepLabv3 .tflite model and attaches the "
      "class map as metadata. Example: gst-launch-1.0 -m v4l2src ! "
      "videoconvert ! deeplabsegment post-messages=true ! fakesink",
      "gst-mnv2 developers");

  infer_class->default_models = default_models;
  infer_class->check_model = gst_deeplab_segment_check_model;
  infer_class->decode = gst_deeplab_segment_decode;
  infer_class->free_payload = gst_deeplab_segment_free_payload;
  infer_class->attach = gst_deeplab_segment_attach;
}

static void
gst_deeplab_segment_init (GstDeeplabSegment *self)
{
  (void) self;
}
