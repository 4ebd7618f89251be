/* libFuzzer target: a .tflite file from untrusted bytes.  Loads it (with a
 * 64 MiB resource cap so the fuzzer does not chase huge allocations); when
 * it loads, runs it once on zeros with one thread.  Any crash, sanitizer
 * report or leak is a finding. */
#include <stdlib.h>

#include "mnv.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data, size_t size)
{
  mnv_model_options opts = { 64u << 20 };
  mnv_session_options sopts = { 1, 0, 0 };
  mnv_model *m;
  mnv_session *s;
  mnv_error err;

  if (mnv_model_open_memory (data, size, &opts, &m, &err) != MNV_OK)
    return 0;
  if (mnv_session_create (m, &sopts, &s, &err) == MNV_OK) {
    for (int i = 0; i < mnv_model_num_inputs (m); i++) {
      mnv_tensor_info info;
      mnv_model_input_info (m, i, &info);
      void *zeros = calloc (1, info.bytes ? info.bytes : 1);
      mnv_session_set_input (s, i, zeros, info.bytes, &err);
      free (zeros);
    }
    mnv_session_run (s, &err);
    mnv_session_destroy (s);
  }
  for (size_t i = 0; i < mnv_model_num_labels (m); i++)
    (void) mnv_model_label (m, i);
  mnv_model_unref (m);
  return 0;
}
