/* Float GEMM 6x16 with FMA (float results within rounding of the
 * reference; only quantized paths must be bit-exact). */
#include <immintrin.h>

#include "../kernels.h"

#define ROW(r) \
  do { \
    const __m256 x = _mm256_broadcast_ss (a##r + k); \
    c##r##0 = _mm256_fmadd_ps (x, w0, c##r##0); \
    c##r##1 = _mm256_fmadd_ps (x, w1, c##r##1); \
  } while (0)

static inline void
store_row (float *dst, __m256 v0, __m256 v1, int nc, __m256 lo, __m256 hi)
{
  v0 = _mm256_min_ps (_mm256_max_ps (v0, lo), hi);
  v1 = _mm256_min_ps (_mm256_max_ps (v1, lo), hi);
  if (nc == 16) {
    _mm256_storeu_ps (dst, v0);
    _mm256_storeu_ps (dst + 8, v1);
  } else {
    float tmp[16];
    _mm256_storeu_ps (tmp, v0);
    _mm256_storeu_ps (tmp + 8, v1);
    for (int j = 0; j < nc; j++)
      dst[j] = tmp[j];
  }
}

void
mnv_f32_gemm_6x16__avx2 (MNV_KERNEL_ARGS_F32_GEMM)
{
  const float *a0 = a;
  const float *a1 = mr > 1 ? a0 + a_stride : a0;
  const float *a2 = mr > 2 ? a1 + a_stride : a1;
  const float *a3 = mr > 3 ? a2 + a_stride : a2;
  const float *a4 = mr > 4 ? a3 + a_stride : a3;
  const float *a5 = mr > 5 ? a4 + a_stride : a4;
  const __m256 b0 = _mm256_loadu_ps (bias), b1 = _mm256_loadu_ps (bias + 8);
  __m256 c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
  __m256 c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1;

  for (int k = 0; k < kc; k++, w += 16) {
    const __m256 w0 = _mm256_loadu_ps (w), w1 = _mm256_loadu_ps (w + 8);
    ROW (0);
    ROW (1);
    ROW (2);
    ROW (3);
    ROW (4);
    ROW (5);
  }
  const __m256 lo = _mm256_set1_ps (p->out_min);
  const __m256 hi = _mm256_set1_ps (p->out_max);
  const __m256 rows[6][2] = { { c00, c01 }, { c10, c11 }, { c20, c21 },
    { c30, c31 }, { c40, c41 }, { c50, c51 } };
  for (int r = 0; r < mr; r++)
    store_row (c + (size_t) r * c_stride, rows[r][0], rows[r][1], nc, lo, hi);
}
