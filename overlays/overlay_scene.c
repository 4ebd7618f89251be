/* Gathers what mnv2overlay draws on a frame (overlay_scene.h). */
#include <string.h>

#include "overlay_scene.h"
#include "mnv2/mnv2meta.h"
#include "mnv2/mnv2schema.h"

/* Distinct colours for class ids when box-color is 0. */
static const guint32 class_colours[] = { 0xffe6194b, 0xff3cb44b, 0xffffe119,
  0xff4363d8, 0xfff58231, 0xff911eb4, 0xff46f0f0, 0xfff032e6, 0xffbcf60c,
  0xfffabebe, 0xff008080, 0xffe6beff, 0xff9a6324, 0xfffffac8, 0xff800000,
  0xffaaffc3, 0xff808000, 0xffffd8b1, 0xff000075, 0xff808080 };

/* The colour of an ROI's box: box-color (FIXED) when set, else one per
 * class (its detection's label id, else its label). */
static guint32
roi_colour (GstVideoRegionOfInterestMeta *roi, gpointer fixed)
{
  const guint32 colour = GPOINTER_TO_UINT (fixed);
  GstMnv2ParamLabel d;
  if (colour)
    return colour;
  gst_mnv2_roi_get_detection (roi, &d);
  const guint k = d.label_id >= 0 ? (guint) d.label_id : (guint) roi->roi_type;
  return class_colours[k % G_N_ELEMENTS (class_colours)];
}

static void
clear_boxes (GArray *boxes)
{
  for (guint i = 0; i < boxes->len; i++)
    g_free (g_array_index (boxes, Mnv2OverlayBox, i).text);
  g_array_set_size (boxes, 0);
}

static void
clear_banner (Mnv2HeldBanner *b)
{
  for (guint i = 0; i < b->n; i++)
    g_clear_pointer (&b->lines[i], g_free);
  b->n = 0;
}

void
mnv2_scene_init (Mnv2Scene *scene)
{
  memset (scene, 0, sizeof *scene);
  scene->boxes.list = g_array_new (FALSE, FALSE, sizeof (Mnv2OverlayBox));
  scene->trails = mnv2_trails_new ();
  mnv2_scene_clear (scene);
}

void
mnv2_scene_clear (Mnv2Scene *scene)
{
  mnv2_scene_forget (scene);
  clear_boxes (scene->boxes.list);
  clear_banner (&scene->banner);
  gst_clear_buffer (&scene->mask.map);
  mnv2_trails_clear (scene->trails);
}

void
mnv2_scene_free (Mnv2Scene *scene)
{
  mnv2_scene_clear (scene);
  g_array_unref (scene->boxes.list);
  mnv2_trails_free (scene->trails);
}

void
mnv2_scene_forget (Mnv2Scene *scene)
{
  scene->boxes.pts = scene->banner.pts = scene->mask.pts = GST_CLOCK_TIME_NONE;
}

/* Removes the spaces at the end of S (before a dropped field). */
static void
trim_end (GString *s)
{
  while (s->len && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
}

/* FORMAT with %label, %score, %id (the class), %i (the tracked object's
 * id, mnv2track: OBJECT_ID, or -1) and %% expanded; %score without
 * confidence and %i without an object are dropped with the spaces before
 * them. */
static gchar *
format_label (const gchar *format, const gchar *label, gdouble score, gint id,
    gint object_id, gboolean confidence)
{
  GString *s = g_string_new (NULL);
  for (const gchar *p = format; *p; p++) {
    if (*p != '%') {
      g_string_append_c (s, *p);
    } else if (g_str_has_prefix (p, "%label")) {
      g_string_append (s, label);
      p += 5;
    } else if (g_str_has_prefix (p, "%score")) {
      if (confidence && score >= 0.0)
        g_string_append_printf (s, "%.2f", score);
      else
        trim_end (s);
      p += 5;
    } else if (g_str_has_prefix (p, "%id")) {
      g_string_append_printf (s, "%d", id);
      p += 2;
    } else if (p[1] == 'i') {
      if (object_id >= 0)
        g_string_append_printf (s, "%d", object_id);
      else
        trim_end (s);
      p++;
    } else if (p[1] == '%') {
      g_string_append_c (s, '%');
      p++;
    } else {
      g_string_append_c (s, '%');
    }
  }
  return g_string_free (s, FALSE);
}

/* The label text of ROI: the detection's line, then one line per
 * classification of the object (mnv2classify inference-region=roi-list). */
static gchar *
roi_text (GstVideoRegionOfInterestMeta *roi, const Mnv2SceneOptions *opt)
{
  GstMnv2ParamLabel d, c;
  gst_mnv2_roi_get_detection (roi, &d);
  const gchar *label = roi->roi_type ? g_quark_to_string (roi->roi_type) : "";
  GString *text = g_string_new (NULL);
  gchar *line = format_label (opt->label_format, label,
      d.has_confidence ? d.confidence : -1.0, d.label_id,
      gst_mnv2_roi_get_object_id (roi, NULL), opt->confidence);
  g_string_append (text, line);
  g_free (line);
  for (GList *l = roi->params; l; l = l->next) {
    if (!gst_mnv2_param_get_classification (l->data, &c))
      continue;
    line = format_label (opt->label_format, c.label ? c.label : "",
        c.has_confidence ? c.confidence : -1.0, c.label_id, -1,
        opt->confidence);
    g_string_append_printf (text, "\n%s", line);
    g_free (line);
  }
  return g_string_free (text, FALSE);
}

/* The ROI metas of BUF as boxes (frame pixels, colour, label text),
 * clipped to the FW x FH frame (an ROI's values may be anything). */
static void
collect_boxes (GstBuffer *buf, GArray *out, gint fw, gint fh,
    const Mnv2SceneOptions *opt)
{
  gpointer state = NULL;
  GstMeta *meta;
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    GstVideoRectangle r;
    if (!gst_mnv2_roi_clip (roi, fw, fh, &r))
      continue;
    Mnv2OverlayBox b = { r.x, r.y, r.w, r.h,
      roi_colour (roi, GUINT_TO_POINTER (opt->box_color)), NULL };
    if (opt->labels)
      b.text = roi_text (roi, opt);
    g_array_append_val (out, b);
  }
}

static gboolean
held (GstClockTime then, GstClockTime now, guint hold_ms)
{
  return hold_ms && GST_CLOCK_TIME_IS_VALID (then) &&
      GST_CLOCK_TIME_IS_VALID (now) && now >= then &&
      now - then <= hold_ms * GST_MSECOND;
}

static void
gather_boxes (Mnv2Scene *scene, GstBuffer *buf, gint fw, gint fh,
    const Mnv2SceneOptions *opt)
{
  const GstClockTime pts = GST_BUFFER_PTS (buf);
  GArray *now = g_array_new (FALSE, FALSE, sizeof (Mnv2OverlayBox));
  if (opt->boxes)
    collect_boxes (buf, now, fw, fh, opt);
  if (opt->boxes && opt->trails)
    mnv2_trails_update (scene->trails, buf, fw, fh,
        MAX (4, 2 * opt->line_width), roi_colour,
        GUINT_TO_POINTER (opt->box_color), now);
  if (now->len || !held (scene->boxes.pts, pts, opt->hold_ms)) {
    clear_boxes (scene->boxes.list);
    g_array_append_vals (scene->boxes.list, now->data, now->len);
    scene->boxes.pts = now->len ? pts : GST_CLOCK_TIME_NONE;
  } else {
    clear_boxes (now);
  }
  g_array_free (now, TRUE);
}

/* The banner: the frame's best classes. */
static void
gather_banner (Mnv2Scene *scene, GstBuffer *buf, const Mnv2SceneOptions *opt)
{
  const GstClockTime pts = GST_BUFFER_PTS (buf);
  GstMnv2ClassificationMeta *cm = opt->banner ?
      gst_buffer_get_mnv2_classification_meta (buf) :
      NULL;
  if (!cm && held (scene->banner.pts, pts, opt->hold_ms))
    return;
  clear_banner (&scene->banner);
  for (guint i = 0; cm && i < cm->n_classes && i < MNV2_BANNER_LINES; i++) {
    gchar num[16];
    const gchar *label =
        gst_mnv2_label_or_number (gst_mnv2_classification_meta_get_label (cm,
                                      i),
            cm->classes[i].class_id, num);
    scene->banner.lines[scene->banner.n++] = format_label (opt->label_format,
        label, cm->classes[i].score, cm->classes[i].class_id, -1,
        opt->confidence);
  }
  scene->banner.pts = cm ? pts : GST_CLOCK_TIME_NONE;
}

/* The mask: a ref of the class map. */
static void
gather_mask (Mnv2Scene *scene, GstBuffer *buf, const Mnv2SceneOptions *opt)
{
  const GstClockTime pts = GST_BUFFER_PTS (buf);
  GstMnv2SegmentationMeta *sm = opt->mask ?
      gst_buffer_get_mnv2_segmentation_meta (buf) :
      NULL;
  if (!sm && held (scene->mask.pts, pts, opt->hold_ms))
    return;
  gst_clear_buffer (&scene->mask.map);
  if (sm) {
    scene->mask.map = gst_buffer_ref (sm->class_map);
    scene->mask.w = sm->width;
    scene->mask.h = sm->height;
    scene->mask.stride = sm->stride;
    scene->mask.rect = sm->rect;
  }
  scene->mask.pts = sm ? pts : GST_CLOCK_TIME_NONE;
}

void
mnv2_scene_gather (Mnv2Scene *scene, GstBuffer *buf, gint fw, gint fh,
    const Mnv2SceneOptions *opt)
{
  gather_boxes (scene, buf, fw, fh, opt);
  gather_banner (scene, buf, opt);
  gather_mask (scene, buf, opt);
}

static guint64
hash_bytes (guint64 h, const void *data, gsize n)
{
  const guint8 *p = data;
  for (gsize i = 0; i < n; i++)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static guint64
hash_str (guint64 h, const gchar *s)
{
  return s ? hash_bytes (h, s, strlen (s) + 1) : hash_bytes (h, "", 1);
}

guint64
mnv2_scene_key (const Mnv2Scene *scene, gint fw, gint fh, gint line_width)
{
  guint64 key = 14695981039346656037ull; /* FNV-1a */
  key = hash_bytes (key, &fw, sizeof fw);
  key = hash_bytes (key, &fh, sizeof fh);
  key = hash_bytes (key, &line_width, sizeof line_width);
  for (guint i = 0; i < scene->boxes.list->len; i++) {
    const Mnv2OverlayBox *b = &g_array_index (scene->boxes.list, Mnv2OverlayBox,
        i);
    key = hash_bytes (key, b, 4 * sizeof (gint) + sizeof (guint32));
    key = hash_str (key, b->text);
  }
  for (guint i = 0; i < scene->banner.n; i++)
    key = hash_str (key, scene->banner.lines[i]);
  return key;
}
