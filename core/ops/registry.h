/* The operators the core runs, by TFLite builtin code or custom name. */
#ifndef MNV_OPS_REGISTRY_H
#define MNV_OPS_REGISTRY_H

#include "../model.h"

const mnv_op_def *mnv_op_lookup (int builtin);
const mnv_op_def *mnv_op_lookup_custom (const char *name);
const char *mnv_builtin_name (int builtin);

#endif
