/* Which earlier object a new box continues (plain C, no GLib): the
 * matching mnv2classify's roi-list cache and mnv2track's reported boxes
 * share.  An object known by id is matched by id only; others by the
 * largest overlap (IoU, mnv_box_iou: the same float32 number NMS and the
 * tracker use), greedily, each earlier object at most once. */
#ifndef MNV_OVERLAP_H
#define MNV_OVERLAP_H

typedef struct {
  float box[4]; /* x_min, y_min, x_max, y_max */
  int id;       /* tracking id, -1: none */
  int class_id; /* -1: any */
} mnv_overlap_object;

/* The index of the object of OBJS (N) that BOX continues, not yet marked
 * in USED (N flags), which it then marks; -1 when none does.  When ID or
 * an object's id is >= 0, only an object of the same id matches (the first
 * one); otherwise the object whose IoU with BOX is largest and above
 * MIN_IOU (strictly; ties: the lower index), of CLASS_ID unless either
 * class is -1. */
int mnv_overlap_match (const mnv_overlap_object *objs, int n,
    const float box[4], int id, int class_id, float min_iou,
    unsigned char *used);

#endif
