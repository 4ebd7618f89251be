/* The one list of kernels.  It drives run-time dispatch (dispatch.c) and the
 * kernel tests (every variant against the slot's _ref oracle).
 *
 * X(slot, function, isa, mr, nr): ISA is the mnv_isa level the function
 * needs (cpu.h, without the MNV_ISA_ prefix); MR x NR its output tile (rows
 * x channels) where it has one, else 1 x 1.  Later entries of a slot win
 * when their ISA is enabled: list the reference first. */
#ifndef MNV_KERNEL_INVENTORY_H
#define MNV_KERNEL_INVENTORY_H

/* clang-format off */
#define MNV_KERNEL_SLOTS(X) \
  X (qs8_conv) X (f32_conv) X (qs8_dwconv) X (f32_dwconv) \
  X (qs8_fc) X (f32_fc) X (qs8_vadd) X (f32_vadd) \
  X (qs8_avgpool) X (f32_avgpool) X (qs8_mean) X (f32_mean) \
  X (qs8_softmax) X (f32_softmax) X (qs8_gemm) X (qs8_pack) X (f32_gemm) \
  X (qs8_resize) X (qs8_argmax) X (qs8_gemm_dot) \
  X (image_hyuv) X (image_hpacked) X (image_vrow)

#define MNV_KERNEL_INVENTORY_REF(X) \
  X (qs8_conv, mnv_qs8_conv_1x1__ref, REF, 1, 1) \
  X (f32_conv, mnv_f32_conv_1x1__ref, REF, 1, 1) \
  X (qs8_dwconv, mnv_qs8_dwconv_1x1__ref, REF, 1, 1) \
  X (f32_dwconv, mnv_f32_dwconv_1x1__ref, REF, 1, 1) \
  X (qs8_fc, mnv_qs8_fc_1x1__ref, REF, 1, 1) \
  X (f32_fc, mnv_f32_fc_1x1__ref, REF, 1, 1) \
  X (qs8_vadd, mnv_qs8_vadd_1x1__ref, REF, 1, 1) \
  X (f32_vadd, mnv_f32_vadd_1x1__ref, REF, 1, 1) \
  X (qs8_avgpool, mnv_qs8_avgpool_1x1__ref, REF, 1, 1) \
  X (f32_avgpool, mnv_f32_avgpool_1x1__ref, REF, 1, 1) \
  X (qs8_mean, mnv_qs8_mean_1x1__ref, REF, 1, 1) \
  X (f32_mean, mnv_f32_mean_1x1__ref, REF, 1, 1) \
  X (qs8_softmax, mnv_qs8_softmax_1x1__ref, REF, 1, 1) \
  X (f32_softmax, mnv_f32_softmax_1x1__ref, REF, 1, 1) \
  X (qs8_gemm, mnv_qs8_gemm_4x8c2__ref, REF, 4, 8) \
  X (qs8_pack, mnv_qs8_pack_1x1__ref, REF, 1, 1) \
  X (f32_gemm, mnv_f32_gemm_4x8__ref, REF, 4, 8) \
  X (qs8_resize, mnv_qs8_resize_1x1__ref, REF, 1, 1) \
  X (qs8_argmax, mnv_qs8_argmax_1x1__ref, REF, 1, 1) \
  X (qs8_gemm_dot, mnv_qs8_gemm_dot_4x8c4__ref, REF, 4, 8) \
  X (image_hyuv, mnv_image_hyuv_1x1__ref, REF, 1, 1) \
  X (image_hpacked, mnv_image_hpacked_1x1__ref, REF, 1, 1) \
  X (image_vrow, mnv_image_vrow_1x1__ref, REF, 1, 1)

#if defined(__x86_64__)
#define MNV_KERNEL_INVENTORY_X86(X) \
  X (qs8_gemm, mnv_qs8_gemm_4x16c2__avx2, AVX2, 4, 16) \
  X (qs8_pack, mnv_qs8_pack_1x1__avx2, AVX2, 1, 1) \
  X (qs8_dwconv, mnv_qs8_dwconv_1x16__avx2, AVX2, 1, 16) \
  X (qs8_vadd, mnv_qs8_vadd_1x1__avx2, AVX2, 1, 1) \
  X (f32_gemm, mnv_f32_gemm_6x16__avx2, AVX2, 6, 16) \
  X (f32_dwconv, mnv_f32_dwconv_1x8__avx2, AVX2, 1, 8) \
  X (qs8_resize, mnv_qs8_resize_1x8__avx2, AVX2, 1, 8) \
  X (qs8_argmax, mnv_qs8_argmax_1x32__avx2, AVX2, 1, 32) \
  X (image_hyuv, mnv_image_hyuv_1x8__avx2, AVX2, 1, 8) \
  X (image_hpacked, mnv_image_hpacked_1x8__avx2, AVX2, 1, 8) \
  X (image_vrow, mnv_image_vrow_1x8__avx2, AVX2, 1, 8) \
  X (f32_gemm, mnv_f32_gemm_8x32__avx512, AVX512, 8, 32) \
  X (f32_dwconv, mnv_f32_dwconv_1x16__avx512, AVX512, 1, 16) \
  X (qs8_resize, mnv_qs8_resize_1x16__avx512, AVX512, 1, 16) \
  X (qs8_argmax, mnv_qs8_argmax_1x64__avx512, AVX512, 1, 64) \
  X (qs8_gemm, mnv_qs8_gemm_8x32c2__avx512vnni, AVX512VNNI, 8, 32) \
  X (qs8_dwconv, mnv_qs8_dwconv_1x32__avx512vnni, AVX512VNNI, 1, 32) \
  X (qs8_gemm_dot, mnv_qs8_gemm_dot_8x32c4__avx512vnni, AVX512VNNI, 8, 32) \
  X (image_hyuv, mnv_image_hyuv_1x16__avx512vbmi, AVX512VBMI, 1, 16) \
  X (image_hpacked, mnv_image_hpacked_1x16__avx512vbmi, AVX512VBMI, 1, 16) \
  X (image_vrow, mnv_image_vrow_1x16__avx512vbmi, AVX512VBMI, 1, 16)
#else
#define MNV_KERNEL_INVENTORY_X86(X)
#endif

/* AArch64: NEON is part of the base architecture (no run-time check); the
 * dot-product set needs ARMv8.2 SDOT (HWCAP_ASIMDDP). */
#if defined(__aarch64__)
#define MNV_KERNEL_INVENTORY_ARM(X) \
  X (qs8_gemm, mnv_qs8_gemm_4x8c2__neon, NEON, 4, 8) \
  X (qs8_pack, mnv_qs8_pack_1x1__neon, NEON, 1, 1) \
  X (qs8_dwconv, mnv_qs8_dwconv_1x8__neon, NEON, 1, 8) \
  X (f32_gemm, mnv_f32_gemm_4x8__neon, NEON, 4, 8) \
  X (f32_dwconv, mnv_f32_dwconv_1x8__neon, NEON, 1, 8) \
  X (qs8_vadd, mnv_qs8_vadd_1x1__neon, NEON, 1, 1) \
  X (qs8_resize, mnv_qs8_resize_1x8__neon, NEON, 1, 8) \
  X (qs8_argmax, mnv_qs8_argmax_1x16__neon, NEON, 1, 16) \
  X (image_hyuv, mnv_image_hyuv_1x4__neon, NEON, 1, 4) \
  X (image_hpacked, mnv_image_hpacked_1x4__neon, NEON, 1, 4) \
  X (image_vrow, mnv_image_vrow_1x8__neon, NEON, 1, 8) \
  X (qs8_gemm_dot, mnv_qs8_gemm_dot_4x8c4__neondot, NEONDOT, 4, 8)
#else
#define MNV_KERNEL_INVENTORY_ARM(X)
#endif

#define MNV_KERNEL_INVENTORY(X) \
  MNV_KERNEL_INVENTORY_REF (X) MNV_KERNEL_INVENTORY_X86 (X) \
  MNV_KERNEL_INVENTORY_ARM (X)

/* clang-format on */

#endif
