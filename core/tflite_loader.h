/* The .tflite reader: fills an mnv_model from its mapped file. */
#ifndef MNV_TFLITE_LOADER_H
#define MNV_TFLITE_LOADER_H

#include "flatbuf.h"
#include "model.h"

/* Reads the flatbuffer into M (tensors, nodes, inputs/outputs). */
mnv_status mnv_tflite_load (mnv_model *m, mnv_error *err);
/* Reads what we use of the TFLite metadata (tflite_metadata.c). */
void mnv_tflite_read_metadata (mnv_model *m, mnv_fb *fb,
    const mnv_fb_table *root, const mnv_fb_vec *buffers);

#endif
