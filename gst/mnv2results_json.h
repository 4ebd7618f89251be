/* One JSON object with every analytics result on a buffer: the serializer
 * of mnv2json and mnv2publish (README "mnv2json" has the schema). */
#ifndef __GST_MNV2_RESULTS_JSON_H__
#define __GST_MNV2_RESULTS_JSON_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* What the element knows beside the buffer. */
typedef struct {
  gint width, height;       /* of the video; 0: not video */
  const gchar *source;      /* "source"; NULL: left out */
  const GstStructure *tags; /* "tags" object; NULL: left out */
  GstClockTime timestamp;   /* stream time; NONE: left out */
} GstMnv2JsonInfo;

/* Appends BUF's results to S as one JSON object (no newline); always valid
 * JSON in valid UTF-8, whatever the strings on the buffer hold. */
void gst_mnv2_results_json (GString *s, GstBuffer *buf,
    const GstMnv2JsonInfo *info);

/* The video size CAPS give, for GstMnv2JsonInfo (0 x 0: not video). */
void gst_mnv2_json_video_size (GstCaps *caps, gint *width, gint *height);

/* Whether BUF carries any result the JSON shows (mnv2publish sends only
 * those unless publish-empty). */
gboolean gst_mnv2_results_present (GstBuffer *buf);

/* The tags property: "key=value,key=value" (values typed as in
 * gst-launch: 3 is a number, (string)3 a string).  NULL with *ERROR set
 * (free it) when TEXT does not parse; NULL without error for "" / NULL. */
GstStructure *gst_mnv2_json_parse_tags (const gchar *text, gchar **error);

G_END_DECLS

#endif
