/* Placing a model's activations in one arena by tensor lifetime. */
#ifndef MNV_ARENA_PLAN_H
#define MNV_ARENA_PLAN_H

#include "model.h"

/* Plans the activation arena: offsets[t] per tensor (SIZE_MAX for
 * constants and tensors living inside fused blocks); KEEP_ALL gives every
 * tensor its own range.  PLAN (optional): fused blocks of a session of
 * THREADS threads, whose workspace offsets are filled in.  A (optional):
 * where the planner's temporary memory comes from. */
struct mnv_fusion_plan;
mnv_status mnv_plan_arena (const mnv_model *m, int keep_all,
    const struct mnv_fusion_plan *plan, int threads, const mnv_allocator *a,
    size_t *offsets, size_t *total, mnv_error *err);

/* Per block of PLAN: bytes of the tensors live while it runs (its own
 * buffers not counted). */
void mnv_plan_live_bytes (const mnv_model *m,
    const struct mnv_fusion_plan *plan, size_t *live);

#endif
