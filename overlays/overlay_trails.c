#include "overlay_trails.h"
#include "mnv2/mnv2meta.h"
#include "mnv2/mnv2schema.h"

typedef struct {
  gint id;
  guint n, head; /* points held, next slot */
  gint x[MNV2_TRAIL_POINTS], y[MNV2_TRAIL_POINTS];
  guint64 seen; /* frame it was last seen on */
} Trail;

struct Mnv2Trails {
  GArray *trails; /* Trail */
  guint64 frame;
};

Mnv2Trails *
mnv2_trails_new (void)
{
  Mnv2Trails *t = g_new0 (Mnv2Trails, 1);
  t->trails = g_array_new (FALSE, FALSE, sizeof (Trail));
  return t;
}

void
mnv2_trails_free (Mnv2Trails *t)
{
  if (t) {
    g_array_unref (t->trails);
    g_free (t);
  }
}

void
mnv2_trails_clear (Mnv2Trails *t)
{
  g_array_set_size (t->trails, 0);
}

static Trail *
find (Mnv2Trails *t, gint id)
{
  for (guint i = 0; i < t->trails->len; i++)
    if (g_array_index (t->trails, Trail, i).id == id)
      return &g_array_index (t->trails, Trail, i);
  Trail n = { id, 0, 0, { 0 }, { 0 }, 0 };
  g_array_append_val (t->trails, n);
  return &g_array_index (t->trails, Trail, t->trails->len - 1);
}

void
mnv2_trails_update (Mnv2Trails *t, GstBuffer *buf, gint fw, gint fh, gint size,
    guint32 (*colour_of) (GstVideoRegionOfInterestMeta *, gpointer),
    gpointer data, GArray *out)
{
  gpointer state = NULL;
  GstMeta *meta;
  t->frame++;
  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstVideoRegionOfInterestMeta *roi = (GstVideoRegionOfInterestMeta *) meta;
    const gint id = gst_mnv2_roi_get_object_id (roi, NULL);
    GstVideoRectangle r;
    if (id < 0 || !gst_mnv2_roi_clip (roi, fw, fh, &r))
      continue;
    Trail *tr = find (t, id);
    const guint32 argb = colour_of (roi, data);
    /* The earlier centres, oldest first (the newest is the box itself). */
    for (guint k = 0; k < tr->n; k++) {
      const guint slot = (tr->head + MNV2_TRAIL_POINTS - tr->n + k) %
          MNV2_TRAIL_POINTS;
      Mnv2OverlayBox b = { tr->x[slot] - size / 2, tr->y[slot] - size / 2, size,
        size, argb, NULL };
      g_array_append_val (out, b);
    }
    tr->x[tr->head] = r.x + r.w / 2;
    tr->y[tr->head] = r.y + r.h / 2;
    tr->head = (tr->head + 1) % MNV2_TRAIL_POINTS;
    tr->n = MIN (tr->n + 1, MNV2_TRAIL_POINTS - 1);
    tr->seen = t->frame;
  }
  for (guint i = 0; i < t->trails->len;)
    if (t->frame - g_array_index (t->trails, Trail, i).seen >
        MNV2_TRAIL_MAX_AGE)
      g_array_remove_index_fast (t->trails, i);
    else
      i++;
}
