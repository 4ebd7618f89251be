/* GEMM reference microkernel on the packed layout of kernels.h: the oracle
 * for the SIMD GEMMs (same packing with their own NR). */
#include "../kernels.h"
#include "../requant.h"

#define NR 8

void
mnv_qs8_gemm_4x8c2__ref (MNV_KERNEL_ARGS_QS8_GEMM)
{
  for (int r = 0; r < mr; r++) {
    const int16_t *x = a + (size_t) r * a_stride;
    for (int j = 0; j < nc; j++) {
      int32_t sum = 0;
      for (int kp = 0; kp < kc / 2; kp++) {
        const int16_t *wk = w + ((size_t) kp * NR + j) * 2;
        sum += x[2 * kp] * wk[0] + x[2 * kp + 1] * wk[1];
      }
      int32_t acc = (int32_t) ((uint32_t) bias[j] + (uint32_t) sum);
      c[(size_t) r * c_stride + j] = mnv_qs8_requantize (acc, scale[j],
          p->out_zp, p->out_min, p->out_max);
    }
  }
}
