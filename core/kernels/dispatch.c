/* Run-time kernel selection.  MNV2_ISA=ref forces the reference kernels;
 * otherwise every inventory entry whose ISA the CPU runs overrides the
 * entries listed before it. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

static const mnv_kernel_entry inventory[] = {
#define MNV_X(slot, fn, isa) { #slot, #fn, #isa, (void (*) (void)) fn },
  MNV_KERNEL_INVENTORY (MNV_X)
#undef MNV_X
};

static mnv_kernel_table table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static int
isa_usable (const char *isa, const char *forced)
{
  if (forced && strcmp (forced, "ref") == 0)
    return strcmp (isa, "ref") == 0;
  /* Only the reference set exists so far; SIMD sets add cpuid checks here. */
  return strcmp (isa, "ref") == 0;
}

static void
table_init (void)
{
  const char *forced = getenv ("MNV2_ISA");
  const char *best = "ref";

#define MNV_X(slot, fn, isa) \
  if (isa_usable (#isa, forced)) { \
    table.slot = fn; \
    if (strcmp (#isa, "ref") != 0) \
      best = #isa; \
  }
  MNV_KERNEL_INVENTORY (MNV_X)
#undef MNV_X
  table.isa_name = best;
}

const mnv_kernel_table *
mnv_kernels (void)
{
  pthread_once (&table_once, table_init);
  return &table;
}

const mnv_kernel_entry *
mnv_kernel_inventory (size_t *count)
{
  *count = sizeof inventory / sizeof inventory[0];
  return inventory;
}
