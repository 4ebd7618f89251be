#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

mnv_status
mnv_set_error (mnv_error *err, mnv_status status, const char *fmt, ...)
{
  if (err) {
    va_list ap;
    err->status = status;
    va_start (ap, fmt);
    vsnprintf (err->message, sizeof err->message, fmt, ap);
    va_end (ap);
  }
  return status;
}

void
mnv_error_prefix (mnv_error *err, const char *prefix)
{
  char msg[sizeof err->message];
  if (!err)
    return;
  size_t plen = strlen (prefix);
  if (plen + 2 >= sizeof msg)
    return;
  memcpy (msg, prefix, plen);
  memcpy (msg + plen, ": ", 2);
  size_t rest = sizeof msg - plen - 3;
  size_t mlen = strnlen (err->message, rest);
  memcpy (msg + plen + 2, err->message, mlen);
  msg[plen + 2 + mlen] = '\0';
  memcpy (err->message, msg, sizeof msg);
}

const char *
mnv_status_name (mnv_status status)
{
  switch (status) {
    case MNV_OK: return "ok";
    case MNV_ERR_IO: return "I/O error";
    case MNV_ERR_FORMAT: return "invalid model file";
    case MNV_ERR_UNSUPPORTED: return "unsupported model";
    case MNV_ERR_NOMEM: return "out of memory";
    case MNV_ERR_ARGUMENT: return "invalid argument";
    case MNV_ERR_LIMIT: return "resource limit exceeded";
  }
  return "unknown status";
}

const char *
mnv_type_name (mnv_type type)
{
  switch (type) {
    case MNV_TYPE_FLOAT32: return "FLOAT32";
    case MNV_TYPE_INT32: return "INT32";
    case MNV_TYPE_UINT8: return "UINT8";
    case MNV_TYPE_INT8: return "INT8";
    case MNV_TYPE_INT64: return "INT64";
    case MNV_TYPE_INT16: return "INT16";
    case MNV_TYPE_OTHER: break;
  }
  return "OTHER";
}
