/* What one frame of mnv2overlay shows: the boxes (with label text), the
 * banner lines and the segmentation class map, gathered from the buffer's
 * metas through the result schema (mnv2schema.h), or held from earlier
 * frames for hold-ms; and a key that changes when the drawing would. */
#ifndef MNV2_OVERLAY_SCENE_H
#define MNV2_OVERLAY_SCENE_H

#include <gst/video/video.h>

#include "overlay_render.h"
#include "overlay_trails.h"

#define MNV2_BANNER_LINES 3

/* The properties a frame is gathered with (a snapshot, taken under the
 * object lock). */
typedef struct {
  gboolean boxes, labels, confidence, banner, mask, trails;
  guint hold_ms;
  guint32 box_color; /* 0: a colour per class */
  gint line_width;   /* pixels, > 0 */
  gchar *label_format;
} Mnv2SceneOptions;

typedef struct {
  GstClockTime pts; /* NONE: nothing held */
  GArray *list;     /* Mnv2OverlayBox (text owned) */
} Mnv2HeldBoxes;

typedef struct {
  GstClockTime pts;
  gchar *lines[MNV2_BANNER_LINES];
  guint n;
} Mnv2HeldBanner;

typedef struct {
  GstClockTime pts;
  GstBuffer *map; /* ref of the meta's class map, or NULL */
  guint w, h, stride;
  GstVideoRectangle rect;
} Mnv2HeldMask;

typedef struct {
  Mnv2HeldBoxes boxes;
  Mnv2HeldBanner banner;
  Mnv2HeldMask mask;
  Mnv2Trails *trails; /* past centres of tracked objects */
} Mnv2Scene;

void mnv2_scene_init (Mnv2Scene *scene);
/* Drops everything held (stop, finalize). */
void mnv2_scene_clear (Mnv2Scene *scene);
void mnv2_scene_free (Mnv2Scene *scene);
/* Nothing held is shown again (flush). */
void mnv2_scene_forget (Mnv2Scene *scene);

/* Gathers BUF's results (a FW x FH frame) into SCENE; a kind BUF does not
 * carry keeps the last one seen when it is at most hold-ms older. */
void mnv2_scene_gather (Mnv2Scene *scene, GstBuffer *buf, gint fw, gint fh,
    const Mnv2SceneOptions *opt);

/* A hash of what the boxes, labels and banner of SCENE look like. */
guint64 mnv2_scene_key (const Mnv2Scene *scene, gint fw, gint fh,
    gint line_width);

#endif
