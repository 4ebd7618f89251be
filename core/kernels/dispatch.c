/* Run-time kernel selection.  The level is MNV2_ISA when set to a set the
 * CPU runs (ref, avx2, avx512, avx512vnni, avx512vbmi on x86; ref, neon,
 * neondot on AArch64),
 * else the best the CPU runs.  Every inventory entry up to that level
 * overrides the entries listed before it (only this architecture's entries
 * are compiled). */
#include <pthread.h>
#include <stdlib.h>

#include "cpu.h"
#include "kernels.h"

static const mnv_kernel_entry inventory[] = {
#define MNV_X(slot, fn, isa, mr, nr) \
  { #slot, #fn, MNV_ISA_##isa, mr, nr, (void (*) (void)) fn },
  MNV_KERNEL_INVENTORY (MNV_X)
#undef MNV_X
};

static mnv_kernel_table tables[MNV_ISA_COUNT];
static mnv_isa chosen;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void
fill (mnv_kernel_table *t, mnv_isa level)
{
#define MNV_X(slot, fn, isa, mr, nr) \
  if (MNV_ISA_##isa <= level) { \
    t->slot = fn; \
    t->slot##_isa = MNV_ISA_##isa; \
    t->slot##_mr = mr; \
    t->slot##_nr = nr; \
  }
  MNV_KERNEL_INVENTORY (MNV_X)
#undef MNV_X
  t->isa_name = mnv_isa_to_string (level);
}

static void
tables_init (void)
{
  const mnv_isa best = mnv_cpu_best_isa ();
  const char *env = getenv ("MNV2_ISA");
  for (int level = 0; level < MNV_ISA_COUNT; level++)
    fill (&tables[level],
        mnv_cpu_runs ((mnv_isa) level) ? (mnv_isa) level :
            level < (int) best         ? MNV_ISA_REF :
                                         best);
  chosen = best;
  if (env && *env) {
    mnv_isa wanted = mnv_isa_from_string (env);
    if (wanted < MNV_ISA_COUNT && mnv_cpu_runs (wanted))
      chosen = wanted;
  }
}

const mnv_kernel_table *
mnv_kernels (void)
{
  pthread_once (&tables_once, tables_init);
  return &tables[chosen];
}

const mnv_kernel_table *
mnv_kernels_for_isa (int level)
{
  pthread_once (&tables_once, tables_init);
  if (level < 0)
    level = 0;
  if (level >= MNV_ISA_COUNT)
    level = MNV_ISA_COUNT - 1;
  return &tables[level];
}

const mnv_kernel_entry *
mnv_kernel_inventory (size_t *count)
{
  *count = sizeof inventory / sizeof inventory[0];
  return inventory;
}
