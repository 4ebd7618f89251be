/* gst-mnv2 metadata library. */
#include <string.h>

#include "mnv2meta.h"

GType
gst_mnv2_classification_meta_api_get_type (void)
{
  static GType type = 0;
  /* No tags: the meta is independent of size, format and orientation, so
   * every element keeps it. */
  static const gchar *tags[] = { NULL };

  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstMnv2ClassificationMetaAPI",
        tags);
    g_once_init_leave (&type, t);
  }
  return type;
}

static gboolean
classification_meta_init (GstMeta * meta, gpointer params, GstBuffer * buf)
{
  GstMnv2ClassificationMeta *m = (GstMnv2ClassificationMeta *) meta;
  (void) params;
  (void) buf;
  m->n_classes = 0;
  m->classes = NULL;
  return TRUE;
}

static void
classification_meta_free (GstMeta * meta, GstBuffer * buf)
{
  GstMnv2ClassificationMeta *m = (GstMnv2ClassificationMeta *) meta;
  (void) buf;
  g_free (m->classes);
  m->classes = NULL;
}

static gboolean
classification_meta_transform (GstBuffer * dest, GstMeta * meta,
    GstBuffer * buffer, GQuark type, gpointer data)
{
  GstMnv2ClassificationMeta *m = (GstMnv2ClassificationMeta *) meta;
  (void) buffer;
  (void) type;
  (void) data;
  /* Copy for every transform: classes do not change with the frame. */
  return gst_buffer_add_mnv2_classification_meta (dest, m->classes,
      m->n_classes) != NULL;
}

const GstMetaInfo *
gst_mnv2_classification_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi =
        gst_meta_register (GST_MNV2_CLASSIFICATION_META_API_TYPE,
        "GstMnv2ClassificationMeta", sizeof (GstMnv2ClassificationMeta),
        classification_meta_init, classification_meta_free,
        classification_meta_transform);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstMnv2ClassificationMeta *
gst_buffer_add_mnv2_classification_meta (GstBuffer * buffer,
    const GstMnv2Class * classes, guint n)
{
  GstMnv2ClassificationMeta *m;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (n == 0 || classes != NULL, NULL);

  m = (GstMnv2ClassificationMeta *) gst_buffer_add_meta (buffer,
      GST_MNV2_CLASSIFICATION_META_INFO, NULL);
  if (!m)
    return NULL;
  m->n_classes = n;
  m->classes = n ? g_memdup2 (classes, n * sizeof *classes) : NULL;
  return m;
}

const gchar *
gst_mnv2_classification_meta_get_label (const GstMnv2ClassificationMeta *
    meta, guint i)
{
  g_return_val_if_fail (meta != NULL, NULL);
  if (i >= meta->n_classes || meta->classes[i].label == 0)
    return NULL;
  return g_quark_to_string (meta->classes[i].label);
}
