/* A real mosquitto broker and subscriber for the tests (see broker.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <mosquitto.h>

#include "broker.h"

gchar *
test_broker_program (void)
{
  gchar *p = g_find_program_in_path ("mosquitto");
  if (!p && g_file_test ("/usr/sbin/mosquitto", G_FILE_TEST_IS_EXECUTABLE))
    p = g_strdup ("/usr/sbin/mosquitto");
  return p;
}

/* A port nobody listens on now (the kernel's pick). */
static gint
free_port (void)
{
  struct sockaddr_in a = { 0 };
  socklen_t len = sizeof a;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fail_unless (fd >= 0 && bind (fd, (struct sockaddr *) &a, sizeof a) == 0);
  fail_unless (getsockname (fd, (struct sockaddr *) &a, &len) == 0);
  close (fd);
  return ntohs (a.sin_port);
}

static gboolean
accepts (gint port)
{
  struct sockaddr_in a = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  a.sin_family = AF_INET;
  a.sin_port = htons ((guint16) port);
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  gboolean ok = connect (fd, (struct sockaddr *) &a, sizeof a) == 0;
  close (fd);
  return ok;
}

static void
run_or_fail (const gchar *cmd)
{
  gint status;
  gchar *err = NULL;
  fail_unless (g_spawn_command_line_sync (cmd, NULL, &err, &status, NULL),
      "cannot run %s", cmd);
  fail_unless (g_spawn_check_wait_status (status, NULL), "%s: %s", cmd,
      err ? err : "");
  g_free (err);
}

gchar *
test_broker_write_file (TestBroker *b, const gchar *name, const gchar *text)
{
  gchar *path = g_build_filename (b->dir, name, NULL);
  fail_unless (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* A CA, and a server certificate for 127.0.0.1 signed by it. */
static void
make_certificates (TestBroker *b)
{
  gchar *cmd = g_strdup_printf (
      "sh -c 'cd %s && "
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca "
      "-keyout ca.key -out ca.pem 2>/dev/null && "
      "openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 "
      "-keyout server.key -out server.csr 2>/dev/null && "
      "printf \"subjectAltName=IP:127.0.0.1\\n\" > ext.cnf && "
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key "
      "-CAcreateserial -days 2 -extfile ext.cnf -out server.pem 2>/dev/null'",
      b->dir);
  run_or_fail (cmd);
  g_free (cmd);
}

TestBroker *
test_broker_new (gboolean tls, const gchar *user, const gchar *password)
{
  TestBroker *b = g_new0 (TestBroker, 1);
  b->dir = g_dir_make_tmp ("mnv2-broker-XXXXXX", NULL);
  fail_unless (b->dir != NULL);
  b->port = free_port ();
  GString *conf = g_string_new (NULL);
  /* Loopback only; nothing kept between runs; run as us (started as root
   * mosquitto would become user mosquitto, who cannot read this folder). */
  g_string_append_printf (conf, "user %s\n", g_get_user_name ());
  g_string_append_printf (conf,
      "persistence false\n"
      "log_dest file %s/log.txt\n"
      "per_listener_settings true\n"
      "listener %d 127.0.0.1\n",
      b->dir, b->port);
  if (user) {
    gchar *pw = g_build_filename (b->dir, "passwords", NULL);
    gchar *cmd = g_strdup_printf ("mosquitto_passwd -b -c %s %s %s", pw, user,
        password);
    run_or_fail (cmd);
    g_string_append_printf (conf,
        "allow_anonymous false\n"
        "password_file %s\n",
        pw);
    g_free (cmd);
    g_free (pw);
  } else {
    g_string_append (conf, "allow_anonymous true\n");
  }
  if (tls) {
    make_certificates (b);
    b->tls_port = free_port ();
    g_string_append_printf (conf,
        "listener %d 127.0.0.1\n"
        "allow_anonymous true\n"
        "cafile %s/ca.pem\n"
        "certfile %s/server.pem\n"
        "keyfile %s/server.key\n",
        b->tls_port, b->dir, b->dir, b->dir);
  }
  b->conf = test_broker_write_file (b, "mosquitto.conf", conf->str);
  g_string_free (conf, TRUE);
  return b;
}

/* The broker runs in a process group of its own (killed as a whole), under
 * timeout(1): it never outlives a test killed at its time limit by more
 * than ten minutes. */
static void
own_group (gpointer unused)
{
  (void) unused;
  setpgid (0, 0);
}

void
test_broker_start (TestBroker *b)
{
  gchar *prog = test_broker_program ();
  gchar *argv[] = { (gchar *) "timeout", (gchar *) "-s", (gchar *) "KILL",
    (gchar *) "600", prog, (gchar *) "-c", b->conf, NULL };
  GError *error = NULL;
  fail_unless (g_spawn_async (NULL, argv, NULL,
                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH |
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                   own_group, NULL, &b->pid, &error),
      "cannot start mosquitto: %s", error ? error->message : "");
  g_free (prog);
  for (int i = 0; i < 1000 && !accepts (b->port); i++)
    g_usleep (10000);
  fail_unless (accepts (b->port), "mosquitto does not listen on %d", b->port);
}

void
test_broker_kill (TestBroker *b)
{
  if (!b->pid)
    return;
  kill (-b->pid, SIGKILL);
  waitpid (b->pid, NULL, 0);
  g_spawn_close_pid (b->pid);
  b->pid = 0;
}

void
test_broker_free (TestBroker *b)
{
  test_broker_kill (b);
  gchar *cmd = g_strdup_printf ("rm -rf %s", b->dir);
  run_or_fail (cmd);
  g_free (cmd);
  g_free (b->conf);
  g_free (b->dir);
  g_free (b);
}

/* --- subscriber ------------------------------------------------------------ */

struct _TestSubscriber {
  struct mosquitto *mosq;
  gchar *topic;
  GMutex lock;
  GCond cond;
  GPtrArray *messages; /* gchar *, in arrival order */
  gboolean subscribed;
};

static void
sub_connect (struct mosquitto *mosq, void *data, int rc)
{
  TestSubscriber *s = data;
  if (rc == 0)
    mosquitto_subscribe (mosq, NULL, s->topic, 1);
}

static void
sub_subscribed (struct mosquitto *mosq, void *data, int mid, int n,
    const int *granted)
{
  TestSubscriber *s = data;
  (void) mosq;
  (void) mid;
  (void) n;
  (void) granted;
  g_mutex_lock (&s->lock);
  s->subscribed = TRUE;
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
}

static void
sub_message (struct mosquitto *mosq, void *data,
    const struct mosquitto_message *m)
{
  TestSubscriber *s = data;
  (void) mosq;
  g_mutex_lock (&s->lock);
  g_ptr_array_add (s->messages, g_strndup (m->payload, m->payloadlen));
  g_cond_broadcast (&s->cond);
  g_mutex_unlock (&s->lock);
}

TestSubscriber *
test_subscriber_new (TestBroker *b, const gchar *topic, const gchar *user,
    const gchar *password)
{
  TestSubscriber *s = g_new0 (TestSubscriber, 1);
  mosquitto_lib_init ();
  s->topic = g_strdup (topic);
  s->messages = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&s->lock);
  g_cond_init (&s->cond);
  s->mosq = mosquitto_new (NULL, TRUE, s);
  mosquitto_connect_callback_set (s->mosq, sub_connect);
  mosquitto_subscribe_callback_set (s->mosq, sub_subscribed);
  mosquitto_message_callback_set (s->mosq, sub_message);
  mosquitto_reconnect_delay_set (s->mosq, 1, 1, false);
  if (user)
    mosquitto_username_pw_set (s->mosq, user, password);
  fail_unless (mosquitto_connect (s->mosq, "127.0.0.1", b->port, 60) ==
      MOSQ_ERR_SUCCESS);
  fail_unless (mosquitto_loop_start (s->mosq) == MOSQ_ERR_SUCCESS);
  const gint64 end = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&s->lock);
  while (!s->subscribed && g_cond_wait_until (&s->cond, &s->lock, end))
    ;
  fail_unless (s->subscribed, "the subscriber could not subscribe");
  g_mutex_unlock (&s->lock);
  return s;
}

guint
test_subscriber_wait (TestSubscriber *s, guint n, guint timeout_ms)
{
  const gint64 end = g_get_monotonic_time () +
      (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&s->lock);
  while (s->messages->len < n && g_cond_wait_until (&s->cond, &s->lock, end))
    ;
  guint got = s->messages->len;
  g_mutex_unlock (&s->lock);
  return got;
}

GPtrArray *
test_subscriber_messages (TestSubscriber *s)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);
  g_mutex_lock (&s->lock);
  for (guint i = 0; i < s->messages->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (s->messages, i)));
  g_mutex_unlock (&s->lock);
  return copy;
}

void
test_subscriber_free (TestSubscriber *s)
{
  mosquitto_disconnect (s->mosq);
  mosquitto_loop_stop (s->mosq, false);
  mosquitto_destroy (s->mosq);
  g_ptr_array_unref (s->messages);
  g_free (s->topic);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->cond);
  g_free (s);
}
