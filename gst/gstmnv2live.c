/* GstMnv2Live: one worker thread running the newest submitted job.
 *
 * Three jobs circulate: the one the streaming thread fills, the one that
 * waits, the one the worker runs.  So submitting never waits for the
 * worker and never allocates once the three exist. */
#include "gstmnv2live.h"

struct _GstMnv2Live {
  GstMnv2LiveRun run;
  gpointer owner;
  GThread *thread;

  GMutex lock;
  GCond cond;
  gboolean quit;
  guint64 epoch;           /* bumped by reset: older jobs' results go */
  GstMnv2LiveJob *filling; /* the streaming thread's */
  GstMnv2LiveJob *pending; /* waits for the worker */
  GSList *spare;           /* GstMnv2LiveJob */
  GstMnv2Result *latest;
  gboolean latest_fresh;
  gboolean failed;
  GstMnv2LiveStats stats;
  gdouble total_ms;
};

static GstMnv2LiveJob *
job_new (void)
{
  GstMnv2LiveJob *job = g_new0 (GstMnv2LiveJob, 1);
  job->regions = g_array_new (FALSE, TRUE, sizeof (GstMnv2RegionResult));
  return job;
}

static void
job_free (gpointer data)
{
  GstMnv2LiveJob *job = data;
  if (!job)
    return;
  g_array_unref (job->regions);
  g_free (job->inputs);
  g_free (job);
}

static gpointer
worker (gpointer data)
{
  GstMnv2Live *live = data;

  g_mutex_lock (&live->lock);
  while (!live->quit) {
    if (!live->pending) {
      g_cond_wait (&live->cond, &live->lock);
      continue;
    }
    GstMnv2LiveJob *job = live->pending;
    live->pending = NULL;
    g_mutex_unlock (&live->lock);

    const gint64 start = g_get_monotonic_time ();
    GstMnv2Result *result = live->run (live->owner, job);
    const gdouble ms = (g_get_monotonic_time () - start) / 1000.0;

    g_mutex_lock (&live->lock);
    if (!result) {
      live->failed = TRUE;
    } else if (job->epoch == live->epoch && !live->quit) {
      gst_mnv2_result_replace (&live->latest, result);
      live->latest_fresh = TRUE;
      live->stats.analysed++;
      live->total_ms += ms;
    }
    live->spare = g_slist_prepend (live->spare, job);
    g_mutex_unlock (&live->lock);
    /* Outside the lock: a payload's free may take its time. */
    if (result)
      gst_mnv2_result_unref (result);
    g_mutex_lock (&live->lock);
  }
  g_mutex_unlock (&live->lock);
  return NULL;
}

GstMnv2Live *
gst_mnv2_live_new (const gchar *name, GstMnv2LiveRun run, gpointer owner)
{
  GstMnv2Live *live = g_new0 (GstMnv2Live, 1);
  live->run = run;
  live->owner = owner;
  g_mutex_init (&live->lock);
  g_cond_init (&live->cond);
  live->thread = g_thread_new (name, worker, live);
  return live;
}

void
gst_mnv2_live_free (GstMnv2Live *live)
{
  if (!live)
    return;
  g_mutex_lock (&live->lock);
  live->quit = TRUE;
  g_cond_signal (&live->cond);
  g_mutex_unlock (&live->lock);
  g_thread_join (live->thread);
  job_free (live->filling);
  job_free (live->pending);
  g_slist_free_full (live->spare, job_free);
  if (live->latest)
    gst_mnv2_result_unref (live->latest);
  g_mutex_clear (&live->lock);
  g_cond_clear (&live->cond);
  g_free (live);
}

GstMnv2LiveJob *
gst_mnv2_live_job_to_fill (GstMnv2Live *live, gsize bytes)
{
  GstMnv2LiveJob *job = live->filling;
  if (!job) {
    g_mutex_lock (&live->lock);
    if (live->spare) {
      job = live->spare->data;
      live->spare = g_slist_delete_link (live->spare, live->spare);
    }
    g_mutex_unlock (&live->lock);
    live->filling = job = job ? job : job_new ();
  }
  if (job->capacity < bytes) {
    /* Crops of many objects may need a lot: fail cleanly, not abort. */
    guint8 *p = g_try_realloc (job->inputs, bytes);
    if (!p)
      return NULL;
    job->inputs = p;
    job->capacity = bytes;
  }
  g_array_set_size (job->regions, 0);
  return job;
}

void
gst_mnv2_live_submit (GstMnv2Live *live)
{
  GstMnv2LiveJob *job = live->filling;
  g_return_if_fail (job != NULL);

  g_mutex_lock (&live->lock);
  job->epoch = live->epoch;
  live->filling = NULL;
  if (live->pending) {
    /* The worker is still busy: the newer frame goes first. */
    live->filling = live->pending;
    live->stats.skipped++;
  }
  live->pending = job;
  g_cond_signal (&live->cond);
  g_mutex_unlock (&live->lock);
}

GstMnv2Result *
gst_mnv2_live_take_result (GstMnv2Live *live, gboolean *fresh)
{
  GstMnv2Result *r;
  g_mutex_lock (&live->lock);
  r = live->latest ? gst_mnv2_result_ref (live->latest) : NULL;
  *fresh = live->latest_fresh;
  live->latest_fresh = FALSE;
  g_mutex_unlock (&live->lock);
  return r;
}

void
gst_mnv2_live_reset (GstMnv2Live *live)
{
  GstMnv2Result *old;
  g_mutex_lock (&live->lock);
  live->epoch++;
  if (live->pending) {
    live->spare = g_slist_prepend (live->spare, live->pending);
    live->pending = NULL;
  }
  old = live->latest;
  live->latest = NULL;
  live->latest_fresh = FALSE;
  g_mutex_unlock (&live->lock);
  if (old)
    gst_mnv2_result_unref (old);
}

gboolean
gst_mnv2_live_failed (GstMnv2Live *live)
{
  gboolean failed;
  g_mutex_lock (&live->lock);
  failed = live->failed;
  g_mutex_unlock (&live->lock);
  return failed;
}

void
gst_mnv2_live_get_stats (GstMnv2Live *live, GstMnv2LiveStats *stats)
{
  g_mutex_lock (&live->lock);
  *stats = live->stats;
  stats->mean_ms = live->stats.analysed ?
      live->total_ms / live->stats.analysed :
      0.0;
  g_mutex_unlock (&live->lock);
}
