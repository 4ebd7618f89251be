/**
 * SECTION:element-mnv2overlay
 * @title: mnv2overlay
 *
 * Draws analytics results onto the video: the boxes of every
 * #GstVideoRegionOfInterestMeta (from ssdlitedetect or any other element)
 * with a label plate ("%label %score" by default; one more line per
 * "classification" parameter of the ROI, as mnv2classify
 * inference-region=roi-list adds them), the frame's best
 * classes of #GstMnv2ClassificationMeta (mnv2classify) as a banner at the
 * top left, and #GstMnv2SegmentationMeta (deeplabsegment) as a translucent
 * PASCAL VOC palette layer over the frame rectangle its class map covers.
 *
 * Boxes, labels and the banner are rendered with Cairo and Pango into small
 * ARGB overlay rectangles (only around what is drawn), re-rendered only
 * when the results change.  If downstream announces
 * #GstVideoOverlayCompositionMeta in the ALLOCATION query they are attached
 * as that meta, the frame left untouched; otherwise they are blended into
 * the frame, and the mask is blended by our own palette blender straight
 * from the class map (luma at full, chroma at half resolution) for NV12,
 * NV21, I420, YV12 and 8-bit RGB formats; other formats blend it as a
 * rectangle at class-map resolution.
 *
 * With hold-ms > 0, a frame that carries no results of a kind shows the
 * last ones of that kind seen at most hold-ms earlier (by timestamp).
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 v4l2src ! videoconvert ! ssdlitedetect ! deeplabsegment ! mnv2classify ! mnv2overlay ! autovideosink
 * gst-launch-1.0 filesrc location=cat.jpg ! jpegdec ! videoconvert ! ssdlitedetect ! mnv2overlay ! videoconvert ! pngenc ! filesink location=cat-annotated.png
 * ]|
 */
#include <string.h>

#include <gst/video/video.h>

#include "gstmnv2overlay.h"
#include "mask_blend.h"
#include "mnv2/mnv2meta.h"
#ifdef HAVE_GST_ANALYTICS
#include "mnv2/mnv2analytics.h"
#endif
#include "overlay_render.h"
#include "overlay_scene.h"

GST_DEBUG_CATEGORY_STATIC (gst_mnv2_overlay_debug);
#define GST_CAT_DEFAULT gst_mnv2_overlay_debug

#define DEFAULT_DRAW_BOXES TRUE
#define DEFAULT_DRAW_LABELS TRUE
#define DEFAULT_SHOW_CONFIDENCE TRUE
#define DEFAULT_DRAW_CLASSIFICATION TRUE
#define DEFAULT_DRAW_MASK TRUE
#define DEFAULT_MASK_ALPHA 0.5
#define DEFAULT_LINE_WIDTH 0
#define DEFAULT_BOX_COLOR 0
#define DEFAULT_LABEL_FORMAT "%label %score"
#define DEFAULT_HOLD_MS 0
#define DEFAULT_DRAW_TRAILS FALSE

enum {
  PROP_0,
  PROP_DRAW_BOXES,
  PROP_DRAW_LABELS,
  PROP_SHOW_CONFIDENCE,
  PROP_DRAW_CLASSIFICATION,
  PROP_DRAW_MASK,
  PROP_MASK_ALPHA,
  PROP_LINE_WIDTH,
  PROP_FONT_DESC,
  PROP_BOX_COLOR,
  PROP_LABEL_FORMAT,
  PROP_HOLD_MS,
  PROP_DRAW_TRAILS,
};

struct _GstMnv2Overlay {
  GstVideoFilter parent;

  /* properties (object lock) */
  gboolean draw_boxes, draw_labels, show_confidence, draw_classification;
  gboolean draw_mask, draw_trails;
  gdouble mask_alpha;
  guint line_width, box_color, hold_ms;
  gchar *font_desc, *label_format;
  gboolean props_changed;

  /* streaming state */
  Mnv2MaskPalette palette;
  Mnv2BlendPlan blend; /* how frames of the format are blended */
  PangoFontDescription *font;
  gboolean attach; /* downstream takes the composition meta */
  gboolean checked_downstream;
  Mnv2Scene scene;
  guint64 drawn_key;                   /* what `drawn` and `edges` show */
  GstVideoOverlayComposition *drawn;   /* labels, banner */
  GstVideoOverlayComposition *edges;   /* box outlines as rectangles, made
                                        * only when they cannot be filled
                                        * in the frame directly */
  GstVideoOverlayRectangle *mask_rect; /* cached mask rectangle */
  GstBuffer *mask_rect_map;
  guint mask_rect_alpha;
};

G_DEFINE_TYPE (GstMnv2Overlay, gst_mnv2_overlay, GST_TYPE_VIDEO_FILTER);

#define CAPS GST_VIDEO_CAPS_MAKE (GST_VIDEO_OVERLAY_COMPOSITION_BLEND_FORMATS)

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (CAPS));

static void
reset_state (GstMnv2Overlay *self)
{
  mnv2_scene_clear (&self->scene);
  g_clear_pointer (&self->drawn, gst_video_overlay_composition_unref);
  g_clear_pointer (&self->edges, gst_video_overlay_composition_unref);
  g_clear_pointer (&self->mask_rect, gst_video_overlay_rectangle_unref);
  gst_clear_buffer (&self->mask_rect_map);
  self->drawn_key = 0;
  self->checked_downstream = FALSE;
}

/* Re-checks, after caps or a reconfigure, whether downstream takes
 * GstVideoOverlayCompositionMeta. */
static void
check_downstream (GstMnv2Overlay *self)
{
  GstBaseTransform *bt = GST_BASE_TRANSFORM (self);
  if (self->checked_downstream && !gst_pad_check_reconfigure (bt->srcpad))
    return;
  GstCaps *caps = gst_pad_get_current_caps (bt->srcpad);
  self->attach = FALSE;
  if (caps) {
    GstQuery *q = gst_query_new_allocation (caps, FALSE);
    if (gst_pad_peer_query (bt->srcpad, q))
      self->attach = gst_query_find_allocation_meta (q,
          GST_VIDEO_OVERLAY_COMPOSITION_META_API_TYPE, NULL);
    gst_query_unref (q);
    gst_caps_unref (caps);
  }
  self->checked_downstream = TRUE;
  GST_DEBUG_OBJECT (self, "downstream %s the overlay composition meta",
      self->attach ? "takes" : "does not take");
}

/* The properties for a frame FH pixels high into OPT (label_format to be
 * freed), and the font built again when font-desc or the size changed. */
static void
snapshot_options (GstMnv2Overlay *self, gint fh, Mnv2SceneOptions *opt,
    guint *mask_alpha)
{
  GST_OBJECT_LOCK (self);
  opt->boxes = self->draw_boxes;
  opt->labels = self->draw_labels;
  opt->confidence = self->show_confidence;
  opt->banner = self->draw_classification;
  opt->mask = self->draw_mask;
  opt->trails = self->draw_trails;
  opt->hold_ms = self->hold_ms;
  opt->box_color = self->box_color;
  opt->label_format = g_strdup (self->label_format ? self->label_format : "");
  opt->line_width = self->line_width ? (gint) self->line_width :
                                       MAX (2, fh / 360);
  *mask_alpha = (guint) (self->mask_alpha * 256.0 + 0.5);
  if (self->props_changed || !self->font) {
    if (self->font)
      pango_font_description_free (self->font);
    if (self->font_desc && *self->font_desc) {
      self->font = pango_font_description_from_string (self->font_desc);
    } else {
      self->font = pango_font_description_from_string ("Sans Bold");
      pango_font_description_set_absolute_size (self->font,
          MAX (10, fh / 40) * PANGO_SCALE);
    }
    self->props_changed = FALSE;
    self->drawn_key = 0;
  }
  GST_OBJECT_UNLOCK (self);
}

/* Renders boxes, labels and banner again only when they changed (or when
 * the outlines are now needed as rectangles). */
static void
render_if_changed (GstMnv2Overlay *self, gint fw, gint fh, gint lw,
    gboolean own_blend)
{
  const Mnv2Scene *sc = &self->scene;
  const guint64 key = mnv2_scene_key (sc, fw, fh, lw);
  const guint n_boxes = sc->boxes.list->len;
  if (key == self->drawn_key && (own_blend || self->edges || !n_boxes))
    return;
  g_clear_pointer (&self->drawn, gst_video_overlay_composition_unref);
  g_clear_pointer (&self->edges, gst_video_overlay_composition_unref);
  /* The banner first: box labels keep out of its way. */
  GstVideoRectangle banner;
  mnv2_render_banner (&self->drawn, (gchar **) sc->banner.lines, sc->banner.n,
      self->font, fw, fh, &banner);
  mnv2_render_boxes (own_blend ? NULL : &self->edges, &self->drawn,
      (const Mnv2OverlayBox *) sc->boxes.list->data, n_boxes, lw, self->font,
      fw, fh, &banner);
  self->drawn_key = key;
}

/* The mask as a rectangle, for GStreamer's blending or for downstream
 * (cached per class map and alpha); NULL when there is none. */
static GstVideoOverlayRectangle *
mask_rectangle (GstMnv2Overlay *self, guint alpha, gint fw, gint fh)
{
  const Mnv2HeldMask *mask = &self->scene.mask;
  if (!mask->map)
    return NULL;
  if (self->mask_rect_map == mask->map && self->mask_rect_alpha == alpha)
    return self->mask_rect;
  GstMapInfo m;
  g_clear_pointer (&self->mask_rect, gst_video_overlay_rectangle_unref);
  gst_clear_buffer (&self->mask_rect_map);
  if (gst_buffer_map (mask->map, &m, GST_MAP_READ)) {
    if (m.size >= (gsize) mask->stride * mask->h)
      self->mask_rect = mnv2_render_mask (m.data, mask->w, mask->h,
          mask->stride, &mask->rect, &self->palette, alpha, fw, fh);
    gst_buffer_unmap (mask->map, &m);
  }
  self->mask_rect_map = gst_buffer_ref (mask->map);
  self->mask_rect_alpha = alpha;
  return self->mask_rect;
}

/* Downstream draws: mask under edges under labels and banner, as one
 * composition meta on BUF; the frame is not touched. */
static void
attach_composition (GstMnv2Overlay *self, GstBuffer *buf,
    GstVideoOverlayRectangle *mask_rect)
{
  GstVideoOverlayComposition *comp = mask_rect ?
      gst_video_overlay_composition_new (mask_rect) :
      NULL;
  GstVideoOverlayComposition *parts[2] = { self->edges, self->drawn };
  for (int p = 0; p < 2; p++)
    for (guint i = 0;
         parts[p] && i < gst_video_overlay_composition_n_rectangles (parts[p]);
         i++) {
      GstVideoOverlayRectangle *r =
          gst_video_overlay_composition_get_rectangle (parts[p], i);
      if (comp)
        gst_video_overlay_composition_add_rectangle (comp, r);
      else
        comp = gst_video_overlay_composition_new (r);
    }
  if (comp) {
    gst_buffer_add_video_overlay_composition_meta (buf, comp);
    gst_video_overlay_composition_unref (comp);
  }
}

typedef struct {
  GstVideoFrame *frame;
  const Mnv2BlendPlan *plan;
  const Mnv2MaskPalette *palette;
} FillTarget;

static void
fill_strip (gint x, gint y, gint w, gint h, guint32 argb, gpointer data)
{
  FillTarget *t = data;
  mnv2_frame_fill (t->frame, t->plan, x, y, w, h, argb, t->palette);
}

/* We draw: the mask and the box outlines straight into the frame when our
 * blender handles the format (no per-row overhead of GStreamer's generic
 * blending), else as rectangles; then labels and banner. */
static void
blend_into_frame (GstMnv2Overlay *self, GstVideoFrame *frame,
    GstVideoOverlayRectangle *mask_rect, gboolean own_blend, gint lw,
    guint alpha)
{
  const Mnv2HeldMask *mask = &self->scene.mask;
  const GArray *boxes = self->scene.boxes.list;
  if (mask->map && own_blend) {
    GstMapInfo m;
    if (gst_buffer_map (mask->map, &m, GST_MAP_READ)) {
      if (m.size >= (gsize) mask->stride * mask->h)
        mnv2_mask_blend (frame, &self->blend, m.data, mask->w, mask->h,
            mask->stride, &mask->rect, &self->palette, alpha);
      gst_buffer_unmap (mask->map, &m);
    }
  } else if (mask_rect) {
    GstVideoOverlayComposition *c = gst_video_overlay_composition_new (
        mask_rect);
    gst_video_overlay_composition_blend (c, frame);
    gst_video_overlay_composition_unref (c);
  }
  if (own_blend && lw > 0) {
    FillTarget target = { frame, &self->blend, &self->palette };
    for (guint i = 0; i < boxes->len; i++)
      mnv2_box_strips (&g_array_index (boxes, Mnv2OverlayBox, i), lw,
          GST_VIDEO_FRAME_WIDTH (frame), GST_VIDEO_FRAME_HEIGHT (frame),
          fill_strip, &target);
  } else if (self->edges)
    gst_video_overlay_composition_blend (self->edges, frame);
  if (self->drawn)
    gst_video_overlay_composition_blend (self->drawn, frame);
}

static GstFlowReturn
gst_mnv2_overlay_transform_frame_ip (GstVideoFilter *filter,
    GstVideoFrame *frame)
{
  GstMnv2Overlay *self = GST_MNV2_OVERLAY (filter);
  const gint fw = GST_VIDEO_FRAME_WIDTH (frame);
  const gint fh = GST_VIDEO_FRAME_HEIGHT (frame);
  guint plane, alpha;
  guint64 need, have;
  Mnv2SceneOptions opt;

  if (!gst_mnv2_video_frame_fits (frame, &plane, &need, &have)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("A frame's layout does not fit its buffer"),
        ("plane %u spans %" G_GUINT64_FORMAT " bytes at stride %d, "
         "%" G_GUINT64_FORMAT " are mapped (a wrong GstVideoMeta upstream?)",
            plane, need, GST_VIDEO_FRAME_PLANE_STRIDE (frame, plane), have));
    return GST_FLOW_ERROR;
  }
  snapshot_options (self, fh, &opt, &alpha);
  check_downstream (self);
  mnv2_scene_gather (&self->scene, frame->buffer, fw, fh, &opt);
  g_free (opt.label_format);

  const gboolean own_blend = !self->attach && self->blend.supported;
  render_if_changed (self, fw, fh, opt.line_width, own_blend);
  GstVideoOverlayRectangle *mask_rect = own_blend ?
      NULL :
      mask_rectangle (self, alpha, fw, fh);
  if (self->attach)
    attach_composition (self, frame->buffer, mask_rect);
  else
    blend_into_frame (self, frame, mask_rect, own_blend, opt.line_width, alpha);
  return GST_FLOW_OK;
}

/* GstVideoFilter maps every frame read-write, which copies the memory of
 * a shared buffer (after a tee).  When downstream takes the composition
 * meta the frame is only read: map it writable only when drawing on it. */
static GstFlowReturn
gst_mnv2_overlay_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  GstVideoFilter *filter = GST_VIDEO_FILTER (trans);
  GstMnv2Overlay *self = GST_MNV2_OVERLAY (trans);
  GstVideoFrame frame;
  if (!filter->negotiated) {
    GST_ELEMENT_ERROR (self, CORE, NOT_IMPLEMENTED, (NULL), ("unknown format"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  check_downstream (self);
#ifdef HAVE_GST_ANALYTICS
  /* Another element's GstAnalytics detections are drawn too. */
  if (gst_buffer_is_writable (buf))
    gst_mnv2_analytics_import_rois (buf);
#endif
  /* NO_REF: a frame's own ref would make the buffer unwritable for the
   * meta. */
  if (!gst_video_frame_map (&frame, &filter->in_info, buf,
          GST_VIDEO_FRAME_MAP_FLAG_NO_REF |
              (self->attach ? GST_MAP_READ : GST_MAP_READWRITE))) {
    /* As GstVideoFilter does: the buffer goes on untouched. */
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("invalid video buffer "
         "received"),
        (NULL));
    return GST_FLOW_OK;
  }
  GstFlowReturn ret = gst_mnv2_overlay_transform_frame_ip (filter, &frame);
  gst_video_frame_unmap (&frame);
  return ret;
}

static gboolean
gst_mnv2_overlay_set_info (GstVideoFilter *filter, GstCaps *incaps,
    GstVideoInfo *in_info, GstCaps *outcaps, GstVideoInfo *out_info)
{
  GstMnv2Overlay *self = GST_MNV2_OVERLAY (filter);
  (void) incaps;
  (void) outcaps;
  (void) out_info;
  mnv2_mask_palette_init (&self->palette, in_info);
  mnv2_blend_plan_init (&self->blend, in_info);
  /* New size: render again, ask downstream again. */
  g_clear_pointer (&self->drawn, gst_video_overlay_composition_unref);
  g_clear_pointer (&self->edges, gst_video_overlay_composition_unref);
  g_clear_pointer (&self->mask_rect, gst_video_overlay_rectangle_unref);
  gst_clear_buffer (&self->mask_rect_map);
  self->drawn_key = 0;
  self->checked_downstream = FALSE;
  /* The default font's size follows the frame height: build it again. */
  GST_OBJECT_LOCK (self);
  self->props_changed = TRUE;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
gst_mnv2_overlay_stop (GstBaseTransform *trans)
{
  reset_state (GST_MNV2_OVERLAY (trans));
  return TRUE;
}

static gboolean
gst_mnv2_overlay_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP) {
    mnv2_scene_forget (&GST_MNV2_OVERLAY (trans)->scene);
  }
  return GST_BASE_TRANSFORM_CLASS (gst_mnv2_overlay_parent_class)
      ->sink_event (trans, event);
}

static void
gst_mnv2_overlay_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstMnv2Overlay *self = GST_MNV2_OVERLAY (object);
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DRAW_BOXES: self->draw_boxes = g_value_get_boolean (value); break;
    case PROP_DRAW_LABELS:
      self->draw_labels = g_value_get_boolean (value);
      break;
    case PROP_SHOW_CONFIDENCE:
      self->show_confidence = g_value_get_boolean (value);
      break;
    case PROP_DRAW_CLASSIFICATION:
      self->draw_classification = g_value_get_boolean (value);
      break;
    case PROP_DRAW_MASK: self->draw_mask = g_value_get_boolean (value); break;
    case PROP_MASK_ALPHA: self->mask_alpha = g_value_get_double (value); break;
    case PROP_LINE_WIDTH: self->line_width = g_value_get_uint (value); break;
    case PROP_FONT_DESC:
      g_free (self->font_desc);
      self->font_desc = g_value_dup_string (value);
      self->props_changed = TRUE;
      break;
    case PROP_BOX_COLOR: self->box_color = g_value_get_uint (value); break;
    case PROP_LABEL_FORMAT:
      g_free (self->label_format);
      self->label_format = g_value_dup_string (value);
      break;
    case PROP_HOLD_MS: self->hold_ms = g_value_get_uint (value); break;
    case PROP_DRAW_TRAILS:
      self->draw_trails = g_value_get_boolean (value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_overlay_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstMnv2Overlay *self = GST_MNV2_OVERLAY (object);
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DRAW_BOXES: g_value_set_boolean (value, self->draw_boxes); break;
    case PROP_DRAW_LABELS:
      g_value_set_boolean (value, self->draw_labels);
      break;
    case PROP_SHOW_CONFIDENCE:
      g_value_set_boolean (value, self->show_confidence);
      break;
    case PROP_DRAW_CLASSIFICATION:
      g_value_set_boolean (value, self->draw_classification);
      break;
    case PROP_DRAW_MASK: g_value_set_boolean (value, self->draw_mask); break;
    case PROP_MASK_ALPHA: g_value_set_double (value, self->mask_alpha); break;
    case PROP_LINE_WIDTH: g_value_set_uint (value, self->line_width); break;
    case PROP_FONT_DESC: g_value_set_string (value, self->font_desc); break;
    case PROP_BOX_COLOR: g_value_set_uint (value, self->box_color); break;
    case PROP_LABEL_FORMAT:
      g_value_set_string (value, self->label_format);
      break;
    case PROP_HOLD_MS: g_value_set_uint (value, self->hold_ms); break;
    case PROP_DRAW_TRAILS:
      g_value_set_boolean (value, self->draw_trails);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec); break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_mnv2_overlay_finalize (GObject *object)
{
  GstMnv2Overlay *self = GST_MNV2_OVERLAY (object);
  reset_state (self);
  mnv2_scene_free (&self->scene);
  mnv2_blend_plan_clear (&self->blend);
  if (self->font)
    pango_font_description_free (self->font);
  g_free (self->font_desc);
  g_free (self->label_format);
  G_OBJECT_CLASS (gst_mnv2_overlay_parent_class)->finalize (object);
}

static void
gst_mnv2_overlay_init (GstMnv2Overlay *self)
{
  self->draw_boxes = DEFAULT_DRAW_BOXES;
  self->draw_labels = DEFAULT_DRAW_LABELS;
  self->show_confidence = DEFAULT_SHOW_CONFIDENCE;
  self->draw_classification = DEFAULT_DRAW_CLASSIFICATION;
  self->draw_mask = DEFAULT_DRAW_MASK;
  self->mask_alpha = DEFAULT_MASK_ALPHA;
  self->line_width = DEFAULT_LINE_WIDTH;
  self->box_color = DEFAULT_BOX_COLOR;
  self->label_format = g_strdup (DEFAULT_LABEL_FORMAT);
  self->hold_ms = DEFAULT_HOLD_MS;
  self->draw_trails = DEFAULT_DRAW_TRAILS;
  mnv2_scene_init (&self->scene);
  reset_state (self);
}

#define PARAM_FLAGS \
  (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING)

static void
gst_mnv2_overlay_class_init (GstMnv2OverlayClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_mnv2_overlay_debug, "mnv2overlay", 0,
      "mnv2 analytics overlay");

  gobject_class->set_property = gst_mnv2_overlay_set_property;
  gobject_class->get_property = gst_mnv2_overlay_get_property;
  gobject_class->finalize = gst_mnv2_overlay_finalize;

  g_object_class_install_property (gobject_class, PROP_DRAW_BOXES,
      g_param_spec_boolean ("draw-boxes", "Draw boxes",
          "Draw the outline of every region-of-interest meta",
          DEFAULT_DRAW_BOXES, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_DRAW_LABELS,
      g_param_spec_boolean ("draw-labels", "Draw labels",
          "Draw a label plate above every box", DEFAULT_DRAW_LABELS,
          PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_SHOW_CONFIDENCE,
      g_param_spec_boolean ("show-confidence", "Show confidence",
          "Expand %score in label-format (else drop it)",
          DEFAULT_SHOW_CONFIDENCE, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_DRAW_CLASSIFICATION,
      g_param_spec_boolean ("draw-classification", "Draw classification",
          "Draw the frame's best classes (mnv2classify) as a banner at the "
          "top left",
          DEFAULT_DRAW_CLASSIFICATION, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_DRAW_MASK,
      g_param_spec_boolean ("draw-mask", "Draw mask",
          "Tint the frame with the segmentation class map (deeplabsegment); "
          "class 0 (background) stays clear",
          DEFAULT_DRAW_MASK, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_MASK_ALPHA,
      g_param_spec_double ("mask-alpha", "Mask alpha",
          "Opacity of the segmentation colours", 0.0, 1.0, DEFAULT_MASK_ALPHA,
          PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_LINE_WIDTH,
      g_param_spec_uint ("line-width", "Line width",
          "Box outline width in pixels (0: frame height / 360, at least 2)", 0,
          64, DEFAULT_LINE_WIDTH, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_FONT_DESC,
      g_param_spec_string ("font-desc", "Font description",
          "Pango font description of labels and banner, e.g. \"Sans 14\" "
          "(unset: Sans Bold at frame height / 40 pixels)",
          NULL, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_BOX_COLOR,
      g_param_spec_uint ("box-color", "Box colour",
          "Colour of boxes and label plates as 0xAARRGGBB (0: a colour per "
          "class)",
          0, G_MAXUINT32, DEFAULT_BOX_COLOR, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_LABEL_FORMAT,
      g_param_spec_string ("label-format", "Label format",
          "Text of labels and banner lines: %label, %score (2 decimals), "
          "%id (class), %i (tracked object, mnv2track), %%",
          DEFAULT_LABEL_FORMAT, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_HOLD_MS,
      g_param_spec_uint ("hold-ms", "Hold (ms)",
          "Keep drawing the last results of a kind for frames that carry "
          "none, up to this many milliseconds after them (0: never)",
          0, G_MAXUINT, DEFAULT_HOLD_MS, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_DRAW_TRAILS,
      g_param_spec_boolean ("draw-trails", "Draw trails",
          "Draw the last centres of each tracked object (ROIs with an "
          "object_id, from mnv2track) as small squares in its colour",
          DEFAULT_DRAW_TRAILS, PARAM_FLAGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "MobileNetV2 analytics overlay", "Filter/Effect/Video",
      "Draws detection boxes and labels, the classification and the "
      "segmentation mask onto the video",
      "gst-mnv2 developers");

  trans_class->stop = GST_DEBUG_FUNCPTR (gst_mnv2_overlay_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_mnv2_overlay_sink_event);
  filter_class->set_info = GST_DEBUG_FUNCPTR (gst_mnv2_overlay_set_info);
  filter_class->transform_frame_ip = GST_DEBUG_FUNCPTR (
      gst_mnv2_overlay_transform_frame_ip);
  GST_BASE_TRANSFORM_CLASS (klass)->transform_ip = GST_DEBUG_FUNCPTR (
      gst_mnv2_overlay_transform_ip);
}
