/* GstMnv2Infer's private part, shared by the files of the base element:
 * gstmnv2infer.c (GObject, state, streaming), gstmnv2infer_model.c (model
 * loading), gstmnv2infer_regions.c (crops), gstmnv2infer_live.c
 * (inference-mode=live).  Not for subclasses. */
#ifndef __GST_MNV2_INFER_PRIV_H__
#define __GST_MNV2_INFER_PRIV_H__

#include "gstmnv2infer.h"
#include "gstmnv2live.h"
#include "gstmnv2prep.h"

G_BEGIN_DECLS

#define MNV2_DEFAULT_INPUT_MEAN 127.5
#define MNV2_DEFAULT_INPUT_STD 127.5

typedef struct {
  /* properties */
  gchar *model_file;
  gchar *labels_file;
  gint threads;
  guint inference_interval;
  gboolean post_messages;
  mnv_resize_mode resize_mode;
  gdouble input_mean, input_std;
  gboolean mean_set, std_set; /* by the user, over the metadata */
  guint64 max_memory;         /* 0: no cap beyond the core's */
  GstMnv2InferenceMode mode;
  guint max_result_age; /* ms of running time; 0: no limit */

  /* from READY on */
  gchar *model_path; /* the file loaded */
  mnv_model *model;
  mnv_session *session;
  mnv_labels labels;
  mnv_tensor_info input;
  guint8 *input_buffer;
  mnv_image_prep *image_prep; /* the streaming thread's pre-processing plan */
  guint8 *input_buffer2;      /* the next crop's, while one runs */
  GstMnv2Prep *prep;          /* fills input_buffer2 meanwhile */
  float meta_mean[3], meta_std[3]; /* model metadata or 127.5 */

  /* negotiated format */
  mnv_pixel_format pixel_format;
  mnv_yuv_matrix matrix;
  gboolean full_range;
  mnv_rect frame_rect, input_rect;

  /* streaming */
  guint64 frames;
  gboolean run_next;     /* run on the next frame (QoS, flush) */
  GstMnv2Live *live;     /* inference-mode=live, from PAUSED on */
  GstMnv2Result *result; /* sync: the last one */
  /* stats (object lock): sync runs, QoS skips; the result age (ms) of the
   * last frame, -1 without a result */
  guint64 stat_frames, stat_analysed, stat_skipped;
  gdouble stat_total_ms, stat_age_ms;
  GstClockTime earliest_time; /* from QoS events; object lock */
  GstClockTime latency;       /* measured inference time; object lock */
} GstMnv2InferPrivate;

GstMnv2InferPrivate *gst_mnv2_infer_priv (GstMnv2Infer *self);
#define PRIV(self) gst_mnv2_infer_priv (self)

/* gstmnv2infer_model.c: going to READY and back. */
gboolean gst_mnv2_infer_load_model (GstMnv2Infer *self);
void gst_mnv2_infer_release_model (GstMnv2Infer *self);

/* gstmnv2infer.c: streaming helpers. */
void gst_mnv2_infer_frame_image (GstMnv2Infer *self, GstVideoFrame *frame,
    mnv_image *image, mnv_normalization *norm);
GstFlowReturn gst_mnv2_infer_run_prepared (GstMnv2Infer *self,
    const guint8 *input, gint64 start);
GstFlowReturn gst_mnv2_infer_preprocess_failed (GstMnv2Infer *self,
    const mnv_error *err);
GstMnv2Geometry gst_mnv2_infer_current_geometry (GstMnv2Infer *self);
GstClockTime gst_mnv2_infer_running_time (GstMnv2Infer *self, GstBuffer *buf);
void gst_mnv2_infer_attach_result (GstMnv2Infer *self, GstBuffer *buf,
    GstMnv2Result *result, gboolean fresh);

/* gstmnv2infer_regions.c: where a crop goes through the resize mode. */
gboolean gst_mnv2_infer_plan_region (GstMnv2Infer *self, GstVideoFrame *frame,
    const GstVideoRectangle *region, mnv_rect *src, mnv_rect *dst);
gboolean gst_mnv2_infer_region_outside (GstMnv2Infer *self,
    const GstVideoRectangle *r);

/* gstmnv2infer_live.c */
GstMnv2Result *gst_mnv2_infer_live_run (gpointer owner, GstMnv2LiveJob *job);
GstFlowReturn gst_mnv2_infer_transform_live (GstMnv2Infer *self,
    GstVideoFrame *frame, gboolean due, gboolean regions);

/* gstmnv2infer_props.c */
void gst_mnv2_infer_init_properties (GstMnv2InferPrivate *priv);
void gst_mnv2_infer_install_properties (GObjectClass *gobject_class);
void gst_mnv2_infer_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
void gst_mnv2_infer_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec);

G_END_DECLS

#endif
