/* The crop pre-processing helper thread (gstmnv2prep.h). */
#include "gstmnv2prep.h"

struct _GstMnv2Prep {
  GThread *thread;
  GMutex lock;
  GCond cond;
  GstMnv2PrepJob *job;  /* submitted, not done */
  mnv_image_prep *plan; /* the helper thread's pre-processing plan */
  gboolean quit;
};

static gpointer
prep_worker (gpointer data)
{
  GstMnv2Prep *p = data;
  g_mutex_lock (&p->lock);
  for (;;) {
    while (!p->job && !p->quit)
      g_cond_wait (&p->cond, &p->lock);
    if (!p->job)
      break;
    GstMnv2PrepJob *j = p->job;
    g_mutex_unlock (&p->lock);
    j->status = mnv_image_to_input_prep (p->plan, j->image, &j->src, &j->dst,
        j->input, j->norm, j->out, &j->err);
    g_mutex_lock (&p->lock);
    p->job = NULL;
    g_cond_broadcast (&p->cond);
  }
  g_mutex_unlock (&p->lock);
  return NULL;
}

GstMnv2Prep *
gst_mnv2_prep_new (void)
{
  GstMnv2Prep *p = g_new0 (GstMnv2Prep, 1);
  p->plan = mnv_image_prep_new (); /* NULL: planned per crop */
  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);
  p->thread = g_thread_new ("mnv2-prep", prep_worker, p);
  return p;
}

void
gst_mnv2_prep_free (GstMnv2Prep *p)
{
  if (!p)
    return;
  g_mutex_lock (&p->lock);
  p->quit = TRUE;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
  g_thread_join (p->thread);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
  mnv_image_prep_free (p->plan);
  g_free (p);
}

void
gst_mnv2_prep_submit (GstMnv2Prep *p, GstMnv2PrepJob *job)
{
  g_mutex_lock (&p->lock);
  while (p->job)
    g_cond_wait (&p->cond, &p->lock);
  p->job = job;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

void
gst_mnv2_prep_wait (GstMnv2Prep *p)
{
  g_mutex_lock (&p->lock);
  while (p->job)
    g_cond_wait (&p->cond, &p->lock);
  g_mutex_unlock (&p->lock);
}
