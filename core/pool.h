/* A small thread pool owned by a session.  The calling thread takes part in
 * the work, so a pool of 1 thread is a plain loop with no synchronization. */
#ifndef MNV_POOL_H
#define MNV_POOL_H

typedef struct mnv_pool mnv_pool;

/* Runs fn(ctx, task, thread) for task = 0..n_tasks-1; THREAD (0..threads-1)
 * identifies the runner, for per-thread scratch memory. */
typedef void (*mnv_pool_fn) (void *ctx, int task, int thread);

/* THREADS >= 1.  NULL when threads cannot be started. */
mnv_pool *mnv_pool_create (int threads);
void mnv_pool_destroy (mnv_pool *pool);
int mnv_pool_threads (const mnv_pool *pool);
/* Returns when every task has run. */
void mnv_pool_run (mnv_pool *pool, mnv_pool_fn fn, void *ctx, int n_tasks);

#endif
