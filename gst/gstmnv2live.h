/* GstMnv2Live: the worker thread of inference-mode=live.
 *
 * The streaming thread fills a job (the pre-processed model input of a
 * frame, or of its crops) and submits it; one worker thread runs it and
 * publishes the result, which the streaming thread attaches to every frame
 * that follows.  A job submitted while the worker is busy waits; a newer
 * one replaces it (the older is counted as skipped): the worker always
 * runs the newest frame, and the streaming thread never waits for it. */
#ifndef __GST_MNV2_LIVE_H__
#define __GST_MNV2_LIVE_H__

#include "gstmnv2result.h"

G_BEGIN_DECLS

typedef struct _GstMnv2Live GstMnv2Live;

typedef struct {
  GstClockTime pts, running_time;
  GstMnv2Geometry geometry;
  gboolean by_regions; /* the crops below, else the whole frame */
  GArray *regions;     /* GstMnv2RegionResult, payloads NULL: the
                                 * crops, one input each (may be none) */
  guint8 *inputs;      /* one model input per crop (or the frame) */
  gsize capacity;      /* bytes allocated at inputs */
  /* private */
  guint64 epoch;
} GstMnv2LiveJob;

/* Runs JOB on the worker thread; NULL after posting an error. */
typedef GstMnv2Result *(*GstMnv2LiveRun) (gpointer owner, GstMnv2LiveJob *job);

/* Starts the worker thread. */
GstMnv2Live *gst_mnv2_live_new (const gchar *name, GstMnv2LiveRun run,
    gpointer owner);
/* Stops it (after the job it runs, whose result is dropped) and frees. */
void gst_mnv2_live_free (GstMnv2Live *live);

/* The job for the streaming thread to fill, with room for BYTES of
 * inputs and no regions; NULL when that memory cannot be had. */
GstMnv2LiveJob *gst_mnv2_live_job_to_fill (GstMnv2Live *live, gsize bytes);
/* Hands the filled job to the worker. */
void gst_mnv2_live_submit (GstMnv2Live *live);

/* The newest result (a reference, or NULL); *FRESH: nobody took it
 * before. */
GstMnv2Result *gst_mnv2_live_take_result (GstMnv2Live *live, gboolean *fresh);
/* Forgets the waiting job, the newest result, and the result of the job
 * running now (flush, new stream). */
void gst_mnv2_live_reset (GstMnv2Live *live);
/* TRUE once a job failed (the run callback posted the error). */
gboolean gst_mnv2_live_failed (GstMnv2Live *live);

typedef struct {
  guint64 analysed; /* jobs run to a result */
  guint64 skipped;  /* jobs replaced before the worker took them */
  gdouble mean_ms;  /* mean time of a job, ms */
} GstMnv2LiveStats;
void gst_mnv2_live_get_stats (GstMnv2Live *live, GstMnv2LiveStats *stats);

G_END_DECLS

#endif
