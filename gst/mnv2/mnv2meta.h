/* gst-mnv2 metadata: results of the mnv2 inference elements, readable by
 * applications without linking the inference engine.
 *
 * pkg-config: gstmnv2meta-1.0;  #include <gst/mnv2/mnv2meta.h>
 */
#ifndef __GST_MNV2_META_H__
#define __GST_MNV2_META_H__

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/**
 * GstMnv2Class:
 * @class_id: index of the class in the model's output
 * @label: the class label as a quark (0 when the model has no labels)
 * @score: the model's score for the class (dequantized output value)
 */
typedef struct {
  gint class_id;
  GQuark label;
  gfloat score;
} GstMnv2Class;

/**
 * GstMnv2ClassificationMeta:
 * @meta: parent
 * @n_classes: number of entries in @classes
 * @classes: the best classes of the frame, best first
 * @result_pts: the PTS of the frame the classes were computed on (equal to
 *   the buffer's own when it was classified itself; earlier when it carries
 *   a held result: inference-interval, inference-mode=live);
 *   GST_CLOCK_TIME_NONE when unknown
 *
 * Attached by mnv2classify to every frame it classified (and, with
 * inference-interval > 1, to the frames in between, with the last result).
 * It does not depend on the frame size, so it survives scaling and
 * conversion unchanged.
 */
typedef struct {
  GstMeta meta;
  guint n_classes;
  GstMnv2Class *classes;
  GstClockTime result_pts;
} GstMnv2ClassificationMeta;

GType gst_mnv2_classification_meta_api_get_type (void);
#define GST_MNV2_CLASSIFICATION_META_API_TYPE \
  (gst_mnv2_classification_meta_api_get_type ())

const GstMetaInfo *gst_mnv2_classification_meta_get_info (void);
#define GST_MNV2_CLASSIFICATION_META_INFO \
  (gst_mnv2_classification_meta_get_info ())

/* Adds a copy of CLASSES (N entries) to BUFFER, which must be writable;
 * its result_pts is unset (GST_CLOCK_TIME_NONE) until the caller sets it. */
GstMnv2ClassificationMeta *
gst_buffer_add_mnv2_classification_meta (GstBuffer *buffer,
    const GstMnv2Class *classes, guint n);

#define gst_buffer_get_mnv2_classification_meta(b) \
  ((GstMnv2ClassificationMeta *) gst_buffer_get_meta ((b), \
      GST_MNV2_CLASSIFICATION_META_API_TYPE))

/* The label of entry I as a string, or NULL. */
const gchar *
gst_mnv2_classification_meta_get_label (const GstMnv2ClassificationMeta *meta,
    guint i);

/**
 * GstMnv2SegmentationMeta:
 * @meta: parent
 * @class_map: GRAY8 pixels, one class id per byte, @width x @height,
 *   rows @stride bytes apart (the model's resolution); shared, read-only
 * @width: class-map width
 * @height: class-map height
 * @stride: bytes per class-map row
 * @rect: the frame rectangle the class map covers, in frame pixels (may
 *   extend past the frame, e.g. with letterbox); scaled with the frame
 * @n_labels: number of entries in @labels
 * @labels: label quark per class id
 * @result_pts: the PTS of the frame the class map was computed on (see
 *   #GstMnv2ClassificationMeta); GST_CLOCK_TIME_NONE when unknown
 *
 * Attached by deeplabsegment.  Its transform keeps it through copies and
 * scales @rect when the frame is scaled (videoscale).
 */
typedef struct {
  GstMeta meta;
  GstBuffer *class_map;
  guint width, height, stride;
  GstVideoRectangle rect;
  guint n_labels;
  GQuark *labels;
  GstClockTime result_pts;
} GstMnv2SegmentationMeta;

GType gst_mnv2_segmentation_meta_api_get_type (void);
#define GST_MNV2_SEGMENTATION_META_API_TYPE \
  (gst_mnv2_segmentation_meta_api_get_type ())

const GstMetaInfo *gst_mnv2_segmentation_meta_get_info (void);
#define GST_MNV2_SEGMENTATION_META_INFO (gst_mnv2_segmentation_meta_get_info ())

/* Adds a segmentation meta holding a ref of CLASS_MAP and a copy of
 * LABELS; BUFFER must be writable. */
GstMnv2SegmentationMeta *
gst_buffer_add_mnv2_segmentation_meta (GstBuffer *buffer, GstBuffer *class_map,
    guint width, guint height, guint stride, const GstVideoRectangle *rect,
    const GQuark *labels, guint n_labels);

#define gst_buffer_get_mnv2_segmentation_meta(b) \
  ((GstMnv2SegmentationMeta *) gst_buffer_get_meta ((b), \
      GST_MNV2_SEGMENTATION_META_API_TYPE))

/**
 * gst_mnv2_roi_clip:
 * @roi: a region of interest from any element (its values may be anything)
 * @width: the frame's width
 * @height: the frame's height
 * @out: (out): the part of @roi inside the frame
 *
 * Computed in 64 bits, so an ROI near G_MAXUINT does not wrap around into
 * the frame.
 *
 * Returns: %FALSE (and @out zeroed) when no pixel of @roi is in the frame.
 */
gboolean gst_mnv2_roi_clip (const GstVideoRegionOfInterestMeta *roi, gint width,
    gint height, GstVideoRectangle *out);

/**
 * gst_mnv2_video_frame_fits:
 * @frame: a mapped video frame
 * @plane: (out) (optional): the first plane that does not fit
 * @need: (out) (optional): the bytes that plane's rows span
 * @have: (out) (optional): the bytes mapped for it
 *
 * A #GstVideoMeta's offsets and strides come from upstream and
 * gst_video_frame_map() does not check them against the memory: this does,
 * for every component of every plane, before anything reads the rows.
 *
 * Returns: %TRUE when every row lies inside the memory mapped for it.
 */
gboolean gst_mnv2_video_frame_fits (const GstVideoFrame *frame, guint *plane,
    guint64 *need, guint64 *have);

G_END_DECLS

#endif /* __GST_MNV2_META_H__ */
