/* Thread pool with spinning workers.
 *
 * Between the operators of one run the gap is a few microseconds, far less
 * than a condition-variable wake-up: workers poll the job counter for a
 * while (SPIN_NS) and only then sleep.  Wake-ups cannot be lost: a worker
 * registers as a sleeper and re-checks the generation under the mutex; the
 * caller bumps the generation first and broadcasts under the same mutex
 * when it sees a sleeper (both sequentially consistent). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "pool.h"

#define SPIN_NS 200000 /* 0.2 ms */

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define cpu_relax() _mm_pause ()
#elif defined(__aarch64__)
#define cpu_relax() __asm__ volatile("yield")
#else
#define cpu_relax() \
  do { \
  } while (0)
#endif

struct mnv_pool {
  int threads;
  pthread_t *workers;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  atomic_uint generation; /* bumped for every job */
  atomic_int sleepers;
  atomic_int active; /* workers still in the current job */
  atomic_int next_task;
  atomic_int quit;
  /* The current job, written before generation is bumped. */
  mnv_pool_fn fn;
  void *ctx;
  int n_tasks;
};

static void
work (mnv_pool *p, int thread)
{
  int t;
  while ((t = atomic_fetch_add (&p->next_task, 1)) < p->n_tasks)
    p->fn (p->ctx, t, thread);
}

static uint64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

/* Waits until the generation differs from SEEN (or quit); returns it. */
static unsigned
wait_for_job (mnv_pool *p, unsigned seen)
{
  const uint64_t until = now_ns () + SPIN_NS;
  unsigned g;
  for (int i = 0;; i++) {
    if ((g = atomic_load (&p->generation)) != seen || atomic_load (&p->quit))
      return g;
    if ((i & 255) == 255 && now_ns () > until)
      break;
    cpu_relax ();
  }
  pthread_mutex_lock (&p->lock);
  atomic_fetch_add (&p->sleepers, 1);
  while ((g = atomic_load (&p->generation)) == seen && !atomic_load (&p->quit))
    pthread_cond_wait (&p->wake, &p->lock);
  atomic_fetch_sub (&p->sleepers, 1);
  pthread_mutex_unlock (&p->lock);
  return g;
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
  const int index = wa->index;
  /* Jobs are numbered from the pool's creation: a worker that starts late
   * must still take the first one. */
  unsigned seen = 0;
  free (wa);

  for (;;) {
    seen = wait_for_job (p, seen);
    if (atomic_load (&p->quit))
      break;
    work (p, index);
    atomic_fetch_sub (&p->active, 1);
  }
  return NULL;
}

static void
wake_sleepers (mnv_pool *p)
{
  if (atomic_load (&p->sleepers) > 0) {
    pthread_mutex_lock (&p->lock);
    pthread_cond_broadcast (&p->wake);
    pthread_mutex_unlock (&p->lock);
  }
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
  if (p->threads > 1) {
    p->workers = calloc ((size_t) p->threads - 1, sizeof *p->workers);
    if (!p->workers) {
      mnv_pool_destroy (p);
      return NULL;
    }
    for (int i = 1; i < p->threads; i++) {
      worker_arg *wa = malloc (sizeof *wa);
      if (!wa ||
          (wa->pool = p, wa->index = i,
              pthread_create (&p->workers[i - 1], NULL, worker_main, wa))) {
        free (wa);
        p->threads = i; /* destroy joins only those started */
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
  atomic_store (&p->quit, 1);
  pthread_mutex_lock (&p->lock);
  pthread_cond_broadcast (&p->wake);
  pthread_mutex_unlock (&p->lock);
  for (int i = 1; i < p->threads && p->workers; i++)
    pthread_join (p->workers[i - 1], NULL);
  free (p->workers);
  pthread_cond_destroy (&p->wake);
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
  p->fn = fn;
  p->ctx = ctx;
  p->n_tasks = n_tasks;
  atomic_store (&p->next_task, 0);
  atomic_store (&p->active, p->threads - 1);
  atomic_fetch_add (&p->generation, 1);
  wake_sleepers (p);

  work (p, 0);
  while (atomic_load (&p->active) > 0)
    cpu_relax ();
}
