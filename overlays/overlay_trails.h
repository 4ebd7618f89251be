/* Trails of tracked objects (mnv2overlay draw-trails): the last centres of
 * each ROI with an "object_id" (mnv2track), drawn as small squares in the
 * object's colour. */
#ifndef MNV2_OVERLAY_TRAILS_H
#define MNV2_OVERLAY_TRAILS_H

#include <gst/video/video.h>

#include "overlay_render.h"

/* Centres kept per object, and frames an object may go unseen before its
 * trail is forgotten. */
#define MNV2_TRAIL_POINTS 16
#define MNV2_TRAIL_MAX_AGE 30

typedef struct Mnv2Trails Mnv2Trails;

Mnv2Trails *mnv2_trails_new (void);
void mnv2_trails_free (Mnv2Trails *trails);
/* Forgets every trail (flush, new caps). */
void mnv2_trails_clear (Mnv2Trails *trails);

/* Records the centres of BUF's tracked objects (ROIs clipped to the FW x FH
 * frame; COLOUR_OF gives each one's colour) and appends to OUT
 * (Mnv2OverlayBox) a SIZE x SIZE square at each earlier centre of every
 * object on this frame, oldest first. */
void mnv2_trails_update (Mnv2Trails *trails, GstBuffer *buf, gint fw, gint fh,
    gint size,
    guint32 (*colour_of) (GstVideoRegionOfInterestMeta *roi, gpointer data),
    gpointer data, GArray *out);

#endif
