/* What the CPU (and the OS, for register state) supports. */
#ifndef MNV_CPU_H
#define MNV_CPU_H

/* Kernel sets, each a superset of the previous one of its architecture
 * (x86: AVX2 < AVX512 < AVX512VNNI < AVX512VBMI; AArch64: NEON < NEONDOT;
 * REF everywhere). */
typedef enum {
  MNV_ISA_REF = 0,
  MNV_ISA_AVX2,       /* AVX2 + FMA */
  MNV_ISA_AVX512,     /* AVX-512 F, BW, DQ, VL */
  MNV_ISA_AVX512VNNI, /* AVX-512 + VNNI */
  MNV_ISA_AVX512VBMI, /* AVX-512 + VNNI + VBMI (Ice Lake, Zen 4 on) */
  MNV_ISA_NEON,       /* AArch64 Advanced SIMD (always there) */
  MNV_ISA_NEONDOT,    /* + ARMv8.2 dot product (SDOT) */
  MNV_ISA_COUNT
} mnv_isa;

/* The best set this machine runs. */
mnv_isa mnv_cpu_best_isa (void);
/* Whether this machine runs set ISA (REF, or a set of this architecture up
 * to the best). */
int mnv_cpu_runs (mnv_isa isa);
const char *mnv_isa_to_string (mnv_isa isa);
/* MNV_ISA_COUNT when NAME is not a set's name. */
mnv_isa mnv_isa_from_string (const char *name);

#endif
