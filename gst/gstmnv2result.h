/* GstMnv2Result: what one inference produced, shared between the frames
 * that carry it.
 *
 * Immutable once made and reference-counted, so the worker thread of
 * inference-mode=live can hand it to the streaming thread, which attaches
 * it to every frame until a newer one arrives. */
#ifndef __GST_MNV2_RESULT_H__
#define __GST_MNV2_RESULT_H__

#include <gst/gst.h>
#include <gst/video/video.h>

#include "mnv_image.h"

G_BEGIN_DECLS

/* The frame an inference ran on, as the subclass needs it to turn model
 * coordinates into frame coordinates. */
typedef struct {
  gint width, height;  /* frame pixels */
  mnv_rect frame_rect; /* where the model input sat in the frame */
  mnv_rect input_rect; /* ... and in the model input */
} GstMnv2Geometry;

/* One crop of a region result (mnv2classify inference-region=roi-list). */
typedef struct {
  GstVideoRectangle box; /* the crop, in the analysed frame */
  gint id;               /* the object's tracking id; -1: none */
  gpointer payload;      /* the subclass's result for the crop */
} GstMnv2RegionResult;

typedef struct {
  GstClockTime pts;          /* of the analysed frame */
  GstClockTime running_time; /* of the analysed frame */
  GstMnv2Geometry geometry;
  gpointer payload;            /* the subclass's result for the frame */
  GArray *regions;             /* GstMnv2RegionResult, or NULL */
  GDestroyNotify free_payload; /* frees payloads (both kinds) */
} GstMnv2Result;

GstMnv2Result *gst_mnv2_result_new (GDestroyNotify free_payload);
GstMnv2Result *gst_mnv2_result_ref (GstMnv2Result *result);
void gst_mnv2_result_unref (GstMnv2Result *result);
/* Replaces *PTR (may hold NULL) by a ref of RESULT (may be NULL). */
void gst_mnv2_result_replace (GstMnv2Result **ptr, GstMnv2Result *result);

/* The scale from the analysed frame to one of WIDTH x HEIGHT, when
 * RESULT can be shown on it: the same size, or the same shape (a caps
 * change that only scaled the video).  FALSE: another shape (the boxes
 * would be wrong). */
gboolean gst_mnv2_result_fits (const GstMnv2Result *result, gint width,
    gint height, gdouble *sx, gdouble *sy);

G_END_DECLS

#endif
