/* Reference of the int8 dot-product GEMM contract (kernels.h): the oracle
 * of the dot-product kernels.  Wrapping int32 arithmetic, as they do. */
#include "../kernels.h"
#include "../requant.h"

#define NR 8

void
mnv_qs8_gemm_dot_4x8c4__ref (MNV_KERNEL_ARGS_QS8_GEMM_DOT)
{
  for (int r = 0; r < mr; r++) {
    const int8_t *x = a + (size_t) r * a_stride;
    if (!rowsum_ready) {
      uint32_t s = 0;
      for (int k = 0; k < kc; k++)
        s += (uint32_t) (int32_t) x[k];
      rowsum[r] = (int32_t) s;
    }
    for (int j = 0; j < nc; j++) {
      uint32_t sum = (uint32_t) bias[j] +
          (uint32_t) p->row_mult * (uint32_t) rowsum[r];
      for (int k = 0; k < kc; k++)
        sum += (uint32_t) ((int32_t) x[k] *
            (int8_t) (w[((size_t) (k / 4) * NR + j) * 4 + k % 4] ^
                MNV_DOT_W_FLIP));
      c[(size_t) r * c_stride + j] = mnv_qs8_requantize ((int32_t) sum,
          scale[j], p->out_zp, p->out_min, p->out_max);
    }
  }
}
