/* Block matching (models/motion.c) on generated pictures: every shift
 * within the window found exactly, around a guess too, in planes read with
 * a pixel stride and row padding (green of packed RGB); a box at the
 * frame's edge; nothing trusted when the shift is outside the window, the
 * picture is flat or the content is replaced (occlusion); bad boxes
 * (outside, tiny, NaN, huge) and bad arguments return 0 without reading
 * outside the planes (run under ASan in CI). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "motion.h"
#include "test_util.h"

#define W 200
#define H 150

/* Texture: pseudo-random grey per pixel, at canvas coordinates (blocks
 * would make shifts of a pixel look alike on a sparse grid). */
static uint8_t
texture (int x, int y, unsigned seed)
{
  unsigned v = (unsigned) x * 73856093u ^ (unsigned) y * 19349663u ^
      seed * 83492791u;
  v ^= v >> 13;
  v *= 0x5bd1e995u;
  v ^= v >> 15;
  return (uint8_t) (v & 0xff);
}

/* The canvas seen through a window at (OX, OY), into a plane of pixel
 * stride PS and row stride RS (bytes of DATA). */
static mnv_plane
view (uint8_t *data, int ox, int oy, int ps, int rs, unsigned seed)
{
  memset (data, 0, (size_t) rs * H);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      data[y * rs + x * ps] = texture (x + ox, y + oy, seed);
  return (mnv_plane){ data, W, H, ps, rs };
}

static void
test_shifts (void)
{
  static uint8_t a[H * W * 3 + 64 * H], b[H * W * 3 + 64 * H];
  const float box[4] = { 70, 50, 130, 110 };
  for (int layout = 0; layout < 2; layout++) {
    const int ps = layout ? 3 : 1, rs = layout ? W * 3 + 17 : W;
    int bad = 0;
    for (int dy = -7; dy <= 7; dy++)
      for (int dx = -7; dx <= 7; dx++) {
        /* Content moving by (dx, dy): the window moves by (-dx, -dy). */
        const mnv_plane p = view (a, 50, 50, ps, rs, 1);
        const mnv_plane c = view (b, 50 - dx, 50 - dy, ps, rs, 1);
        int fx = 99, fy = 99;
        if (!mnv_motion_estimate (&p, &c, box, 0, 0, 8, &fx, &fy) || fx != dx ||
            fy != dy)
          bad++;
      }
    CHECK (bad == 0, "layout %d: %d of 225 shifts not found exactly", layout,
        bad);
  }
  /* Around a guess: 13 px with the window at 10 +- 8. */
  mnv_plane p = view (a, 50, 50, 1, W, 2), c = view (b, 37, 55, 1, W, 2);
  int fx = 0, fy = 0;
  CHECK (mnv_motion_estimate (&p, &c, box, 10, -2, 8, &fx, &fy) && fx == 13 &&
          fy == -5,
      "guessed window: found (%d, %d), not (13, -5)", fx, fy);
  /* Outside the window: not trusted. */
  CHECK (!mnv_motion_estimate (&p, &c, box, 0, 0, 8, &fx, &fy),
      "a 13 px shift reported with a window of 8 (%d, %d)", fx, fy);
  /* A box on the left edge moving right: sampled where the window fits. */
  const float edge[4] = { 0, 40, 50, 100 };
  c = view (b, 46, 50, 1, W, 2);
  CHECK (mnv_motion_estimate (&p, &c, edge, 0, 0, 8, &fx, &fy) && fx == 4 &&
          fy == 0,
      "box at the edge: (%d, %d)", fx, fy);
}

static void
test_untrusted (void)
{
  static uint8_t a[H * W], b[H * W];
  const float box[4] = { 70, 50, 130, 110 };
  int fx, fy;
  memset (a, 90, sizeof a);
  memset (b, 90, sizeof b);
  const mnv_plane flat = { a, W, H, 1, W }, flat2 = { b, W, H, 1, W };
  CHECK (!mnv_motion_estimate (&flat, &flat2, box, 0, 0, 8, &fx, &fy),
      "a flat picture gave a motion");
  /* The box's content replaced by another texture (an occlusion). */
  const mnv_plane p = view (a, 50, 50, 1, W, 3);
  mnv_plane c = view (b, 48, 50, 1, W, 3);
  for (int y = 40; y < 120; y++)
    for (int x = 60; x < 140; x++)
      b[y * W + x] = texture (x, y, 77);
  CHECK (!mnv_motion_estimate (&p, &c, box, 0, 0, 8, &fx, &fy),
      "an occluded box gave a motion (%d, %d)", fx, fy);
  c = view (b, 48, 50, 1, W, 3);
  const float bad[][4] = {
    { -300, -300, -200, -200 },                   /* outside */
    { 500, 10, 600, 60 }, { 100, 100, 103, 103 }, /* tiny */
    { NAN, 10, 60, 60 }, { 10, 10, INFINITY, 60 },
    { -3e30f, -3e30f, 3e30f, 3e30f }, /* huge: the grid clamped in frame */
    { 60, 60, 10, 10 },               /* inverted */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    fx = fy = 0;
    const int r = mnv_motion_estimate (&p, &c, bad[i], 0, 0, 8, &fx, &fy);
    CHECK (i == 5 ? (!r || (fx == 2 && fy == 0)) : !r,
        "bad box %zu: %d (%d, %d)", i, r, fx, fy);
  }
  CHECK (!mnv_motion_estimate (&p, &c, box, 0, 0, 1, &fx, &fy), "radius 1");
  CHECK (!mnv_motion_estimate (&p, &c, box, 0, 0, 33, &fx, &fy), "radius 33");
  CHECK (!mnv_motion_estimate (&p, &c, box, 1000, 0, 8, &fx, &fy),
      "a guess beyond the frame");
  CHECK (!mnv_motion_estimate (&p, &c, box, 190, 0, 8, &fx, &fy),
      "a window leaving the frame");
  mnv_plane small = c;
  small.width = W - 1;
  CHECK (!mnv_motion_estimate (&p, &small, box, 0, 0, 8, &fx, &fy),
      "planes of different sizes");
  small = c;
  small.row_stride = W - 1;
  CHECK (!mnv_motion_estimate (&p, &small, box, 0, 0, 8, &fx, &fy),
      "a row stride shorter than a row");
  CHECK (!mnv_motion_estimate (NULL, &c, box, 0, 0, 8, &fx, &fy), "NULL");
}

int
main (void)
{
  test_shifts ();
  test_untrusted ();
  return test_finish ("motion");
}
