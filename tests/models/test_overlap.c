/* models/overlap.c: which earlier object a new box continues (the matching
 * of mnv2classify's roi-list cache and mnv2track's held detections). */
#include <string.h>

#include "overlap.h"
#include "test_util.h"

static mnv_overlap_object
obj (float x, float y, float w, float h, int id, int class_id)
{
  mnv_overlap_object o = { { x, y, x + w, y + h }, id, class_id };
  return o;
}

/* By overlap: the largest IoU above the threshold, each object once. */
static void
test_by_overlap (void)
{
  const mnv_overlap_object objs[] = { obj (0, 0, 10, 10, -1, -1),
    obj (100, 100, 50, 50, -1, -1), obj (104, 100, 50, 50, -1, -1) };
  unsigned char used[3] = { 0 };
  const float moved[4] = { 103, 101, 153, 151 };
  CHECK (mnv_overlap_match (objs, 3, moved, -1, -1, 0.5f, used) == 2,
      "the closest box");
  CHECK (used[2] == 1 && used[0] == 0 && used[1] == 0, "marks what it takes");
  CHECK (mnv_overlap_match (objs, 3, moved, -1, -1, 0.5f, used) == 1,
      "a taken object is not matched again: the next best");
  CHECK (mnv_overlap_match (objs, 3, moved, -1, -1, 0.5f, used) == -1,
      "nothing left above the threshold");
  /* The threshold is strict: IoU exactly 0.5 does not match. */
  const mnv_overlap_object half[] = { obj (0, 0, 20, 10, -1, -1) };
  const float inside[4] = { 0, 0, 10, 10 };
  unsigned char u1[1] = { 0 };
  CHECK (mnv_overlap_match (half, 1, inside, -1, -1, 0.5f, u1) == -1,
      "IoU 0.5 is not above 0.5");
  CHECK (mnv_overlap_match (half, 1, inside, -1, -1, 0.49f, u1) == 0,
      "IoU 0.5 is above 0.49");
  /* Ties: the lower index. */
  const mnv_overlap_object twins[] = { obj (5, 0, 10, 10, -1, -1),
    obj (-5, 0, 10, 10, -1, -1) };
  unsigned char u2[2] = { 0 };
  CHECK (mnv_overlap_match (twins, 2, inside, -1, -1, 0.0f, u2) == 0,
      "equal overlaps: the first");
  /* Empty and degenerate boxes never match. */
  const mnv_overlap_object flat[] = { obj (0, 0, 10, 0, -1, -1) };
  unsigned char u3[1] = { 0 };
  CHECK (mnv_overlap_match (flat, 1, inside, -1, -1, 0.0f, u3) == -1,
      "an empty box matches nothing");
  CHECK (mnv_overlap_match (flat, 0, inside, -1, -1, 0.0f, u3) == -1,
      "no objects, no match");
}

/* By id: an id matches only the same id, however the boxes overlap; a box
 * without an id never takes an object that has one. */
static void
test_by_id (void)
{
  const mnv_overlap_object objs[] = { obj (0, 0, 10, 10, 7, -1),
    obj (100, 100, 10, 10, 9, -1), obj (0, 0, 10, 10, -1, -1) };
  unsigned char used[3] = { 0 };
  const float at_first[4] = { 0, 0, 10, 10 };
  CHECK (mnv_overlap_match (objs, 3, at_first, 9, -1, 0.5f, used) == 1,
      "id 9 is object 1 although object 0 overlaps");
  CHECK (mnv_overlap_match (objs, 3, at_first, 9, -1, 0.5f, used) == -1,
      "id 9 is taken");
  CHECK (mnv_overlap_match (objs, 3, at_first, 5, -1, 0.5f, used) == -1,
      "an unknown id matches nothing");
  CHECK (mnv_overlap_match (objs, 3, at_first, -1, -1, 0.5f, used) == 2,
      "without an id: the object without one");
}

/* Classes: an object of another class is passed over; -1 is any class. */
static void
test_classes (void)
{
  const mnv_overlap_object objs[] = { obj (0, 0, 10, 10, -1, 3),
    obj (1, 0, 10, 10, -1, 4) };
  const float box[4] = { 0, 0, 10, 10 };
  unsigned char used[2] = { 0 };
  CHECK (mnv_overlap_match (objs, 2, box, -1, 4, 0.0f, used) == 1,
      "class 4: the second although the first overlaps more");
  memset (used, 0, sizeof used);
  CHECK (mnv_overlap_match (objs, 2, box, -1, -1, 0.0f, used) == 0,
      "any class: the best overlap");
  memset (used, 0, sizeof used);
  CHECK (mnv_overlap_match (objs, 2, box, -1, 5, 0.0f, used) == -1,
      "no object of class 5");
}

int
main (void)
{
  test_by_overlap ();
  test_by_id ();
  test_classes ();
  return test_finish ("overlap");
}
