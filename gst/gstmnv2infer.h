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

#include "gstmnv2result.h"
#include "mnv_image.h"
#include "labels.h"
#include "mnv.h"

G_BEGIN_DECLS

#define GST_TYPE_MNV2_INFER (gst_mnv2_infer_get_type ())
G_DECLARE_DERIVABLE_TYPE (GstMnv2Infer, gst_mnv2_infer, GST, MNV2_INFER,
    GstVideoFilter)

#define GST_TYPE_MNV2_RESIZE_MODE (gst_mnv2_resize_mode_get_type ())
GType gst_mnv2_resize_mode_get_type (void);

typedef enum {
  GST_MNV2_INFERENCE_MODE_SYNC,
  GST_MNV2_INFERENCE_MODE_LIVE,
} GstMnv2InferenceMode;

#define GST_TYPE_MNV2_INFERENCE_MODE (gst_mnv2_inference_mode_get_type ())
GType gst_mnv2_inference_mode_get_type (void);

struct _GstMnv2InferClass {
  GstVideoFilterClass parent_class;

  /* Model file names tried on the model search path when model-file is
   * unset, in order (NULL-terminated). */
  const gchar *const *default_models;

  /* Checks that MODEL is of the element's family.  On FALSE, sets REASON
   * to a sentence for the user (freed by the caller). */
  gboolean (
      *check_model) (GstMnv2Infer *self, mnv_model *model, gchar **reason);

  /* Turns the session's outputs, just computed for a frame (or a crop) of
   * GEOMETRY, into the subclass's payload for a #GstMnv2Result.  Runs on
   * the thread that ran the model: with inference-mode=live, the worker,
   * while frames flow; so it reads only its arguments, the session, the
   * labels and (under the object lock) properties.  NULL: out of memory
   * (the base posts the error). */
  gpointer (*decode) (GstMnv2Infer *self, const GstMnv2Geometry *geometry);
  /* Frees a payload made by decode. */
  void (*free_payload) (gpointer payload);
  /* Adds RESULT's metadata to BUFFER (writable; its size may differ from
   * the analysed frame's by a scale, see gst_mnv2_result_fits()).
   * FRESH: the first frame to carry RESULT (post messages then). */
  void (*attach) (GstMnv2Infer *self, GstBuffer *buffer,
      const GstMnv2Result *result, gboolean fresh);

  /* Forget state kept between frames (stream stopped or flushed). */
  void (*reset) (GstMnv2Infer *self);

  /* Optional, for subclasses that run the model on regions of the frame
   * (mnv2classify on detected objects): when it returns TRUE for a frame,
   * the base does not run the model on the whole frame. */
  gboolean (*uses_regions) (GstMnv2Infer *self);
  /* inference-mode=sync: FRAME is mapped (pixels read-only, buffer
   * writable for metadata); DUE says whether the inference interval and QoS
   * allow inference on this frame.  Runs gst_mnv2_infer_run_regions() for
   * the regions it wants and attaches the results. */
  GstFlowReturn (
      *handle_regions) (GstMnv2Infer *self, GstVideoFrame *frame, gboolean due);
  /* inference-mode=live: appends to REGIONS (GstMnv2RegionResult, payload
   * NULL) the crops of BUFFER (WIDTH x HEIGHT) to run; the worker decodes
   * each, and attach receives them as the result's regions. */
  void (*collect_regions) (GstMnv2Infer *self, GstBuffer *buffer, gint width,
      gint height, GArray *regions);
};

/* For subclasses, valid from READY on. */
mnv_session *gst_mnv2_infer_get_session (GstMnv2Infer *self);
mnv_model *gst_mnv2_infer_get_model (GstMnv2Infer *self);
const mnv_labels *gst_mnv2_infer_get_labels (GstMnv2Infer *self);
/* Where the model input sits in the frame (frame pixel coordinates) and in
 * the model input (model pixels), for the negotiated format. */
void gst_mnv2_infer_get_mapping (GstMnv2Infer *self, mnv_rect *frame_rect,
    mnv_rect *input_rect);
gboolean gst_mnv2_infer_get_post_messages (GstMnv2Infer *self);
/* The label of class ID as a quark: from labels-file or the model, else
 * the class number. */
GQuark gst_mnv2_infer_label_quark (GstMnv2Infer *self, int id);
/* Called after region I of gst_mnv2_infer_run_regions() ran: the session's
 * outputs hold its results. */
typedef void (
    *GstMnv2RegionDone) (GstMnv2Infer *self, guint i, gpointer user_data);
/* Runs the model on each of the N REGIONS of FRAME in turn (frame pixels,
 * clipped to the frame, each brought to the model input by the resize mode
 * as a whole frame would be), calling DONE after each; with a one-thread
 * session on a machine with more cores, the next region is pre-processed
 * while the current one runs.  FALSE (error posted) if one failed. */
gboolean gst_mnv2_infer_run_regions (GstMnv2Infer *self, GstVideoFrame *frame,
    const GstVideoRectangle *regions, guint n, GstMnv2RegionDone done,
    gpointer user_data);
/* The model file in use (for results that name their model). */
const gchar *gst_mnv2_infer_get_model_path (GstMnv2Infer *self);
/* Posts an element message built on S (takes ownership), adding the
 * buffer's timestamp and RESULT_PTS, the timestamp of the frame the
 * results were computed on. */
void gst_mnv2_infer_post_results (GstMnv2Infer *self, GstBuffer *buffer,
    GstClockTime result_pts, GstStructure *s);
/* Sets "result_pts" (guint64) of S, a result's structure (message, ROI
 * parameter), to PTS: the frame the result was computed on; nothing when
 * PTS is unknown. */
void gst_mnv2_infer_set_result_pts (GstStructure *s, GstClockTime pts);

G_END_DECLS

#endif
