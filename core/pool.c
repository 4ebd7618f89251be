#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "pool.h"

struct mnv_pool {
  int threads;
  pthread_t *workers;
  pthread_mutex_t lock;
  pthread_cond_t wake, done;
  /* The current job; generation changes for every job. */
  unsigned long generation;
  mnv_pool_fn fn;
  void *ctx;
  int n_tasks;
  atomic_int next_task;
  int busy_workers;
  int quit;
};

/* Takes tasks until none is left. */
static void
work (mnv_pool *p, int thread)
{
  int t;
  while ((t = atomic_fetch_add (&p->next_task, 1)) < p->n_tasks)
    p->fn (p->ctx, t, thread);
}

typedef struct {
  mnv_pool *pool;
  int index;
} worker_arg;

static void *
worker_main (void *arg)
{
  worker_arg *wa = arg;
  mnv_pool *p = wa->pool;
  int index = wa->index;
  unsigned long seen = 0;
  free (wa);

  pthread_mutex_lock (&p->lock);
  for (;;) {
    while (!p->quit && p->generation == seen)
      pthread_cond_wait (&p->wake, &p->lock);
    if (p->quit)
      break;
    seen = p->generation;
    pthread_mutex_unlock (&p->lock);
    work (p, index);
    pthread_mutex_lock (&p->lock);
    if (--p->busy_workers == 0)
      pthread_cond_signal (&p->done);
  }
  pthread_mutex_unlock (&p->lock);
  return NULL;
}

mnv_pool *
mnv_pool_create (int threads)
{
  mnv_pool *p = calloc (1, sizeof *p);
  if (!p)
    return NULL;
  p->threads = threads < 1 ? 1 : threads;
  pthread_mutex_init (&p->lock, NULL);
  pthread_cond_init (&p->wake, NULL);
  pthread_cond_init (&p->done, NULL);
  if (p->threads > 1) {
    p->workers = calloc ((size_t) p->threads - 1, sizeof *p->workers);
    if (!p->workers) {
      mnv_pool_destroy (p);
      return NULL;
    }
    for (int i = 1; i < p->threads; i++) {
      worker_arg *wa = malloc (sizeof *wa);
      if (!wa || (wa->pool = p, wa->index = i,
              pthread_create (&p->workers[i - 1], NULL, worker_main, wa))) {
        free (wa);
        p->threads = i;         /* destroy joins only those started */
        mnv_pool_destroy (p);
        return NULL;
      }
    }
  }
  return p;
}

void
mnv_pool_destroy (mnv_pool *p)
{
  if (!p)
    return;
  pthread_mutex_lock (&p->lock);
  p->quit = 1;
  pthread_cond_broadcast (&p->wake);
  pthread_mutex_unlock (&p->lock);
  for (int i = 1; i < p->threads && p->workers; i++)
    pthread_join (p->workers[i - 1], NULL);
  free (p->workers);
  pthread_cond_destroy (&p->wake);
  pthread_cond_destroy (&p->done);
  pthread_mutex_destroy (&p->lock);
  free (p);
}

int
mnv_pool_threads (const mnv_pool *p)
{
  return p->threads;
}

void
mnv_pool_run (mnv_pool *p, mnv_pool_fn fn, void *ctx, int n_tasks)
{
  if (n_tasks <= 0)
    return;
  if (p->threads == 1 || n_tasks == 1) {
    for (int t = 0; t < n_tasks; t++)
      fn (ctx, t, 0);
    return;
  }
  pthread_mutex_lock (&p->lock);
  p->fn = fn;
  p->ctx = ctx;
  p->n_tasks = n_tasks;
  atomic_store (&p->next_task, 0);
  p->busy_workers = p->threads - 1;
  p->generation++;
  pthread_cond_broadcast (&p->wake);
  pthread_mutex_unlock (&p->lock);

  work (p, 0);

  pthread_mutex_lock (&p->lock);
  while (p->busy_workers > 0)
    pthread_cond_wait (&p->done, &p->lock);
  pthread_mutex_unlock (&p->lock);
}
