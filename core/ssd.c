/* SSD decoding and NMS shared by the post-process op and the detector: see
 * ssd.h. */
#include <math.h>
#include <string.h>

#include "mnv_box.h"
#include "mnv_ssd.h"

void
mnv_ssd_decode (double ty, double tx, double th, double tw, const float a[4],
    const mnv_ssd_scales *s, float b[4])
{
  const float yc = (float) (ty / s->y * a[2] + a[0]);
  const float xc = (float) (tx / s->x * a[3] + a[1]);
  const float hh = (float) (0.5 * exp (th / s->h) * a[2]);
  const float hw = (float) (0.5 * exp (tw / s->w) * a[3]);
  b[0] = yc - hh;
  b[1] = xc - hw;
  b[2] = yc + hh;
  b[3] = xc + hw;
}

/* Bottom-up merge sort: thousands of candidates are common, and the
 * reference's order on ties is that of a stable sort. */
void
mnv_ssd_sort_by_score (int *idx, int n, const float *score, int *tmp)
{
  for (int width = 1; width < n; width *= 2) {
    for (int lo = 0; lo < n; lo += 2 * width) {
      int mid = lo + width < n ? lo + width : n;
      int hi = lo + 2 * width < n ? lo + 2 * width : n;
      int i = lo, j = mid, k = lo;
      while (i < mid && j < hi)
        tmp[k++] = score[idx[j]] > score[idx[i]] ? idx[j++] : idx[i++];
      while (i < mid)
        tmp[k++] = idx[i++];
      while (j < hi)
        tmp[k++] = idx[j++];
    }
    memcpy (idx, tmp, (size_t) n * sizeof *idx);
  }
}

int
mnv_ssd_greedy_nms (const int *cand, int n, const float *box, float thr,
    int limit, uint8_t *active, int *keep)
{
  int kept = 0;
  for (int i = 0; i < n; i++)
    active[i] = 1;
  for (int i = 0; i < n && kept < limit; i++) {
    if (!active[i])
      continue;
    keep[kept++] = cand[i];
    for (int j = i + 1; j < n; j++)
      if (active[j] &&
          mnv_box_iou (box + 4 * (size_t) cand[i], box + 4 * (size_t) cand[j]) >
              thr)
        active[j] = 0;
  }
  return kept;
}

int
mnv_ssd_fast_nms (const float *score, int n, const float *box, float score_thr,
    float iou_thr, int limit, int *work, uint8_t *active, int *keep)
{
  int *cand = work, *tmp = work + n, nc = 0;
  for (int i = 0; i < n; i++)
    if (score[i] >= score_thr)
      cand[nc++] = i;
  mnv_ssd_sort_by_score (cand, nc, score, tmp);
  return mnv_ssd_greedy_nms (cand, nc, box, iou_thr, limit, active, keep);
}
