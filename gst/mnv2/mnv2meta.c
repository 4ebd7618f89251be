/* gst-mnv2 metadata library. */
#include <string.h>

#include "mnv2meta.h"

GType
gst_mnv2_classification_meta_api_get_type (void)
{
  static GType type = 0;
  /* No tags: the meta is independent of size, format and orientation, so
   * every element keeps it. */
  static const gchar *tags[] = { NULL };

  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstMnv2ClassificationMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return type;
}

static gboolean
classification_meta_init (GstMeta *meta, gpointer params, GstBuffer *buf)
{
  GstMnv2ClassificationMeta *m = (GstMnv2ClassificationMeta *) meta;
  (void) params;
  (void) buf;
  m->n_classes = 0;
  m->classes = NULL;
  m->result_pts = GST_CLOCK_TIME_NONE;
  return TRUE;
}

static void
classification_meta_free (GstMeta *meta, GstBuffer *buf)
{
  GstMnv2ClassificationMeta *m = (GstMnv2ClassificationMeta *) meta;
  (void) buf;
  g_free (m->classes);
  m->classes = NULL;
}

static gboolean
classification_meta_transform (GstBuffer *dest, GstMeta *meta,
    GstBuffer *buffer, GQuark type, gpointer data)
{
  GstMnv2ClassificationMeta *m = (GstMnv2ClassificationMeta *) meta;
  (void) buffer;
  (void) type;
  (void) data;
  /* Copy for every transform: classes do not change with the frame. */
  GstMnv2ClassificationMeta *d = gst_buffer_add_mnv2_classification_meta (dest,
      m->classes, m->n_classes);
  if (d)
    d->result_pts = m->result_pts;
  return d != NULL;
}

const GstMetaInfo *
gst_mnv2_classification_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) &info)) {
    const GstMetaInfo *mi =
        gst_meta_register (GST_MNV2_CLASSIFICATION_META_API_TYPE,
            "GstMnv2ClassificationMeta", sizeof (GstMnv2ClassificationMeta),
            classification_meta_init, classification_meta_free,
            classification_meta_transform);
    g_once_init_leave ((GstMetaInfo **) &info, (GstMetaInfo *) mi);
  }
  return info;
}

GstMnv2ClassificationMeta *
gst_buffer_add_mnv2_classification_meta (GstBuffer *buffer,
    const GstMnv2Class *classes, guint n)
{
  GstMnv2ClassificationMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (n == 0 || classes != NULL, NULL);

  m = (GstMnv2ClassificationMeta *) gst_buffer_add_meta (buffer,
      GST_MNV2_CLASSIFICATION_META_INFO, NULL);
  if (!m)
    return NULL;
  m->n_classes = n;
  m->classes = n ? g_memdup2 (classes, n * sizeof *classes) : NULL;
  return m;
}

const gchar *
gst_mnv2_classification_meta_get_label (const GstMnv2ClassificationMeta *meta,
    guint i)
{
  g_return_val_if_fail (meta != NULL, NULL);
  if (i >= meta->n_classes || meta->classes[i].label == 0)
    return NULL;
  return g_quark_to_string (meta->classes[i].label);
}

/* --- segmentation ------------------------------------------------------- */

GType
gst_mnv2_segmentation_meta_api_get_type (void)
{
  static GType type = 0;
  /* It depends on the frame's geometry (scaled by the transform) but not
   * on its format. */
  static const gchar *tags[] = { GST_META_TAG_VIDEO_STR,
    GST_META_TAG_VIDEO_SIZE_STR, NULL };

  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstMnv2SegmentationMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return type;
}

static gboolean
segmentation_meta_init (GstMeta *meta, gpointer params, GstBuffer *buf)
{
  GstMnv2SegmentationMeta *m = (GstMnv2SegmentationMeta *) meta;
  (void) params;
  (void) buf;
  m->class_map = NULL;
  m->labels = NULL;
  m->n_labels = 0;
  m->result_pts = GST_CLOCK_TIME_NONE;
  return TRUE;
}

static void
segmentation_meta_free (GstMeta *meta, GstBuffer *buf)
{
  GstMnv2SegmentationMeta *m = (GstMnv2SegmentationMeta *) meta;
  (void) buf;
  gst_clear_buffer (&m->class_map);
  g_free (m->labels);
  m->labels = NULL;
}

static gboolean
segmentation_meta_transform (GstBuffer *dest, GstMeta *meta, GstBuffer *buffer,
    GQuark type, gpointer data)
{
  GstMnv2SegmentationMeta *m = (GstMnv2SegmentationMeta *) meta;
  GstVideoRectangle rect = m->rect;
  (void) buffer;

  if (GST_VIDEO_META_TRANSFORM_IS_SCALE (type)) {
    GstVideoMetaTransform *t = data;
    const gint iw = GST_VIDEO_INFO_WIDTH (t->in_info);
    const gint ih = GST_VIDEO_INFO_HEIGHT (t->in_info);
    const gint ow = GST_VIDEO_INFO_WIDTH (t->out_info);
    const gint oh = GST_VIDEO_INFO_HEIGHT (t->out_info);
    if (iw <= 0 || ih <= 0)
      return FALSE;
    rect.x = (gint) ((gint64) m->rect.x * ow / iw);
    rect.y = (gint) ((gint64) m->rect.y * oh / ih);
    rect.w = (gint) ((gint64) m->rect.w * ow / iw);
    rect.h = (gint) ((gint64) m->rect.h * oh / ih);
  } else if (!GST_META_TRANSFORM_IS_COPY (type)) {
    return FALSE; /* unknown transform: drop */
  }
  GstMnv2SegmentationMeta *d = gst_buffer_add_mnv2_segmentation_meta (dest,
      m->class_map, m->width, m->height, m->stride, &rect, m->labels,
      m->n_labels);
  if (d)
    d->result_pts = m->result_pts;
  return d != NULL;
}

const GstMetaInfo *
gst_mnv2_segmentation_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) &info)) {
    const GstMetaInfo *mi =
        gst_meta_register (GST_MNV2_SEGMENTATION_META_API_TYPE,
            "GstMnv2SegmentationMeta", sizeof (GstMnv2SegmentationMeta),
            segmentation_meta_init, segmentation_meta_free,
            segmentation_meta_transform);
    g_once_init_leave ((GstMetaInfo **) &info, (GstMetaInfo *) mi);
  }
  return info;
}

GstMnv2SegmentationMeta *
gst_buffer_add_mnv2_segmentation_meta (GstBuffer *buffer, GstBuffer *class_map,
    guint width, guint height, guint stride, const GstVideoRectangle *rect,
    const GQuark *labels, guint n_labels)
{
  GstMnv2SegmentationMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (GST_IS_BUFFER (class_map), NULL);
  g_return_val_if_fail (stride >= width, NULL);
  g_return_val_if_fail (gst_buffer_get_size (class_map) >=
          (gsize) stride * height,
      NULL);

  m = (GstMnv2SegmentationMeta *) gst_buffer_add_meta (buffer,
      GST_MNV2_SEGMENTATION_META_INFO, NULL);
  if (!m)
    return NULL;
  m->class_map = gst_buffer_ref (class_map);
  m->width = width;
  m->height = height;
  m->stride = stride;
  m->rect = *rect;
  m->n_labels = n_labels;
  m->labels = n_labels ? g_memdup2 (labels, n_labels * sizeof *labels) : NULL;
  return m;
}

gboolean
gst_mnv2_roi_clip (const GstVideoRegionOfInterestMeta *roi, gint width,
    gint height, GstVideoRectangle *out)
{
  const guint64 x0 = MIN ((guint64) roi->x, (guint64) MAX (width, 0));
  const guint64 y0 = MIN ((guint64) roi->y, (guint64) MAX (height, 0));
  const guint64 x1 = MIN ((guint64) roi->x + roi->w, (guint64) MAX (width, 0));
  const guint64 y1 = MIN ((guint64) roi->y + roi->h, (guint64) MAX (height, 0));
  if (x1 <= x0 || y1 <= y0) {
    *out = (GstVideoRectangle){ 0, 0, 0, 0 };
    return FALSE;
  }
  *out = (GstVideoRectangle){ (gint) x0, (gint) y0, (gint) (x1 - x0),
    (gint) (y1 - y0) };
  return TRUE;
}

gboolean
gst_mnv2_video_frame_fits (const GstVideoFrame *frame, guint *plane,
    guint64 *need, guint64 *have)
{
  const GstVideoFormatInfo *fi = frame->info.finfo;
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (frame); c++) {
    const guint p = GST_VIDEO_FORMAT_INFO_PLANE (fi, c);
    /* With a video meta each plane has its own mapping; without, all
     * share the buffer's. */
    const GstMapInfo *map = frame->meta ? &frame->map[p] : &frame->map[0];
    const guint8 *data = frame->data[p];
    const gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, p);
    const gint w = GST_VIDEO_FRAME_COMP_WIDTH (frame, c);
    const gint h = GST_VIDEO_FRAME_COMP_HEIGHT (frame, c);
    const gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (frame, c);
    const gint off = GST_VIDEO_FORMAT_INFO_POFFSET (fi, c);
    const gint bytes = MAX ((GST_VIDEO_FORMAT_INFO_DEPTH (fi, c) + 7) / 8, 1);
    if (w <= 0 || h <= 0)
      continue;
    const guint64 span = (guint64) MAX (stride, 0) * (guint64) (h - 1) +
        (guint64) MAX (off, 0) + (guint64) MAX (ps, 0) * (guint64) (w - 1) +
        (guint64) bytes;
    const gboolean inside = data >= map->data &&
        (gsize) (data - map->data) <= map->size;
    const guint64 avail = inside ? map->size - (gsize) (data - map->data) : 0;
    if (stride <= 0 || ps < 0 || !inside || span > avail) {
      if (plane)
        *plane = p;
      if (need)
        *need = span;
      if (have)
        *have = avail;
      return FALSE;
    }
  }
  return TRUE;
}
