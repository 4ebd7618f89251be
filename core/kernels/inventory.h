/* The one list of kernels.  It drives run-time dispatch (dispatch.c) and the
 * kernel tests (every variant against the slot's _ref oracle).
 *
 * X(slot, function, isa): later entries of a slot win when their ISA is
 * usable, so list the reference first and faster variants after it. */
#ifndef MNV_KERNEL_INVENTORY_H
#define MNV_KERNEL_INVENTORY_H

#define MNV_KERNEL_SLOTS(X) \
  X (qs8_conv) X (f32_conv) X (qs8_dwconv) X (f32_dwconv) \
  X (qs8_fc) X (f32_fc) X (qs8_vadd) X (f32_vadd) \
  X (qs8_avgpool) X (f32_avgpool) X (qs8_mean) X (f32_mean) \
  X (qs8_softmax) X (f32_softmax)

#define MNV_KERNEL_INVENTORY(X) \
  X (qs8_conv, mnv_qs8_conv_ukernel__ref, ref) \
  X (f32_conv, mnv_f32_conv_ukernel__ref, ref) \
  X (qs8_dwconv, mnv_qs8_dwconv_ukernel__ref, ref) \
  X (f32_dwconv, mnv_f32_dwconv_ukernel__ref, ref) \
  X (qs8_fc, mnv_qs8_fc_ukernel__ref, ref) \
  X (f32_fc, mnv_f32_fc_ukernel__ref, ref) \
  X (qs8_vadd, mnv_qs8_vadd_ukernel__ref, ref) \
  X (f32_vadd, mnv_f32_vadd_ukernel__ref, ref) \
  X (qs8_avgpool, mnv_qs8_avgpool_ukernel__ref, ref) \
  X (f32_avgpool, mnv_f32_avgpool_ukernel__ref, ref) \
  X (qs8_mean, mnv_qs8_mean_ukernel__ref, ref) \
  X (f32_mean, mnv_f32_mean_ukernel__ref, ref) \
  X (qs8_softmax, mnv_qs8_softmax_ukernel__ref, ref) \
  X (f32_softmax, mnv_f32_softmax_ukernel__ref, ref)

#endif
