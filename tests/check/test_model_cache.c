/* Elements with the same model file share one loaded model; the last
 * release frees it; a different path or a failure is not shared. */
#include <glib.h>
#include <stdio.h>
#include <unistd.h>

#include "gstmnv2modelcache.h"
#include "test_util.h"

int
main (void)
{
  gchar *path = g_build_filename (test_models_dir (), "tiny_u8.tflite", NULL);
  gchar *other = g_build_filename (test_models_dir (), "tiny_s8.tflite", NULL);
  gchar *cwd = g_get_current_dir ();
  gchar *dir = g_path_get_dirname (path);
  mnv_error err;

  mnv_model *a = gst_mnv2_model_cache_acquire (path, 0, &err);
  CHECK (a != NULL, "%s", err.message);
  /* The same file by another name (relative path) is the same model. */
  CHECK (chdir (dir) == 0, "chdir");
  mnv_model *b = gst_mnv2_model_cache_acquire ("./tiny_u8.tflite", 0, &err);
  CHECK (b == a, "same file, not shared");
  mnv_model *c = gst_mnv2_model_cache_acquire (other, 0, &err);
  CHECK (c != NULL && c != a, "other file shared");
  CHECK (gst_mnv2_model_cache_acquire ("/nonexistent.tflite", 0, &err) ==
              NULL &&
          err.status == MNV_ERR_IO,
      "missing file");

  /* Opened within a limit: a budget smaller than the file is refused,
   * and the failure is not cached. */
  mnv_model *small = gst_mnv2_model_cache_acquire (other, 0, &err);
  gst_mnv2_model_cache_release (small);
  gst_mnv2_model_cache_release (c);
  CHECK (gst_mnv2_model_cache_acquire (other, 100, &err) == NULL &&
          err.status == MNV_ERR_LIMIT,
      "a 100-byte limit: %s", mnv_status_name (err.status));
  c = gst_mnv2_model_cache_acquire (other, 0, &err);
  CHECK (c != NULL, "the refusal was cached");

  /* Still usable after one user lets go. */
  gst_mnv2_model_cache_release (a);
  CHECK (mnv_model_num_ops (b) == 6, "model alive while shared");
  gst_mnv2_model_cache_release (b);
  gst_mnv2_model_cache_release (c);
  /* After the last release a new acquire loads afresh (no stale entry). */
  mnv_model *d = gst_mnv2_model_cache_acquire (path, 0, &err);
  CHECK (d != NULL, "reload");
  gst_mnv2_model_cache_release (d);
  CHECK (chdir (cwd) == 0, "chdir back");
  g_free (path);
  g_free (other);
  g_free (cwd);
  g_free (dir);
  return test_finish ("model cache");
}
