/* GstMnv2Infer: the abstract base of the mnv2 inference elements.
 *
 * A GstVideoFilter that lets frames pass untouched.  It owns the model
 * (loaded going to READY, shared between elements), the session and the
 * pre-processing for the negotiated format; subclasses turn results into
 * metadata and messages. */
#ifndef __GST_MNV2_INFER_H__
#define __GST_MNV2_INFER_H__

#include <gst/gst.h>
#include <gst/video/gstvideofilter.h>

#include "mnv_image.h"
#include "labels.h"
#include "mnv.h"

G_BEGIN_DECLS

#define GST_TYPE_MNV2_INFER (gst_mnv2_infer_get_type ())
G_DECLARE_DERIVABLE_TYPE (GstMnv2Infer, gst_mnv2_infer, GST, MNV2_INFER,
    GstVideoFilter)

#define GST_TYPE_MNV2_RESIZE_MODE (gst_mnv2_resize_mode_get_type ())
GType gst_mnv2_resize_mode_get_type (void);

struct _GstMnv2InferClass
{
  GstVideoFilterClass parent_class;

  /* Model file names tried on the model search path when model-file is
   * unset, in order (NULL-terminated). */
  const gchar *const *default_models;

  /* Checks that MODEL is of the element's family.  On FALSE, sets REASON
   * to a sentence for the user (freed by the caller). */
  gboolean (*check_model) (GstMnv2Infer * self, mnv_model * model,
      gchar ** reason);

  /* Called for every frame.  FRESH: inference just ran on this frame and
   * the session's outputs hold its results; otherwise (interval, QoS) the
   * subclass repeats its last results, if any.  BUFFER is writable. */
  void (*handle_frame) (GstMnv2Infer * self, GstBuffer * buffer,
      gboolean fresh);

  /* Forget the last results (stream stopped or flushed). */
  void (*reset) (GstMnv2Infer * self);

  /* Optional, for subclasses that run the model on regions of the frame
   * (mnv2classify on detected objects): when it returns TRUE for a frame,
   * the base does not run the model on the whole frame and calls
   * handle_regions instead of handle_frame. */
  gboolean (*uses_regions) (GstMnv2Infer * self);
  /* FRAME is mapped (pixels read-only, buffer writable for metadata); DUE
   * says whether the inference interval and QoS allow inference on this
   * frame.  Runs gst_mnv2_infer_run_regions() for the regions it wants. */
  GstFlowReturn (*handle_regions) (GstMnv2Infer * self,
      GstVideoFrame * frame, gboolean due);
};

/* For subclasses, valid from READY on. */
mnv_session *gst_mnv2_infer_get_session (GstMnv2Infer * self);
mnv_model *gst_mnv2_infer_get_model (GstMnv2Infer * self);
const mnv_labels *gst_mnv2_infer_get_labels (GstMnv2Infer * self);
/* Where the model input sits in the frame (frame pixel coordinates) and in
 * the model input (model pixels), for the negotiated format. */
void gst_mnv2_infer_get_mapping (GstMnv2Infer * self, mnv_rect * frame_rect,
    mnv_rect * input_rect);
gboolean gst_mnv2_infer_get_post_messages (GstMnv2Infer * self);
/* The label of class ID as a quark: from labels-file or the model, else
 * the class number. */
GQuark gst_mnv2_infer_label_quark (GstMnv2Infer * self, int id);
/* Called after region I of gst_mnv2_infer_run_regions() ran: the session's
 * outputs hold its results. */
typedef void (*GstMnv2RegionDone) (GstMnv2Infer * self, guint i,
    gpointer user_data);
/* Runs the model on each of the N REGIONS of FRAME in turn (frame pixels,
 * clipped to the frame, each brought to the model input by the resize mode
 * as a whole frame would be), calling DONE after each; with a one-thread
 * session on a machine with more cores, the next region is pre-processed
 * while the current one runs.  FALSE (error posted) if one failed. */
gboolean gst_mnv2_infer_run_regions (GstMnv2Infer * self,
    GstVideoFrame * frame, const GstVideoRectangle * regions, guint n,
    GstMnv2RegionDone done, gpointer user_data);
/* The model file in use (for results that name their model). */
const gchar *gst_mnv2_infer_get_model_path (GstMnv2Infer * self);
/* Posts an element message built on S (takes ownership), adding the
 * buffer's timestamp. */
void gst_mnv2_infer_post_results (GstMnv2Infer * self, GstBuffer * buffer,
    GstStructure * s);

G_END_DECLS

#endif
