/* Frame pre-processing rows, plain C: the oracle of the SIMD variants
 * (which the image test checks end to end against the per-pixel path of
 * core/image_ref.c). */
#include "image_rows.h"

void
mnv_image_hyuv_1x1__ref (const uint8_t *y, const uint8_t *u, const uint8_t *v,
    const mnv_image_row_params *p, int n, int safe, int32_t *h)
{
  (void) safe;
  for (int i = 0; i < n; i++)
    mnv_image_hyuv_column (y, u, v, p, i, n, h);
}

void
mnv_image_hpacked_1x1__ref (const uint8_t *row, const mnv_image_row_params *p,
    int n, int safe, int32_t *h)
{
  (void) safe;
  for (int i = 0; i < n; i++)
    mnv_image_hpacked_column (row, p, i, n, h);
}

void
mnv_image_vrow_1x1__ref (const int32_t *top, const int32_t *bot, int32_t wt,
    int32_t wb, int32_t d, int n, uint8_t *out)
{
  for (int i = 0; i < n; i++)
    mnv_image_vrow_pixel (top, bot, wt, wb, d, i, n, out);
}

size_t
mnv_image_windows_size (int n)
{
  const size_t groups = (size_t) (n + MNV_IMAGE_GROUP - 1) / MNV_IMAGE_GROUP;
  return groups *
      (2 * sizeof (mnv_image_window) + 2 * MNV_IMAGE_GROUP * sizeof (int32_t));
}

/* One plane's windows and pairs (FIRST, SECOND; TAIL bytes read past a
 * second tap). */
static void
plan_plane (const int32_t *first, const int32_t *second, int n, int tail,
    mnv_image_window *win, int32_t *pairs)
{
  const int G = MNV_IMAGE_GROUP, H = G / 2;
  for (int i = 0, gi = 0; i < n; i += G, gi++) {
    const int cnt = n - i < G ? n - i : G;
    mnv_image_window *w = &win[gi];
    int32_t *pr = pairs + (size_t) gi * G;
    const int32_t base = first[i];
    const int32_t span = second[i + cnt - 1] - base + 1 + tail;
    w->base[0] = w->base[1] = base;
    w->span[0] = span;
    w->span[1] = 0;
    if (span > MNV_IMAGE_WINDOW) {
      /* Halves only for more than half a group (the columns past N are
       * not read). */
      const int halves = cnt > H;
      const int32_t base2 = halves ? first[i + H] : 0;
      const int32_t span1 = halves ? second[i + H - 1] - base + 1 + tail : 0;
      const int32_t span2 = second[i + cnt - 1] - base2 + 1 + tail;
      const int fits = halves && span1 <= MNV_IMAGE_WINDOW &&
          span2 <= MNV_IMAGE_WINDOW;
      w->base[1] = base2;
      w->span[0] = fits ? span1 : 0;
      w->span[1] = fits ? span2 : 0;
    }
    for (int k = 0; k < G; k++) {
      const int32_t b = k < H ? w->base[0] : w->base[1];
      pr[k] = k < cnt && w->span[0] ?
          (int32_t) ((uint32_t) (first[i + k] - b) |
              (uint32_t) (second[i + k] - b) << 16) :
          0;
    }
  }
}

void
mnv_image_plan_windows (const mnv_image_row_params *p, int n, void *buf,
    mnv_image_windows *w)
{
  const size_t groups = (size_t) (n + MNV_IMAGE_GROUP - 1) / MNV_IMAGE_GROUP;
  int32_t *pairs = buf;
  int32_t *cpairs = pairs + groups * MNV_IMAGE_GROUP;
  mnv_image_window *luma = (mnv_image_window *) (cpairs +
      groups * MNV_IMAGE_GROUP);
  mnv_image_window *chroma = luma + groups;
  plan_plane (p->a, p->b, n, 0, luma, pairs);
  plan_plane (p->ca, p->cb, n, p->interleaved ? 1 : 0, chroma, cpairs);
  w->luma = luma;
  w->chroma = chroma;
  w->luma_pairs = pairs;
  w->chroma_pairs = cpairs;
}
