/**
 * SECTION:gstmnv2infer
 * @title: GstMnv2Infer
 * @short_description: base class of the mnv2 inference elements
 *
 * Frames pass through untouched (never copied: when a buffer is shared, only
 * its metadata part is made writable).  The model is loaded when the element
 * goes to READY; a missing or broken model fails that state change with an
 * error naming the file.  Every `inference-interval`-th frame is converted
 * straight from the mapped frame into the model input, run, and handed to
 * the subclass, which attaches metadata; frames in between carry the last
 * result.  Frames that arrive late (QoS) skip inference but still pass.
 *
 * With inference-mode=live the streaming thread never runs the model: the
 * frame chosen for analysis is converted into a job that one worker thread
 * per element runs (gstmnv2live.c; a newer job replaces one still waiting)
 * and every frame carries the newest result (shown on frames of the same
 * shape, rescaled, while not older than max-result-age).  Results carry
 * the PTS of the frame they were computed on (result_pts).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 v4l2src ! videoconvert ! ssdlitedetect inference-mode=live ! deeplabsegment inference-mode=live ! mnv2overlay ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/video/video.h>

#include "gstmnv2infer_priv.h"
#include "mnv2/mnv2meta.h"

GST_DEBUG_CATEGORY (gst_mnv2_infer_debug);
#define GST_CAT_DEFAULT gst_mnv2_infer_debug

#define MNV2_VIDEO_FORMATS \
  "{ RGB, BGR, RGBx, BGRx, xRGB, xBGR, RGBA, BGRA, ARGB, ABGR, NV12, I420 }"

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GstMnv2Infer, gst_mnv2_infer,
    GST_TYPE_VIDEO_FILTER);

GstMnv2InferPrivate *
gst_mnv2_infer_priv (GstMnv2Infer *self)
{
  return gst_mnv2_infer_get_instance_private (self);
}

/* --- model loading ------------------------------------------------------ */

static GstStateChangeReturn
gst_mnv2_infer_change_state (GstElement *element, GstStateChange transition)
{
  GstMnv2Infer *self = GST_MNV2_INFER (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_NULL_TO_READY &&
      !gst_mnv2_infer_load_model (self))
    return GST_STATE_CHANGE_FAILURE;

  ret = GST_ELEMENT_CLASS (gst_mnv2_infer_parent_class)
            ->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_READY_TO_NULL)
    gst_mnv2_infer_release_model (self);
  return ret;
}

/* --- streaming ---------------------------------------------------------- */

/* A new stream (start, flush): inference on the next frame; the results
 * of earlier frames are forgotten unless KEEP_RESULTS (new caps: a result
 * is shown on frames of its shape only, see gst_mnv2_infer_attach_result). */
static void
reset_stream (GstMnv2Infer *self, gboolean keep_results)
{
  GstMnv2InferClass *klass = GST_MNV2_INFER_GET_CLASS (self);
  GstMnv2InferPrivate *priv = PRIV (self);
  priv->frames = 0;
  priv->run_next = TRUE;
  GST_OBJECT_LOCK (self);
  priv->earliest_time = GST_CLOCK_TIME_NONE;
  GST_OBJECT_UNLOCK (self);
  if (klass->reset)
    klass->reset (self);
  if (keep_results)
    return;
  if (priv->live)
    gst_mnv2_live_reset (priv->live);
  gst_mnv2_result_replace (&priv->result, NULL);
}

static gboolean
gst_mnv2_infer_start (GstBaseTransform *trans)
{
  GstMnv2Infer *self = GST_MNV2_INFER (trans);
  GstMnv2InferPrivate *priv = PRIV (self);
  GST_OBJECT_LOCK (self);
  const gboolean live = priv->mode == GST_MNV2_INFERENCE_MODE_LIVE;
  priv->stat_frames = priv->stat_analysed = priv->stat_skipped = 0;
  priv->stat_total_ms = 0.0;
  priv->stat_age_ms = -1.0;
  GST_OBJECT_UNLOCK (self);
  reset_stream (self, FALSE);
  if (live) {
    gchar *name = g_strdup_printf ("%s:infer", GST_ELEMENT_NAME (self));
    GstMnv2Live *worker = gst_mnv2_live_new (name, gst_mnv2_infer_live_run,
        self);
    g_free (name);
    GST_OBJECT_LOCK (self);
    priv->live = worker;
    GST_OBJECT_UNLOCK (self);
  }
  return TRUE;
}

static gboolean
gst_mnv2_infer_stop (GstBaseTransform *trans)
{
  GstMnv2Infer *self = GST_MNV2_INFER (trans);
  GstMnv2InferPrivate *priv = PRIV (self);
  GST_OBJECT_LOCK (self);
  GstMnv2Live *worker = priv->live;
  priv->live = NULL;
  GST_OBJECT_UNLOCK (self);
  /* Joins the worker: it finishes the job it runs, then the session is
   * ours again (READY -> NULL releases it). */
  gst_mnv2_live_free (worker);
  reset_stream (self, FALSE);
  return TRUE;
}

static gboolean
gst_mnv2_infer_set_info (GstVideoFilter *filter, GstCaps *incaps,
    GstVideoInfo *in_info, GstCaps *outcaps, GstVideoInfo *out_info)
{
  GstMnv2Infer *self = GST_MNV2_INFER (filter);
  GstMnv2InferPrivate *priv = PRIV (self);
  static const struct {
    GstVideoFormat gst;
    mnv_pixel_format mnv;
  } formats[] = {
    { GST_VIDEO_FORMAT_RGB, MNV_PIXEL_RGB },
    { GST_VIDEO_FORMAT_BGR, MNV_PIXEL_BGR },
    { GST_VIDEO_FORMAT_RGBx, MNV_PIXEL_RGBX },
    { GST_VIDEO_FORMAT_BGRx, MNV_PIXEL_BGRX },
    { GST_VIDEO_FORMAT_xRGB, MNV_PIXEL_XRGB },
    { GST_VIDEO_FORMAT_xBGR, MNV_PIXEL_XBGR },
    { GST_VIDEO_FORMAT_RGBA, MNV_PIXEL_RGBA },
    { GST_VIDEO_FORMAT_BGRA, MNV_PIXEL_BGRA },
    { GST_VIDEO_FORMAT_ARGB, MNV_PIXEL_ARGB },
    { GST_VIDEO_FORMAT_ABGR, MNV_PIXEL_ABGR },
    { GST_VIDEO_FORMAT_NV12, MNV_PIXEL_NV12 },
    { GST_VIDEO_FORMAT_I420, MNV_PIXEL_I420 },
  };
  mnv_resize_mode mode;
  gsize i;

  (void) incaps;
  (void) outcaps;
  (void) out_info;
  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].gst == GST_VIDEO_INFO_FORMAT (in_info))
      break;
  if (i == G_N_ELEMENTS (formats))
    return FALSE; /* the caps template prevents this */
  if (!priv->model)
    return FALSE;
  priv->pixel_format = formats[i].mnv;
  priv->matrix = in_info->colorimetry.matrix == GST_VIDEO_COLOR_MATRIX_BT709 ?
      MNV_YUV_BT709 :
      MNV_YUV_BT601;
  priv->full_range = in_info->colorimetry.range == GST_VIDEO_COLOR_RANGE_0_255;

  GST_OBJECT_LOCK (self);
  mode = priv->resize_mode;
  GST_OBJECT_UNLOCK (self);
  mnv_image_plan (GST_VIDEO_INFO_WIDTH (in_info),
      GST_VIDEO_INFO_HEIGHT (in_info), priv->input.dims[2], priv->input.dims[1],
      mode, &priv->frame_rect, &priv->input_rect);
  /* Inference on the next frame; results of the old size stay on frames
   * of the same shape (gst_mnv2_infer_attach_result). */
  reset_stream (self, TRUE);
  return TRUE;
}

/* Shared buffers get a shallow copy: new metadata, same pixel memory. */
static GstFlowReturn
gst_mnv2_infer_prepare_output_buffer (GstBaseTransform *trans, GstBuffer *input,
    GstBuffer **outbuf)
{
  (void) trans;
  *outbuf = gst_buffer_is_writable (input) ? input : gst_buffer_copy (input);
  return GST_FLOW_OK;
}

static gboolean
is_late (GstMnv2Infer *self, GstBuffer *buf)
{
  GstBaseTransform *trans = GST_BASE_TRANSFORM (self);
  GstClockTime running_time, earliest;

  if (trans->segment.format != GST_FORMAT_TIME ||
      !GST_BUFFER_PTS_IS_VALID (buf))
    return FALSE;
  running_time = gst_segment_to_running_time (&trans->segment, GST_FORMAT_TIME,
      GST_BUFFER_PTS (buf));
  GST_OBJECT_LOCK (self);
  earliest = PRIV (self)->earliest_time;
  GST_OBJECT_UNLOCK (self);
  return GST_CLOCK_TIME_IS_VALID (running_time) &&
      GST_CLOCK_TIME_IS_VALID (earliest) && running_time <= earliest;
}

/* FRAME as the core's image, and the input normalization in use. */
void
gst_mnv2_infer_frame_image (GstMnv2Infer *self, GstVideoFrame *frame,
    mnv_image *image, mnv_normalization *norm)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  memset (image, 0, sizeof *image);
  image->format = priv->pixel_format;
  image->width = GST_VIDEO_FRAME_WIDTH (frame);
  image->height = GST_VIDEO_FRAME_HEIGHT (frame);
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (frame) && p < 3; p++) {
    image->planes[p] = GST_VIDEO_FRAME_PLANE_DATA (frame, p);
    image->strides[p] = GST_VIDEO_FRAME_PLANE_STRIDE (frame, p);
  }
  image->matrix = priv->matrix;
  image->full_range = priv->full_range;
  GST_OBJECT_LOCK (self);
  for (int c = 0; c < 3; c++) {
    norm->mean[c] = priv->mean_set ? (float) priv->input_mean :
                                     priv->meta_mean[c];
    norm->std[c] = priv->std_set ? (float) priv->input_std : priv->meta_std[c];
  }
  GST_OBJECT_UNLOCK (self);
}

/* Runs the session on the pre-processed INPUT (NULL: written in place,
 * mnv_session_input_buffer); START is when its pre-processing began
 * (latency). */
GstFlowReturn
gst_mnv2_infer_run_prepared (GstMnv2Infer *self, const guint8 *input,
    gint64 start)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  mnv_error err;
  gboolean first;

  if ((input &&
          mnv_session_set_input (priv->session, 0, input, priv->input.bytes,
              &err) != MNV_OK) ||
      mnv_session_run (priv->session, &err) != MNV_OK) {
    GST_ELEMENT_ERROR (self, STREAM, FAILED,
        ("Inference failed: %s", err.message), (NULL));
    return GST_FLOW_ERROR;
  }
  GstClockTime took = (GstClockTime) (g_get_monotonic_time () - start) *
      GST_USECOND;
  GST_OBJECT_LOCK (self);
  priv->stat_total_ms += took / 1e6;
  first = !GST_CLOCK_TIME_IS_VALID (priv->latency);
  /* Report the slowest run seen: latency must not be under-estimated. */
  if (first || took > priv->latency)
    priv->latency = took;
  GST_OBJECT_UNLOCK (self);
  GST_LOG_OBJECT (self, "inference took %" GST_TIME_FORMAT,
      GST_TIME_ARGS (took));
  if (first)
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_latency (GST_OBJECT (self)));
  return GST_FLOW_OK;
}

GstFlowReturn
gst_mnv2_infer_preprocess_failed (GstMnv2Infer *self, const mnv_error *err)
{
  GST_ELEMENT_ERROR (self, STREAM, FAILED,
      ("Inference failed: %s", err->message), (NULL));
  return GST_FLOW_ERROR;
}

/* FRAME is mapped read-only (passthrough) without an extra buffer ref, so
 * its buffer stays writable for metadata. */
static GstFlowReturn
run_inference (GstMnv2Infer *self, GstVideoFrame *frame, const mnv_rect *src,
    const mnv_rect *dst)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  mnv_normalization norm;
  mnv_image image;
  mnv_error err;

  gst_mnv2_infer_frame_image (self, frame, &image, &norm);
  const gint64 start = g_get_monotonic_time ();
  /* Straight into the session's input (no copy), on its threads. */
  if (mnv_session_set_input_image (priv->session, 0, priv->image_prep, &image,
          src, dst, &norm, &err) != MNV_OK)
    return gst_mnv2_infer_preprocess_failed (self, &err);
  return gst_mnv2_infer_run_prepared (self, NULL, start);
}

/* The geometry of the negotiated format. */
GstMnv2Geometry
gst_mnv2_infer_current_geometry (GstMnv2Infer *self)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  GstVideoInfo *info = &GST_VIDEO_FILTER (self)->in_info;
  GstMnv2Geometry g = { GST_VIDEO_INFO_WIDTH (info),
    GST_VIDEO_INFO_HEIGHT (info), priv->frame_rect, priv->input_rect };
  return g;
}

GstClockTime
gst_mnv2_infer_running_time (GstMnv2Infer *self, GstBuffer *buf)
{
  GstBaseTransform *trans = GST_BASE_TRANSFORM (self);
  if (trans->segment.format != GST_FORMAT_TIME ||
      !GST_BUFFER_PTS_IS_VALID (buf))
    return GST_CLOCK_TIME_NONE;
  return gst_segment_to_running_time (&trans->segment, GST_FORMAT_TIME,
      GST_BUFFER_PTS (buf));
}

static GstMnv2Result *
new_result (GstMnv2Infer *self, GstBuffer *buf, const GstMnv2Geometry *g)
{
  GstMnv2Result *r = gst_mnv2_result_new (
      GST_MNV2_INFER_GET_CLASS (self)->free_payload);
  r->pts = GST_BUFFER_PTS (buf);
  r->running_time = gst_mnv2_infer_running_time (self, buf);
  r->geometry = *g;
  return r;
}

/* Attaches RESULT (may be NULL) to BUF when it fits the frame's shape and
 * is not older than max-result-age; records its age for the stats. */
void
gst_mnv2_infer_attach_result (GstMnv2Infer *self, GstBuffer *buf,
    GstMnv2Result *result, gboolean fresh)
{
  GstMnv2InferPrivate *priv = PRIV (self);
  GstVideoInfo *info = &GST_VIDEO_FILTER (self)->in_info;
  const GstClockTime now = gst_mnv2_infer_running_time (self, buf);
  gdouble sx, sy, age = -1.0;
  guint max_age;

  GST_OBJECT_LOCK (self);
  max_age = priv->max_result_age;
  GST_OBJECT_UNLOCK (self);
  if (result &&
      !gst_mnv2_result_fits (result, GST_VIDEO_INFO_WIDTH (info),
          GST_VIDEO_INFO_HEIGHT (info), &sx, &sy)) {
    GST_DEBUG_OBJECT (self, "result of a %dx%d frame does not fit %dx%d",
        result->geometry.width, result->geometry.height,
        GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info));
    result = NULL;
  }
  if (result && GST_CLOCK_TIME_IS_VALID (now) &&
      GST_CLOCK_TIME_IS_VALID (result->running_time)) {
    age = now >= result->running_time ? (now - result->running_time) / 1e6 :
                                        0.0;
    if (max_age && age > max_age)
      result = NULL;
  } else if (result) {
    age = 0.0;
  }
  GST_OBJECT_LOCK (self);
  priv->stat_age_ms = result ? age : -1.0;
  GST_OBJECT_UNLOCK (self);
  if (result)
    GST_MNV2_INFER_GET_CLASS (self)->attach (self, buf, result, fresh);
}

static GstFlowReturn
gst_mnv2_infer_transform_frame_ip (GstVideoFilter *filter, GstVideoFrame *frame)
{
  GstMnv2Infer *self = GST_MNV2_INFER (filter);
  GstBuffer *buf = frame->buffer;
  GstMnv2InferClass *klass = GST_MNV2_INFER_GET_CLASS (self);
  GstMnv2InferPrivate *priv = PRIV (self);
  guint interval, plane;
  guint64 need, have;
  gboolean due;

  if (!gst_mnv2_video_frame_fits (frame, &plane, &need, &have)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("A frame's layout does not "
         "fit its buffer"),
        ("plane %u spans %" G_GUINT64_FORMAT " bytes "
         "at stride %d, %" G_GUINT64_FORMAT " are mapped (a wrong "
         "GstVideoMeta upstream?)",
            plane, need, GST_VIDEO_FRAME_PLANE_STRIDE (frame, plane), have));
    return GST_FLOW_ERROR;
  }
  GST_OBJECT_LOCK (self);
  interval = priv->inference_interval;
  priv->stat_frames++;
  GST_OBJECT_UNLOCK (self);

  due = priv->run_next || priv->frames % interval == 0;
  priv->frames++;
  if (due && is_late (self, buf)) {
    GST_DEBUG_OBJECT (self, "late frame: skipping inference");
    GST_OBJECT_LOCK (self);
    priv->stat_skipped++;
    GST_OBJECT_UNLOCK (self);
    priv->run_next = TRUE;
    due = FALSE;
  }
  const gboolean regions = klass->uses_regions && klass->uses_regions (self);
  if (priv->live)
    return gst_mnv2_infer_transform_live (self, frame, due, regions);

  GstFlowReturn ret = GST_FLOW_OK;
  if (regions) {
    ret = klass->handle_regions (self, frame, due);
  } else if (due) {
    ret = run_inference (self, frame, &priv->frame_rect, &priv->input_rect);
    if (ret == GST_FLOW_OK) {
      GstMnv2Geometry g = gst_mnv2_infer_current_geometry (self);
      GstMnv2Result *r = new_result (self, buf, &g);
      r->payload = klass->decode (self, &g);
      if (r->payload) {
        gst_mnv2_result_replace (&priv->result, r);
      } else {
        GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
            ("Could not "
             "store the results of an inference (out of memory)"),
            (NULL));
        ret = GST_FLOW_ERROR;
      }
      gst_mnv2_result_unref (r);
    }
  }
  if (ret != GST_FLOW_OK)
    return ret;
  if (due) {
    priv->run_next = FALSE;
    GST_OBJECT_LOCK (self);
    priv->stat_analysed++;
    GST_OBJECT_UNLOCK (self);
  }
  if (!regions)
    gst_mnv2_infer_attach_result (self, buf, priv->result, due);
  return GST_FLOW_OK;
}

static gboolean
gst_mnv2_infer_src_event (GstBaseTransform *trans, GstEvent *event)
{
  GstMnv2Infer *self = GST_MNV2_INFER (trans);

  if (GST_EVENT_TYPE (event) == GST_EVENT_QOS) {
    GstQOSType type;
    gdouble proportion;
    GstClockTimeDiff diff;
    GstClockTime timestamp;
    gst_event_parse_qos (event, &type, &proportion, &diff, &timestamp);
    GST_OBJECT_LOCK (self);
    if (GST_CLOCK_TIME_IS_VALID (timestamp))
      PRIV (self)->earliest_time = diff > 0 ? timestamp + diff : timestamp;
    GST_OBJECT_UNLOCK (self);
  }
  return GST_BASE_TRANSFORM_CLASS (gst_mnv2_infer_parent_class)
      ->src_event (trans, event);
}

static gboolean
gst_mnv2_infer_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
    reset_stream (GST_MNV2_INFER (trans), FALSE);
  return GST_BASE_TRANSFORM_CLASS (gst_mnv2_infer_parent_class)
      ->sink_event (trans, event);
}

static gboolean
gst_mnv2_infer_query (GstBaseTransform *trans, GstPadDirection direction,
    GstQuery *query)
{
  GstMnv2Infer *self = GST_MNV2_INFER (trans);
  gboolean res = GST_BASE_TRANSFORM_CLASS (gst_mnv2_infer_parent_class)
                     ->query (trans, direction, query);

  if (res && direction == GST_PAD_SRC &&
      GST_QUERY_TYPE (query) == GST_QUERY_LATENCY) {
    gboolean live;
    GstClockTime min, max, ours;
    gst_query_parse_latency (query, &live, &min, &max);
    GST_OBJECT_LOCK (self);
    /* live: frames never wait for inference, so it adds no latency. */
    ours = PRIV (self)->live ? GST_CLOCK_TIME_NONE : PRIV (self)->latency;
    GST_OBJECT_UNLOCK (self);
    if (GST_CLOCK_TIME_IS_VALID (ours)) {
      min += ours;
      if (GST_CLOCK_TIME_IS_VALID (max))
        max += ours;
      gst_query_set_latency (query, live, min, max);
    }
  }
  return res;
}

/* --- subclass API --------------------------------------------------------- */

mnv_session *
gst_mnv2_infer_get_session (GstMnv2Infer *self)
{
  return PRIV (self)->session;
}

mnv_model *
gst_mnv2_infer_get_model (GstMnv2Infer *self)
{
  return PRIV (self)->model;
}

const gchar *
gst_mnv2_infer_get_model_path (GstMnv2Infer *self)
{
  return PRIV (self)->model_path;
}

const mnv_labels *
gst_mnv2_infer_get_labels (GstMnv2Infer *self)
{
  return &PRIV (self)->labels;
}

void
gst_mnv2_infer_get_mapping (GstMnv2Infer *self, mnv_rect *frame_rect,
    mnv_rect *input_rect)
{
  *frame_rect = PRIV (self)->frame_rect;
  *input_rect = PRIV (self)->input_rect;
}

GQuark
gst_mnv2_infer_label_quark (GstMnv2Infer *self, int id)
{
  const char *label = mnv_labels_get (&PRIV (self)->labels, (size_t) id);
  gchar num[16];
  if (label)
    return g_quark_from_string (label);
  g_snprintf (num, sizeof num, "%d", id);
  return g_quark_from_string (num);
}

gboolean
gst_mnv2_infer_get_post_messages (GstMnv2Infer *self)
{
  gboolean post;
  GST_OBJECT_LOCK (self);
  post = PRIV (self)->post_messages;
  GST_OBJECT_UNLOCK (self);
  return post;
}

void
gst_mnv2_infer_set_result_pts (GstStructure *s, GstClockTime pts)
{
  if (GST_CLOCK_TIME_IS_VALID (pts))
    gst_structure_set (s, "result_pts", G_TYPE_UINT64, (guint64) pts, NULL);
}

void
gst_mnv2_infer_post_results (GstMnv2Infer *self, GstBuffer *buffer,
    GstClockTime result_pts, GstStructure *s)
{
  gst_structure_set (s, "timestamp", G_TYPE_UINT64, GST_BUFFER_PTS (buffer),
      NULL);
  gst_mnv2_infer_set_result_pts (s, result_pts);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

/* --- GObject -------------------------------------------------------------- */

static void
gst_mnv2_infer_finalize (GObject *object)
{
  GstMnv2Infer *self = GST_MNV2_INFER (object);
  GstMnv2InferPrivate *priv = PRIV (self);

  gst_mnv2_infer_release_model (self);
  gst_mnv2_result_replace (&priv->result, NULL);
  g_free (priv->model_file);
  g_free (priv->labels_file);
  G_OBJECT_CLASS (gst_mnv2_infer_parent_class)->finalize (object);
}

static void
gst_mnv2_infer_class_init (GstMnv2InferClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);
  GstCaps *caps = gst_caps_from_string (
      GST_VIDEO_CAPS_MAKE (MNV2_VIDEO_FORMATS));

  GST_DEBUG_CATEGORY_INIT (gst_mnv2_infer_debug, "mnv2infer", 0,
      "mnv2 inference base");

  gobject_class->set_property = gst_mnv2_infer_set_property;
  gobject_class->get_property = gst_mnv2_infer_get_property;
  gobject_class->finalize = gst_mnv2_infer_finalize;

  gst_mnv2_infer_install_properties (gobject_class);

  gst_element_class_add_pad_template (element_class,
      gst_pad_template_new ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, caps));
  gst_element_class_add_pad_template (element_class,
      gst_pad_template_new ("src", GST_PAD_SRC, GST_PAD_ALWAYS, caps));
  gst_caps_unref (caps);

  element_class->change_state = gst_mnv2_infer_change_state;
  trans_class->start = gst_mnv2_infer_start;
  trans_class->stop = gst_mnv2_infer_stop;
  trans_class->prepare_output_buffer = gst_mnv2_infer_prepare_output_buffer;
  trans_class->transform_ip_on_passthrough = TRUE;
  trans_class->src_event = gst_mnv2_infer_src_event;
  trans_class->sink_event = gst_mnv2_infer_sink_event;
  trans_class->query = gst_mnv2_infer_query;
  filter_class->set_info = gst_mnv2_infer_set_info;
  filter_class->transform_frame_ip = gst_mnv2_infer_transform_frame_ip;

  gst_type_mark_as_plugin_api (GST_TYPE_MNV2_INFER, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_MNV2_RESIZE_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_MNV2_INFERENCE_MODE, 0);
}

static void
gst_mnv2_infer_init (GstMnv2Infer *self)
{
  GstMnv2InferPrivate *priv = PRIV (self);

  gst_mnv2_infer_init_properties (priv);
  /* The frame passes unchanged; late frames keep flowing (our own QoS
   * only skips inference), so the base class must not drop them. */
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
  gst_base_transform_set_qos_enabled (GST_BASE_TRANSFORM (self), FALSE);
}
