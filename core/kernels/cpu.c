#include <string.h>

#include "cpu.h"

static const char *const names[MNV_ISA_COUNT] = { "ref", "avx2", "avx512",
  "avx512vnni", "avx512vbmi", "neon", "neondot" };

const char *
mnv_isa_to_string (mnv_isa isa)
{
  return isa < MNV_ISA_COUNT ? names[isa] : "unknown";
}

mnv_isa
mnv_isa_from_string (const char *name)
{
  for (int i = 0; i < MNV_ISA_COUNT; i++)
    if (strcmp (name, names[i]) == 0)
      return (mnv_isa) i;
  return MNV_ISA_COUNT;
}

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <stdint.h>

/* XCR0: which register state the OS saves on context switches. */
static uint64_t
xgetbv0 (void)
{
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t) hi << 32 | lo;
}

mnv_isa
mnv_cpu_best_isa (void)
{
  unsigned a, b, c, d;
  if (!__get_cpuid (1, &a, &b, &c, &d))
    return MNV_ISA_REF;
  const int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
  if (!osxsave || !avx || !fma)
    return MNV_ISA_REF;
  const uint64_t xcr0 = xgetbv0 ();
  if ((xcr0 & 0x6) != 0x6) /* XMM and YMM state */
    return MNV_ISA_REF;
  if (!__get_cpuid_count (7, 0, &a, &b, &c, &d))
    return MNV_ISA_REF;
  const int avx2 = (b >> 5) & 1;
  if (!avx2)
    return MNV_ISA_REF;
  const int avx512 = ((b >> 16) & 1) && ((b >> 17) & 1) && /* F, DQ */
      ((b >> 30) & 1) && ((b >> 31) & 1) &&                /* BW, VL */
      (xcr0 & 0xe6) == 0xe6; /* opmask, ZMM hi256, hi16 ZMM state */
  if (!avx512)
    return MNV_ISA_AVX2;
  const int vnni = (c >> 11) & 1, vbmi = (c >> 1) & 1;
  if (!vnni)
    return MNV_ISA_AVX512;
  return vbmi ? MNV_ISA_AVX512VBMI : MNV_ISA_AVX512VNNI;
}

int
mnv_cpu_runs (mnv_isa isa)
{
  return isa == MNV_ISA_REF ||
      (isa <= MNV_ISA_AVX512VBMI && isa <= mnv_cpu_best_isa ());
}
#elif defined(__aarch64__)
#include <sys/auxv.h>
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1 << 20)
#endif

/* Advanced SIMD is part of the AArch64 base architecture; the kernel
 * reports the dot-product instructions in the hardware capabilities. */
mnv_isa
mnv_cpu_best_isa (void)
{
  return (getauxval (AT_HWCAP) & HWCAP_ASIMDDP) ? MNV_ISA_NEONDOT :
                                                  MNV_ISA_NEON;
}

int
mnv_cpu_runs (mnv_isa isa)
{
  return isa == MNV_ISA_REF ||
      (isa >= MNV_ISA_NEON && isa <= mnv_cpu_best_isa ());
}
#else
mnv_isa
mnv_cpu_best_isa (void)
{
  return MNV_ISA_REF;
}

int
mnv_cpu_runs (mnv_isa isa)
{
  return isa == MNV_ISA_REF;
}
#endif
