/* Float GEMM 8x32 with AVX-512 FMA. */
#include <immintrin.h>

#include "../kernels.h"

#define ROW(r) \
  do { \
    const __m512 x = _mm512_set1_ps (a##r[k]); \
    c##r##0 = _mm512_fmadd_ps (x, w0, c##r##0); \
    c##r##1 = _mm512_fmadd_ps (x, w1, c##r##1); \
  } while (0)

#define STORE(r) \
  do { \
    _mm512_storeu_ps (c + c_stride * (r), \
        _mm512_min_ps (_mm512_max_ps (c##r##0, lo), hi)); \
    _mm512_storeu_ps (c + c_stride * (r) + 16, \
        _mm512_min_ps (_mm512_max_ps (c##r##1, lo), hi)); \
  } while (0)

void
mnv_f32_gemm_8x32__avx512 (MNV_KERNEL_ARGS_F32_GEMM)
{
  const float *a0 = a;
  const float *a1 = mr > 1 ? a0 + a_stride : a0;
  const float *a2 = mr > 2 ? a1 + a_stride : a1;
  const float *a3 = mr > 3 ? a2 + a_stride : a2;
  const float *a4 = mr > 4 ? a3 + a_stride : a3;
  const float *a5 = mr > 5 ? a4 + a_stride : a4;
  const float *a6 = mr > 6 ? a5 + a_stride : a5;
  const float *a7 = mr > 7 ? a6 + a_stride : a6;
  const __m512 b0 = _mm512_loadu_ps (bias), b1 = _mm512_loadu_ps (bias + 16);
  __m512 c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1;
  __m512 c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1;
  __m512 c60 = b0, c61 = b1, c70 = b0, c71 = b1;

  for (int k = 0; k < kc; k++, w += 32) {
    const __m512 w0 = _mm512_loadu_ps (w), w1 = _mm512_loadu_ps (w + 16);
    ROW (0);
    ROW (1);
    ROW (2);
    ROW (3);
    ROW (4);
    ROW (5);
    ROW (6);
    ROW (7);
  }
  const __m512 lo = _mm512_set1_ps (p->out_min);
  const __m512 hi = _mm512_set1_ps (p->out_max);
  if (mr == 8 && nc == 32) {
    /* The full tile (most calls) stored straight from the registers; the
     * general path below goes through an array on the stack. */
    STORE (0);
    STORE (1);
    STORE (2);
    STORE (3);
    STORE (4);
    STORE (5);
    STORE (6);
    STORE (7);
    return;
  }
  const __mmask16 m0 = nc >= 16 ? 0xffff : (__mmask16) ((1u << nc) - 1);
  const __mmask16 m1 = nc >= 32 ? 0xffff :
      nc <= 16                  ? 0 :
                                  (__mmask16) ((1u << (nc - 16)) - 1);
  const __m512 rows[8][2] = { { c00, c01 }, { c10, c11 }, { c20, c21 },
    { c30, c31 }, { c40, c41 }, { c50, c51 }, { c60, c61 }, { c70, c71 } };
  for (int r = 0; r < mr; r++) {
    float *dst = c + (size_t) r * c_stride;
    _mm512_mask_storeu_ps (dst, m0,
        _mm512_min_ps (_mm512_max_ps (rows[r][0], lo), hi));
    if (m1)
      _mm512_mask_storeu_ps (dst + 16, m1,
          _mm512_min_ps (_mm512_max_ps (rows[r][1], lo), hi));
  }
}
