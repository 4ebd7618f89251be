#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model_path.h"

/* Appends DIR to the list in SEARCHED; returns DIR/NAME if readable. */
static char *
try_dir (const char *dir, size_t dir_len, const char *name, char *searched,
    size_t searched_size)
{
  if (dir_len == 0)
    return NULL;
  if (searched) {
    size_t used = strlen (searched);
    snprintf (searched + used, searched_size - used, "%s%.*s", used ? ", " : "",
        (int) dir_len, dir);
  }
  size_t len = dir_len + 1 + strlen (name) + 1;
  char *path = malloc (len);
  if (!path)
    return NULL;
  snprintf (path, len, "%.*s/%s", (int) dir_len, dir, name);
  if (access (path, R_OK) == 0)
    return path;
  free (path);
  return NULL;
}

char *
mnv_model_find (const char *name, const char *datadir, char *searched,
    size_t searched_size)
{
  const char *env = getenv ("MNV2_MODEL_PATH");
  char dir[4096], *found;

  if (searched && searched_size)
    searched[0] = '\0';
  while (env && *env) {
    const char *end = strchr (env, ':');
    size_t len = end ? (size_t) (end - env) : strlen (env);
    if ((found = try_dir (env, len, name, searched, searched_size)))
      return found;
    env = end ? end + 1 : NULL;
  }
  const char *xdg = getenv ("XDG_DATA_HOME"), *home = getenv ("HOME");
  if (xdg && *xdg)
    snprintf (dir, sizeof dir, "%s/gst-mnv2/models", xdg);
  else if (home && *home)
    snprintf (dir, sizeof dir, "%s/.local/share/gst-mnv2/models", home);
  else
    dir[0] = '\0';
  if ((found = try_dir (dir, strlen (dir), name, searched, searched_size)))
    return found;
  if (datadir) {
    snprintf (dir, sizeof dir, "%s/gst-mnv2/models", datadir);
    if ((found = try_dir (dir, strlen (dir), name, searched, searched_size)))
      return found;
  }
  return NULL;
}
