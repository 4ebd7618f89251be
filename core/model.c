/* Model lifetime, public inspection API and embedded labels. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena_plan.h"
#include "metadata_zip.h"
#include "mnv_text.h"
#include "model.h"
#include "tflite_loader.h"

#define DEFAULT_MAX_BYTES ((size_t) 1 << 30)

void *
mnv_model_alloc (mnv_model *m, size_t size)
{
  if (size > SIZE_MAX - sizeof (mnv_alloc))
    return NULL;
  if (size + sizeof (mnv_alloc) > m->max_bytes - m->alloc_bytes) {
    m->over_budget = 1;
    return NULL;
  }
  m->alloc_bytes += size + sizeof (mnv_alloc);
  mnv_alloc *a = calloc (1, sizeof *a + size);
  if (!a)
    return NULL;
  a->next = m->allocs;
  m->allocs = a;
  return a->data;
}

static void
model_free (mnv_model *m)
{
  if (!m)
    return;
  while (m->allocs) {
    mnv_alloc *next = m->allocs->next;
    free (m->allocs);
    m->allocs = next;
  }
  if (m->file_mapped)
    munmap (m->file, m->file_size);
  else
    free (m->file);
  free (m);
}

/* Labels: the first text file of the appended zip whose name says
 * "label", else the first .txt file. */
typedef struct {
  mnv_zip_entry best;
  int score;
} label_pick;

static int
pick_labels (const mnv_zip_entry *e, void *user)
{
  label_pick *p = user;
  int score = 0;
  if (!e->data || e->name_len < 4 ||
      memcmp (e->name + e->name_len - 4, ".txt", 4) != 0)
    return 0;
  score = 1;
  for (size_t i = 0; i + 5 <= e->name_len; i++)
    if (strncmp (e->name + i, "label", 5) == 0)
      score = 2;
  if (score > p->score) {
    p->best = *e;
    p->score = score;
  }
  return 0;
}

/* Reads labels from the zip appended to the file, if any. */
static void
load_labels (mnv_model *m)
{
  label_pick pick = { { 0 }, 0 };
  if (mnv_zip_foreach (m->file, m->file_size, pick_labels, &pick) <= 0 ||
      pick.score == 0)
    return;

  const char *s = (const char *) pick.best.data;
  const size_t len = pick.best.size;
  const size_t lines = mnv_text_line_count (s, len);

  char *blob = mnv_model_alloc (m, len + 1);
  char **labels = mnv_model_alloc (m, lines * sizeof *labels);
  char *name = mnv_model_alloc (m, pick.best.name_len + 1);
  if (!blob || !labels || !name)
    return; /* labels are optional: go on without */
  memcpy (blob, s, len);
  memcpy (name, pick.best.name, pick.best.name_len);

  m->labels = labels;
  m->n_labels = mnv_text_split_lines (blob, len, labels);
  m->labels_file = name;
}

static mnv_status
model_build (mnv_model *m, const mnv_model_options *options, mnv_error *err)
{
  mnv_status st;

  atomic_init (&m->refcount, 1);
  m->max_bytes = options && options->max_bytes ? options->max_bytes :
                                                 DEFAULT_MAX_BYTES;
  /* The file's bytes count too (mapped or copied, they are memory). */
  if (m->file_size > m->max_bytes)
    return mnv_set_error (err, MNV_ERR_LIMIT,
        "the file's %zu bytes are "
        "over the %zu-byte limit",
        m->file_size, m->max_bytes);
  m->alloc_bytes = m->file_size;
  st = mnv_tflite_load (m, err);
  for (int i = 0; !st && i < m->n_nodes; i++)
    st = m->nodes[i].def->prepare (m, &m->nodes[i], err);
  if (st && m->over_budget)
    return mnv_set_error (err, MNV_ERR_LIMIT,
        "loading it needs more than "
        "the %zu-byte limit",
        m->max_bytes);
  if (st)
    return st;
  if (m->weight_bytes > m->max_bytes)
    return mnv_set_error (err, MNV_ERR_LIMIT,
        "packed weights need %zu bytes, over the %zu-byte limit",
        m->weight_bytes, m->max_bytes);

  size_t *offsets = malloc ((size_t) m->n_tensors * sizeof *offsets + 1);
  if (!offsets)
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  st = mnv_plan_arena (m, 0, NULL, 1, NULL, offsets, &m->arena_bytes, err);
  free (offsets);
  if (st)
    return st;
  load_labels (m);
  return MNV_OK;
}

mnv_status
mnv_model_open_memory (const void *data, size_t size,
    const mnv_model_options *options, mnv_model **out, mnv_error *err)
{
  mnv_model *m;
  mnv_status st;

  *out = NULL;
  if (!data && size)
    return mnv_set_error (err, MNV_ERR_ARGUMENT, "no model data");
  if (!(m = calloc (1, sizeof *m)) || !(m->file = malloc (size ? size : 1))) {
    free (m);
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  }
  if (size)
    memcpy (m->file, data, size);
  m->file_size = size;
  if ((st = model_build (m, options, err))) {
    model_free (m);
    return st;
  }
  *out = m;
  return MNV_OK;
}

mnv_status
mnv_model_open (const char *path, const mnv_model_options *options,
    mnv_model **out, mnv_error *err)
{
  struct stat sb;
  mnv_model *m;
  mnv_status st;
  int fd;

  *out = NULL;
  if (!path)
    return mnv_set_error (err, MNV_ERR_ARGUMENT, "no model file given");
  if ((fd = open (path, O_RDONLY | O_CLOEXEC)) < 0)
    return mnv_set_error (err, MNV_ERR_IO, "cannot open model file '%s': %s",
        path, strerror (errno));
  if (fstat (fd, &sb) != 0 || !S_ISREG (sb.st_mode)) {
    close (fd);
    return mnv_set_error (err, MNV_ERR_IO,
        "model file '%s' is not a regular file", path);
  }
  if (sb.st_size < 8) {
    close (fd);
    return mnv_set_error (err, MNV_ERR_FORMAT,
        "model file '%s' is too short (%lld bytes) to be a model", path,
        (long long) sb.st_size);
  }
  if (!(m = calloc (1, sizeof *m))) {
    close (fd);
    return mnv_set_error (err, MNV_ERR_NOMEM, "out of memory");
  }
  m->file_size = (size_t) sb.st_size;
  m->file = mmap (NULL, m->file_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close (fd);
  if (m->file == MAP_FAILED) {
    free (m);
    return mnv_set_error (err, MNV_ERR_IO, "cannot map model file '%s': %s",
        path, strerror (errno));
  }
  m->file_mapped = 1;
  if ((st = model_build (m, options, err))) {
    /* Say which file: the loader's message names only the defect. */
    mnv_error_prefix (err, path);
    model_free (m);
    return st;
  }
  *out = m;
  return MNV_OK;
}

mnv_model *
mnv_model_ref (mnv_model *m)
{
  atomic_fetch_add (&m->refcount, 1);
  return m;
}

void
mnv_model_unref (mnv_model *m)
{
  if (m && atomic_fetch_sub (&m->refcount, 1) == 1)
    model_free (m);
}

int
mnv_model_num_inputs (const mnv_model *m)
{
  return m->n_inputs;
}

int
mnv_model_num_outputs (const mnv_model *m)
{
  return m->n_outputs;
}

static mnv_status
tensor_info (const mnv_model *m, int t, mnv_tensor_info *info)
{
  *info = m->tensors[t].info;
  if (!info->name)
    info->name = "";
  return MNV_OK;
}

mnv_status
mnv_model_input_info (const mnv_model *m, int index, mnv_tensor_info *info)
{
  if (index < 0 || index >= m->n_inputs)
    return MNV_ERR_ARGUMENT;
  return tensor_info (m, m->inputs[index], info);
}

mnv_status
mnv_model_output_info (const mnv_model *m, int index, mnv_tensor_info *info)
{
  if (index < 0 || index >= m->n_outputs)
    return MNV_ERR_ARGUMENT;
  return tensor_info (m, m->outputs[index], info);
}

int
mnv_model_num_ops (const mnv_model *m)
{
  return m->n_nodes;
}

const char *
mnv_model_op_name (const mnv_model *m, int op)
{
  if (op < 0 || op >= m->n_nodes)
    return NULL;
  return m->nodes[op].def->name;
}

mnv_status
mnv_model_op_output_info (const mnv_model *m, int op, mnv_tensor_info *info)
{
  if (op < 0 || op >= m->n_nodes)
    return MNV_ERR_ARGUMENT;
  return tensor_info (m, m->nodes[op].outputs[0], info);
}

int
mnv_model_output_producer (const mnv_model *m, int index)
{
  if (index < 0 || index >= m->n_outputs)
    return -1;
  for (int op = 0; op < m->n_nodes; op++)
    for (int o = 0; o < m->nodes[op].n_outputs; o++)
      if (m->nodes[op].outputs[o] == m->outputs[index])
        return op;
  return -1;
}

size_t
mnv_model_num_labels (const mnv_model *m)
{
  return m->n_labels;
}

const char *
mnv_model_label (const mnv_model *m, size_t index)
{
  return index < m->n_labels ? m->labels[index] : NULL;
}

const char *
mnv_model_labels_file (const mnv_model *m)
{
  return m->labels_file;
}

mnv_status
mnv_model_input_normalization (const mnv_model *m, float mean[3], float std[3])
{
  if (!m->has_input_normalization)
    return MNV_ERR_ARGUMENT;
  memcpy (mean, m->input_mean, sizeof m->input_mean);
  memcpy (std, m->input_std, sizeof m->input_std);
  return MNV_OK;
}

size_t
mnv_model_memory_bytes (const mnv_model *m)
{
  return m->alloc_bytes;
}

size_t
mnv_model_weight_bytes (const mnv_model *m)
{
  return m->weight_bytes;
}

size_t
mnv_model_arena_bytes (const mnv_model *m)
{
  return m->arena_bytes;
}
