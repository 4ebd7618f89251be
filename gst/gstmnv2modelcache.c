/* realpath() is XSI. */
#define _XOPEN_SOURCE 700
#include <stdlib.h>

#include "gstmnv2modelcache.h"

typedef struct {
  gchar *key;
  mnv_model *model;
  guint users;
} CacheEntry;

static GMutex cache_lock;
static GList *cache; /* a handful of models: a list is enough */

mnv_model *
gst_mnv2_model_cache_acquire (const gchar *path, gsize max_bytes,
    mnv_error *err)
{
  const mnv_model_options opts = { max_bytes };
  /* The canonical path, so "./m.tflite" and "/abs/m.tflite" share. */
  char *real = realpath (path, NULL);
  gchar *key = g_strdup (real ? real : path);
  mnv_model *model = NULL;
  free (real);

  g_mutex_lock (&cache_lock);
  for (GList *l = cache; l; l = l->next) {
    CacheEntry *e = l->data;
    if (g_str_equal (e->key, key)) {
      e->users++;
      model = e->model;
      break;
    }
  }
  if (!model && mnv_model_open (path, &opts, &model, err) == MNV_OK) {
    CacheEntry *e = g_new0 (CacheEntry, 1);
    e->key = g_strdup (key);
    e->model = model;
    e->users = 1;
    cache = g_list_prepend (cache, e);
  }
  g_mutex_unlock (&cache_lock);
  g_free (key);
  return model;
}

void
gst_mnv2_model_cache_release (mnv_model *model)
{
  if (!model)
    return;
  g_mutex_lock (&cache_lock);
  for (GList *l = cache; l; l = l->next) {
    CacheEntry *e = l->data;
    if (e->model == model) {
      if (--e->users == 0) {
        cache = g_list_delete_link (cache, l);
        mnv_model_unref (e->model);
        g_free (e->key);
        g_free (e);
      }
      break;
    }
  }
  g_mutex_unlock (&cache_lock);
}
