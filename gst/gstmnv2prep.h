/* One helper thread per element that brings the next crop of a frame to
 * the model input while the current crop runs (mnv2classify on many
 * objects, one-thread sessions: the second core would idle).  Made on
 * first use, kept until the model is released: no thread is created per
 * crop. */
#ifndef __GST_MNV2_PREP_H__
#define __GST_MNV2_PREP_H__

#include <glib.h>

#include "mnv_image.h"

typedef struct {
  const mnv_image *image;
  const mnv_normalization *norm;
  const mnv_tensor_info *input;
  mnv_rect src, dst;
  guint8 *out;
  mnv_status status; /* set when done */
  mnv_error err;
} GstMnv2PrepJob;

typedef struct _GstMnv2Prep GstMnv2Prep;

GstMnv2Prep *gst_mnv2_prep_new (void);
/* Joins the thread (after the job in hand, if any). */
void gst_mnv2_prep_free (GstMnv2Prep *prep);
/* Hands JOB to the thread; one job at a time: wait before the next. */
void gst_mnv2_prep_submit (GstMnv2Prep *prep, GstMnv2PrepJob *job);
/* Returns once the submitted job is done (at once when there is none). */
void gst_mnv2_prep_wait (GstMnv2Prep *prep);

#endif
