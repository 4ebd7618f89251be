/* Float GEMM reference microkernel on the packed layout of kernels.h. */
#include "../kernels.h"
#include "../requant.h"

#define NR 8

void
mnv_f32_gemm_4x8__ref (MNV_KERNEL_ARGS_F32_GEMM)
{
  for (int r = 0; r < mr; r++)
    for (int j = 0; j < nc; j++) {
      float acc = bias[j];
      for (int k = 0; k < kc; k++)
        acc += a[(size_t) r * a_stride + k] * w[(size_t) k * NR + j];
      c[(size_t) r * c_stride + j] = mnv_f32_clamp (acc, p->out_min,
          p->out_max);
    }
}
