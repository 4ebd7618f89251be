/* TFLite model metadata ("TFLITE_METADATA" buffer, a flatbuffer of its own,
 * tensorflow_lite_support/metadata/metadata_schema.fbs): the input
 * normalization (mean, std) of image models.  Metadata is optional: any
 * defect just means "no metadata"; every read is still bounds-checked. */
#include <string.h>

#include "tflite_loader.h"

enum { MD_MODEL_SUBGRAPHS = 3 };
enum { MD_SUBGRAPH_INPUTS = 2 };
enum { MD_TENSOR_PROCESS_UNITS = 4 };
enum { MD_UNIT_OPTIONS_TYPE = 0, MD_UNIT_OPTIONS = 1 };
enum { MD_OPTIONS_NORMALIZATION = 1 };
enum { MD_NORM_MEAN = 0, MD_NORM_STD = 1 };
enum { TFL_MODEL_METADATA = 6 };
enum { TFL_METADATA_NAME = 0, TFL_METADATA_BUFFER = 1 };

/* The data of the model's TFLITE_METADATA buffer, or NULL. */
static const uint8_t *
metadata_buffer (mnv_fb *fb, const mnv_fb_table *root,
    const mnv_fb_vec *buffers, size_t *size)
{
  mnv_fb_vec entries, name, data;
  mnv_fb_table entry, buffer;
  uint32_t index;

  if (!mnv_fb_vector (fb, root, TFL_MODEL_METADATA, 4, &entries))
    return NULL;
  for (uint32_t i = 0; i < entries.len; i++) {
    if (!mnv_fb_vector_table (fb, &entries, i, &entry) ||
        !mnv_fb_vector (fb, &entry, TFL_METADATA_NAME, 1, &name) ||
        name.len != 15 ||
        memcmp (fb->buf + name.start, "TFLITE_METADATA", 15) != 0)
      continue;
    if (!mnv_fb_u32 (fb, &entry, TFL_METADATA_BUFFER, 0, &index) ||
        index >= buffers->len ||
        !mnv_fb_vector_table (fb, buffers, index, &buffer) ||
        !mnv_fb_vector (fb, &buffer, 0, 1, &data) || data.len < 8)
      return NULL;
    *size = data.len;
    return fb->buf + data.start;
  }
  return NULL;
}

/* Copies up to 3 floats of V; one value applies to every channel. */
static int
read_channels (const mnv_fb *fb, const mnv_fb_vec *v, float out[3])
{
  if (v->len != 1 && v->len != 3)
    return 0;
  for (int c = 0; c < 3; c++)
    out[c] = mnv_fb_vec_f32 (fb, v, v->len == 1 ? 0 : (uint32_t) c);
  return 1;
}

void
mnv_tflite_read_metadata (mnv_model *m, mnv_fb *model_fb,
    const mnv_fb_table *root, const mnv_fb_vec *buffers)
{
  size_t size = 0;
  const uint8_t *md = metadata_buffer (model_fb, root, buffers, &size);
  mnv_fb fb;
  mnv_fb_table t, sg, tensor, unit, opts;
  mnv_fb_vec subgraphs, inputs, units, mean, std;
  uint8_t type;
  int present;
  float mv[3], sv[3];

  if (!md || !mnv_fb_init (&fb, md, size) || !mnv_fb_root (&fb, &t) ||
      !mnv_fb_vector (&fb, &t, MD_MODEL_SUBGRAPHS, 4, &subgraphs) ||
      subgraphs.len < 1 || !mnv_fb_vector_table (&fb, &subgraphs, 0, &sg) ||
      !mnv_fb_vector (&fb, &sg, MD_SUBGRAPH_INPUTS, 4, &inputs) ||
      inputs.len < 1 || !mnv_fb_vector_table (&fb, &inputs, 0, &tensor) ||
      !mnv_fb_vector (&fb, &tensor, MD_TENSOR_PROCESS_UNITS, 4, &units))
    return;
  for (uint32_t i = 0; i < units.len; i++) {
    if (!mnv_fb_vector_table (&fb, &units, i, &unit) ||
        !mnv_fb_u8 (&fb, &unit, MD_UNIT_OPTIONS_TYPE, 0, &type) ||
        type != MD_OPTIONS_NORMALIZATION ||
        !mnv_fb_table_field (&fb, &unit, MD_UNIT_OPTIONS, &opts, &present) ||
        !present || !mnv_fb_vector (&fb, &opts, MD_NORM_MEAN, 4, &mean) ||
        !mnv_fb_vector (&fb, &opts, MD_NORM_STD, 4, &std) ||
        !read_channels (&fb, &mean, mv) || !read_channels (&fb, &std, sv))
      continue;
    int sane = 1;
    for (int c = 0; c < 3; c++)
      sane &= mv[c] > -1e6f && mv[c] < 1e6f && sv[c] > 1e-6f && sv[c] < 1e6f;
    if (!sane)
      continue;
    memcpy (m->input_mean, mv, sizeof mv);
    memcpy (m->input_std, sv, sizeof sv);
    m->has_input_normalization = 1;
    return;
  }
}
