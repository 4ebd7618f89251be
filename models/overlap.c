/* Overlap matching (overlap.h). */
#include "overlap.h"

#include "mnv_box.h"

int
mnv_overlap_match (const mnv_overlap_object *objs, int n, const float box[4],
    int id, int class_id, float min_iou, unsigned char *used)
{
  int best = -1;
  float best_iou = min_iou;
  for (int i = 0; i < n; i++) {
    const mnv_overlap_object *o = &objs[i];
    if (used[i])
      continue;
    if (id >= 0 || o->id >= 0) {
      if (o->id == id) {
        best = i;
        break;
      }
      continue;
    }
    if (class_id >= 0 && o->class_id >= 0 && o->class_id != class_id)
      continue;
    const float iou = mnv_box_iou (box, o->box);
    if (iou > best_iou) {
      best_iou = iou;
      best = i;
    }
  }
  if (best >= 0)
    used[best] = 1;
  return best;
}
