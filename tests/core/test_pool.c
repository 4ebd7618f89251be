/* The session thread pool: every task runs exactly once, on every thread
 * count, including a job posted right after creation (workers that start
 * late must still take it: this used to hang), and many short jobs in a
 * row (spinning hand-over between operators). */
#include <stdatomic.h>
#include <stdlib.h>

#include "pool.h"
#include "test_util.h"

static atomic_int hits[1000];
static atomic_int bad_thread;
static int pool_threads;

static void
task (void *ctx, int t, int thread)
{
  (void) ctx;
  atomic_fetch_add (&hits[t], 1);
  if (thread < 0 || thread >= pool_threads)
    atomic_store (&bad_thread, 1);
}

int
main (void)
{
  for (int threads = 1; threads <= 4; threads++) {
    for (int round = 0; round < 50; round++) {
      mnv_pool *p = mnv_pool_create (threads);
      CHECK (p != NULL && mnv_pool_threads (p) == threads, "create %d",
          threads);
      pool_threads = threads;
      /* Immediately: the workers may not have started yet. */
      for (int job = 0; job < 20; job++) {
        int n = 1 + (job * 37 + round) % 999;
        for (int t = 0; t < n; t++)
          atomic_store (&hits[t], 0);
        mnv_pool_run (p, task, NULL, n);
        for (int t = 0; t < n; t++)
          CHECK (atomic_load (&hits[t]) == 1,
              "threads %d job %d task %d ran "
              "%d times",
              threads, job, t, atomic_load (&hits[t]));
      }
      mnv_pool_run (p, task, NULL, 0);
      mnv_pool_destroy (p);
    }
  }
  CHECK (!atomic_load (&bad_thread), "thread index out of range");
  return test_finish ("thread pool");
}
