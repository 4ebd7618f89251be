/* Every kernel variant in the inventory that this CPU runs, against the
 * reference, over shape sweeps: sizes below, at and above each tile, odd
 * channel counts, strides, dilation, padding, zero points 0/128/other,
 * per-channel scales including tiny and above-one multipliers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/cpu.h"
#include "kernels/dwconv/dwconv_pack.h"
#include "kernels/kernels.h"
#include "kernels/requant.h"
#include "ops/op_util.h"
#include "test_util.h"

static uint32_t rng_state = 12345;
static int
rnd (int lo, int hi)
{
  rng_state = rng_state * 1103515245u + 12345u;
  return lo + (int) ((rng_state >> 8) % (uint32_t) (hi - lo + 1));
}

static float
rnd_scale (void)
{
  static const float picks[] = { 1e-6f, 3e-7f, 0.001f, 0.0123f, 0.25f, 0.7f,
    1.5f, 3.0f };
  return picks[rnd (0, 7)] * (0.75f + (float) rnd (0, 100) / 200.0f);
}

/* Packs W [n][k] for a GEMM with tile NR, as kernels.h documents. */
static int16_t *
pack_gemm (const int16_t *w, int n, int k, int kpad, int nr)
{
  int npad = (n + nr - 1) / nr * nr;
  int16_t *p = calloc ((size_t) npad * kpad, 2);
  for (int j = 0; j < n; j++)
    for (int kk = 0; kk < k; kk++)
      p[(((size_t) (j / nr) * (kpad / 2) + kk / 2) * nr + j % nr) * 2 +
          kk % 2] = w[(size_t) j * k + kk];
  return p;
}

static int
test_gemm (const mnv_kernel_entry *e)
{
  mnv_qs8_gemm_ukernel *fn = (mnv_qs8_gemm_ukernel *) e->fn;
  const int mr = e->mr, nr = e->nr;
  const int ms[] = { 1, mr - 1, mr, mr + 1, 2 * mr + 1 };
  const int ns[] = { 1, nr - 1, nr, nr + 1, 2 * nr + 3 };
  const int ks[] = { 1, 2, 3, 16, 27, 96, 321, 962 };
  int cases = 0;

  for (size_t mi = 0; mi < 5; mi++)
    for (size_t ni = 0; ni < 5; ni++)
      for (size_t ki = 0; ki < 8; ki++) {
        const int M = ms[mi] > 0 ? ms[mi] : 1, N = ns[ni] > 0 ? ns[ni] : 1;
        const int K = ks[ki], kpad = (K + 1) & ~1;
        const int npad = (N + nr - 1) / nr * nr;
        int16_t *a = calloc ((size_t) M * kpad, 2);
        int16_t *w = malloc ((size_t) N * K * 2);
        int32_t *bias = calloc ((size_t) npad, 4);
        float *scale = calloc ((size_t) npad, 4);
        int8_t *got = malloc ((size_t) M * N), *want = malloc ((size_t) M * N);
        for (int i = 0; i < M; i++)
          for (int kk = 0; kk < K; kk++)
            a[(size_t) i * kpad + kk] = (int16_t) rnd (-255, 255);
        for (int i = 0; i < N * K; i++)
          w[i] = (int16_t) (ki == 0 && i % 3 == 0 ? 0 : rnd (-255, 255));
        for (int j = 0; j < N; j++) {
          bias[j] = rnd (-100000, 100000);
          scale[j] = rnd_scale ();
        }
        mnv_qs8_requant_params p = { 0, rnd (-128, 127), -128, 127, NULL };
        if (ki % 2) {
          p.out_min = rnd (-128, 0);
          p.out_max = rnd (p.out_min, 127);
        }
        for (int i = 0; i < M; i++)
          for (int j = 0; j < N; j++) {
            int32_t sum = 0;
            for (int kk = 0; kk < K; kk++)
              sum += a[(size_t) i * kpad + kk] * w[(size_t) j * K + kk];
            want[i * N + j] =
                mnv_qs8_requantize ((int32_t) ((uint32_t) bias[j] +
                                        (uint32_t) sum),
                    scale[j], p.out_zp, p.out_min, p.out_max);
          }
        int16_t *pw = pack_gemm (w, N, K, kpad, nr);
        memset (got, 0x5a, (size_t) M * N);
        for (int b = 0; b < npad / nr; b++)
          for (int r = 0; r < M; r += mr)
            fn (M - r < mr ? M - r : mr, N - b * nr < nr ? N - b * nr : nr,
                kpad, a + (size_t) r * kpad, (size_t) kpad,
                pw + (size_t) b * (kpad / 2) * nr * 2, bias + b * nr,
                scale + b * nr, got + (size_t) r * N + b * nr, (size_t) N, &p);
        CHECK (memcmp (got, want, (size_t) M * N) == 0,
            "%s: M=%d N=%d K=%d differs", e->name, M, N, K);
        cases++;
        free (a);
        free (w);
        free (pw);
        free (bias);
        free (scale);
        free (got);
        free (want);
      }
  return cases;
}

/* The int8 dot-product GEMM (kernels.h), against a direct computation of
 * its contract; the reference entry is checked the same way.  The first
 * channel block computes the row sums (checked too), the others reuse
 * them, as ops/gemm.c runs it; every third case hands them in ready. */
static int
test_gemm_dot (const mnv_kernel_entry *e)
{
  mnv_qs8_gemm_dot_ukernel *fn = (mnv_qs8_gemm_dot_ukernel *) e->fn;
  const int mr = e->mr, nr = e->nr;
  const int ms[] = { 1, mr - 1, mr, mr + 1, 2 * mr + 1 };
  const int ns[] = { 1, nr - 1, nr, nr + 1, 2 * nr + 3 };
  const int ks[] = { 4, 8, 16, 24, 96, 320, 964 };
  int cases = 0;

  for (size_t mi = 0; mi < 5; mi++)
    for (size_t ni = 0; ni < 5; ni++)
      for (size_t ki = 0; ki < 7; ki++) {
        const int M = ms[mi] > 0 ? ms[mi] : 1, N = ns[ni] > 0 ? ns[ni] : 1;
        const int K = ks[ki], stride = K + 4 * (int) (mi % 2);
        const int npad = (N + nr - 1) / nr * nr;
        int8_t *a = malloc ((size_t) M * stride);
        const size_t block = (size_t) K * nr;
        int8_t *w = calloc ((size_t) (npad / nr) * block, 1); /* packed */
        int32_t *bias = calloc ((size_t) npad, 4);
        float *scale = calloc ((size_t) npad, 4);
        int8_t *got = malloc ((size_t) M * N), *want = malloc ((size_t) M * N);
        for (int i = 0; i < M * stride; i++)
          a[i] = (int8_t) rnd (-128, 127);
#define WDOT(j, kk) \
  w[(size_t) ((j) / nr) * block + (((size_t) (kk) / 4) * nr + (j) % nr) * 4 + \
      (kk) % 4]
        for (int j = 0; j < N; j++)
          for (int kk = 0; kk < K; kk++)
            WDOT (j, kk) = (int8_t) (ki == 0 ? 127 : rnd (-128, 127));
        const int given = (mi + ni + ki) % 3 == 0;
        int32_t *rowsum = malloc ((size_t) M * 4);
        int32_t *rowsum_want = malloc ((size_t) M * 4);
        for (int i = 0; i < M; i++) {
          int32_t s = 0;
          for (int kk = 0; kk < K; kk++)
            s += a[(size_t) i * stride + kk];
          rowsum_want[i] = s;
          rowsum[i] = given ? s : 0x5a5a5a5a;
        }
        for (int j = 0; j < N; j++) {
          bias[j] = rnd (-1000000, 1000000);
          scale[j] = rnd_scale ();
        }
        mnv_qs8_requant_params p = { 0, rnd (-128, 127), -128, 127, NULL,
          ni % 2 ? rnd (-255, 255) : 0 };
        if (ki % 2) {
          p.out_min = rnd (-128, 0);
          p.out_max = rnd (p.out_min, 127);
        }
        for (int i = 0; i < M; i++)
          for (int j = 0; j < N; j++) {
            int64_t sum = bias[j];
            for (int kk = 0; kk < K; kk++) {
              const int32_t x = a[(size_t) i * stride + kk];
              sum += x *
                  ((int8_t) (WDOT (j, kk) ^ MNV_DOT_W_FLIP) + p.row_mult);
            }
            want[i * N + j] = mnv_qs8_requantize ((int32_t) sum, scale[j],
                p.out_zp, p.out_min, p.out_max);
          }
        memset (got, 0x5a, (size_t) M * N);
        for (int b = 0; b < npad / nr; b++)
          for (int r = 0; r < M; r += mr)
            fn (M - r < mr ? M - r : mr, N - b * nr < nr ? N - b * nr : nr, K,
                a + (size_t) r * stride, (size_t) stride,
                w + (size_t) b * block, bias + b * nr, scale + b * nr,
                got + (size_t) r * N + b * nr, (size_t) N, &p, rowsum + r,
                given || b > 0);
        CHECK (memcmp (got, want, (size_t) M * N) == 0,
            "%s: M=%d N=%d K=%d row_mult=%d differs", e->name, M, N, K,
            p.row_mult);
        CHECK (memcmp (rowsum, rowsum_want, (size_t) M * 4) == 0,
            "%s: M=%d K=%d row sums differ", e->name, M, K);
        free (rowsum);
        free (rowsum_want);
        cases++;
        free (a);
        free (w);
        free (bias);
        free (scale);
        free (got);
        free (want);
      }
  return cases;
}

static int
test_pack (const mnv_kernel_entry *e)
{
  mnv_qs8_pack_ukernel *fn = (mnv_qs8_pack_ukernel *) e->fn;
  int8_t in[80];
  int16_t got[80], want[80];
  int cases = 0;
  for (int i = 0; i < 80; i++)
    in[i] = (int8_t) rnd (-128, 127);
  for (int zp = -128; zp <= 127; zp += 51)
    for (size_t n = 0; n <= 70; n++, cases++) {
      memset (got, 0x5a, sizeof got);
      mnv_qs8_pack_1x1__ref (n, in, zp, want);
      fn (n, in, zp, got);
      CHECK (memcmp (got, want, n * 2) == 0 && got[n] == 0x5a5a,
          "%s: n=%zu zp=%d", e->name, n, zp);
    }
  return cases;
}

static int
test_dwconv (const mnv_kernel_entry *e)
{
  mnv_qs8_conv_ukernel *fn = (mnv_qs8_conv_ukernel *) e->fn;
  /* 2081: more blocks than a kernel folds zero points for (its border
   * path then runs everywhere); widths up to 20: runs of 4 interior
   * pixels. */
  const int channels[] = { 1, 15, 16, 17, 31, 32, 33, 48, 65, 2081 };
  const int kernels[][2] = { { 3, 3 }, { 1, 1 }, { 5, 5 }, { 3, 1 } };
  int cases = 0;

  for (size_t ci = 0; ci < 10; ci++)
    for (size_t ki = 0; ki < 4; ki++)
      for (int stride = 1; stride <= 2; stride++)
        for (int dil = 1; dil <= 2; dil++)
          for (int valid = 0; valid <= 1; valid++) {
            const int C = channels[ci], kh = kernels[ki][0],
                      kw = kernels[ki][1], taps = kh * kw;
            const int H = rnd (1, 9), W = rnd (1, C > 100 ? 6 : 20);
            mnv_conv_geom g = { H, W, C, 0, 0, C, kh, kw, stride, stride, dil,
              dil, 0, 0, 1 };
            op_conv_axis (H, kh, stride, dil, valid, &g.out_h, &g.pad_top);
            op_conv_axis (W, kw, stride, dil, valid, &g.out_w, &g.pad_left);
            if (g.out_h < 1 || g.out_w < 1)
              continue;
            int8_t *in = malloc ((size_t) H * W * C);
            int16_t *w = malloc ((size_t) taps * C * 2);
            int32_t *bias = malloc ((size_t) C * 4);
            float *scale = malloc ((size_t) C * 4);
            size_t out_n = (size_t) g.out_h * g.out_w * C;
            int8_t *got = malloc (out_n), *want = malloc (out_n);
            for (size_t i = 0; i < (size_t) H * W * C; i++)
              in[i] = (int8_t) rnd (-128, 127);
            for (int i = 0; i < taps * C; i++)
              w[i] = (int16_t) rnd (-255, 255);
            for (int c = 0; c < C; c++) {
              bias[c] = rnd (-50000, 50000);
              scale[c] = rnd_scale ();
            }
            static const int zps[] = { 0, -128, 5, 127 };
            mnv_qs8_requant_params p = { zps[cases % 4], rnd (-128, 127), -128,
              127, scale };
            if (cases % 3 == 0) {
              p.out_min = rnd (-128, 0);
              p.out_max = rnd (p.out_min, 127);
            }
            mnv_qs8_dwconv_1x1__ref (&g, in, w, bias, want, &p, 0, g.out_h);
            uint8_t *packed = aligned_alloc (64,
                (mnv_dw_packed_bytes (e->nr, taps, C) + 63) / 64 * 64);
            mnv_dw_pack (e->nr, taps, C, w, bias, scale, packed);
            memset (got, 0x5a, out_n);
            /* In two row ranges, as the threads call it. */
            int split = g.out_h / 2;
            fn (&g, in, (const int16_t *) packed, bias, got, &p, 0, split);
            fn (&g, in, (const int16_t *) packed, bias, got, &p, split,
                g.out_h);
            CHECK (memcmp (got, want, out_n) == 0,
                "%s: C=%d k=%dx%d stride %d dilation %d %s in %dx%d zp %d",
                e->name, C, kh, kw, stride, dil, valid ? "VALID" : "SAME", H, W,
                p.in_zp);
            cases++;
            free (in);
            free (w);
            free (bias);
            free (scale);
            free (got);
            free (want);
            free (packed);
          }
  return cases;
}

/* Float kernels may differ from the reference in the last bits (FMA,
 * summation order): compare with a tolerance relative to the magnitudes. */
static int
close_enough (float got, float want, float scale)
{
  float d = got - want;
  return (d < 0 ? -d : d) <= 1e-5f * (scale > 1.0f ? scale : 1.0f);
}

static int
test_f32_gemm (const mnv_kernel_entry *e)
{
  mnv_f32_gemm_ukernel *fn = (mnv_f32_gemm_ukernel *) e->fn;
  const int mr = e->mr, nr = e->nr;
  const int ms[] = { 1, mr - 1, mr, mr + 1, 2 * mr + 1 };
  const int ns[] = { 1, nr - 1, nr, nr + 1, 2 * nr + 3 };
  const int ks[] = { 1, 3, 16, 27, 321 };
  int cases = 0;

  for (size_t mi = 0; mi < 5; mi++)
    for (size_t ni = 0; ni < 5; ni++)
      for (size_t ki = 0; ki < 5; ki++) {
        const int M = ms[mi] > 0 ? ms[mi] : 1, N = ns[ni] > 0 ? ns[ni] : 1;
        const int K = ks[ki], npad = (N + nr - 1) / nr * nr;
        float *a = malloc ((size_t) M * K * 4),
              *w = malloc ((size_t) N * K * 4);
        float *pw = calloc ((size_t) npad * K, 4), *bias = calloc (npad, 4);
        float *got = malloc ((size_t) M * N * 4);
        mnv_f32_minmax_params p = { ki % 2 ? 0.0f : -1e30f,
          ki % 2 ? 6.0f : 1e30f };
        for (int i = 0; i < M * K; i++)
          a[i] = (float) rnd (-1000, 1000) / 500.0f;
        for (int i = 0; i < N * K; i++)
          w[i] = (float) rnd (-1000, 1000) / 500.0f;
        for (int j = 0; j < N; j++) {
          bias[j] = (float) rnd (-1000, 1000) / 100.0f;
          for (int kk = 0; kk < K; kk++)
            pw[((size_t) (j / nr) * K + kk) * nr + j % nr] = w[j * K + kk];
        }
        for (int b = 0; b < npad / nr; b++)
          for (int r = 0; r < M; r += mr)
            fn (M - r < mr ? M - r : mr, N - b * nr < nr ? N - b * nr : nr, K,
                a + (size_t) r * K, (size_t) K, pw + (size_t) b * K * nr,
                bias + b * nr, got + (size_t) r * N + b * nr, (size_t) N, &p);
        for (int i = 0; i < M; i++)
          for (int j = 0; j < N; j++) {
            float acc = bias[j], mag = fabsf (bias[j]);
            for (int kk = 0; kk < K; kk++) {
              acc += a[i * K + kk] * w[j * K + kk];
              mag += fabsf (a[i * K + kk] * w[j * K + kk]);
            }
            acc = acc < p.out_min ? p.out_min :
                acc > p.out_max   ? p.out_max :
                                    acc;
            CHECK (close_enough (got[i * N + j], acc, mag),
                "%s: M=%d N=%d K=%d at %d,%d: %g vs %g", e->name, M, N, K, i, j,
                (double) got[i * N + j], (double) acc);
          }
        cases++;
        free (a);
        free (w);
        free (pw);
        free (bias);
        free (got);
      }
  return cases;
}

static int
test_f32_dwconv (const mnv_kernel_entry *e)
{
  mnv_f32_conv_ukernel *fn = (mnv_f32_conv_ukernel *) e->fn;
  /* Widths up to 24: runs of 8 and 4 interior pixels and the borders. */
  const int channels[] = { 1, 7, 8, 9, 16, 17, 33, 64, 80 };
  int cases = 0;
  for (size_t ci = 0; ci < 9; ci++)
    for (int stride = 1; stride <= 2; stride++)
      for (int dil = 1; dil <= 2; dil++)
        for (int valid = 0; valid <= 1; valid++) {
          const int C = channels[ci], H = rnd (1, 9), W = rnd (1, 24);
          mnv_conv_geom g = { H, W, C, 0, 0, C, 3, 3, stride, stride, dil, dil,
            0, 0, 1 };
          op_conv_axis (H, 3, stride, dil, valid, &g.out_h, &g.pad_top);
          op_conv_axis (W, 3, stride, dil, valid, &g.out_w, &g.pad_left);
          if (g.out_h < 1 || g.out_w < 1)
            continue;
          size_t n_in = (size_t) H * W * C,
                 n_out = (size_t) g.out_h * g.out_w * C;
          float *in = malloc (n_in * 4), *w = malloc (9 * C * 4);
          float *bias = malloc (C * 4), *got = malloc (n_out * 4),
                *want = malloc (n_out * 4);
          for (size_t i = 0; i < n_in; i++)
            in[i] = (float) rnd (-1000, 1000) / 300.0f;
          for (int i = 0; i < 9 * C; i++)
            w[i] = (float) rnd (-1000, 1000) / 300.0f;
          for (int c = 0; c < C; c++)
            bias[c] = (float) rnd (-100, 100) / 10.0f;
          mnv_f32_minmax_params p = { cases % 2 ? 0.0f : -1e30f,
            cases % 2 ? 6.0f : 1e30f };
          mnv_f32_dwconv_1x1__ref (&g, in, w, bias, want, &p, 0, g.out_h);
          fn (&g, in, w, bias, got, &p, 0, g.out_h / 2);
          fn (&g, in, w, bias, got, &p, g.out_h / 2, g.out_h);
          for (size_t i = 0; i < n_out; i++)
            CHECK (close_enough (got[i], want[i], 100.0f),
                "%s: C=%d at %zu:"
                " %g vs %g",
                e->name, C, i, (double) got[i], (double) want[i]);
          cases++;
          free (in);
          free (w);
          free (bias);
          free (got);
          free (want);
        }
  return cases;
}

static int
test_resize (const mnv_kernel_entry *e)
{
  mnv_qs8_resize_ukernel *fn = (mnv_qs8_resize_ukernel *) e->fn;
  int8_t c[4][300], got[301], want[300];
  int cases = 0;
  for (int i = 0; i < 300; i++)
    for (int k = 0; k < 4; k++)
      c[k][i] = (int8_t) (i % 7 == 0 ? (k % 2 ? 127 : -128) : rnd (-128, 127));
  const size_t counts[] = { 1, 15, 16, 17, 21, 32, 33, 256, 300 };
  const int32_t weights[] = { 0, 1, 1024, 2047, 2048 };
  for (size_t ci = 0; ci < 9; ci++)
    for (int ai = 0; ai < 5; ai++)
      for (int bi = 0; bi < 5; bi++, cases++) {
        memset (got, 0x5a, sizeof got);
        mnv_qs8_resize_1x1__ref (counts[ci], c[0], c[1], c[2], c[3],
            weights[ai], weights[bi], want);
        fn (counts[ci], c[0], c[1], c[2], c[3], weights[ai], weights[bi], got);
        CHECK (memcmp (got, want, counts[ci]) == 0 && got[counts[ci]] == 0x5a,
            "%s: c=%zu ax=%d ay=%d", e->name, counts[ci], weights[ai],
            weights[bi]);
      }
  return cases;
}

/* Column taps as core/image.c plans them for N outputs from W source
 * samples of BPP bytes (0: YUV), second taps 0 or 1 sample on. */
static void
image_taps (int n, int w, int bpp, int nv12, int32_t *cols,
    mnv_image_row_params *p)
{
  int32_t *a = cols, *b = a + n, *ca = b + n, *cb = ca + n, *f = cb + n,
          *g = f + n, *gf = g + n;
  for (int i = 0; i < n; i++) {
    const int i0 = (int) ((int64_t) i * (w - 1) / (n > 1 ? n - 1 : 1));
    const int i1 = i0 + 1 < w && rnd (0, 5) ? i0 + 1 : i0;
    const int s = bpp ? bpp : 1;
    a[i] = i0 * s;
    b[i] = i1 * s;
    ca[i] = nv12 ? i0 / 2 * 2 : i0 / 2;
    cb[i] = nv12 ? i1 / 2 * 2 : i1 / 2;
    f[i] = rnd (0, 2 * n - 1);
    g[i] = 2 * n - f[i];
    gf[i] = (int32_t) ((uint32_t) g[i] | (uint32_t) f[i] << 16);
  }
  p->a = a;
  p->b = b;
  p->ca = ca;
  p->cb = cb;
  p->f = f;
  p->g = g;
  p->gf = gf;
}

static int
test_image_rows (const mnv_kernel_entry *e)
{
  static const int counts[] = { 1, 7, 8, 9, 15, 16, 17, 33, 100, 300 };
  int cases = 0;
  /* Source widths from n to 4n, and strong downscales (1920 to 224 is
   * 8.6:1; 4K to 224, 17:1) where SIMD kernels split their windows. */
  static const int ratios[] = { 0, 9, 17, 40 };
  for (int ci = 0; ci < 10; ci++)
    for (int k = 0; k < 32; k++, cases++) {
      const int ratio = ratios[k / 8];
      const int n = counts[ci];
      const int w = ratio ? ratio * n + rnd (0, n) : n + rnd (0, 3 * n);
      mnv_image_row_params p = { 0 };
      const int full = k & 1, bt709 = k & 2, nv12 = (k & 4) != 0;
      p.y_off = full ? 0 : 16;
      p.y_mul = full ? 256 : 298;
      p.rv = bt709 ? 459 : 409;
      p.gu = bt709 ? 55 : 100;
      p.gv = bt709 ? 136 : 208;
      p.bu = bt709 ? 541 : 516;
      /* YUV rows: samples of 1 byte, NV12 or I420; packed: 3 or 4. */
      const int yuv = strcmp (e->slot, "image_hyuv") == 0;
      const int bpp = yuv ? 0 : k % 8 < 4 ? 3 : 4;
      p.interleaved = yuv && nv12;
      p.off[0] = bpp == 4 ? rnd (0, 1) : 0;
      p.off[1] = p.off[0] + 1;
      p.off[2] = p.off[0] + 2;
      int32_t *cols = malloc ((size_t) 7 * n * sizeof *cols);
      image_taps (n, w, bpp, p.interleaved, cols, &p);
      /* Rows with 4 readable bytes past the last sample, so any SAFE is
       * fine here. */
      const size_t bytes = (size_t) w * (bpp ? bpp : 2) + 8;
      uint8_t *y = malloc (bytes), *u = malloc (bytes), *v = malloc (bytes);
      for (size_t i = 0; i < bytes; i++) {
        y[i] = (uint8_t) rnd (0, 255);
        u[i] = (uint8_t) (i % 11 ? rnd (0, 255) : 255);
        v[i] = (uint8_t) (i % 13 ? rnd (0, 255) : 0);
      }
      const int safe = rnd (0, n);
      int32_t *got = malloc ((size_t) 3 * n * sizeof *got);
      int32_t *want = malloc ((size_t) 3 * n * sizeof *want);
      if (strcmp (e->slot, "image_hyuv") == 0) {
        const uint8_t *vv = p.interleaved ? u + 1 : v;
        p.win = NULL;
        mnv_image_hyuv_1x1__ref (y, u, vv, &p, n, safe, want);
        ((mnv_image_hyuv_ukernel *) e->fn) (y, u, vv, &p, n, safe, got);
        CHECK (memcmp (got, want, (size_t) 3 * n * 4) == 0,
            "%s: n=%d safe=%d k=%d", e->name, n, safe, k);
        /* The same with the byte windows planned (as the kept plan of
         * core/image.c gives them). */
        const size_t wsize = (mnv_image_windows_size (n) + 63) & ~(size_t) 63;
        void *wbuf = aligned_alloc (64, wsize);
        mnv_image_windows win;
        mnv_image_plan_windows (&p, n, wbuf, &win);
        p.win = &win;
        memset (got, 0, (size_t) 3 * n * sizeof *got);
        ((mnv_image_hyuv_ukernel *) e->fn) (y, u, vv, &p, n, safe, got);
        CHECK (memcmp (got, want, (size_t) 3 * n * 4) == 0,
            "%s with planned windows: n=%d safe=%d k=%d", e->name, n, safe, k);
        p.win = NULL;
        free (wbuf);
      } else if (strcmp (e->slot, "image_hpacked") == 0) {
        if (!bpp)
          p.off[0] = 0, p.off[1] = 1, p.off[2] = 2;
        mnv_image_hpacked_1x1__ref (y, &p, n, safe, want);
        /* A row that ends where SAFE says reads must (4 bytes past the
         * last safe column's second tap) or at its last sample: under
         * ASan, a kernel reading further fails here. */
        size_t tight = (size_t) p.b[n - 1] + (size_t) bpp;
        if (safe > 0 && (size_t) p.b[safe - 1] + 4 > tight)
          tight = (size_t) p.b[safe - 1] + 4;
        uint8_t *row = malloc (tight);
        memcpy (row, y, tight);
        ((mnv_image_hpacked_ukernel *) e->fn) (row, &p, n, safe, got);
        free (row);
        CHECK (memcmp (got, want, (size_t) 3 * n * 4) == 0,
            "%s: n=%d safe=%d k=%d", e->name, n, safe, k);
      } else {
        /* Vertical: sums as the horizontal pass makes them, weights
         * (wt, wb) of a row tap, d = (2n)(2h) with 511 d < 2^31. */
        const int hgt = rnd (1, 1000);
        const int32_t deny = 2 * hgt, d = 2 * n * deny;
        for (int i = 0; i < 3 * n; i++) {
          want[i] = i % 7 ? rnd (0, 255 * 2 * n) : 255 * 2 * n;
          got[i] = i % 5 ? rnd (0, 255 * 2 * n) : 0;
          /* On a rounding boundary: top = bottom = (2 k - 1) n puts the
           * exact quotient at k + 1/2 before the floor, an integer k. */
          if (i % 3 == 1)
            want[i] = got[i] = (2 * (i % 255) + 1) * n + (k % 3) - 1;
        }
        const int32_t wb = rnd (0, deny - 1), wt = deny - wb;
        uint8_t *o1 = malloc ((size_t) 3 * n + 1),
                *o2 = malloc ((size_t) 3 * n + 1);
        o2[3 * n] = 0x5a;
        mnv_image_vrow_1x1__ref (want, got, wt, wb, d, n, o1);
        ((mnv_image_vrow_ukernel *) e->fn) (want, got, wt, wb, d, n, o2);
        CHECK (memcmp (o1, o2, (size_t) 3 * n) == 0 && o2[3 * n] == 0x5a,
            "%s: n=%d d=%d", e->name, n, d);
        free (o1);
        free (o2);
      }
      free (cols);
      free (y);
      free (u);
      free (v);
      free (got);
      free (want);
    }
  return cases;
}

static int
test_argmax (const mnv_kernel_entry *e)
{
  mnv_qs8_argmax_ukernel *fn = (mnv_qs8_argmax_ukernel *) e->fn;
  int cases = 0;
  const int lengths[] = { 1, 2, 21, 31, 32, 33, 63, 64, 65, 130 };
  for (size_t li = 0; li < 10; li++) {
    const int n = lengths[li];
    const size_t outer = 37;
    int8_t *in = malloc (outer * (size_t) n);
    int64_t got64[37], want64[37];
    int32_t got32[37], want32[37];
    for (size_t i = 0; i < outer * (size_t) n; i++)
      /* Few distinct values: many ties, which must go to the lowest. */
      in[i] = (int8_t) (i % 5 == 0 ? -128 : rnd (-3, 3) * 40);
    mnv_qs8_argmax_1x1__ref (outer, n, in, want64, 1);
    mnv_qs8_argmax_1x1__ref (outer, n, in, want32, 0);
    fn (outer, n, in, got64, 1);
    fn (outer, n, in, got32, 0);
    CHECK (memcmp (got64, want64, sizeof got64) == 0 &&
            memcmp (got32, want32, sizeof got32) == 0,
        "%s: n=%d", e->name, n);
    free (in);
    cases += 2;
  }
  return cases;
}

static int
test_vadd (const mnv_kernel_entry *e)
{
  mnv_qs8_vadd_ukernel *fn = (mnv_qs8_vadd_ukernel *) e->fn;
  int8_t a[80], b[80], got[80], want[80];
  int cases = 0;
  for (int round = 0; round < 40; round++) {
    /* Parameters as the ADD op derives them, for assorted scale ratios. */
    mnv_qs8_add_params p;
    p.shift = rnd (12, 24);
    p.a_mult = rnd (1, 1 << 20);
    p.b_mult = rnd (1, 1 << 20);
    p.out_zp = rnd (-128, 127);
    p.bias = ((int64_t) 1 << (p.shift - 1)) -
        (int64_t) p.a_mult * rnd (-128, 127) -
        (int64_t) p.b_mult * rnd (-128, 127);
    p.out_min = round % 2 ? rnd (-128, 0) : -128;
    p.out_max = round % 2 ? rnd (p.out_min, 127) : 127;
    for (int i = 0; i < 80; i++) {
      a[i] = (int8_t) rnd (-128, 127);
      b[i] = (int8_t) rnd (-128, 127);
    }
    for (size_t n = 0; n <= 70; n += 7, cases++) {
      memset (got, 0x5a, sizeof got);
      mnv_qs8_vadd_1x1__ref (n, a, b, want, &p);
      fn (n, a, b, got, &p);
      CHECK (memcmp (got, want, n) == 0 && got[n] == 0x5a, "%s: n=%zu shift=%d",
          e->name, n, p.shift);
    }
  }
  return cases;
}

int
main (void)
{
  size_t n;
  const mnv_kernel_entry *e = mnv_kernel_inventory (&n);
  const mnv_isa best = mnv_cpu_best_isa ();
  int tested = 0;

  printf ("CPU runs kernel sets up to: %s\n", mnv_isa_to_string (best));
  for (size_t i = 0; i < n; i++) {
    int cases = -1;
    if (e[i].isa == MNV_ISA_REF && strcmp (e[i].slot, "qs8_gemm") != 0 &&
        strcmp (e[i].slot, "f32_gemm") != 0 &&
        strcmp (e[i].slot, "qs8_gemm_dot") != 0)
      continue; /* oracles (the ref GEMM is checked too) */
    if (e[i].isa > (int) best) {
      printf ("%-40s not run: needs %s\n", e[i].name,
          mnv_isa_to_string (e[i].isa));
      continue;
    }
    if (strcmp (e[i].slot, "qs8_gemm") == 0)
      cases = test_gemm (&e[i]);
    else if (strcmp (e[i].slot, "qs8_gemm_dot") == 0)
      cases = test_gemm_dot (&e[i]);
    else if (strcmp (e[i].slot, "qs8_pack") == 0)
      cases = test_pack (&e[i]);
    else if (strcmp (e[i].slot, "qs8_dwconv") == 0)
      cases = test_dwconv (&e[i]);
    else if (strcmp (e[i].slot, "qs8_vadd") == 0)
      cases = test_vadd (&e[i]);
    else if (strcmp (e[i].slot, "f32_gemm") == 0)
      cases = test_f32_gemm (&e[i]);
    else if (strcmp (e[i].slot, "f32_dwconv") == 0)
      cases = test_f32_dwconv (&e[i]);
    else if (strcmp (e[i].slot, "qs8_resize") == 0)
      cases = test_resize (&e[i]);
    else if (strcmp (e[i].slot, "qs8_argmax") == 0)
      cases = test_argmax (&e[i]);
    else if (strncmp (e[i].slot, "image_", 6) == 0)
      cases = test_image_rows (&e[i]);
    CHECK (cases >= 0, "no test for kernel slot %s (%s)", e[i].slot, e[i].name);
    printf ("%-40s %4d cases\n", e[i].name, cases);
    tested++;
  }
  return test_finish ("SIMD kernels vs reference");
}
